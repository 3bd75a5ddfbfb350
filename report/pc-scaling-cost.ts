/**
 * Scaling provisioned concurrency in the cost report (issue 18). Pure: the billing month comes from
 * the settings (`pricing.billingMonth`, else the month of the run's date).
 *
 * Without measured utilisation the allocation is assumed to sit at the min in effect (what the
 * schedules guarantee, the least that is billed); the report states it as an assumption and shows the
 * "always-on max" charge (the largest max all month) beside it.
 *
 * With a measured allocation (usage file: `observed.avgAllocatedProvisionedConcurrency` and its
 * coverage, from `ProvisionedConcurrentExecutions` ÷ `ProvisionedConcurrencyUtilization`) the average
 * allocation is measured where it could be: covered share × measured average + uncovered share × the
 * schedule's average min. The uncovered periods are those without provisioned-concurrency traffic,
 * where the ratio is undefined; the schedule's min is the least allocated there.
 */
import type { CostLine, PriceTable } from "../pricing";
import { regionPricesFor, roundCents } from "../pricing";
import { describeHoursAt, expandPcMonth, pcChargeUsd, type MeasuredPcAllocation, type PcMonth } from "../pricing/pc-schedule";
import { toScalingSpec } from "../components/private-function/pc-scaling-settings";
import type { FunctionSetting } from "../config/validate";

export interface ScaledPcUsage {
  readonly month: PcMonth;
  /** Average allocation priced: Σ min × hours ÷ hours of the month, or the measured blend. */
  readonly averageConcurrency: number;
  /** The measured allocation the average comes from; absent when assumed at the min. */
  readonly measured?: MeasuredPcAllocation;
  /** Requests served inside provisioned concurrency. */
  readonly pcRequests: number;
}

/**
 * The month's expansion and the requests served by the provisioned concurrency. Steady traffic (as
 * for a fixed value): average concurrency c = requests × duration ÷ seconds of the stack's month; in a
 * stretch at min m, a share min(1, m ÷ c) of the requests is served by it.
 */
export function scaledPcUsage(
  f: FunctionSetting,
  ctx: { readonly requests: number; readonly durationMs: number; readonly hoursPerMonth: number; readonly billingMonth: string | undefined; readonly explicitPcRequests?: number },
  note: (path: string, value: number, why: string) => void,
): ScaledPcUsage {
  const scaling = f.provisionedConcurrencyScaling!;
  if (ctx.billingMonth === undefined) throw new Error(`functions.${f.key}.provisionedConcurrency: no billing month to expand the schedules over (pricing.billingMonth)`);
  const month = expandPcMonth(toScalingSpec(scaling), ctx.billingMonth);
  const minAverage = month.minConcurrencyHours / month.hours;
  const measured = f.measuredProvisionedConcurrency;
  const averageConcurrency = measured === undefined ? minAverage : measuredAverage(measured, minAverage);
  const base = `functions.${f.key}`;
  if (measured === undefined) {
    note(
      `${base}.provisionedConcurrency`,
      round2(averageConcurrency),
      `no measured utilisation: provisioned concurrency assumed at each capacity's min all the time over ${month.month} (UTC month, schedules in their time zones): ${describeHoursAt(month)}, ${round2(month.minConcurrencyHours)} concurrency-hours`,
    );
  } else if (measured.coverage < 1) {
    note(
      `${base}.provisionedConcurrency`,
      round2(minAverage),
      `allocation not measurable in ${round2((1 - measured.coverage) * 100)} % of ${measured.window} (no provisioned-concurrency traffic): assumed at the schedule's average min there`,
    );
  }
  if (f.usage?.provisionedHoursPerMonth !== undefined) note(`${base}.usage.provisionedHoursPerMonth`, month.hours, "ignored: the schedules decide when provisioned concurrency is allocated");
  let pcRequests: number;
  if (ctx.explicitPcRequests !== undefined) pcRequests = Math.min(ctx.explicitPcRequests, ctx.requests);
  else {
    const seconds = ctx.hoursPerMonth * 3600;
    const c = seconds > 0 ? (ctx.requests * ctx.durationMs) / 1000 / seconds : 0;
    const served = month.segments.reduce((sum, seg) => sum + (c <= 0 ? (seg.min > 0 ? 1 : 0) : Math.min(1, seg.min / c)) * (seg.toMs - seg.fromMs), 0) / (month.hours * 3_600_000);
    pcRequests = Math.floor(ctx.requests * served);
    note(`${base}.usage.provisionedRequestsPerMonth`, pcRequests, "steady traffic: in each stretch, requests up to the min provisioned concurrency are served by it");
  }
  return { month, averageConcurrency, pcRequests, ...(measured !== undefined ? { measured } : {}) };
}

