/**
 * Cost diff between two cost reports (a baseline and this plan), per line item and in total, with
 * the reason for each change, in the spirit of `infracost diff`. Pure.
 *
 * Amounts are differences of cents, so `deltaUsd` is exactly `after − before` of the two reports'
 * own (cent-rounded) figures.
 */
import { z } from "zod";
import type { CostLine } from "../pricing";
import type { ScenarioName } from "../report/assumptions";
import type { CostReport, FunctionReport } from "../report/cost-report";

/** The parts of a cost report a diff reads (a {@link CostReport} or a plan's `cost`). */
export type DiffableCost = Pick<CostReport, "region" | "freeTierApplied" | "hoursPerMonth" | "totalUsd" | "functions" | "infrastructure"> & {
  readonly prices: { readonly source: string; readonly asOf: string; readonly overrides?: Readonly<Record<string, number>> };
  readonly scenarios?: Partial<Record<ScenarioName, { readonly totalUsd: number }>>;
};

export type ReasonKind =
  | "function.added"
  | "function.removed"
  | "memory"
  | "architecture"
  | "provisionedConcurrency.added"
  | "provisionedConcurrency.removed"
  | "provisionedConcurrency.changed"
  | "requests"
  | "duration"
  | "ephemeralStorage"
  | "region"
  | "freeTier"
  | "hoursPerMonth"
  | "priceTable"
  | "price"
  | "quantity"
  | "sharedLine"
  | "line.added"
  | "line.removed";

/** Why a cost changed. `field` is the config or report field, when there is one. */
export interface DiffReason {
  readonly kind: ReasonKind;
  readonly field: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly message: string;
}

/** One bill line in either report; null on the side where it does not exist. */
export interface LineDiff {
  readonly id: string;
  readonly item: string;
  readonly unit: string;
  readonly beforeQuantity: number | null;
  readonly afterQuantity: number | null;
  readonly beforeUnitPriceUsd: number | null;
  readonly afterUnitPriceUsd: number | null;
  readonly beforeUsd: number | null;
  readonly afterUsd: number | null;
  readonly deltaUsd: number;
}

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface FunctionDiff {
  readonly name: string;
  readonly change: ChangeKind;
  readonly beforeUsd: number | null;
  readonly afterUsd: number | null;
  readonly deltaUsd: number;
  readonly reasons: DiffReason[];
  /** Lines whose quantity, unit price or amount changed. */
  readonly lines: LineDiff[];
}

export interface AmountDiff {
  readonly before: number | null;
  readonly after: number | null;
  /** after − before in USD (cents exact); 0 when either side is missing. */
  readonly deltaUsd: number;
}

export interface CostDiff {
  /** What the plan was compared with, e.g. `stack prod` or `file baseline.json`. */
  readonly baseline: { readonly label: string; readonly project: string; readonly stack: string };
  readonly totalUsd: { readonly before: number; readonly after: number; readonly deltaUsd: number; readonly deltaPercent: number | null };
  /** Scenario totals present on either side. */
  readonly scenarios: Partial<Record<ScenarioName, AmountDiff>>;
  /** Stack-wide changes: region, free tier, hours per month, price table. */
  readonly stackReasons: DiffReason[];
  /** Every function of either side, by name. */
  readonly functions: FunctionDiff[];
  readonly infrastructure: { readonly beforeUsd: number; readonly afterUsd: number; readonly deltaUsd: number; readonly reasons: DiffReason[]; readonly lines: LineDiff[] };
}

const cents = (usd: number) => Math.round(usd * 100);
/** `after − before` in USD, computed on cents so it carries no float noise. */
export function deltaUsd(before: number, after: number): number {
  return (cents(after) - cents(before)) / 100;
}

/** Quantities with up to 4 decimals; prices (below 0.01) with all their digits. */
const fmtNum = (n: unknown) => (typeof n === "number" ? n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) < 0.01 ? 12 : 4 }) : String(n));

function reason(kind: ReasonKind, field: string | null, before: unknown, after: unknown, message: string): DiffReason {
  return { kind, field, before: before === undefined ? null : before, after: after === undefined ? null : after, message };
}

