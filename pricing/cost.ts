/**
 * Monthly cost estimates for Lambda functions, a stack of them, and the VPC/observability
 * infrastructure around them. Pure: prices come from a {@link PriceTable} (default
 * {@link DEFAULT_PRICE_TABLE}); nothing is read from the environment or the clock.
 *
 * Rules (docs/sources.md#billing-rules, #free-tier, #lambda-prices):
 * - GB = MB / 1,024. Billed ms per request = ceil(avgDurationMs): ceil of the average approximates
 *   AWS's per-invocation 1 ms rounding (each line says so). GB-s = requests × ms / 1,000 × MB / 1,024.
 * - Each line is rounded to cents half-up; every total is the exact sum of rounded lines.
 * - Free tier (only when `opts.freeTier`): 1M requests (on-demand + PC-served) and 400,000 GB-s of
 *   on-demand duration, subtracted before tiers, once per estimate; never PC, PC duration or storage.
 * - Duration tiers count the on-demand GB-s of all functions of one region + architecture, on top of
 *   `otherUsage` already billed in the account.
 * - A missing price is a {@link PriceNotFoundError}, an unknown region an {@link UnknownRegionError};
 *   there is no fallback price.
 *
 * Stack estimates price each bill line (per region + architecture: requests, each duration tier, PC,
 * PC duration, storage) on the stack's total quantity, round it to cents, then split those cents
 * across the functions with {@link allocateCents} (weights = each function's quantity). So the stack
 * total equals the sum of the function totals plus the infrastructure total exactly, and each
 * function's line is within a cent of its own `quantity × price`.
 */
import { allocateCents, fromCents, sumUsd, toCents, formatUsd } from "./money";
import { costLine, requirePrice, unpricedReason, type MissingPrices } from "./lines";
import {
  DEFAULT_PRICE_TABLE,
  FREE_TIER,
  PriceNotFoundError,
  regionPricesFor,
  tierPriceNotFoundMessage,
} from "./rates";
import type {
  Architecture,
  CostBreakdown,
  CostLine,
  CostOptions,
  FunctionCost,
  FunctionUsage,
  InfrastructureCost,
  InfrastructureUsage,
  NamedFunctionUsage,
  OtherLambdaUsage,
  PriceTable,
  RegionPrices,
  StackCost,
  StackUsage,
} from "./types";
import { ARCHITECTURES } from "./types";
import { plural, show } from "./violations";

/** Hours in a month when none is given (Infracost's 730; AWS's own examples use real hours, e.g. 744). */
export const DEFAULT_HOURS_PER_MONTH = 730;
/** Ephemeral storage included in every function, MB. */
export const INCLUDED_EPHEMERAL_STORAGE_MB = 512;
/** Note on every duration line: how billed ms are derived. */
export const CEIL_AVERAGE_NOTE = "ceil of the average duration approximates per-invocation 1 ms rounding";

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** One invalid usage value: where, what was given, what is allowed. */
export interface UsageProblem {
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Message of {@link InvalidUsageError}: every problem, one per line. */
export function invalidUsageMessage(problems: readonly UsageProblem[]): string {
  const lines = problems.map((p) => `  - ${p.path}: got ${show(p.value)}, allowed ${p.allowed}`);
  return `Invalid usage (${plural(problems.length, "problem")}):\n${lines.join("\n")}`;
}

/** Thrown for negative, NaN or infinite quantities, unknown architectures or duplicate names. Lists all problems. */
export class InvalidUsageError extends Error {
  public readonly problems: readonly UsageProblem[];
  constructor(problems: readonly UsageProblem[]) {
    super(invalidUsageMessage(problems));
    this.name = "InvalidUsageError";
    this.problems = problems;
  }
}

// Re-exported so callers of the cost functions find every error they can throw here.
export { PriceNotFoundError, UnknownRegionError } from "./rates";

const NON_NEGATIVE = "a finite number ≥ 0";

function checkAmount(problems: UsageProblem[], path: string, value: unknown, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) problems.push({ path, value, allowed: NON_NEGATIVE });
}

