/**
 * The six fields of AWS's cron expressions, `cron(minutes hours day-of-month month day-of-week year)`,
 * shared by EventBridge Scheduler (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based)
 * and Application Auto Scaling scheduled actions
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html):
 * the same ranges and names in both. Pure.
 */

export const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
/** Day-of-week 1–7 is SUN–SAT in AWS's cron (not 0–6 as in Unix cron). */
export const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

/** One field: its name in messages, its numeric range and, for month and day-of-week, its names. */
export interface CronFieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

export const CRON_FIELD_SPECS = {
  minutes: { name: "minutes", min: 0, max: 59 },
  hours: { name: "hours", min: 0, max: 23 },
  dom: { name: "day-of-month", min: 1, max: 31 },
  month: { name: "month", min: 1, max: 12, names: MONTH_NAMES },
  dow: { name: "day-of-week", min: 1, max: 7, names: DAY_NAMES },
  year: { name: "year", min: 1970, max: 2199 },
} as const satisfies Record<string, CronFieldSpec>;

/** The number a field's single value stands for (digits or a name, case-insensitive), or `undefined` when out of range. */
export function cronFieldValue(text: string, spec: CronFieldSpec): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : undefined;
  }
  const i = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? spec.min + i : undefined;
}
