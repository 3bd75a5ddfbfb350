/**
 * Lambda managed runtimes as dated data, and the deprecation check built on it.
 *
 * Pure: no clock. "Today" is a parameter that defaults to the table's `asOf`, so a result never
 * changes because the calendar moved; pass the real date from the one impure caller.
 */

/** Language family of a runtime identifier. */
export type RuntimeFamily = "nodejs" | "python" | "provided";

/** One runtime identifier and the date AWS deprecates it. */
export interface RuntimeEntry {
  /** Identifier as passed to `CreateFunction`, e.g. `nodejs22.x`. */
  readonly runtime: string;
  readonly family: RuntimeFamily;
  /** ISO date (UTC) on which AWS deprecates the runtime, i.e. stops patching it. */
  readonly deprecationDate: string;
  /**
   * AWS already blocks creating and updating functions on it: an error whatever `today` is.
   * @default false
   */
  readonly blocked?: boolean;
  /** Where the date comes from. */
  readonly source: string;
}

export interface RuntimeTable {
  /** Where the table as a whole comes from. */
  readonly source: string;
  /** ISO date the table was last checked; the default "today" of {@link checkRuntime}. */
  readonly asOf: string;
  /** Newest first within each family; order is what error messages list. */
  readonly runtimes: readonly RuntimeEntry[];
}

const FACTS = "aws-facts.md §9 (tflint-ruleset-aws rules/aws_lambda_function_deprecated_runtime.go; https://endoflife.date/aws-lambda)";
const TFLINT = "terraform-linters/tflint-ruleset-aws rules/aws_lambda_function_deprecated_runtime.go";
const NODE_DG = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html";

/**
 * Runtimes this project knows. Java, .NET and Ruby are deliberately absent (aws-facts §9 does not list
 * them): they are "unknown runtime" errors until someone adds dated rows with a source.
 *
 * Blocked rows carry tflint's end-of-support dates for information; they are errors on any date.
 */
export const LAMBDA_RUNTIMES: RuntimeTable = {
  source: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html; " + FACTS,
  // nodejs24.x (the newest row) became available on 2025-11-25, so the table cannot predate that day.
  asOf: "2025-11-25",
  runtimes: [
    { runtime: "nodejs24.x", family: "nodejs", deprecationDate: "2028-04-30", source: NODE_DG },
    { runtime: "nodejs22.x", family: "nodejs", deprecationDate: "2027-04-30", source: NODE_DG },
    { runtime: "nodejs20.x", family: "nodejs", deprecationDate: "2026-04-30", source: NODE_DG },
    { runtime: "nodejs18.x", family: "nodejs", deprecationDate: "2025-09-01", source: FACTS },
    { runtime: "python3.14", family: "python", deprecationDate: "2029-06-30", source: FACTS },
    { runtime: "python3.13", family: "python", deprecationDate: "2029-06-30", source: FACTS },
    { runtime: "python3.12", family: "python", deprecationDate: "2028-10-31", source: FACTS },
    { runtime: "python3.11", family: "python", deprecationDate: "2026-06-30", source: FACTS },
    { runtime: "python3.10", family: "python", deprecationDate: "2026-06-30", source: FACTS },
    { runtime: "python3.9", family: "python", deprecationDate: "2025-12-15", source: FACTS },
    { runtime: "provided.al2023", family: "provided", deprecationDate: "2029-06-30", source: FACTS },
    { runtime: "provided.al2", family: "provided", deprecationDate: "2026-06-30", source: FACTS },
    // Blocked (aws-facts §9: "nodejs16.x, python3.8 and older, go1.x, provided").
    { runtime: "nodejs16.x", family: "nodejs", deprecationDate: "2024-06-12", blocked: true, source: TFLINT },
    { runtime: "nodejs14.x", family: "nodejs", deprecationDate: "2023-12-04", blocked: true, source: TFLINT },
    { runtime: "nodejs12.x", family: "nodejs", deprecationDate: "2023-03-31", blocked: true, source: TFLINT },
    { runtime: "nodejs10.x", family: "nodejs", deprecationDate: "2021-07-30", blocked: true, source: TFLINT },
    { runtime: "nodejs8.10", family: "nodejs", deprecationDate: "2020-03-06", blocked: true, source: TFLINT },
    { runtime: "nodejs6.10", family: "nodejs", deprecationDate: "2019-08-12", blocked: true, source: TFLINT },
    { runtime: "nodejs4.3", family: "nodejs", deprecationDate: "2020-03-05", blocked: true, source: TFLINT },
    { runtime: "nodejs4.3-edge", family: "nodejs", deprecationDate: "2020-03-05", blocked: true, source: TFLINT },
    { runtime: "nodejs", family: "nodejs", deprecationDate: "2016-10-31", blocked: true, source: TFLINT },
    { runtime: "python3.8", family: "python", deprecationDate: "2024-10-14", blocked: true, source: TFLINT },
    { runtime: "python3.7", family: "python", deprecationDate: "2023-12-04", blocked: true, source: TFLINT },
    { runtime: "python3.6", family: "python", deprecationDate: "2022-07-18", blocked: true, source: TFLINT },
    { runtime: "python2.7", family: "python", deprecationDate: "2021-07-15", blocked: true, source: TFLINT },
    { runtime: "go1.x", family: "provided", deprecationDate: "2024-01-08", blocked: true, source: TFLINT },
    { runtime: "provided", family: "provided", deprecationDate: "2024-01-08", blocked: true, source: TFLINT },
  ],
};

/** Days before the deprecation date from which a runtime is a warning. */
export const RUNTIME_WARNING_DAYS = 180;