function functionUsageProblems(usage: FunctionUsage, path: string): UsageProblem[] {
  const problems: UsageProblem[] = [];
  if (typeof usage.region !== "string" || usage.region === "") problems.push({ path: `${path}.region`, value: usage.region, allowed: "a region name" });
  if (!ARCHITECTURES.includes(usage.architecture)) {
    problems.push({ path: `${path}.architecture`, value: usage.architecture, allowed: ARCHITECTURES.join(" or ") });
  }
  checkAmount(problems, `${path}.memoryMb`, usage.memoryMb);
  checkAmount(problems, `${path}.ephemeralStorageMb`, usage.ephemeralStorageMb, true);
  checkAmount(problems, `${path}.requestsPerMonth`, usage.requestsPerMonth);
  checkAmount(problems, `${path}.avgDurationMs`, usage.avgDurationMs);
  const pc = usage.provisioned;
  if (pc !== undefined) {
    for (const key of ["concurrency", "hoursPerMonth", "requestsPerMonth", "avgDurationMs"] as const) {
      checkAmount(problems, `${path}.provisioned.${key}`, pc[key]);
    }
  }
  return problems;
}

function infrastructureUsageProblems(usage: InfrastructureUsage, path: string): UsageProblem[] {
  const problems: UsageProblem[] = [];
  if (typeof usage.region !== "string" || usage.region === "") problems.push({ path: `${path}.region`, value: usage.region, allowed: "a region name" });
  const sections: Record<string, Readonly<Record<string, unknown>> | undefined> = {
    interfaceEndpoints: usage.interfaceEndpoints,
    gatewayEndpoints: usage.gatewayEndpoints,
    natGateways: usage.natGateways,
    publicIpv4Addresses: usage.publicIpv4Addresses,
    logs: usage.logs,
    xray: usage.xray,
  };
  for (const [name, section] of Object.entries(sections)) {
    for (const [key, value] of Object.entries(section ?? {})) checkAmount(problems, `${path}.${name}.${key}`, value, true);
  }
  return problems;
}

function otherUsageProblems(other: OtherLambdaUsage | undefined): UsageProblem[] {
  const problems: UsageProblem[] = [];
  for (const [region, byArch] of Object.entries(other ?? {})) {
    for (const [arch, gbSeconds] of Object.entries(byArch ?? {})) {
      const path = `otherUsage.${region}.${arch}`;
      if (!ARCHITECTURES.includes(arch as Architecture)) problems.push({ path, value: arch, allowed: `keys ${ARCHITECTURES.join(", ")}` });
      else checkAmount(problems, path, gbSeconds);
    }
  }
  return problems;
}

function throwIfInvalidUsage(problems: readonly UsageProblem[]): void {
  if (problems.length > 0) throw new InvalidUsageError(problems);
}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/** Removes binary float noise before a ceiling (e.g. 0.1 × 3 × 10 = 3.0000000000000004 → 3). */
function ceilSnapped(value: number): number {
  return value === 0 ? 0 : Math.ceil(Number(value.toPrecision(12)));
}

interface TierSlice {
  /** 0-based tier index. */
  readonly index: number;
  readonly quantity: number;
  /** Undefined for the quantity beyond the last known tier (unpriced). */
  readonly unitPriceUsd: number | undefined;
}

interface Tier {
  readonly upTo: number | null;
  readonly price: number;
}

/**
 * Splits `quantity`, stacked on top of `offset` already used, over ascending tiers. Returns the tiers
 * with a positive share, or, for zero quantity, the tier where the next unit would land (quantity 0).
 * Usage beyond the last bounded tier is a {@link PriceNotFoundError} for the next tier.
 */
function splitIntoTiers(tiers: readonly Tier[], offset: number, quantity: number, missing: (index: number) => PriceNotFoundError, mode: MissingPrices = "error"): TierSlice[] {
  const end = offset + quantity;
  const slices: TierSlice[] = [];
  let lower = 0;
  for (const [index, tier] of tiers.entries()) {
    const upper = tier.upTo ?? Infinity;
    const share = Math.min(upper, end) - Math.max(lower, offset);
    if (share > 0 || (quantity === 0 && slices.length === 0 && offset < upper)) {
      slices.push({ index, quantity: Math.max(share, 0), unitPriceUsd: tier.price });
    }
    lower = upper;
  }
  if (end > lower || (quantity === 0 && slices.length === 0)) {
    if (mode === "error") throw missing(tiers.length);
    slices.push({ index: tiers.length, quantity: Math.max(0, end - Math.max(lower, offset)), unitPriceUsd: undefined });
  }
  return slices;
}

// ---------------------------------------------------------------------------------------------
// Lambda
// ---------------------------------------------------------------------------------------------

