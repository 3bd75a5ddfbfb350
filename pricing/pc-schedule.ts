/**
 * Provisioned concurrency that follows a schedule: the billing month expanded into the hours spent at
 * each (min, max) capacity the scheduled actions set, and what that costs. Pure: the month is a
 * parameter ("YYYY-MM", a UTC calendar month, as AWS bills), no clock.
 *
 * Model. A scheduled action sets the scalable target's min and max capacity when it fires and the
 * values stay until another action changes them (https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html).
 * Target tracking moves the provisioned concurrency between them. Without measured utilisation the
 * allocated provisioned concurrency is assumed to sit at the min in effect (the least that is billed);
 * the "always-on max" figure prices the largest max all month, the most it can cost.
 */
import type { Architecture, RegionPrices } from "./types";
import { fireTimes, parseAasSchedule } from "./aas-schedule";
import { roundCents } from "./money";

/** A (min, max) capacity of the scalable target. */
export interface PcCapacity {
  readonly min: number;
  readonly max: number;
}

/** One scheduled action. */
export interface PcScheduleEntry extends PcCapacity {
  readonly name: string;
  /** `cron(...)`, `rate(...)` or `at(...)` (Application Auto Scaling syntax). */
  readonly expression: string;
  /** IANA time zone the expression is read in. @default "UTC" */
  readonly timezone?: string;
}

/** The scalable target's own capacity plus its scheduled actions. */
export interface PcScalingSpec extends PcCapacity {
  readonly schedules: readonly PcScheduleEntry[];
}

/** A stretch of the month at one capacity. */
export interface PcSegment extends PcCapacity {
  readonly fromMs: number;
  readonly toMs: number;
  /** The schedule that set it; undefined: the target's own min/max (no action has fired yet). */
  readonly setBy?: string;
}

/** A measured average allocation (usage file, `functions.<key>.observed`). */
export interface MeasuredPcAllocation {
  /** Average allocated provisioned concurrency over the measured periods. */
  readonly avgAllocated: number;
  /** Share (0–1) of the window's periods where the allocation was measurable. */
  readonly coverage: number;
  /** `YYYY-MM-DD/YYYY-MM-DD`. */
  readonly window: string;
}

export interface PcMonth {
  readonly month: string;
  /** Hours in the month (UTC calendar month). */
  readonly hours: number;
  readonly segments: readonly PcSegment[];
  /** Hours at each capacity, in order of first appearance. */
  readonly hoursAt: readonly (PcCapacity & { readonly hours: number })[];
  /** Σ min × hours: provisioned-concurrency hours when the allocation sits at the min. */
  readonly minConcurrencyHours: number;
  /** The largest max of the target and its schedules. */
  readonly peakMax: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `[from, to)` of a billing month "YYYY-MM" (UTC), or undefined when it is not one. */
export function billingMonthRange(month: string): { fromMs: number; toMs: number } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { fromMs: Date.UTC(y, mo - 1, 1), toMs: Date.UTC(y, mo, 1) };
}

interface Firing {
  readonly at: number;
  readonly index: number;
}

function firingsOf(spec: PcScalingSpec, fromMs: number, toMs: number, rateAnchorMs: number): Firing[] {
  const out: Firing[] = [];
  spec.schedules.forEach((s, index) => {
    const parsed = parseAasSchedule(s.expression);
    if (!("schedule" in parsed)) throw new Error(`invalid schedule expression ${JSON.stringify(s.expression)} (${parsed.problem})`);
    for (const at of fireTimes(parsed.schedule, s.timezone ?? "UTC", fromMs, toMs, rateAnchorMs)) out.push({ at, index });
  });
  // Same instant: list order decides (validation reports such overlaps).
  return out.sort((a, b) => a.at - b.at || a.index - b.index);
}

/**
 * Expand `spec` over `month`. The capacity at the start of the month is the one set by the last
 * action that fired in the year before it (else the target's own). A `rate(...)` action is assumed
 * to fire at the start of the month and every interval after (AWS starts it when it is created).
 */
