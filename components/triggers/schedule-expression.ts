/**
 * EventBridge Scheduler expressions: `rate(...)` and `cron(...)` parsed and checked, and how often
 * a valid one fires in a month (for the cost report). Pure.
 */
import { CRON_FIELD_SPECS, cronFieldValue, type CronFieldSpec } from "../../pricing/cron-fields";
import { error, type Violation } from "../../pricing/violations";

export type RateUnit = "minute" | "hour" | "day";

export type ParsedSchedule = { readonly kind: "rate"; readonly value: number; readonly unit: RateUnit } | { readonly kind: "cron"; readonly fields: readonly string[] };

/** What a rate expression may look like (used in messages). */
export const RATE_ALLOWED = "rate(<value> <unit>) with an integer value ≥ 1 and unit minute, hour or day, singular for 1 and plural above (rate(1 hour), rate(5 minutes))";

/** What a cron expression may look like (used in messages). */
export const CRON_ALLOWED = "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), 6 fields, exactly one of day-of-month and day-of-week being ?";
interface TriggerCronFieldSpec extends CronFieldSpec {
  readonly kind?: "dom" | "dow";
}

const CRON_FIELDS: readonly TriggerCronFieldSpec[] = [
  CRON_FIELD_SPECS.minutes,
  CRON_FIELD_SPECS.hours,
  { ...CRON_FIELD_SPECS.dom, kind: "dom" },
  CRON_FIELD_SPECS.month,
  { ...CRON_FIELD_SPECS.dow, kind: "dow" },
  CRON_FIELD_SPECS.year,
];

/** Values one cron field selects in a cycle, plus "once a month" specials (L, W, #); or why it is invalid. */
function cronField(text: string, spec: TriggerCronFieldSpec): { values: Set<number>; monthly: number } | { problem: string } {
  const values = new Set<number>();
  let monthly = 0;
  const bad = (why: string) => ({ problem: `${spec.name} field ${JSON.stringify(text)}: ${why}` });
  if (text === "?") return spec.kind ? { values, monthly } : bad("? is only allowed in day-of-month or day-of-week");
  for (const item of text.split(",")) {
    if (item === "") return bad("empty list item");
    if (item === "?") return bad("? must be the whole field");
    if (spec.kind === "dom" && /^(L|LW|\d{1,2}W)$/.test(item)) {
      const day = /^(\d{1,2})W$/.exec(item);
      if (day && (Number(day[1]) < 1 || Number(day[1]) > 31)) return bad(`day ${day[1]} outside 1–31`);
      monthly++;
      continue;
    }
    if (spec.kind === "dow") {
      const last = /^([A-Za-z0-9]+)L$/.exec(item);
      const nth = /^([A-Za-z0-9]+)#([1-5])$/.exec(item);
      if (item === "L" || last || nth) {
        const d = last?.[1] ?? nth?.[1];
        if (d !== undefined && cronFieldValue(d, spec) === undefined) return bad(`day ${d} outside 1–7 (SUN–SAT)`);
        monthly++;
        continue;
      }
    }
    const [rangePart, stepPart, ...extra] = item.split("/");
    if (extra.length > 0) return bad(`"${item}" has more than one /`);
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) < 1) return bad(`step "${stepPart}" is not an integer ≥ 1`);
      step = Number(stepPart);
    }
    let from: number;
    let to: number;
    if (rangePart === "*") {
      from = spec.min;
      to = spec.max;
    } else {
      const [a, b, ...more] = rangePart!.split("-");
      if (more.length > 0) return bad(`"${item}" is not a value, a range a-b or a step x/n`);
      const va = cronFieldValue(a!, spec);
      if (va === undefined) return bad(`"${a}" is outside ${spec.min}–${spec.max}${spec.names ? ` (or ${spec.names[0]}–${spec.names[spec.names.length - 1]})` : ""}`);
      const vb = b === undefined ? (stepPart !== undefined ? spec.max : va) : cronFieldValue(b, spec);
      if (vb === undefined) return bad(`"${b}" is outside ${spec.min}–${spec.max}${spec.names ? ` (or ${spec.names[0]}–${spec.names[spec.names.length - 1]})` : ""}`);
      from = va;
      to = vb;
    }
    // A range may wrap (FRI-MON): walk from `from` up to `to` modulo the cycle.
    const size = spec.max - spec.min + 1;
    const length = ((to - from + size) % size) + 1;
    for (let k = 0; k < length; k += step) values.add(spec.min + ((from - spec.min + k) % size));
  }
  return { values, monthly };
}

