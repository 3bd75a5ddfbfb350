/**
 * Application Auto Scaling schedule expressions (the `Schedule` of PutScheduledAction) and when they
 * fire, in a time zone. Pure: instants are UTC milliseconds passed in, time zones go through `Intl`.
 *
 * Syntax (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html,
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html):
 * - `at(yyyy-mm-ddThh:mm:ss)`: once, at that local time;
 * - `rate(value unit)`: value a positive integer, unit minute(s), hour(s) or day(s);
 * - `cron(minutes hours day-of-month month day-of-week year)`: 6 fields, EventBridge's cron syntax
 *   (`, - * / ? L W #`, exactly one of day-of-month and day-of-week is `?`); day-of-week 1–7 = SUN–SAT.
 * `at` and `cron` are read in the action's time zone (UTC when none), an IANA name.
 *
 * Local times a daylight-saving change skips (02:30 on a spring-forward night in New York) fire at the
 * same wall-clock distance after the change (03:30 EDT); times it repeats (01:30 on a fall-back night)
 * fire once, at the first occurrence (java.time's `ZonedDateTime.of` rules, which Joda-Time shares).
 */
import { CRON_FIELD_SPECS, cronFieldValue, type CronFieldSpec } from "./cron-fields";

export type AasSchedule =
  | { readonly kind: "at"; readonly local: LocalDateTime }
  | { readonly kind: "rate"; readonly minutes: number }
  | { readonly kind: "cron"; readonly cron: CronSpec };

export interface LocalDateTime {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export interface CronSpec {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Day-of-month items; `undefined` when the field is `?`. */
  readonly dom?: readonly DomItem[];
  readonly months: ReadonlySet<number>;
  /** Day-of-week items (1 = SUN … 7 = SAT); `undefined` when the field is `?`. */
  readonly dow?: readonly DowItem[];
  /** `undefined`: every year. */
  readonly years?: ReadonlySet<number>;
}

type DomItem = { readonly kind: "day"; readonly day: number } | { readonly kind: "last" } | { readonly kind: "lastWeekday" } | { readonly kind: "nearestWeekday"; readonly day: number };
type DowItem = { readonly kind: "day"; readonly dow: number } | { readonly kind: "last"; readonly dow: number } | { readonly kind: "nth"; readonly dow: number; readonly n: number };

/** What an expression may look like (used in messages). */
export const AAS_SCHEDULE_ALLOWED =
  "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with 6 fields and exactly one of day-of-month and day-of-week being ?, " +
  "rate(<value> <unit>) with an integer value ≥ 1 and unit minute(s), hour(s) or day(s), or at(yyyy-mm-ddThh:mm:ss)";

function outside(text: string, spec: CronFieldSpec): string {
  return `"${text}" is outside ${spec.min}–${spec.max}${spec.names ? ` (or ${spec.names[0]}–${spec.names[spec.names.length - 1]})` : ""}`;
}

/** Values of a plain field (`*`, lists, ranges, steps; ranges may wrap: FRI-MON). */
function plainField(text: string, spec: CronFieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    if (item === "") return "empty list item";
    const [range, stepText, ...extra] = item.split("/");
    if (extra.length > 0) return `"${item}" has more than one /`;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) return `step "${stepText}" is not an integer ≥ 1`;
      step = Number(stepText);
    }
    let from = spec.min;
    let to = spec.max;
    if (range !== "*") {
      const [a, b, ...more] = range!.split("-");
      if (more.length > 0) return `"${item}" is not a value, a range a-b or a step x/n`;
      const va = cronFieldValue(a!, spec);
      if (va === undefined) return outside(a!, spec);
      const vb = b === undefined ? (stepText !== undefined ? spec.max : va) : cronFieldValue(b, spec);
      if (vb === undefined) return outside(b!, spec);
      from = va;
      to = vb;
    }
    const size = spec.max - spec.min + 1;
    const length = to >= from ? to - from + 1 : spec.name === "year" ? 0 : ((to - from + size) % size) + 1;
    if (length === 0) return `range "${item}" runs backwards`;
    for (let k = 0; k < length; k += step) values.add(spec.min + ((from - spec.min + k) % size));
  }
  return values;
}

function domField(text: string): DomItem[] | string {
  const out: DomItem[] = [];
  for (const item of text.split(",")) {
    if (item === "L") out.push({ kind: "last" });
    else if (item === "LW") out.push({ kind: "lastWeekday" });
    else if (/^\d{1,2}W$/.test(item)) {
      const day = Number(item.slice(0, -1));
      if (day < 1 || day > 31) return `day ${day} outside 1–31`;
      out.push({ kind: "nearestWeekday", day });
    } else {
      const values = plainField(item, CRON_FIELD_SPECS.dom);
      if (typeof values === "string") return values;
      for (const day of values) out.push({ kind: "day", day });
    }
  }
  return out;
}