/** Billable quantities of one function, before the free tier. */
interface Measured {
  readonly billedMs: number;
  readonly pcBilledMs: number;
  readonly pcBilledHours: number;
  readonly requests: number;
  readonly onDemandGbSeconds: number;
  readonly pcGbSeconds: number;
  readonly pcDurationGbSeconds: number;
  readonly storageGbSeconds: number;
}

function measure(usage: FunctionUsage): Measured {
  const pc = usage.provisioned;
  const billedMs = ceilSnapped(usage.avgDurationMs);
  const pcBilledMs = pc === undefined ? 0 : ceilSnapped(pc.avgDurationMs);
  const pcRequests = pc?.requestsPerMonth ?? 0;
  const fiveMinuteBlocks = pc === undefined ? 0 : ceilSnapped(pc.hoursPerMonth * 12);
  const billedMsTotal = usage.requestsPerMonth * billedMs + pcRequests * pcBilledMs;
  const extraStorageMb = Math.max(0, (usage.ephemeralStorageMb ?? INCLUDED_EPHEMERAL_STORAGE_MB) - INCLUDED_EPHEMERAL_STORAGE_MB);
  return {
    billedMs,
    pcBilledMs,
    pcBilledHours: fiveMinuteBlocks / 12,
    requests: usage.requestsPerMonth + pcRequests,
    onDemandGbSeconds: (usage.requestsPerMonth * billedMs * usage.memoryMb) / 1_024_000,
    pcGbSeconds: ((pc?.concurrency ?? 0) * usage.memoryMb * fiveMinuteBlocks * 300) / 1_024,
    pcDurationGbSeconds: (pcRequests * pcBilledMs * usage.memoryMb) / 1_024_000,
    storageGbSeconds: (extraStorageMb * billedMsTotal) / 1_024_000,
  };
}

/** One function during pricing: its usage, measured quantities, free-tier share and lines so far. */
interface Work {
  readonly usage: NamedFunctionUsage;
  readonly measured: Measured;
  readonly freeRequests: number;
  readonly freeGbSeconds: number;
  readonly lines: Map<string, CostLine[]>;
}

const LINE_ORDER = ["requests", "duration", "pc", "pcDuration", "storage"] as const;

function pushLine(work: Work, kind: (typeof LINE_ORDER)[number], costLine: CostLine): void {
  work.lines.set(kind, [...(work.lines.get(kind) ?? []), costLine]);
}

/** Greedy, in input order: the first functions take the free tier until each pool is empty. */
function allocateFreeTier(functions: readonly NamedFunctionUsage[], freeTier: boolean): Work[] {
  let requestsLeft = freeTier ? FREE_TIER.lambdaRequests : 0;
  let gbSecondsLeft = freeTier ? FREE_TIER.lambdaGbSeconds : 0;
  return functions.map((usage) => {
    const measured = measure(usage);
    const freeRequests = Math.min(requestsLeft, measured.requests);
    const freeGbSeconds = Math.min(gbSecondsLeft, measured.onDemandGbSeconds);
    requestsLeft -= freeRequests;
    gbSecondsLeft -= freeGbSeconds;
    return { usage, measured, freeRequests, freeGbSeconds, lines: new Map() };
  });
}

/** Prices one bill line of a group on the summed quantity and splits its cents by quantity (all 0 when unpriced). */
function splitBillLine(quantities: readonly number[], unitPriceUsd: number | undefined): { cents: number[]; totalCents: number } {
  const totalQuantity = quantities.reduce((a, b) => a + b, 0);
  const totalCents = unitPriceUsd === undefined ? 0 : toCents(totalQuantity * unitPriceUsd);
  return { cents: allocateCents(totalCents, quantities), totalCents };
}

function shareNote(group: readonly Work[], quantities: readonly number[], totalCents: number): string | undefined {
  const sharing = quantities.filter((q) => q > 0).length;
  return sharing > 1 && group.length > 1 ? `share of a ${formatUsd(fromCents(totalCents))} stack line split across ${sharing} functions` : undefined;
}