function stackReasons(before: DiffableCost, after: DiffableCost): DiffReason[] {
  const out: DiffReason[] = [];
  if (before.region !== after.region) out.push(reason("region", "aws:region", before.region, after.region, `region changed: ${before.region} → ${after.region}`));
  if (before.freeTierApplied !== after.freeTierApplied) {
    out.push(reason("freeTier", "pricing.freeTier", before.freeTierApplied, after.freeTierApplied, `free tier ${after.freeTierApplied ? "now applied" : "no longer applied"}`));
  }
  if (before.hoursPerMonth !== after.hoursPerMonth) {
    out.push(reason("hoursPerMonth", "pricing.hoursPerMonth", before.hoursPerMonth, after.hoursPerMonth, `hours per month changed: ${before.hoursPerMonth} → ${after.hoursPerMonth}`));
  }
  if (before.prices.asOf !== after.prices.asOf) {
    out.push(reason("priceTable", "prices.asOf", before.prices.asOf, after.prices.asOf, `price table changed: as of ${before.prices.asOf} → ${after.prices.asOf}`));
  }
  const bo = before.prices.overrides ?? {};
  const ao = after.prices.overrides ?? {};
  for (const key of [...new Set([...Object.keys(bo), ...Object.keys(ao)])].sort()) {
    if (bo[key] !== ao[key]) {
      const what = bo[key] === undefined ? "added" : ao[key] === undefined ? "removed" : "changed";
      out.push(reason("priceTable", `pricing.overrides.${key}`, bo[key], ao[key], `price override ${key} ${what}: ${bo[key] === undefined ? "none" : fmtNum(bo[key])} → ${ao[key] === undefined ? "none" : fmtNum(ao[key])}`));
    }
  }
  return out;
}

/** Line diffs by id, in the after report's order, then lines only the baseline has. */
function diffLines(before: readonly CostLine[], after: readonly CostLine[]): LineDiff[] {
  const b = new Map(before.map((l) => [l.id, l]));
  const a = new Map(after.map((l) => [l.id, l]));
  const ids = [...after.map((l) => l.id), ...before.map((l) => l.id).filter((id) => !a.has(id))];
  const out: LineDiff[] = [];
  for (const id of ids) {
    const x = b.get(id);
    const y = a.get(id);
    const d: LineDiff = {
      id,
      item: (y ?? x)!.item,
      unit: (y ?? x)!.unit,
      beforeQuantity: x?.quantity ?? null,
      afterQuantity: y?.quantity ?? null,
      beforeUnitPriceUsd: x?.unitPriceUsd ?? null,
      afterUnitPriceUsd: y?.unitPriceUsd ?? null,
      beforeUsd: x?.usd ?? null,
      afterUsd: y?.usd ?? null,
      deltaUsd: deltaUsd(x?.usd ?? 0, y?.usd ?? 0),
    };
    if (d.beforeQuantity !== d.afterQuantity || d.beforeUnitPriceUsd !== d.afterUnitPriceUsd || d.deltaUsd !== 0) out.push(d);
  }
  return out;
}

/** Reasons read off the lines themselves: added, removed, price or quantity changes. */
function lineReasons(lines: readonly LineDiff[], options: { prices: boolean; quantities: boolean; addedRemoved: boolean }): DiffReason[] {
  const out: DiffReason[] = [];
  for (const l of lines) {
    if (l.beforeUsd === null || l.afterUsd === null) {
      if (!options.addedRemoved) continue;
    }
    if (l.beforeUsd === null) out.push(reason("line.added", l.id, null, l.afterQuantity, `${l.item} added: ${fmtNum(l.afterQuantity)} ${l.unit}`));
    else if (l.afterUsd === null) out.push(reason("line.removed", l.id, l.beforeQuantity, null, `${l.item} removed`));
    else {
      if (options.prices && l.beforeUnitPriceUsd !== l.afterUnitPriceUsd) {
        out.push(reason("price", l.id, l.beforeUnitPriceUsd, l.afterUnitPriceUsd, `price changed: ${l.item} $${fmtNum(l.beforeUnitPriceUsd)} → $${fmtNum(l.afterUnitPriceUsd)} per ${l.unit.replace(/s$/, "")}`));
      }
      if (options.quantities && l.beforeQuantity !== l.afterQuantity) {
        out.push(reason("quantity", l.id, l.beforeQuantity, l.afterQuantity, `${l.item}: ${fmtNum(l.beforeQuantity)} → ${fmtNum(l.afterQuantity)} ${l.unit}`));
      }
    }
  }
  return out;
}