function dowField(text: string): DowItem[] | string {
  const out: DowItem[] = [];
  for (const item of text.split(",")) {
    const last = /^([A-Za-z0-9]+)L$/.exec(item);
    const nth = /^([A-Za-z0-9]+)#([1-5])$/.exec(item);
    if (item === "L") out.push({ kind: "day", dow: 7 });
    else if (last || nth) {
      const d = cronFieldValue((last ?? nth)![1]!, CRON_FIELD_SPECS.dow);
      if (d === undefined) return outside((last ?? nth)![1]!, CRON_FIELD_SPECS.dow);
      out.push(last ? { kind: "last", dow: d } : { kind: "nth", dow: d, n: Number(nth![2]) });
    } else {
      const values = plainField(item, CRON_FIELD_SPECS.dow);
      if (typeof values === "string") return values;
      for (const dow of values) out.push({ kind: "day", dow });
    }
  }
  return out;
}

const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

/** Parse an Application Auto Scaling schedule; `problem` says what is wrong. */
export function parseAasSchedule(expression: string): { schedule: AasSchedule } | { problem: string } {
  if (expression.startsWith("at(")) {
    const m = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
    if (!m) return { problem: "an at expression is at(yyyy-mm-ddThh:mm:ss), e.g. at(2026-12-24T08:00:00)" };
    const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
      return { problem: `${expression.slice(3, -1)} is not a date and time of the calendar` };
    }
    return { schedule: { kind: "at", local: { year, month, day, hour, minute, second } } };
  }
  if (expression.startsWith("rate(")) {
    const m = /^rate\((\S+) (\S+)\)$/.exec(expression);
    if (!m) return { problem: "a rate needs exactly one value and one unit, separated by one space" };
    if (!/^\d+$/.test(m[1]!) || Number(m[1]) < 1) return { problem: `value ${JSON.stringify(m[1])} is not an integer ≥ 1` };
    const value = Number(m[1]);
    const unit = /^(minute|hour|day)s?$/.exec(m[2]!);
    if (!unit) return { problem: `unit ${JSON.stringify(m[2])} is not minute(s), hour(s) or day(s)` };
    return { schedule: { kind: "rate", minutes: value * (unit[1] === "minute" ? 1 : unit[1] === "hour" ? 60 : 1440) } };
  }
  if (expression.startsWith("cron(")) {
    const m = /^cron\((.*)\)$/.exec(expression);
    const fields = m ? m[1]!.trim().split(/\s+/).filter((f) => f !== "") : [];
    if (!m || fields.length !== 6) return { problem: `got ${fields.length} fields, need 6 (minutes hours day-of-month month day-of-week year)` };
    const [mi, h, dom, mo, dow, y] = fields as [string, string, string, string, string, string];
    if ((dom === "?") === (dow === "?")) return { problem: `exactly one of day-of-month (${dom}) and day-of-week (${dow}) must be ?` };
    const bad = (spec: CronFieldSpec, text: string, why: string) => ({ problem: `${spec.name} field ${JSON.stringify(text)}: ${why}` });
    for (const [spec, text] of [[CRON_FIELD_SPECS.minutes, mi], [CRON_FIELD_SPECS.hours, h], [CRON_FIELD_SPECS.month, mo], [CRON_FIELD_SPECS.year, y]] as const) {
      if (text === "?") return bad(spec, text, "? is only allowed in day-of-month or day-of-week");
    }
    const minutes = plainField(mi, CRON_FIELD_SPECS.minutes);
    if (typeof minutes === "string") return bad(CRON_FIELD_SPECS.minutes, mi, minutes);
    const hours = plainField(h, CRON_FIELD_SPECS.hours);
    if (typeof hours === "string") return bad(CRON_FIELD_SPECS.hours, h, hours);
    const months = plainField(mo, CRON_FIELD_SPECS.month);
    if (typeof months === "string") return bad(CRON_FIELD_SPECS.month, mo, months);
    const years = y === "*" ? undefined : plainField(y, CRON_FIELD_SPECS.year);
    if (typeof years === "string") return bad(CRON_FIELD_SPECS.year, y, years);
    const domItems = dom === "?" ? undefined : domField(dom);
    if (typeof domItems === "string") return bad(CRON_FIELD_SPECS.dom, dom, domItems);
    const dowItems = dow === "?" ? undefined : dowField(dow);
    if (typeof dowItems === "string") return bad(CRON_FIELD_SPECS.dow, dow, dowItems);
    return { schedule: { kind: "cron", cron: { minutes: sorted(minutes), hours: sorted(hours), dom: domItems, months, dow: dowItems, years } } };
  }
  return { problem: "not a cron(...), rate(...) or at(...) expression" };
}