function priceRequests(group: readonly Work[], prices: RegionPrices, region: string, mode: MissingPrices): void {
  const quantities = group.map((w) => w.measured.requests - w.freeRequests);
  const unitPriceUsd = requirePrice(prices, region, "lambda.usdPerRequest", prices.lambda?.usdPerRequest, mode);
  const { cents, totalCents } = splitBillLine(quantities, unitPriceUsd);
  group.forEach((work, i) =>
    pushLine(
      work,
      "requests",
      costLine(prices, "lambda.usdPerRequest", {
        id: "lambda.requests",
        item: "Requests",
        quantity: quantities[i],
        unit: "requests",
        unitPriceUsd,
        unpricedReason: unpricedReason(region, "lambda.usdPerRequest"),
        freeQuantity: work.freeRequests,
        cents: cents[i],
        notes: [work.usage.provisioned !== undefined ? "on-demand + PC-served requests" : undefined, shareNote(group, quantities, totalCents)],
      }),
    ),
  );
}

function priceDuration(group: readonly Work[], prices: RegionPrices, region: string, arch: Architecture, offsetGbSeconds: number, mode: MissingPrices): void {
  const listField = `lambda.durationTiers.${arch}`;
  const tierList = prices.lambda?.durationTiers?.[arch];
  if (tierList === undefined || tierList.length === 0) requirePrice(prices, region, `${listField}.0.usdPerGbSecond`, undefined, mode);
  const tiers = (tierList ?? []).map((t) => ({ upTo: t.upToGbSeconds, price: t.usdPerGbSecond }));
  const billable = group.map((w) => w.measured.onDemandGbSeconds - w.freeGbSeconds);
  const total = billable.reduce((a, b) => a + b, 0);
  const slices = splitIntoTiers(tiers, offsetGbSeconds, total, (index) => {
    const field = `${listField}.${index}.usdPerGbSecond`;
    return new PriceNotFoundError(region, field, tierPriceNotFoundMessage(index + 1, region, arch, field));
  }, mode);
  const offsetNote = offsetGbSeconds > 0 ? `tiers start after ${offsetGbSeconds} GB-s of other usage in the account` : undefined;
  const perFunction: CostLine[][] = group.map(() => []);
  for (const slice of slices) {
    const quantities = billable.map((b) => (total === 0 ? 0 : b === total ? slice.quantity : (slice.quantity * b) / total));
    const { cents, totalCents } = splitBillLine(quantities, slice.unitPriceUsd);
    group.forEach((work, i) => {
      // A function with no billable GB-s still gets one (zero) compute line: the first slice's.
      if (quantities[i] === 0 && (perFunction[i].length > 0 || slice !== slices[0])) return;
      perFunction[i].push(
        costLine(prices, `${listField}.${slice.index}.usdPerGbSecond`, {
          id: `lambda.duration.tier${slice.index + 1}`,
          item: `Duration (tier ${slice.index + 1})`,
          quantity: quantities[i],
          unit: "GB-s",
          unitPriceUsd: slice.unitPriceUsd,
          unpricedReason: unpricedReason(region, `${listField}.${slice.index}.usdPerGbSecond`, slice.index),
          cents: cents[i],
          notes: [
            `${work.usage.avgDurationMs} ms average billed as ${work.measured.billedMs} ms per request (${CEIL_AVERAGE_NOTE})`,
            offsetNote,
            shareNote(group, quantities, totalCents),
          ],
        }),
      );
    });
  }
  group.forEach((work, i) => {
    const [first, ...rest] = perFunction[i];
    const withFree = work.freeGbSeconds > 0 ? { ...first, freeQuantity: work.freeGbSeconds } : first;
    for (const costLine of [withFree, ...rest]) pushLine(work, "duration", costLine);
  });
}

/** A flat-priced Lambda dimension (PC, PC duration, storage): lines only for functions that use it. */
function priceFlat(
  group: readonly Work[],
  prices: RegionPrices,
  region: string,
  spec: {
    readonly kind: "pc" | "pcDuration" | "storage";
    readonly id: string;
    readonly item: string;
    readonly field: string;
    readonly price: number | undefined;
    readonly quantity: (w: Work) => number;
    readonly note: (w: Work) => string | undefined;
  },
  mode: MissingPrices,
): void {
  const quantities = group.map(spec.quantity);
  if (quantities.every((q) => q === 0)) return;
  const unitPriceUsd = requirePrice(prices, region, spec.field, spec.price, mode);
  const { cents, totalCents } = splitBillLine(quantities, unitPriceUsd);
  group.forEach((work, i) => {
    if (quantities[i] === 0) return;
    pushLine(
      work,
      spec.kind,
      costLine(prices, spec.field, {
        id: spec.id,
        item: spec.item,
        quantity: quantities[i],
        unit: "GB-s",
        unitPriceUsd,
        unpricedReason: unpricedReason(region, spec.field),
        cents: cents[i],
        notes: [spec.note(work), shareNote(group, quantities, totalCents)],
      }),
    );
  });
}