/** Parse a schedule expression; `problem` says what is wrong (with {@link RATE_ALLOWED}/{@link CRON_ALLOWED} in mind). */
export function parseScheduleExpression(expression: string): { schedule?: ParsedSchedule; problem?: string } {
  if (expression.startsWith("rate(")) {
    const m = /^rate\((\S+) (\S+)\)$/.exec(expression);
    if (!m) return { problem: "a rate needs exactly one value and one unit, separated by one space" };
    const [, valueText, unitText] = m as unknown as [string, string, string];
    if (!/^\d+$/.test(valueText) || Number(valueText) < 1) return { problem: `value ${JSON.stringify(valueText)} is not an integer ≥ 1` };
    const value = Number(valueText);
    const unit = /^(minute|hour|day)(s?)$/.exec(unitText);
    if (!unit) return { problem: `unit ${JSON.stringify(unitText)} is not minute(s), hour(s) or day(s)` };
    if (value === 1 && unit[2] === "s") return { problem: `a value of 1 takes the singular unit (rate(1 ${unit[1]}))` };
    if (value > 1 && unit[2] === "") return { problem: `a value above 1 takes the plural unit (rate(${value} ${unit[1]}s))` };
    return { schedule: { kind: "rate", value, unit: unit[1] as RateUnit } };
  }
  if (expression.startsWith("cron(")) {
    const m = /^cron\((.*)\)$/.exec(expression);
    const fields = m ? m[1]!.trim().split(/\s+/) : [];
    if (!m || fields.length !== 6) return { problem: `got ${m ? fields.length : 0} fields, need 6` };
    for (const [i, spec] of CRON_FIELDS.entries()) {
      const r = cronField(fields[i]!, spec);
      if ("problem" in r) return { problem: r.problem };
    }
    const dom = fields[2]!;
    const dow = fields[4]!;
    if ((dom === "?") === (dow === "?")) {
      return { problem: `exactly one of day-of-month (${dom}) and day-of-week (${dow}) must be ?` };
    }
    return { schedule: { kind: "cron", fields } };
  }
  if (expression.startsWith("at(")) return { problem: "one-time at(...) schedules are not supported here; use rate(...) or cron(...)" };
  return { problem: "not a rate(...) or cron(...) expression" };
}

/** Problems of one schedule expression. */
export function validateScheduleExpression(expression: unknown, path: string): Violation[] {
  if (typeof expression !== "string") return [error(path, expression, "trigger.schedule.expression", `${RATE_ALLOWED}, or ${CRON_ALLOWED}`)];
  const { problem } = parseScheduleExpression(expression);
  if (problem === undefined) return [];
  const allowed = expression.startsWith("rate(") ? RATE_ALLOWED : expression.startsWith("cron(") ? CRON_ALLOWED : `${RATE_ALLOWED}, or ${CRON_ALLOWED}`;
  return [error(path, expression, "trigger.schedule.expression", allowed, { hint: problem })];
}

/**
 * How often a valid expression fires in a month of `hoursPerMonth` hours (rounded to whole
 * invocations). rate: exact. cron: minutes × hours × days × months/12, with days = day-of-week
 * matches × weeks in the month, or min(day-of-month matches, days in the month); L, W and # items
 * count once a month; the year field is assumed to include the current year.
 */
export function scheduleInvocationsPerMonth(expression: string, hoursPerMonth: number): number {
  const { schedule } = parseScheduleExpression(expression);
  if (schedule === undefined) throw new Error(`invalid schedule expression ${JSON.stringify(expression)}`);
  if (schedule.kind === "rate") {
    const perHour = schedule.unit === "minute" ? 60 / schedule.value : schedule.unit === "hour" ? 1 / schedule.value : 1 / (24 * schedule.value);
    return Math.round(Number((hoursPerMonth * perHour).toPrecision(12)));
  }
  const sets = schedule.fields.map((f, i) => cronField(f, CRON_FIELDS[i]!)) as { values: Set<number>; monthly: number }[];
  const daysInMonth = hoursPerMonth / 24;
  const [minutes, hours, dom, months, dow] = sets as [typeof sets[0], typeof sets[0], typeof sets[0], typeof sets[0], typeof sets[0]];
  const days = schedule.fields[2] === "?" ? (dow.values.size * daysInMonth) / 7 + dow.monthly : Math.min(dom.values.size, daysInMonth) + dom.monthly;
  return Math.round(Number((minutes.values.size * hours.values.size * days * (months.values.size / 12)).toPrecision(12)));
}
