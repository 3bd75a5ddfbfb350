/**
 * Right-sizing: each function's monthly cost across memory sizes, on both architectures, priced by
 * the real pricing engine with the stack's price table (overrides included). Durations come from
 * measurements (AWS Lambda Power Tuning output, or a simple table) when given, else from a stated
 * CPU-scaling model. Pure: measurements arrive parsed, "now" is not used.
 *
 * Where a price is missing (e.g. arm64 provisioned concurrency in a region without one), the point
 * says "no price" and is never guessed.
 */
import type { Architecture, PriceTable } from "../pricing";
import { ARCHITECTURES, estimateFunctionCost, PriceNotFoundError, UnknownRegionError } from "../pricing";
import { DEFAULT_USAGE, priceTableFor, stackUsage } from "../report/cost-report";
import type { FunctionSetting, StackSettings } from "../config/validate";
import type { Measurements } from "./measurements";
// issue 18 hook: on-demand vs fixed vs scheduled provisioned concurrency.
import { comparePcModes, type PcModeComparison } from "./pc-modes";

/** Memory sizes tried, MB: powers of two, 1,769 (one full vCPU), 3,008 (the old maximum) and 1 GB steps to 10,240. */
export const MEMORY_GRID_MB: readonly number[] = [128, 256, 512, 768, 1024, 1536, 1769, 2048, 3008, 4096, 5120, 6144, 7168, 8192, 9216, 10240];

/** Lambda allocates CPU in proportion to memory: one full vCPU at 1,769 MB (docs/sources.md#memory-cpu). */
export const ONE_VCPU_MB = 1769;

export const CPU_SCALING_MODEL =
  "CPU-scaling model (no measurements): Lambda allocates CPU in proportion to memory, 1 vCPU at 1,769 MB. " +
  "Duration at M MB = configured avgDurationMs × min(current MB, 1,769) / min(M, 1,769): CPU-bound work speeds up " +
  "linearly below 1,769 MB and single-threaded code gains nothing above it. The same duration is assumed on x86_64 and arm64. " +
  "I/O-bound code gains less than this: measure with AWS Lambda Power Tuning and pass --measurements.";

export const RIGHTSIZE_PRICING =
  "Each function priced on its own at its expected usage with the stack's price table (overrides included), without the free tier (it is shared by the whole account).";

/**
 * `measured`: from the measurements; `other-architecture`: measured on the other architecture and
 * assumed equal here; `model`: the CPU-scaling model; `config`: the configured `avgDurationMs`.
 */
export type DurationSource = "measured" | "other-architecture" | "model" | "config";

export interface RightsizePoint {
  readonly architecture: Architecture;
  readonly memoryMb: number;
  /** Average duration per request, ms (3 decimals); the price uses this value. */
  readonly avgDurationMs: number;
  readonly durationSource: DurationSource;
  /** Monthly cost of the function at this setting (lines rounded to cents, as billed); null when a price is missing. */
  readonly monthlyUsd: number | null;
  /** Σ quantity × unit price before rounding; orders points whose cents tie. Null when a price is missing. */
  readonly unroundedUsd: number | null;
  /** The missing price (`field (region)`) when `monthlyUsd` is null; else null. */
  readonly noPrice: string | null;
  /** Why this point is never recommended (exceeds the timeout, above the account's memory quota); else null. */
  readonly notRecommended: string | null;
}

export interface RightsizeSeries {
  readonly architecture: Architecture;
  /** Where the durations come from (see {@link DurationSource}). */
  readonly durationSource: Exclude<DurationSource, "config">;
  /** Ascending memory. */
  readonly points: RightsizePoint[];
}

export interface FunctionRightsize {
  readonly name: string;
  readonly requestsPerMonth: number;
  readonly timeoutSeconds: number;
  /** Current setting, priced the same way as the other points. */
  readonly current: RightsizePoint;
  /** Budget for "fastest within budget": `--budget-usd`, else the current cost; null when neither is known. */
  readonly budgetUsd: number | null;
  /** x86_64 then arm64. */
  readonly series: RightsizeSeries[];
  /** Cheapest priced point (ties in cents: lower unrounded cost, faster, arm64, less memory); null when none is priced. */
  readonly cheapest: RightsizePoint | null;
  /** current − cheapest, USD; null when either is unpriced. */
  readonly savingsUsd: number | null;
  /** Fastest point costing at most `budgetUsd` (ties: cheaper, then less memory). */
  readonly fastestWithinBudget: RightsizePoint | null;
  readonly notes: string[];
  /** Functions with provisioned concurrency: on-demand, fixed and scheduled compared (issue 18). */
  readonly provisioned?: PcModeComparison;
}