function functionReasons(b: FunctionReport, a: FunctionReport): DiffReason[] {
  const out: DiffReason[] = [];
  const base = `functions.${a.name}`;
  if (b.architecture !== a.architecture) out.push(reason("architecture", `${base}.architecture`, b.architecture, a.architecture, `architecture changed: ${b.architecture} → ${a.architecture}`));
  if (b.memoryMb !== a.memoryMb) out.push(reason("memory", `${base}.memoryMb`, b.memoryMb, a.memoryMb, `memory changed: ${fmtNum(b.memoryMb)} → ${fmtNum(a.memoryMb)} MB`));
  if (b.ephemeralStorageMb !== a.ephemeralStorageMb) {
    out.push(reason("ephemeralStorage", `${base}.ephemeralStorageMb`, b.ephemeralStorageMb, a.ephemeralStorageMb, `ephemeral storage changed: ${fmtNum(b.ephemeralStorageMb)} → ${fmtNum(a.ephemeralStorageMb)} MB`));
  }
  // issue 18 hook: a schedule counts as provisioned concurrency, described by its hours at each capacity.
  const pcB = b.provisionedConcurrency ?? (b.provisionedConcurrencyScaling ? scheduleLabel(b.provisionedConcurrencyScaling) : 0);
  const pcA = a.provisionedConcurrency ?? (a.provisionedConcurrencyScaling ? scheduleLabel(a.provisionedConcurrencyScaling) : 0);
  if (pcB === 0 && pcA !== 0) out.push(reason("provisionedConcurrency.added", `${base}.provisionedConcurrency`, null, pcA, `provisioned concurrency added: ${pcA}`));
  else if (pcB !== 0 && pcA === 0) out.push(reason("provisionedConcurrency.removed", `${base}.provisionedConcurrency`, pcB, null, `provisioned concurrency removed (was ${pcB})`));
  else if (pcB !== pcA) out.push(reason("provisionedConcurrency.changed", `${base}.provisionedConcurrency`, pcB, pcA, `provisioned concurrency changed: ${pcB} → ${pcA}`));
  if (b.requestsPerMonth !== a.requestsPerMonth) {
    out.push(reason("requests", `${base}.usage.requestsPerMonth`, b.requestsPerMonth, a.requestsPerMonth, `requests changed: ${fmtNum(b.requestsPerMonth)} → ${fmtNum(a.requestsPerMonth)} per month`));
  }
  if (b.avgDurationMs !== a.avgDurationMs) {
    out.push(reason("duration", `${base}.usage.avgDurationMs`, b.avgDurationMs, a.avgDurationMs, `duration changed: ${fmtNum(b.avgDurationMs)} → ${fmtNum(a.avgDurationMs)} ms`));
  }
  return out;
}

/** "scheduled: 514 h at 1–5, 230 h at 5–20 (2026-12)": a scaling block as the report priced it. */
function scheduleLabel(s: NonNullable<FunctionReport["provisionedConcurrencyScaling"]>): string {
  return `scheduled: ${s.hoursAt.map((h) => `${h.hours} h at ${h.min === h.max ? h.min : `${h.min}–${h.max}`}`).join(", ")} (${s.billingMonth})`;
}

