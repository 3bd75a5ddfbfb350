/**
 * Right-sizing of provisioned concurrency (issue 18): on-demand, a fixed value and the configured
 * schedule, each priced by the real pricing engine at the function's expected traffic, the cheapest
 * named, with the break-even utilisation derived from the region's prices (see
 * `pcBreakEvenUtilization` for the formula). Pure.
 */
import type { PriceTable } from "../pricing";
import { regionPricesFor } from "../pricing";
import { expandPcMonth, pcBreakEvenUtilization } from "../pricing/pc-schedule";
import { peakMax, toScalingSpec } from "../components/private-function/pc-scaling-settings";
import { DEFAULT_USAGE } from "../report/cost-report";
import { measuredAverage } from "../report/pc-scaling-cost";
import type { FunctionSetting, StackSettings } from "../config/validate";
import { priceSetting } from "./rightsize";

export type PcMode = "on-demand" | "fixed" | "scheduled";

export interface PcModeCost {
  readonly mode: PcMode;
  /** What was priced, e.g. "fixed 20 all month". */
  readonly setting: string;
  /** Monthly cost of the function in this mode; null when a price is missing. */
  readonly monthlyUsd: number | null;
  /** Average utilisation of the provisioned concurrency at the expected traffic (null for on-demand). */
  readonly utilization: number | null;
}

export interface PcModeComparison {
  readonly modes: PcModeCost[];
  /** Cheapest priced mode (ties: on-demand, then scheduled, then fixed); null when none is priced. */
  readonly cheapest: PcMode | null;
  /** Utilisation above which provisioned concurrency is cheaper than on-demand; null when a price is missing. */
  readonly breakEvenUtilization: number | null;
  readonly notes: string[];
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Compare the modes for a function that has provisioned concurrency in config. Fixed: the configured
 * number, or the schedule's largest max (what covers its peak without scaling), for the same hours as
 * the schedule's month. Scheduled: the configured schedule, allocation at the min, or as measured when
 * the usage file has the allocation (as in the report, which prices it the same way).
 */
export function comparePcModes(settings: StackSettings, f: FunctionSetting, prices: PriceTable): PcModeComparison | undefined {
  const scaling = f.provisionedConcurrencyScaling;
  if (scaling === undefined && (f.provisionedConcurrency === undefined || f.provisionedConcurrency <= 0)) return undefined;
  const usage = f.usage ?? DEFAULT_USAGE;
  const durationMs = usage.avgDurationMs;
  const price = (variant: FunctionSetting) => priceSetting(settings, variant, f.architecture, f.memoryMb, durationMs, prices).monthlyUsd;
  // Average concurrency of steady traffic (Little's law), as the cost report assumes.
  const seconds = settings.pricing.hoursPerMonth * 3600;
  const busy = seconds > 0 ? (usage.requestsPerMonth * durationMs) / 1000 / seconds : 0;
  const util = (allocated: number) => (allocated > 0 ? round3(Math.min(1, busy / allocated)) : null);

  const onDemand: FunctionSetting = { ...f, provisionedConcurrency: undefined, provisionedConcurrencyScaling: undefined };
  const modes: PcModeCost[] = [{ mode: "on-demand", setting: "no provisioned concurrency", monthlyUsd: price(onDemand), utilization: null }];
  const notes: string[] = [];
  if (scaling !== undefined && settings.pricing.billingMonth !== undefined) {
    const month = expandPcMonth(toScalingSpec(scaling), settings.pricing.billingMonth);
    const fixed = peakMax(scaling);
    // The schedule's month length for both; requests served inside PC stated (steady traffic, as the report).
    const served = Math.floor(usage.requestsPerMonth * (busy <= fixed ? 1 : fixed / busy));
    const fixedVariant: FunctionSetting = { ...f, provisionedConcurrencyScaling: undefined, provisionedConcurrency: fixed, usage: { ...usage, provisionedHoursPerMonth: month.hours, provisionedRequestsPerMonth: served } };
    modes.push({ mode: "fixed", setting: `fixed ${fixed} (the schedule's largest max) for ${month.hours} h`, monthlyUsd: price(fixedVariant), utilization: util(fixed) });
    const minAverage = month.minConcurrencyHours / month.hours;
    const measured = f.measuredProvisionedConcurrency;
    const average = measured === undefined ? minAverage : measuredAverage(measured, minAverage);
    const allocation = measured === undefined ? "allocation at the min" : `allocation measured ${measured.window}`;
    modes.push({ mode: "scheduled", setting: `the schedule over ${month.month}, ${allocation} (average ${round3(average)})`, monthlyUsd: price(f), utilization: util(average) });
  } else {
    modes.push({ mode: "fixed", setting: `fixed ${f.provisionedConcurrency}`, monthlyUsd: price(f), utilization: util(f.provisionedConcurrency!) });
    notes.push("no schedule in config: set provisionedConcurrency to { min, max, schedules } to compare a scheduled allocation");
  }

  const breakEven = pcBreakEvenUtilization(regionPricesFor(prices, settings.region), f.architecture) ?? null;
  if (breakEven !== null) {
    notes.push(
      `provisioned concurrency pays off above ${(breakEven * 100).toFixed(1)} % utilisation (${f.architecture}, ${settings.region}: PC price ÷ (on-demand duration price − PC duration price)); the expected traffic keeps ${round3(busy)} executions busy on average`,
    );
  }
  const order: PcMode[] = ["on-demand", "scheduled", "fixed"];
  const priced = modes.filter((m) => m.monthlyUsd !== null).sort((a, b) => a.monthlyUsd! - b.monthlyUsd! || order.indexOf(a.mode) - order.indexOf(b.mode));
  if (priced.length < modes.length) notes.push(`${modes.length - priced.length} mode(s) have no price in ${settings.region}: not compared`);
  notes.push("provisioned concurrency also removes cold starts, which this cost comparison does not value");
  return { modes, cheapest: priced[0]?.mode ?? null, breakEvenUtilization: breakEven === null ? null : round3(breakEven), notes };
}