function priceGroup(group: readonly Work[], table: PriceTable, region: string, arch: Architecture, offsetGbSeconds: number, mode: MissingPrices): void {
  const prices = regionPricesFor(table, region);
  const lambda = prices.lambda ?? {};
  priceRequests(group, prices, region, mode);
  priceDuration(group, prices, region, arch, offsetGbSeconds, mode);
  priceFlat(group, prices, region, {
    kind: "pc",
    id: "lambda.provisionedConcurrency",
    item: "Provisioned concurrency",
    field: `lambda.provisionedConcurrencyUsdPerGbSecond.${arch}`,
    price: lambda.provisionedConcurrencyUsdPerGbSecond?.[arch],
    quantity: (w) => w.measured.pcGbSeconds,
    note: (w) => `${w.usage.provisioned?.concurrency} × ${w.usage.memoryMb} MB for ${w.usage.provisioned?.hoursPerMonth} h, billed ${+w.measured.pcBilledHours.toFixed(4)} h (rounded up to 5 minutes)`,
  }, mode);
  priceFlat(group, prices, region, {
    kind: "pcDuration",
    id: "lambda.provisionedDuration",
    item: "Provisioned concurrency duration",
    field: `lambda.provisionedDurationUsdPerGbSecond.${arch}`,
    price: lambda.provisionedDurationUsdPerGbSecond?.[arch],
    quantity: (w) => w.measured.pcDurationGbSeconds,
    note: (w) => `${w.usage.provisioned?.avgDurationMs} ms average billed as ${w.measured.pcBilledMs} ms per request (${CEIL_AVERAGE_NOTE})`,
  }, mode);
  priceFlat(group, prices, region, {
    kind: "storage",
    id: "lambda.ephemeralStorage",
    item: "Ephemeral storage",
    field: "lambda.ephemeralStorageUsdPerGbSecond",
    price: lambda.ephemeralStorageUsdPerGbSecond,
    quantity: (w) => w.measured.storageGbSeconds,
    note: (w) => `${(w.usage.ephemeralStorageMb ?? INCLUDED_EPHEMERAL_STORAGE_MB) - INCLUDED_EPHEMERAL_STORAGE_MB} MB above the included 512 MB × billed seconds (not × memory)`,
  }, mode);
}

function breakdown(lines: CostLine[]): CostBreakdown {
  const sumOf = (predicate: (id: string) => boolean) => sumUsd(lines.filter((l) => predicate(l.id)).map((l) => l.usd));
  return {
    requestsUsd: sumOf((id) => id === "lambda.requests"),
    computeUsd: sumOf((id) => id.startsWith("lambda.duration.")),
    provisionedConcurrencyUsd: sumOf((id) => id === "lambda.provisionedConcurrency"),
    provisionedDurationUsd: sumOf((id) => id === "lambda.provisionedDuration"),
    ephemeralStorageUsd: sumOf((id) => id === "lambda.ephemeralStorage"),
    totalUsd: sumUsd(lines.map((l) => l.usd)),
    lines,
  };
}

/** Prices validated functions together (shared free tier, shared tiers per region + architecture). */
function priceFunctions(functions: readonly NamedFunctionUsage[], otherUsage: OtherLambdaUsage | undefined, opts: CostOptions): FunctionCost[] {
  const table = opts.prices ?? DEFAULT_PRICE_TABLE;
  for (const f of functions) regionPricesFor(table, f.region);
  const works = allocateFreeTier(functions, opts.freeTier ?? false);
  const groups = new Map<string, Work[]>();
  for (const work of works) {
    const key = JSON.stringify([work.usage.region, work.usage.architecture]);
    groups.set(key, [...(groups.get(key) ?? []), work]);
  }
  for (const group of groups.values()) {
    const { region, architecture } = group[0].usage;
    priceGroup(group, table, region, architecture, otherUsage?.[region]?.[architecture] ?? 0, opts.missingPrices ?? "error");
  }
  return works.map((work) => ({
    name: work.usage.name,
    ...breakdown(LINE_ORDER.flatMap((kind) => work.lines.get(kind) ?? [])),
  }));
}

