/**
 * The rules of a provisioned-concurrency scaling block (issue 18): capacities against the
 * reservation and the account, the target utilisation, schedule names, kinds, expressions, time
 * zones and overlaps, and the weighted-alias hold. Pure; every problem at once, with its config path.
 */
import { maxReservableConcurrency, unreservedConcurrencyFloor } from "../../pricing";
import { AAS_SCHEDULE_ALLOWED, checkTimeZone, fireTimes, parseAasSchedule, toLocal } from "../../pricing/aas-schedule";
import { billingMonthRange } from "../../pricing/pc-schedule";
import { Collector, error, type Violation } from "../../pricing/violations";
import { KINDS, PC_SCALING, scheduledActionName, type PcScalingSettings, type PcScheduleConfig } from "./pc-scaling-settings";

export interface PcScalingContext {
  /** The function's reserved concurrency. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** Account concurrency quota. @default 1000 */
  readonly concurrencyLimit?: number;
  /** Canary weight of the alias (> 0: the alias has weights). */
  readonly canaryWeight?: number;
  /** Physical function and alias names, for the action-name length. */
  readonly functionName?: string;
  readonly aliasName?: string;
  /** Billing month "YYYY-MM": overlaps are looked for in the twelve months from it. @default - not looked for */
  readonly month?: string;
}

/**
 * Every problem of a scaling block at once, each with its config path (`path` is the
 * `provisionedConcurrency` path), the value given and what is allowed.
 */
export function validatePcScaling(s: PcScalingSettings, path: string, ctx: PcScalingContext = {}, raw?: readonly PcScheduleConfig[]): Violation[] {
  const problems = new Collector();
  const out = problems.out;
  const add = (p: string, value: unknown, rule: string, allowed: string, hint = "") => problems.error(p, value, rule, allowed, hint ? { hint } : {});

  const limit = ctx.concurrencyLimit ?? 1000;
  const reserved = ctx.reservedConcurrency;
  const cap = reserved !== undefined ? reserved : maxReservableConcurrency(limit);
  const capText =
    reserved !== undefined
      ? `≤ reservedConcurrency ${reserved}`
      : `≤ ${cap} (account concurrency ${limit} − ${unreservedConcurrencyFloor(limit)} unreserved minimum, account.concurrencyLimit)`;

  const capacity = (p: string, c: { min: number; max: number }) => {
    const minOk = Number.isInteger(c.min) && c.min >= 0;
    const maxOk = Number.isInteger(c.max) && c.max >= 1;
    if (!minOk) add(`${p}.min`, c.min, "pc.scaling.min", "an integer ≥ 0");
    if (!maxOk) add(`${p}.max`, c.max, "pc.scaling.max", "an integer ≥ 1");
    if (minOk && maxOk && c.min > c.max) add(`${p}.min`, c.min, "pc.scaling.minAboveMax", `at most max (${c.max})`);
    if (maxOk && c.max > cap) {
      add(`${p}.max`, c.max, "pc.scaling.maxAboveCap", `an integer ${capText}`, reserved !== undefined ? "AWS rejects provisioned concurrency above the reserved concurrency" : "without a reservation, provisioned concurrency comes from the unreserved pool, which must keep its minimum");
    } else if (maxOk && reserved !== undefined && c.max === reserved && reserved > 0) {
      problems.warn(`${p}.max`, c.max, "pc.scaling.maxEqualsReserved", `an integer < reservedConcurrency ${reserved}`, "at max, nothing is left for $LATEST and unaliased invocations, which are throttled");
    }
  };
  capacity(path, s);

  const t = s.targetUtilization;
  if (!(Number.isFinite(t) && t >= PC_SCALING.minTargetUtilization && t <= PC_SCALING.maxTargetUtilization)) {
    add(`${path}.targetUtilization`, t, "pc.scaling.targetUtilization", `a number ${PC_SCALING.minTargetUtilization}–${PC_SCALING.maxTargetUtilization} (share of the provisioned concurrency in use that target tracking aims at)`, "omit it for 0.7");
  }

  const names = new Map<string, number>();
  const valid: number[] = [];
  s.schedules.forEach((x, i) => {
    const p = `${path}.schedules.${i}`;
    const before = out.length;
    if (!/^[^:/|\s][^:/|]*$/.test(x.name) || /\s$/.test(x.name)) {
      add(`${p}.name`, x.name, "pc.schedule.name", "a name without :, / or | and without leading or trailing spaces");
    } else if (names.has(x.name)) {
      add(`${p}.name`, x.name, "pc.schedule.name", "a name unique among the function's schedules", `also schedules.${names.get(x.name)}`);
    } else {
      names.set(x.name, i);
      const full = ctx.functionName !== undefined && ctx.aliasName !== undefined ? scheduledActionName(ctx.functionName, ctx.aliasName, x.name) : x.name;
      if (full.length > PC_SCALING.actionNameMaxLength) add(`${p}.name`, x.name, "pc.schedule.name", `a shorter name: the action name ${full.length > 80 ? `${full.slice(0, 77)}...` : full} has ${full.length} characters, at most ${PC_SCALING.actionNameMaxLength}`);
    }
    const given = raw?.[i];
    // Without the raw config (the component's args), the expression's own prefix names the kind.
    const kinds: string[] = given ? KINDS.filter((k) => given[k] !== undefined) : [KINDS.find((k) => x.expression.startsWith(`${k}(`)) ?? "expression"];
    if (kinds.length !== 1) {
      add(p, given ? Object.fromEntries(KINDS.filter((k) => given[k] !== undefined).map((k) => [k, given[k]])) : undefined, "pc.schedule.kind", "exactly one of cron, rate or at");
    } else {
      const parsed = parseAasSchedule(x.expression);
      if ("problem" in parsed) add(`${p}.${kinds[0]}`, given?.[kinds[0] as (typeof KINDS)[number]] ?? x.expression, "pc.schedule.expression", AAS_SCHEDULE_ALLOWED, parsed.problem);
      else if (parsed.schedule.kind === "rate" && x.timezone !== undefined) {
        problems.warn(`${p}.timezone`, x.timezone, "pc.schedule.timezone", "no time zone with rate(...)", "a rate has no clock time, so the time zone is ignored");
      }
    }
    if (x.timezone !== undefined) {
      const tz = checkTimeZone(x.timezone);
      if (!tz.ok) add(`${p}.timezone`, x.timezone, "pc.schedule.timezone", "an IANA time zone name such as America/New_York, Europe/Berlin or UTC", tz.suggestion ? `did you mean "${tz.suggestion}"?` : "");
    }
    capacity(p, x);
    if (out.slice(before).every((v) => v.severity !== "error")) valid.push(i);
  });

  // A rate action re-applies its capacity every interval, undoing the others' changes.
  const rates = valid.filter((i) => s.schedules[i]!.expression.startsWith("rate("));
  if (rates.length > 0 && s.schedules.length > 1) {
    for (const i of rates) {
      problems.warn(`${path}.schedules.${i}.rate`, s.schedules[i]!.expression, "pc.schedule.overlap", "cron(...) or at(...) next to other schedules", "a rate(...) action sets its capacity again every interval, overriding what the other schedules set in between");
    }
  }
  if (ctx.month !== undefined) problems.push(...overlaps(s, valid, path, ctx.month));

  if (ctx.canaryWeight !== undefined && ctx.canaryWeight > 0) {
    problems.add({
      path: `${path}`,
      value: ctx.canaryWeight,
      rule: "pc.scaling.weighted",
      message: `${path}: the alias has weights (release.canaryWeight ${ctx.canaryWeight}): scaling is suspended and capacity changes are held until promote or rollback, because AWS rejects provisioned-concurrency changes on an alias with weights`,
      severity: "warning",
    });
  }
  return out;
}

