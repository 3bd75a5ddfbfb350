/**
 * The function's CloudWatch alarms: settings and defaults, their checks, and the alarm definitions
 * (errors, throttles, p99 duration against the timeout; canary alarms while a canary runs). Pure.
 */
import { error, type Violation } from "../../pricing/violations";
import { definedOnly } from "./defaults";

/** CloudWatch alarms on the alias, as a caller gives them: every field optional. */
export interface AlarmOptions {
  /** @default true */
  readonly enabled?: boolean;
  /** Errors per period that trip the alarm. @default 1 */
  readonly errorsThreshold?: number;
  /** Throttles per period that trip the alarm. @default 1 */
  readonly throttlesThreshold?: number;
  /** p99 duration, as a percentage of the timeout, that trips the alarm. @default 80 */
  readonly p99DurationPercentOfTimeout?: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly evaluationPeriods?: number;
}

/** {@link AlarmOptions} with the defaults applied. */
export type AlarmSettings = Required<AlarmOptions>;

/** Alarm defaults, written once: the stack schema, the component and the release CLI use them. */
export const DEFAULT_ALARM_SETTINGS: AlarmSettings = Object.freeze({
  enabled: true,
  errorsThreshold: 1,
  throttlesThreshold: 1,
  p99DurationPercentOfTimeout: 80,
  periodSeconds: 60,
  evaluationPeriods: 3,
});

/** Defaults first, so that every field the caller gives wins. */
export function resolveAlarmSettings(options: AlarmOptions | undefined): AlarmSettings {
  return { ...DEFAULT_ALARM_SETTINGS, ...definedOnly(options ?? {}) };
}

export interface AlarmSpec {
  /** Logical-name role, e.g. `alarm-errors`, `canary-alarm-errors`. */
  readonly role: string;
  readonly metricName: "Errors" | "Throttles" | "Duration";
  readonly statistic?: "Sum";
  readonly extendedStatistic?: "p99";
  readonly threshold: number;
  readonly description: string;
  /** True for alarms on the canary version (dimension `ExecutedVersion`). */
  readonly canary: boolean;
}

/**
 * Alarms on the alias (and, during a canary, on the canary version through the alias's
 * `ExecutedVersion` dimension): errors, throttles, p99 duration against the timeout.
 */
export function alarmSpecs(a: AlarmSettings, timeoutSeconds: number, canary: boolean): AlarmSpec[] {
  if (!a.enabled) return [];
  const durationMs = Math.round((timeoutSeconds * 1000 * a.p99DurationPercentOfTimeout) / 100);
  const base = (prefix: string, isCanary: boolean): AlarmSpec[] => [
    { role: `${prefix}alarm-errors`, metricName: "Errors", statistic: "Sum", threshold: a.errorsThreshold, description: `Errors ≥ ${a.errorsThreshold} per ${a.periodSeconds} s`, canary: isCanary },
    { role: `${prefix}alarm-throttles`, metricName: "Throttles", statistic: "Sum", threshold: a.throttlesThreshold, description: `Throttles ≥ ${a.throttlesThreshold} per ${a.periodSeconds} s`, canary: isCanary },
    { role: `${prefix}alarm-p99-duration`, metricName: "Duration", extendedStatistic: "p99", threshold: durationMs, description: `p99 duration ≥ ${durationMs} ms (${a.p99DurationPercentOfTimeout} % of the ${timeoutSeconds} s timeout)`, canary: isCanary },
  ];
  // Throttled invocations never execute a version, so Throttles has no ExecutedVersion data:
  // the canary gets errors and duration alarms only (throttles stay on the alias alarm).
  return canary ? [...base("", false), ...base("canary-", true).filter((s) => s.metricName !== "Throttles")] : base("", false);
}

/** Problems with alarm settings CloudWatch would reject or that can never fire. */
export function validateAlarmSettings(a: AlarmSettings, path: string): Violation[] {
  const out: Violation[] = [];
  const add = (field: string, value: unknown, rule: string, allowed: string) => out.push(error(`${path}.${field}`, value, rule, allowed));
  if (!(a.p99DurationPercentOfTimeout > 0 && a.p99DurationPercentOfTimeout <= 100)) add("p99DurationPercentOfTimeout", a.p99DurationPercentOfTimeout, "alarm.threshold", "a number above 0 and at most 100");
  const p = a.periodSeconds;
  if (!Number.isInteger(p) || !([10, 20, 30].includes(p) || (p >= 60 && p % 60 === 0))) add("periodSeconds", p, "alarm.period", "10, 20, 30 or a multiple of 60");
  if (!Number.isInteger(a.evaluationPeriods) || a.evaluationPeriods < 1) add("evaluationPeriods", a.evaluationPeriods, "alarm.evaluationPeriods", "an integer ≥ 1");
  for (const field of ["errorsThreshold", "throttlesThreshold"] as const) {
    if (!(Number.isFinite(a[field]) && a[field] >= 1)) add(field, a[field], "alarm.threshold", "a number ≥ 1 (a threshold below 1 fires on every period)");
  }
  return out;
}