/**
 * Monthly cost of one function, as if it were the only Lambda usage of its region and architecture
 * in the account (tiers and the free tier apply to it alone).
 *
 * @param opts.freeTier subtract 1M requests and 400,000 on-demand GB-s. @default false
 * @param opts.prices @default DEFAULT_PRICE_TABLE
 * @throws InvalidUsageError listing every negative, NaN or infinite input.
 * @throws UnknownRegionError / PriceNotFoundError when a needed price is not in the table.
 */
export function estimateFunctionCost(usage: FunctionUsage, opts: CostOptions = {}): CostBreakdown {
  throwIfInvalidUsage(functionUsageProblems(usage, "usage"));
  const { name: _name, ...cost } = priceFunctions([{ ...usage, name: "function" }], undefined, opts)[0];
  return cost;
}

/**
 * Monthly cost of a stack: its functions (possibly in several regions) priced together, plus its
 * infrastructure.
 *
 * - Duration tiers apply per region + architecture to the functions' summed on-demand GB-s, on top of
 *   `usage.otherUsage` (GB-s already billed in the account, after any free tier).
 * - The free tier (when `opts.freeTier`) is applied once for the whole stack: one pool of 1M requests
 *   and one of 400,000 GB-s, shared across architectures and regions (a single account-wide pool is
 *   unconfirmed, docs/sources.md#free-tier), given to functions greedily in input order.
 * - Each bill line is rounded on the stack's quantity and its cents are split across the functions
 *   (cumulative rounding by quantity), so `totalUsd` = Σ function totals + infrastructure total.
 *
 * @throws InvalidUsageError listing every invalid input (including duplicate or empty names).
 * @throws UnknownRegionError / PriceNotFoundError when a needed price is not in the table.
 */
export function estimateStackCost(usage: StackUsage, opts: CostOptions = {}): StackCost {
  const names = new Set<string>();
  const problems = usage.functions.flatMap((f, i) => {
    const path = typeof f.name === "string" && f.name !== "" ? `functions.${f.name}` : `functions[${i}]`;
    const nameProblems: UsageProblem[] =
      typeof f.name !== "string" || f.name === "" || names.has(f.name) ? [{ path: `${path}.name`, value: f.name, allowed: "a unique, non-empty name" }] : [];
    names.add(f.name);
    return [...nameProblems, ...functionUsageProblems(f, path)];
  });
  problems.push(...otherUsageProblems(usage.otherUsage));
  if (usage.infrastructure !== undefined) problems.push(...infrastructureUsageProblems(usage.infrastructure, "infrastructure"));
  throwIfInvalidUsage(problems);

  const table = opts.prices ?? DEFAULT_PRICE_TABLE;
  const functions = priceFunctions(usage.functions, usage.otherUsage, opts);
  const infrastructure = usage.infrastructure === undefined ? { totalUsd: 0, lines: [] } : priceInfrastructure(usage.infrastructure, opts);
  return {
    functions,
    infrastructure,
    totalUsd: sumUsd([...functions.map((f) => f.totalUsd), infrastructure.totalUsd]),
    freeTierApplied: opts.freeTier ?? false,
    prices: { source: table.source, asOf: table.asOf },
  };
}

// ---------------------------------------------------------------------------------------------
// Infrastructure
// ---------------------------------------------------------------------------------------------

type TierList = readonly { readonly upToGb: number | null; readonly usdPerGb: number }[];

/** Lines of a GB-tiered dimension: one per tier used, free quantity on the first. */
function tieredGbLines(
  prices: RegionPrices,
  region: string,
  spec: { readonly field: string; readonly what: string; readonly id: string; readonly item: string; readonly unit: string; readonly tiers: TierList | undefined },
  quantityGb: number,
  freeGb: number,
  mode: MissingPrices,
): CostLine[] {
  if (spec.tiers === undefined || spec.tiers.length === 0) requirePrice(prices, region, `${spec.field}.0.usdPerGb`, undefined, mode);
  const tiers = (spec.tiers ?? []).map((t) => ({ upTo: t.upToGb, price: t.usdPerGb }));
  const slices = splitIntoTiers(tiers, 0, quantityGb - freeGb, (index) => {
    const field = `${spec.field}.${index}.usdPerGb`;
    return new PriceNotFoundError(region, field, tierPriceNotFoundMessage(index + 1, region, spec.what, field));
  }, mode);
  return slices.map((slice, i) =>
    costLine(prices, `${spec.field}.${slice.index}.usdPerGb`, {
      id: `${spec.id}.tier${slice.index + 1}`,
      item: `${spec.item} (tier ${slice.index + 1})`,
      quantity: slice.quantity,
      unit: spec.unit,
      unitPriceUsd: slice.unitPriceUsd,
      unpricedReason: unpricedReason(region, `${spec.field}.${slice.index}.usdPerGb`, slice.index),
      freeQuantity: i === 0 ? freeGb : undefined,
    }),
  );
}