/** Result of {@link checkRuntime}. `message` has no path: "got …, allowed …[, but …][; …]". */
export interface RuntimeCheck {
  readonly status: "ok" | "warning" | "error";
  /** Rule id when not ok: `lambda.runtime.unknown`, `.deprecated`, `.deprecating` or `.today`. */
  readonly rule?: string;
  /** What is allowed, e.g. `a runtime not deprecated on 2026-05-01: nodejs24.x, …`. */
  readonly allowed?: string;
  /** Empty when ok. */
  readonly message: string;
  /** The table row, when the runtime is known. */
  readonly entry?: RuntimeEntry;
  /** Whole days from `today` to the deprecation date (negative once past), when both are known. */
  readonly daysLeft?: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days since 1970-01-01 of an ISO `YYYY-MM-DD` date, or `undefined` if it is not a real calendar date.
 * Plain arithmetic (proleptic Gregorian), so this module never touches `Date`.
 */
export function isoDateToDay(date: unknown): number | undefined {
  if (typeof date !== "string") return undefined;
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > monthDays[mo - 1]) return undefined;
  // Howard Hinnant's days_from_civil.
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Runtimes usable on `today` (not blocked, not deprecated), in table order. */
export function supportedRuntimes(today: string = LAMBDA_RUNTIMES.asOf, table: RuntimeTable = LAMBDA_RUNTIMES): string[] {
  const day = isoDateToDay(today);
  return table.runtimes
    .filter((r) => !r.blocked && (day === undefined || (isoDateToDay(r.deprecationDate) ?? -Infinity) > day))
    .map((r) => r.runtime);
}

/**
 * Whether `runtime` can be deployed on `today`.
 *
 * - unknown identifier → error `lambda.runtime.unknown` listing the allowed runtimes;
 * - blocked, or `today` ≥ deprecation date → error `lambda.runtime.deprecated`. The deprecation day
 *   itself is an error: it is the day AWS stops patching, so a deploy that day already targets a
 *   deprecated runtime;
 * - deprecation date − 180 days ≤ `today` < deprecation date → warning `lambda.runtime.deprecating`;
 * - earlier → ok.
 *
 * Never throws: an invalid `today` gives an error with rule `lambda.runtime.today`.
 */
export function checkRuntime(
  runtime: unknown,
  today: string = LAMBDA_RUNTIMES.asOf,
  table: RuntimeTable = LAMBDA_RUNTIMES,
): RuntimeCheck {
  const got = showRuntime(runtime);
  const day = isoDateToDay(today);
  if (day === undefined) {
    const allowed = "an ISO date YYYY-MM-DD";
    return {
      status: "error",
      rule: "lambda.runtime.today",
      allowed,
      message: `got today ${showRuntime(today)}, allowed ${allowed}; cannot check the deprecation of ${got}`,
    };
  }
  const entry = typeof runtime === "string" ? table.runtimes.find((r) => r.runtime === runtime) : undefined;
  const supported = supportedRuntimes(today, table);
  if (!entry) {
    const allowed = `one of ${supported.join(", ")}`;
    return { status: "error", rule: "lambda.runtime.unknown", allowed, message: `got ${got}, allowed ${allowed}` };
  }
  const deprecationDay = isoDateToDay(entry.deprecationDate) ?? -Infinity;
  const daysLeft = deprecationDay - day;
  const replacement = newestInFamily(entry.family, supported, table);
  const hint = replacement ? `; move to ${replacement}` : "";
  if (entry.blocked || daysLeft <= 0) {
    const allowed = `a runtime not deprecated on ${today}: ${supported.join(", ")}`;
    const why = entry.blocked
      ? `AWS blocks creating and updating functions on ${entry.runtime} (deprecated ${entry.deprecationDate})`
      : `${entry.runtime} is deprecated since ${entry.deprecationDate}`;
    return {
      status: "error",
      rule: "lambda.runtime.deprecated",
      allowed,
      message: `got ${got}, allowed ${allowed}; ${why}${hint}`,
      entry,
      daysLeft,
    };
  }
  if (daysLeft <= RUNTIME_WARNING_DAYS) {
    const allowed = `until ${entry.deprecationDate}`;
    return {
      status: "warning",
      rule: "lambda.runtime.deprecating",
      allowed,
      message: `got ${got}, allowed ${allowed}, but it is deprecated in ${daysLeft} day${daysLeft === 1 ? "" : "s"} (on ${entry.deprecationDate})${hint}`,
      entry,
      daysLeft,
    };
  }
  return { status: "ok", message: "", entry, daysLeft };
}

/**
 * esbuild `target` for a Node.js runtime identifier: `nodejs22.x` → `node22`; `null` for anything
 * else (python, provided, unknown). Works for identifiers not yet in the table (`nodejs26.x`).
 */
export function esbuildTargetFor(runtime: string): string | null {
  const m = typeof runtime === "string" ? /^nodejs(\d+)\.x$/.exec(runtime) : null;
  return m ? `node${m[1]}` : null;
}

/** The supported runtime of `family` with the latest deprecation date (first in table order on ties). */
function newestInFamily(family: RuntimeFamily, supported: readonly string[], table: RuntimeTable): string | undefined {
  let best: RuntimeEntry | undefined;
  for (const r of table.runtimes) {
    if (r.family !== family || !supported.includes(r.runtime)) continue;
    if (!best || r.deprecationDate > best.deprecationDate) best = r;
  }
  return best?.runtime;
}

function showRuntime(v: unknown): string {
  try {
    if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v);
    if (v === undefined) return "nothing";
    if (typeof v === "number" || typeof v === "boolean") return `${String(v)} (a ${typeof v})`;
    return `a ${v === null ? "null" : Array.isArray(v) ? "list" : typeof v}`;
  } catch {
    return "an unprintable value";
  }
}