// ---------------------------------------------------------------------------------------------
// Calendar and time zones
// ---------------------------------------------------------------------------------------------

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Day of week 1 = SUN … 7 = SAT (cron numbering). */
function dayOfWeek(year: number, month: number, day: number): number {
  return ((Math.floor(Date.UTC(year, month - 1, day) / 86_400_000) + 4) % 7 + 7) % 7 + 1;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Whether `name` is an IANA time zone name `Intl` knows, written as Intl writes it. Returns the
 * correctly written name when only the letter case differs (`america/new_york`), else undefined.
 */
export function checkTimeZone(name: string): { ok: true } | { ok: false; suggestion?: string } {
  if (name === "" || name.trim() !== name) return { ok: false };
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return { ok: false };
  }
  if (resolved === name) return { ok: true };
  // An alias (US/Eastern → America/New_York) resolves to another name: fine, as long as it is written right.
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const exact = known.find((z) => z === name);
  if (exact !== undefined || ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].includes(name)) return { ok: true };
  const folded = known.find((z) => z.toLowerCase() === name.toLowerCase());
  if (folded !== undefined) return { ok: false, suggestion: folded };
  if (resolved.toLowerCase() === name.toLowerCase()) return { ok: false, suggestion: resolved };
  // Other aliases Intl accepts (Asia/Calcutta, US/Eastern) are IANA link names AWS also takes.
  return /^[A-Za-z]/.test(name) && name.split("/").every((p) => /^[A-Z][A-Za-z0-9_+-]*$|^GMT[+-]\d{1,2}$/.test(p)) ? { ok: true } : { ok: false, suggestion: resolved };
}

/** Local wall-clock time of UTC instant `ms` in `timeZone` (seconds precision). */
export function toLocal(ms: number, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
}

/** UTC offset (local − UTC, ms) of `timeZone` at instant `ms`. */
export function offsetMs(ms: number, timeZone: string): number {
  const t = Math.floor(ms / 1000) * 1000;
  const l = toLocal(t, timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - t;
}

/**
 * The UTC instant of a local wall-clock time. A time repeated by a fall-back change maps to its first
 * occurrence; a time skipped by a spring-forward change maps to the offset before the change (so it
 * lands the length of the gap later on the clock).
 */
export function fromLocal(l: LocalDateTime, timeZone: string): number {
  const wall = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((u) => offsetMs(u, timeZone) === wall - u);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before;
}

// ---------------------------------------------------------------------------------------------
// Fire times
// ---------------------------------------------------------------------------------------------

function domMatches(items: readonly DomItem[], y: number, m: number, d: number): boolean {
  const last = daysInMonth(y, m);
  const weekday = (day: number) => {
    const w = dayOfWeek(y, m, day);
    return w >= 2 && w <= 6;
  };
  // Nearest weekday to `day` within the month (W never crosses a month boundary).
  const nearest = (day: number) => {
    const target = Math.min(day, last);
    if (weekday(target)) return target;
    const w = dayOfWeek(y, m, target);
    if (w === 7) return target - 1 >= 1 ? target - 1 : target + 2;
    return target + 1 <= last ? target + 1 : target - 2;
  };
  return items.some((it) => {
    if (it.kind === "day") return it.day === d;
    if (it.kind === "last") return d === last;
    if (it.kind === "lastWeekday") return d === nearest(last);
    return d === nearest(it.day);
  });
}

function dowMatches(items: readonly DowItem[], y: number, m: number, d: number): boolean {
  const w = dayOfWeek(y, m, d);
  return items.some((it) => {
    if (it.dow !== w) return false;
    if (it.kind === "day") return true;
    if (it.kind === "last") return d + 7 > daysInMonth(y, m);
    return Math.ceil(d / 7) === it.n;
  });
}

function dayMatches(c: CronSpec, y: number, m: number, d: number): boolean {
  if (!c.months.has(m) || (c.years !== undefined && !c.years.has(y))) return false;
  return c.dom !== undefined ? domMatches(c.dom, y, m, d) : dowMatches(c.dow!, y, m, d);
}

/**
 * Instants (UTC ms, ascending) in `[fromMs, toMs)` at which `schedule` fires in `timeZone`.
 * A rate has no calendar anchor (AWS starts it when the action is created): `rateAnchorMs` is the
 * instant one of its firings is assumed at.
 */
export function fireTimes(schedule: AasSchedule, timeZone: string, fromMs: number, toMs: number, rateAnchorMs = fromMs): number[] {
  if (toMs <= fromMs) return [];
  if (schedule.kind === "at") {
    const t = fromLocal(schedule.local, timeZone);
    return t >= fromMs && t < toMs ? [t] : [];
  }
  if (schedule.kind === "rate") {
    const step = schedule.minutes * 60_000;
    const out: number[] = [];
    for (let t = rateAnchorMs + Math.ceil((fromMs - rateAnchorMs) / step) * step; t < toMs; t += step) out.push(t);
    return out;
  }
  const c = schedule.cron;
  const out = new Set<number>();
  // Walk the local calendar days that can hold an instant of the window (a day either side for the offset).
  const first = toLocal(fromMs - 86_400_000, timeZone);
  const lastDay = toLocal(toMs + 86_400_000, timeZone);
  const endDay = Date.UTC(lastDay.year, lastDay.month - 1, lastDay.day);
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= endDay; day += 86_400_000) {
    const { year: y, month, day: date } = toLocal(day, "UTC");
    if (!dayMatches(c, y, month, date)) continue;
    for (const hour of c.hours) {
      for (const minute of c.minutes) {
        const t = fromLocal({ year: y, month, day: date, hour, minute, second: 0 }, timeZone);
        if (t >= fromMs && t < toMs) out.add(t);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}