/** covered share × measured average + uncovered share × the schedule's average min. */
export function measuredAverage(m: MeasuredPcAllocation, minAverage: number): number {
  const coverage = Math.min(1, Math.max(0, m.coverage));
  return coverage * m.avgAllocated + (1 - coverage) * minAverage;
}

export interface ScaledPcReport {
  readonly billingMonth: string;
  readonly hoursInMonth: number;
  readonly hoursAt: readonly { readonly min: number; readonly max: number; readonly hours: number }[];
  /** Concurrency-hours priced: average allocation (assumed at the min, or measured) × hours. */
  readonly concurrencyHours: number;
  /** Where the allocation comes from: the usage file's measurement, or the schedule's min. */
  readonly allocation: "measured" | "assumed";
  /** The measurement, when `allocation` is "measured". */
  readonly measured?: MeasuredPcAllocation;
  readonly peakMax: number;
  /** The provisioned-concurrency line as priced (assumed or measured allocation); null when unpriced. */
  readonly assumedUsd: number | null;
  /** The largest max all month: peakMax × hours × memory at the same price; null when unpriced. */
  readonly alwaysOnMaxUsd: number | null;
  /** alwaysOnMaxUsd − assumedUsd. */
  readonly savingUsd: number | null;
}

export function scaledPcReport(f: FunctionSetting, u: ScaledPcUsage, lines: readonly CostLine[], prices: PriceTable, region: string): ScaledPcReport {
  const price = regionPricesFor(prices, region).lambda?.provisionedConcurrencyUsdPerGbSecond?.[f.architecture];
  const line = lines.find((l) => l.id === "lambda.provisionedConcurrency");
  const assumedUsd = line === undefined ? (u.averageConcurrency === 0 ? 0 : null) : line.unpriced ? null : line.usd;
  const alwaysOnMaxUsd = price === undefined ? null : pcChargeUsd(u.month.peakMax * u.month.hours, f.memoryMb, price);
  return {
    billingMonth: u.month.month,
    hoursInMonth: u.month.hours,
    hoursAt: u.month.hoursAt.map((h) => ({ ...h, hours: round2(h.hours) })),
    concurrencyHours: round2(u.averageConcurrency * u.month.hours),
    allocation: u.measured !== undefined ? "measured" : "assumed",
    ...(u.measured !== undefined ? { measured: u.measured } : {}),
    peakMax: u.month.peakMax,
    assumedUsd,
    alwaysOnMaxUsd,
    savingUsd: assumedUsd === null || alwaysOnMaxUsd === null ? null : roundCents(alwaysOnMaxUsd - assumedUsd),
  };
}

/** The provisioned-concurrency line's note in terms of the schedule, with the always-on-max charge beside it. */
export function withScaledPcNote(lines: readonly CostLine[], r: ScaledPcReport): CostLine[] {
  return lines.map((l) => {
    if (l.id !== "lambda.provisionedConcurrency") return l;
    const rest = (l.note ?? "").split("; ").slice(1);
    const hoursAt = r.hoursAt.map((h) => `${h.hours} h at ${h.min === h.max ? h.min : `${h.min}–${h.max}`}`).join(", ");
    const always = r.alwaysOnMaxUsd === null ? "" : `; always-on max ${r.peakMax} would be $${r.alwaysOnMaxUsd.toFixed(2)}${r.savingUsd !== null ? ` (saves $${r.savingUsd.toFixed(2)})` : ""}`;
    const m = r.measured;
    const allocation =
      m === undefined
        ? "allocation assumed at the min"
        : `allocation measured ${m.window}: average ${round2(m.avgAllocated)} over ${round2(m.coverage * 100)} % of the window${m.coverage < 1 ? ", the schedule's min elsewhere" : ""}`;
    return { ...l, note: [`schedule over ${r.billingMonth}: ${hoursAt}; ${allocation}, ${r.concurrencyHours} concurrency-hours${always}`, ...rest].join("; ") };
  });
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