/**
 * Schedules that fire at the same instant (within the twelve months from `month`): which capacity
 * wins is undefined. Checked pairwise on their firing times; a schedule that fires more than 10,000
 * times in a month is checked over that month only.
 */
function overlaps(s: PcScalingSettings, valid: readonly number[], path: string, month: string): Violation[] {
  const range = billingMonthRange(month);
  if (range === undefined || valid.length < 2) return [];
  const out: Violation[] = [];
  const firings = new Map<number, Set<number>>();
  for (const i of valid) {
    const x = s.schedules[i]!;
    const parsed = parseAasSchedule(x.expression);
    if (!("schedule" in parsed) || parsed.schedule.kind === "rate") continue;
    const tz = x.timezone ?? "UTC";
    const first = fireTimes(parsed.schedule, tz, range.fromMs, range.toMs);
    const [y, m] = month.split("-").map(Number) as [number, number];
    const year = first.length > 10_000 ? first : fireTimes(parsed.schedule, tz, range.fromMs, Date.UTC(y + 1, m - 1, 1));
    firings.set(i, new Set(year));
  }
  const keys = [...firings.keys()];
  for (let a = 0; a < keys.length; a++) {
    for (let b = a + 1; b < keys.length; b++) {
      const ia = keys[a]!;
      const ib = keys[b]!;
      const fa = firings.get(ia)!;
      const common = [...firings.get(ib)!].filter((t) => fa.has(t));
      if (common.length === 0) continue;
      const xa = s.schedules[ia]!;
      const xb = s.schedules[ib]!;
      const p = `${path}.schedules.${ib}`;
      const got = `"${xb.name}" (${xb.expression}${xb.timezone ? ` ${xb.timezone}` : ""}) fires at the same instant as schedules.${ia} "${xa.name}" (${xa.expression}${xa.timezone ? ` ${xa.timezone}` : ""}), first at ${utcMinute(common[0]!)}Z (${common.length} time(s) in the 12 months from ${month})`;
      out.push(error(p, xb.expression, "pc.schedule.overlap", "schedules that never fire at the same instant", { got, hint: "which capacity wins is undefined" }));
    }
  }
  return out;
}

/** `2026-03-02T13:00` for a UTC instant (no Date object: this module stays free of clocks). */
function utcMinute(ms: number): string {
  const l = toLocal(ms, "UTC");
  const p = (n: number) => String(n).padStart(2, "0");
  return `${l.year}-${p(l.month)}-${p(l.day)}T${p(l.hour)}:${p(l.minute)}`;
}