export function expandPcMonth(spec: PcScalingSpec, month: string): PcMonth {
  const range = billingMonthRange(month);
  if (range === undefined) throw new Error(`billing month ${JSON.stringify(month)} is not YYYY-MM`);
  const { fromMs, toMs } = range;

  let state: PcCapacity & { setBy?: string } = { min: spec.min, max: spec.max };
  // The last firing before the month: look back a little first, then up to a year.
  for (const days of [2, 35, 366]) {
    const before = firingsOf(spec, fromMs - days * DAY_MS, fromMs, fromMs);
    const last = before[before.length - 1];
    if (last !== undefined) {
      const s = spec.schedules[last.index]!;
      state = { min: s.min, max: s.max, setBy: s.name };
      break;
    }
  }

  const segments: PcSegment[] = [];
  let start = fromMs;
  for (const f of firingsOf(spec, fromMs, toMs, fromMs)) {
    const s = spec.schedules[f.index]!;
    if (f.at > start) segments.push({ fromMs: start, toMs: f.at, ...state });
    start = f.at;
    state = { min: s.min, max: s.max, setBy: s.name };
  }
  segments.push({ fromMs: start, toMs, ...state });

  const hoursAt: (PcCapacity & { hours: number })[] = [];
  for (const seg of segments) {
    const hours = (seg.toMs - seg.fromMs) / HOUR_MS;
    const same = hoursAt.find((h) => h.min === seg.min && h.max === seg.max);
    if (same) same.hours += hours;
    else hoursAt.push({ min: seg.min, max: seg.max, hours });
  }
  return {
    month,
    hours: (toMs - fromMs) / HOUR_MS,
    segments,
    hoursAt,
    minConcurrencyHours: segments.reduce((sum, seg) => sum + (seg.min * (seg.toMs - seg.fromMs)) / HOUR_MS, 0),
    peakMax: Math.max(spec.max, ...spec.schedules.map((s) => s.max)),
  };
}

/** "120 h at 5–20, 624 h at 1–5" (hours rounded to 2 decimals). */
export function describeHoursAt(m: PcMonth): string {
  return m.hoursAt.map((h) => `${+h.hours.toFixed(2)} h at ${h.min === h.max ? h.min : `${h.min}–${h.max}`}`).join(", ");
}

/**
 * Provisioned-concurrency charge (not the duration of requests it serves) of `concurrencyHours` at
 * `memoryMb`: GB-s = concurrency-hours × 3,600 × memory GB, times the price per GB-s, to the cent.
 */
export function pcChargeUsd(concurrencyHours: number, memoryMb: number, usdPerGbSecond: number): number {
  return roundCents(concurrencyHours * 3600 * (memoryMb / 1024) * usdPerGbSecond);
}

/**
 * Utilisation of provisioned concurrency above which it is cheaper than on-demand for the same work,
 * from the region's prices (`undefined` when one is missing).
 *
 * One unit of concurrency, M GB, for T seconds, busy a fraction u of the time:
 *   provisioned = P_pc × M × T + P_pcDuration × M × u × T
 *   on-demand   = P_onDemand × M × u × T            (request charges are the same on both sides)
 * Equal when u = P_pc / (P_onDemand − P_pcDuration). With us-east-1 x86_64 prices (0.0000041667,
 * 0.0000166667 tier 1, 0.0000097222) that is 0.0000041667 / 0.0000069445 = 0.600. On-demand duration is
 * taken at its first tier (the break-even only rises at later, cheaper tiers).
 */
export function pcBreakEvenUtilization(prices: RegionPrices, architecture: Architecture): number | undefined {
  const l = prices.lambda;
  const pc = l?.provisionedConcurrencyUsdPerGbSecond?.[architecture];
  const pcDuration = l?.provisionedDurationUsdPerGbSecond?.[architecture];
  const onDemand = l?.durationTiers?.[architecture]?.[0]?.usdPerGbSecond;
  if (pc === undefined || pcDuration === undefined || onDemand === undefined || onDemand <= pcDuration) return undefined;
  return pc / (onDemand - pcDuration);
}