function flatLine(
  prices: RegionPrices,
  region: string,
  spec: { readonly field: string; readonly price: number | undefined; readonly id: string; readonly item: string; readonly unit: string },
  quantity: number,
  freeQuantity = 0,
  notes: readonly (string | undefined)[] = [],
  mode: MissingPrices = "error",
): CostLine {
  const unitPriceUsd = requirePrice(prices, region, spec.field, spec.price, mode);
  return costLine(prices, spec.field, { id: spec.id, item: spec.item, quantity: quantity - freeQuantity, unit: spec.unit, unitPriceUsd, unpricedReason: unpricedReason(region, spec.field), freeQuantity, notes });
}

function vpcLines(usage: InfrastructureUsage, prices: RegionPrices, mode: MissingPrices): CostLine[] {
  const { region } = usage;
  const vpc = prices.vpc ?? {};
  const lines: CostLine[] = [];
  const ie = usage.interfaceEndpoints;
  if (ie !== undefined) {
    const hours = ceilSnapped(ie.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH);
    const spec = { field: "vpc.interfaceEndpointUsdPerAzHour", price: vpc.interfaceEndpointUsdPerAzHour, id: "vpc.interfaceEndpoint.hours", item: "Interface endpoints", unit: "endpoint-AZ-hours" };
    lines.push(flatLine(prices, region, spec, ie.count * ie.azs * hours, 0, [`${ie.count} endpoint(s) × ${ie.azs} AZ(s) × ${hours} h (partial hours billed as full)`], mode));
    if ((ie.dataProcessedGb ?? 0) > 0) {
      const dataSpec = { field: "vpc.interfaceEndpointDataTiers", what: "interface endpoint data", id: "vpc.interfaceEndpoint.data", item: "Interface endpoint data", unit: "GB", tiers: vpc.interfaceEndpointDataTiers };
      lines.push(...tieredGbLines(prices, region, dataSpec, ie.dataProcessedGb ?? 0, 0, mode));
    }
  }
  if (usage.gatewayEndpoints !== undefined) {
    lines.push({ id: "vpc.gatewayEndpoint", item: "Gateway endpoints (S3, DynamoDB)", quantity: usage.gatewayEndpoints.count, unit: "endpoints", unitPriceUsd: 0, usd: 0, note: "free" });
  }
  const nat = usage.natGateways;
  if (nat !== undefined) {
    const hours = ceilSnapped(nat.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH);
    const spec = { field: "vpc.natGatewayUsdPerHour", price: vpc.natGatewayUsdPerHour, id: "vpc.natGateway.hours", item: "NAT gateways", unit: "NAT-gateway-hours" };
    lines.push(flatLine(prices, region, spec, nat.count * hours, 0, [`${nat.count} × ${hours} h (partial hours billed as full)`], mode));
    if ((nat.dataProcessedGb ?? 0) > 0) {
      const dataSpec = { field: "vpc.natGatewayUsdPerGb", price: vpc.natGatewayUsdPerGb, id: "vpc.natGateway.data", item: "NAT gateway data processed", unit: "GB" };
      lines.push(flatLine(prices, region, dataSpec, nat.dataProcessedGb ?? 0, 0, ["data transfer out to the internet is billed separately"], mode));
    }
  }
  const ips = usage.publicIpv4Addresses;
  if (ips !== undefined) {
    const hours = ceilSnapped(ips.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH);
    const spec = { field: "vpc.publicIpv4UsdPerHour", price: vpc.publicIpv4UsdPerHour, id: "vpc.publicIpv4.hours", item: "Public IPv4 addresses", unit: "address-hours" };
    lines.push(flatLine(prices, region, spec, ips.count * hours, 0, [`${ips.count} × ${hours} h`], mode));
  }
  return lines;
}