export interface RightsizeReport {
  /** How durations were obtained: the CPU-scaling model's statement, or which functions were measured. */
  readonly durationModel: string;
  readonly pricing: string;
  readonly memoryGridMb: number[];
  readonly functions: FunctionRightsize[];
}

export interface RightsizeOptions {
  readonly measurements?: Measurements;
  /** Monthly budget per function, USD. @default - each function's current cost */
  readonly budgetUsd?: number;
  /** @default MEMORY_GRID_MB */
  readonly memoryGridMb?: readonly number[];
  /** @default priceTableFor(settings) */
  readonly prices?: PriceTable;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Modelled duration at `memoryMb` from a duration measured at `anchorMb` (see {@link CPU_SCALING_MODEL}). */
export function modelDurationMs(anchorMs: number, anchorMb: number, memoryMb: number): number {
  return (anchorMs * Math.min(anchorMb, ONE_VCPU_MB)) / Math.min(memoryMb, ONE_VCPU_MB);
}

/** Monthly cost of `f` at one setting, or the missing price. Same usage resolution as the cost report. */
export function priceSetting(
  settings: StackSettings,
  f: FunctionSetting,
  architecture: Architecture,
  memoryMb: number,
  avgDurationMs: number,
  prices: PriceTable,
): { monthlyUsd: number | null; unroundedUsd: number | null; noPrice: string | null } {
  const usage = f.usage ?? DEFAULT_USAGE;
  const variant: FunctionSetting = { ...f, architecture, memoryMb, usage: { ...usage, avgDurationMs, scenarios: undefined } };
  const { name: _name, ...fnUsage } = stackUsage({ ...settings, functions: [variant] }, "expected").functions[0]!;
  try {
    const cost = estimateFunctionCost(fnUsage, { freeTier: false, prices, missingPrices: "unpriced" });
    const unpriced = cost.lines.find((l) => l.unpriced !== undefined);
    if (unpriced?.unpriced !== undefined) return { monthlyUsd: null, unroundedUsd: null, noPrice: `${unpriced.unpriced.field} (${fnUsage.region})` };
    const unrounded = cost.lines.reduce((s, l) => s + l.quantity * (l.unitPriceUsd ?? 0), 0);
    return { monthlyUsd: cost.totalUsd, unroundedUsd: Math.round(unrounded * 1e8) / 1e8, noPrice: null };
  } catch (e) {
    if (e instanceof PriceNotFoundError) return { monthlyUsd: null, unroundedUsd: null, noPrice: `${e.field} (${e.region})` };
    if (e instanceof UnknownRegionError) return { monthlyUsd: null, unroundedUsd: null, noPrice: `region ${e.region}` };
    throw e;
  }
}

function cheaper(a: RightsizePoint, b: RightsizePoint): number {
  return a.monthlyUsd! - b.monthlyUsd! || a.unroundedUsd! - b.unroundedUsd! || a.avgDurationMs - b.avgDurationMs || (a.architecture === b.architecture ? 0 : a.architecture === "arm64" ? -1 : 1) || a.memoryMb - b.memoryMb;
}

function faster(a: RightsizePoint, b: RightsizePoint): number {
  return a.avgDurationMs - b.avgDurationMs || a.monthlyUsd! - b.monthlyUsd! || a.unroundedUsd! - b.unroundedUsd! || a.memoryMb - b.memoryMb;
}

function rightsizeFunction(settings: StackSettings, f: FunctionSetting, opts: Required<Pick<RightsizeOptions, "memoryGridMb" | "prices">> & RightsizeOptions): FunctionRightsize {
  const notes: string[] = [];
  const configMs = f.usage?.avgDurationMs ?? DEFAULT_USAGE.avgDurationMs;
  if (!f.usage) notes.push(`no usage in config: default traffic assumed (${DEFAULT_USAGE.requestsPerMonth.toLocaleString("en-US")} requests, ${DEFAULT_USAGE.avgDurationMs} ms)`);
  const maxMb = settings.account.maxMemoryMb;
  const timeoutMs = f.timeoutSeconds * 1000;
  const measured = opts.measurements?.[f.key] ?? {};

  const point = (architecture: Architecture, memoryMb: number, ms: number, durationSource: DurationSource): RightsizePoint => {
    const avgDurationMs = round3(ms);
    const priced = priceSetting(settings, f, architecture, memoryMb, avgDurationMs, opts.prices);
    const notRecommended =
      memoryMb > maxMb ? `above the account's memory quota (${maxMb} MB)` : avgDurationMs > timeoutMs ? `${avgDurationMs} ms exceeds the ${f.timeoutSeconds} s timeout` : null;
    return { architecture, memoryMb, avgDurationMs, durationSource, ...priced, notRecommended };
  };

  // An architecture without measurements borrows the other one's (the model makes the same
  // assumption: same code, same duration); mixing measured and modelled curves would compare a
  // measurement with a guess.
  const measuredArchs = ARCHITECTURES.filter((a) => Object.keys(measured[a] ?? {}).length > 0);
  const borrowFrom = measuredArchs.includes(f.architecture) ? f.architecture : measuredArchs[0];
  const series: RightsizeSeries[] = ARCHITECTURES.map((architecture) => {
    const own = measuredArchs.includes(architecture);
    const table = own ? measured[architecture] : borrowFrom !== undefined ? measured[borrowFrom] : undefined;
    const isCurrentArch = architecture === f.architecture;
    if (table) {
      const source = own ? ("measured" as const) : ("other-architecture" as const);
      const sizes = new Set(Object.keys(table).map(Number));
      const points = [...sizes].map((mb) => point(architecture, mb, table[mb]!, source));
      if (isCurrentArch && !sizes.has(f.memoryMb)) points.push(point(architecture, f.memoryMb, configMs, "config"));
      return { architecture, durationSource: source, points: points.sort((a, b) => a.memoryMb - b.memoryMb) };
    }
    const sizes = new Set([...opts.memoryGridMb.filter((mb) => mb <= maxMb), ...(isCurrentArch ? [f.memoryMb] : [])]);
    const points = [...sizes]
      .sort((a, b) => a - b)
      .map((mb) => (isCurrentArch && mb === f.memoryMb ? point(architecture, mb, configMs, "config") : point(architecture, mb, modelDurationMs(configMs, f.memoryMb, mb), "model")));
    return { architecture, durationSource: "model" as const, points };
  });

  const current = series.find((s) => s.architecture === f.architecture)!.points.find((p) => p.memoryMb === f.memoryMb)!;
  const candidates = series.flatMap((s) => s.points).filter((p) => p.monthlyUsd !== null && p.notRecommended === null);
  const cheapest = [...candidates].sort(cheaper)[0] ?? null;
  const budgetUsd = opts.budgetUsd ?? current.monthlyUsd;
  const fastestWithinBudget = budgetUsd === null ? null : ([...candidates].filter((p) => p.monthlyUsd! <= budgetUsd + 1e-9).sort(faster)[0] ?? null);

  const unpriced = series.flatMap((s) => s.points).filter((p) => p.noPrice !== null);
  if (unpriced.length > 0) {
    const fields = [...new Set(unpriced.map((p) => p.noPrice))].join(", ");
    notes.push(`${unpriced.length} point(s) have no price (${fields}): not estimated; set the price under pricing.overrides to include them`);
  }
  if (current.monthlyUsd === null && opts.budgetUsd === undefined) notes.push("the current setting has no price, so there is no budget for 'fastest within budget'; pass --budget-usd");
  for (const s of series.filter((x) => x.durationSource === "other-architecture")) {
    notes.push(`${s.architecture}: not measured; the durations measured on ${borrowFrom} are assumed (arm64 and x86_64 can differ by tens of percent: measure both)`);
  }

  return {
    name: f.key,
    requestsPerMonth: f.usage?.requestsPerMonth ?? DEFAULT_USAGE.requestsPerMonth,
    timeoutSeconds: f.timeoutSeconds,
    current,
    budgetUsd,
    series,
    cheapest,
    savingsUsd: cheapest && current.monthlyUsd !== null ? Math.round((current.monthlyUsd - cheapest.monthlyUsd!) * 100) / 100 : null,
    fastestWithinBudget,
    notes,
  };
}

/** Right-size every function of a validated stack. */
export function rightsize(settings: StackSettings, options: RightsizeOptions = {}): RightsizeReport {
  const opts = { ...options, memoryGridMb: options.memoryGridMb ?? MEMORY_GRID_MB, prices: options.prices ?? priceTableFor(settings) };
  const measuredKeys = Object.keys(options.measurements ?? {}).filter((k) => settings.functions.some((f) => f.key === k));
  const durationModel =
    measuredKeys.length === 0
      ? CPU_SCALING_MODEL
      : `Measured durations (--measurements) for ${measuredKeys.join(", ")}; an architecture without measurements takes the other one's. Functions without measurements: ${CPU_SCALING_MODEL}`;
  return {
    durationModel,
    pricing: RIGHTSIZE_PRICING,
    memoryGridMb: [...opts.memoryGridMb],
    functions: settings.functions.map((f) => {
      const r = rightsizeFunction(settings, f, opts);
      const provisioned = comparePcModes(settings, f, opts.prices); // issue 18 hook
      return provisioned ? { ...r, provisioned } : r;
    }),
  };
}