/** Compare a baseline cost report (`before`) with this plan's (`after`). */
export function diffCosts(before: DiffableCost, after: DiffableCost, baseline: CostDiff["baseline"]): CostDiff {
  const stack = stackReasons(before, after);
  const regionChanged = before.region !== after.region;
  const bf = new Map(before.functions.map((f) => [f.name, f]));
  const af = new Map(after.functions.map((f) => [f.name, f]));
  const names = [...new Set([...bf.keys(), ...af.keys()])].sort();

  const functions: FunctionDiff[] = names.map((name) => {
    const b = bf.get(name);
    const a = af.get(name);
    if (!b) {
      return { name, change: "added", beforeUsd: null, afterUsd: a!.totalUsd, deltaUsd: deltaUsd(0, a!.totalUsd), reasons: [reason("function.added", `functions.${name}`, null, name, `function added (${a!.architecture}, ${fmtNum(a!.memoryMb)} MB)`)], lines: diffLines([], a!.lines) };
    }
    if (!a) {
      return { name, change: "removed", beforeUsd: b.totalUsd, afterUsd: null, deltaUsd: deltaUsd(b.totalUsd, 0), reasons: [reason("function.removed", `functions.${name}`, name, null, `function removed (was ${b.architecture}, ${fmtNum(b.memoryMb)} MB)`)], lines: diffLines(b.lines, []) };
    }
    const lines = diffLines(b.lines, a.lines);
    const own = functionReasons(b, a);
    const reasons = [...own];
    // Unit prices move with the architecture and the region; otherwise a changed price is the price table's.
    // Lines that appear or vanish are explained by the function's own changes when it has any.
    if (b.architecture === a.architecture && !regionChanged) reasons.push(...lineReasons(lines, { prices: true, quantities: false, addedRemoved: own.length === 0 }));
    const delta = deltaUsd(b.totalUsd, a.totalUsd);
    if (reasons.length === 0 && (delta !== 0 || lines.length > 0)) {
      // Stack-wide changes that reach a function: region, free tier, hours, Lambda prices.
      reasons.push(...stack.filter((r) => r.kind !== "priceTable" || r.field === "prices.asOf" || (r.field ?? "").startsWith("pricing.overrides.lambda.")));
      if (reasons.length === 0) {
        // Nothing of this function changed: the free tier or the duration tiers it shares with the
        // stack's other functions were allocated differently.
        reasons.push(...lineReasons(lines, { prices: false, quantities: true, addedRemoved: true }).map((r) => ({ ...r, message: `${r.message} (free tier or duration tiers shared with other functions)` })));
      }
      if (reasons.length === 0) {
        // Same quantity and price: a stack-wide line's cents were split differently across functions.
        for (const l of lines) reasons.push(reason("sharedLine", l.id, l.beforeUsd, l.afterUsd, `${l.item}: its share of a stack-wide line changed by ${l.deltaUsd > 0 ? "+" : "-"}$${Math.abs(l.deltaUsd).toFixed(2)} (cents re-split after another function changed)`));
      }
    }
    const change: ChangeKind = delta !== 0 || own.length > 0 || lines.length > 0 ? "changed" : "unchanged";
    return { name, change, beforeUsd: b.totalUsd, afterUsd: a.totalUsd, deltaUsd: delta, reasons, lines };
  });

  const infraLines = diffLines(before.infrastructure.lines, after.infrastructure.lines);
  const infraReasons = [...(regionChanged ? stack.filter((r) => r.kind === "region") : []), ...lineReasons(infraLines, { prices: !regionChanged, quantities: true, addedRemoved: true })];

  const scenarios: Partial<Record<ScenarioName, AmountDiff>> = {};
  for (const s of ["low", "expected", "peak"] as const) {
    const x = s === "expected" ? before.totalUsd : before.scenarios?.[s]?.totalUsd;
    const y = s === "expected" ? after.totalUsd : after.scenarios?.[s]?.totalUsd;
    if (x === undefined && y === undefined) continue;
    scenarios[s] = { before: x ?? null, after: y ?? null, deltaUsd: x !== undefined && y !== undefined ? deltaUsd(x, y) : 0 };
  }

  const total = deltaUsd(before.totalUsd, after.totalUsd);
  return {
    baseline,
    totalUsd: { before: before.totalUsd, after: after.totalUsd, deltaUsd: total, deltaPercent: before.totalUsd > 0 ? Math.round((total / before.totalUsd) * 10000) / 100 : null },
    scenarios,
    stackReasons: stack,
    functions,
    infrastructure: {
      beforeUsd: before.infrastructure.totalUsd,
      afterUsd: after.infrastructure.totalUsd,
      deltaUsd: deltaUsd(before.infrastructure.totalUsd, after.infrastructure.totalUsd),
      reasons: infraReasons,
      lines: infraLines,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Baseline files
// ---------------------------------------------------------------------------------------------

const lineSchema = z.object({ id: z.string(), item: z.string(), quantity: z.number(), unit: z.string(), unitPriceUsd: z.number().nullable(), usd: z.number() }).loose();
const functionSchema = z
  .object({
    name: z.string(),
    architecture: z.string(),
    memoryMb: z.number(),
    ephemeralStorageMb: z.number(),
    provisionedConcurrency: z.number().nullish(),
    requestsPerMonth: z.number(),
    avgDurationMs: z.number(),
    totalUsd: z.number(),
    lines: z.array(lineSchema),
  })
  .loose();
const costSchema = z
  .object({
    region: z.string(),
    freeTierApplied: z.boolean(),
    hoursPerMonth: z.number(),
    totalUsd: z.number(),
    prices: z.object({ source: z.string(), asOf: z.string(), overrides: z.record(z.string(), z.number()).optional() }).loose(),
    functions: z.array(functionSchema),
    infrastructure: z.object({ totalUsd: z.number(), lines: z.array(lineSchema) }).loose(),
    scenarios: z.record(z.string(), z.object({ totalUsd: z.number() }).loose()).optional(),
  })
  .loose();
const planSchema = z.object({ project: z.string(), stack: z.string(), cost: costSchema.nullable() }).loose();

/** A baseline that cannot be used: unreadable, not a plan JSON, or without a cost report. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineError";
  }
}

/** Parse a previous `--format json` plan output. */
export function parseBaseline(text: string, label: string): { project: string; stack: string; cost: DiffableCost } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${label} is not JSON: ${(e as Error).message}`);
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineError(`${label} is not a plan JSON (\`npm run plan -- --format json\`): ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  if (parsed.data.cost === null) throw new BaselineError(`${label} has no cost report (its config was invalid or its program failed), so there is nothing to compare with`);
  return { project: parsed.data.project, stack: parsed.data.stack, cost: parsed.data.cost as unknown as DiffableCost };
}