function observabilityLines(usage: InfrastructureUsage, prices: RegionPrices, freeTier: boolean, mode: MissingPrices): CostLine[] {
  const { region } = usage;
  const logs = prices.logs ?? {};
  const xray = prices.xray ?? {};
  const lines: CostLine[] = [];
  const free = (allowance: number, quantity: number) => (freeTier ? Math.min(allowance, quantity) : 0);
  if (usage.logs !== undefined) {
    const ingested = usage.logs.ingestedGb;
    const ingestSpec = { field: "logs.ingestTiers", what: "logs ingestion", id: "logs.ingest", item: "Logs ingestion", unit: "GB", tiers: logs.ingestTiers };
    lines.push(...tieredGbLines(prices, region, ingestSpec, ingested, free(FREE_TIER.logsIngestedGb, ingested), mode));
    const stored = usage.logs.storedGb ?? 0;
    if (stored > 0) {
      const spec = { field: "logs.storageUsdPerGbMonth", price: logs.storageUsdPerGbMonth, id: "logs.storage", item: "Logs storage", unit: "GB-month" };
      lines.push(flatLine(prices, region, spec, stored, free(FREE_TIER.logsStoredGbMonth, stored), [], mode));
    }
    const scanned = usage.logs.scannedGb ?? 0;
    if (scanned > 0) {
      const spec = { field: "logs.insightsUsdPerGbScanned", price: logs.insightsUsdPerGbScanned, id: "logs.insights", item: "Logs Insights queries", unit: "GB scanned" };
      lines.push(flatLine(prices, region, spec, scanned, 0, [], mode));
    }
  }
  if (usage.xray !== undefined) {
    const recorded = usage.xray.tracesRecorded;
    const recordedSpec = { field: "xray.usdPerTraceRecorded", price: xray.usdPerTraceRecorded, id: "xray.recorded", item: "X-Ray traces recorded", unit: "traces" };
    lines.push(flatLine(prices, region, recordedSpec, recorded, free(FREE_TIER.xrayTracesRecorded, recorded), [], mode));
    const retrieved = usage.xray.tracesRetrievedOrScanned ?? 0;
    if (retrieved > 0) {
      const spec = { field: "xray.usdPerTraceRetrievedOrScanned", price: xray.usdPerTraceRetrievedOrScanned, id: "xray.retrievedOrScanned", item: "X-Ray traces retrieved or scanned", unit: "traces" };
      lines.push(flatLine(prices, region, spec, retrieved, free(FREE_TIER.xrayTracesRetrievedOrScanned, retrieved), [], mode));
    }
    const insights = usage.xray.insightsTracesRecorded ?? 0;
    if (insights > 0) {
      const spec = { field: "xray.insightsUsdPerTrace", price: xray.insightsUsdPerTrace, id: "xray.insights", item: "X-Ray Insights traces", unit: "traces" };
      lines.push(flatLine(prices, region, spec, insights, 0, [], mode));
    }
  }
  return lines;
}

function priceInfrastructure(usage: InfrastructureUsage, opts: CostOptions): InfrastructureCost {
  const prices = regionPricesFor(opts.prices ?? DEFAULT_PRICE_TABLE, usage.region);
  const mode = opts.missingPrices ?? "error";
  const lines = [...vpcLines(usage, prices, mode), ...observabilityLines(usage, prices, opts.freeTier ?? false, mode)];
  return { totalUsd: sumUsd(lines.map((l) => l.usd)), lines };
}

/**
 * Monthly cost of the infrastructure around the functions: interface endpoints (count × AZs ×
 * ceil(hours) + data tiers), gateway endpoints (a free $0 line), NAT gateways (ceil(hours) + GB),
 * public IPv4 addresses, Lambda logs (vended ingestion tiers, storage, Insights) and X-Ray (recorded,
 * retrieved/scanned, Insights). Hours default to {@link DEFAULT_HOURS_PER_MONTH}.
 *
 * With `opts.freeTier`: 5 GB logs ingestion, 5 GB-month logs storage, 100,000 X-Ray traces recorded and
 * 1,000,000 retrieved/scanned are free. Logs Insights and X-Ray Insights have no free tier here.
 *
 * @throws InvalidUsageError listing every negative, NaN or infinite input.
 * @throws UnknownRegionError / PriceNotFoundError when a needed price is not in the table.
 */
export function estimateInfrastructureCost(usage: InfrastructureUsage, opts: CostOptions = {}): InfrastructureCost {
  throwIfInvalidUsage(infrastructureUsageProblems(usage, "infrastructure"));
  return priceInfrastructure(usage, opts);
}
