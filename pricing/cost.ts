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
import { costLine, reportedQuantity, requirePrice, unpricedReason, type MissingPrices } from "./lines";
import { DEFAULT_PRICE_TABLE, FREE_TIER, PriceNotFoundError, regionPricesFor, tierPriceNotFoundMessage } from "./rates";
import type { Architecture, CostBreakdown, CostLine, CostOptions, FunctionCost, FunctionUsage, NamedFunctionUsage, OtherLambdaUsage, PriceTable, RegionPrices, StackCost, StackUsage } from "./types";
import { ceilSnapped, splitIntoTiers } from "./billing";
import { priceInfrastructure } from "./infrastructure-cost";
import { UsageProblem, functionUsageProblems, infrastructureUsageProblems, otherUsageProblems, throwIfInvalidUsage } from "./usage-checks";


// Re-exported so callers of the cost functions find every error they can throw here.
export { PriceNotFoundError, UnknownRegionError } from "./rates";

/** Ephemeral storage included in every function, MB. */
export const INCLUDED_EPHEMERAL_STORAGE_MB = 512;

/** Note on every duration line: how billed ms are derived. */
export const CEIL_AVERAGE_NOTE = "ceil of the average duration approximates per-invocation 1 ms rounding";

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

/**
 * Prices one bill line of a group on the summed quantity and splits its cents by quantity (all 0 when
 * unpriced). Both on the quantities as reported ({@link reportedQuantity}), which it returns for the
 * lines: the report's own quantities, summed, give exactly the cents charged.
 */
function splitBillLine(exactQuantities: readonly number[], unitPriceUsd: number | undefined): { quantities: number[]; cents: number[]; totalCents: number } {
  const quantities = exactQuantities.map(reportedQuantity);
  const totalQuantity = quantities.reduce((a, b) => a + b, 0);
  const totalCents = unitPriceUsd === undefined ? 0 : toCents(totalQuantity * unitPriceUsd);
  return { quantities, cents: allocateCents(totalCents, quantities), totalCents };
}

function shareNote(group: readonly Work[], quantities: readonly number[], totalCents: number): string | undefined {
  const sharing = quantities.filter((q) => q > 0).length;
  return sharing > 1 && group.length > 1 ? `share of a ${formatUsd(fromCents(totalCents))} stack line split across ${sharing} functions` : undefined;
}

function priceRequests(group: readonly Work[], prices: RegionPrices, region: string, mode: MissingPrices): void {
  const unitPriceUsd = requirePrice(prices, region, "lambda.usdPerRequest", prices.lambda?.usdPerRequest, mode);
  const { quantities, cents, totalCents } = splitBillLine(group.map((w) => w.measured.requests - w.freeRequests), unitPriceUsd);
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
    const shares = billable.map((b) => (total === 0 ? 0 : b === total ? slice.quantity : (slice.quantity * b) / total));
    const { quantities, cents, totalCents } = splitBillLine(shares, slice.unitPriceUsd);
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
  const used = group.map(spec.quantity);
  if (used.every((q) => q === 0)) return;
  const unitPriceUsd = requirePrice(prices, region, spec.field, spec.price, mode);
  const { quantities, cents, totalCents } = splitBillLine(used, unitPriceUsd);
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
