/**
 * Lambda managed runtimes as dated data, and the deprecation check built on it.
 *
 * Pure: no clock. "Today" is a parameter that defaults to the table's `asOf`, so a result never
 * changes because the calendar moved; pass the real date from the one impure caller.
 */

import { RUNTIME_LIFECYCLE, sourceUrl, type LifecycleFacts, type RuntimeFamily } from "./facts";
import { got } from "./violations";

export type { RuntimeFamily } from "./facts";

/** One runtime identifier and AWS's lifecycle dates for it (ISO `YYYY-MM-DD`, UTC; `null` = not announced). */
export interface RuntimeEntry {
  /** Identifier as passed to `CreateFunction`, e.g. `nodejs22.x`. */
  readonly runtime: string;
  readonly family: RuntimeFamily;
  /** Day AWS deprecates the runtime, i.e. stops patching it. `null`: no deprecation announced. */
  readonly deprecationDate: string | null;
  /** Day from which AWS rejects creating functions on it. */
  readonly blockCreateDate: string | null;
  /** Day from which AWS rejects updating functions on it. */
  readonly blockUpdateDate: string | null;
  /** Runtime AWS names as the successor, when known. */
  readonly successor: string | null;
  /** Where the dates come from (a public URL). */
  readonly source: string;
  /** E.g. "AWS has announced no deprecation date". */
  readonly note?: string;
}

export interface RuntimeTable {
  /** Where the table as a whole comes from. */
  readonly source: string;
  /** ISO date the data was last known right (newest source commit); the default "today" of {@link checkRuntime}. */
  readonly asOf: string;
  /** Newest first within each family; order is what error messages list. */
  readonly runtimes: readonly RuntimeEntry[];
}

const RUNTIMES_PAGE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html";

/** A {@link RuntimeTable} from generated lifecycle data (`pricing/facts/runtime-lifecycle.json`). */
export function runtimeTableFrom(facts: LifecycleFacts): RuntimeTable {
  const lifecycleUrl = sourceUrl(facts.sources.lifecycle);
  const modelUrl = sourceUrl(facts.sources.apiModel);
  const cross = facts.sources.crossCheck ? `; cross-checked with ${sourceUrl(facts.sources.crossCheck)}` : "";
  return Object.freeze({
    source: `${RUNTIMES_PAGE} (via ${lifecycleUrl}${cross}); identifiers from ${modelUrl}`,
    asOf: facts.asOf,
    runtimes: Object.freeze(
      facts.runtimes.map((r) =>
        Object.freeze({
          runtime: r.runtime,
          family: r.family,
          deprecationDate: r.deprecation,
          blockCreateDate: r.blockCreate,
          blockUpdateDate: r.blockUpdate,
          successor: r.successor,
          source: r.source === "api-model" ? modelUrl : `${RUNTIMES_PAGE} (via ${lifecycleUrl})`,
          ...(r.note === undefined ? {} : { note: r.note }),
        }),
      ),
    ),
  });
}

/**
 * Every runtime the Lambda API accepts (its Runtime enum: Node.js, Python, Java, .NET, Ruby, OS-only),
 * with AWS's deprecation, block-create and block-update dates. Generated data: refresh it with
 * `npm run catalog -- refresh-facts`. Runtimes without announced dates (a new one such as `nodejs26.x`)
 * are known and allowed.
 */
export const LAMBDA_RUNTIMES: RuntimeTable = runtimeTableFrom(RUNTIME_LIFECYCLE);

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

/**
 * First day a runtime is an error here: its deprecation date, or AWS's block-create date when that
 * comes first (`nodejs4.3-edge`); `undefined` when AWS has announced neither.
 */
function errorDay(entry: RuntimeEntry): number | undefined {
  const days = [entry.deprecationDate, entry.blockCreateDate].map((d) => isoDateToDay(d)).filter((d): d is number => d !== undefined);
  return days.length === 0 ? undefined : Math.min(...days);
}

/** Runtimes usable on `today` (not deprecated, creation not blocked), in table order. */
export function supportedRuntimes(today: string = LAMBDA_RUNTIMES.asOf, table: RuntimeTable = LAMBDA_RUNTIMES): string[] {
  const day = isoDateToDay(today);
  return table.runtimes
    .filter((r) => {
      const stop = errorDay(r);
      return day === undefined || stop === undefined || stop > day;
    })
    .map((r) => r.runtime);
}

/** "AWS blocks creating functions on it from C and updating them from U" (since … once past), or "". */
function blockText(entry: RuntimeEntry, day: number): string {
  const when = (d: string) => `${(isoDateToDay(d) ?? Infinity) <= day ? "since" : "from"} ${d}`;
  const parts: string[] = [];
  if (entry.blockCreateDate) parts.push(`creating functions on it ${when(entry.blockCreateDate)}`);
  if (entry.blockUpdateDate) parts.push(`updating them ${when(entry.blockUpdateDate)}`);
  return parts.length === 0 ? "AWS has announced no block dates" : `AWS blocks ${parts.join(" and ")}`;
}

/**
 * Whether `runtime` can be deployed on `today`.
 *
 * - unknown identifier (not in the Lambda API's Runtime enum) → error `lambda.runtime.unknown`
 *   listing the allowed runtimes;
 * - `today` ≥ deprecation date, or ≥ AWS's block-create date → error `lambda.runtime.deprecated`.
 *   The deprecation day itself is an error: it is the day AWS stops patching, so a deploy that day
 *   already targets a deprecated runtime. The message states AWS's own block-create and block-update
 *   dates (AWS still accepts creates and updates until then; this project does not);
 * - within 180 days before that day → warning `lambda.runtime.deprecating`, with the same dates;
 * - earlier, or no deprecation announced (`nodejs26.x`) → ok.
 *
 * `daysLeft` counts to the first error day (the deprecation date, or the block-create date if earlier).
 * Never throws: an invalid `today` gives an error with rule `lambda.runtime.today`.
 */
export function checkRuntime(
  runtime: unknown,
  today: string = LAMBDA_RUNTIMES.asOf,
  table: RuntimeTable = LAMBDA_RUNTIMES,
): RuntimeCheck {
  const shown = got(runtime, "string");
  const day = isoDateToDay(today);
  if (day === undefined) {
    const allowed = "an ISO date YYYY-MM-DD";
    return {
      status: "error",
      rule: "lambda.runtime.today",
      allowed,
      message: `got today ${got(today, "string")}, allowed ${allowed}; cannot check the deprecation of ${shown}`,
    };
  }
  const entry = typeof runtime === "string" ? table.runtimes.find((r) => r.runtime === runtime) : undefined;
  if (!entry) {
    const allowed = `one of ${supportedRuntimes(today, table).join(", ")}`;
    return { status: "error", rule: "lambda.runtime.unknown", allowed, message: `got ${shown}, allowed ${allowed}` };
  }
  const stop = errorDay(entry);
  if (stop === undefined) return { status: "ok", message: "", entry };
  const daysLeft = stop - day;
  if (daysLeft > RUNTIME_WARNING_DAYS) return { status: "ok", message: "", entry, daysLeft };
  // Only a warning or an error names the alternatives (most functions of a stack return above).
  const supported = supportedRuntimes(today, table);
  const replacement = replacementFor(entry, supported, table);
  const hint = replacement ? `; move to ${replacement}` : "";
  const blocks = blockText(entry, day);
  const deprecated = entry.deprecationDate !== null && (isoDateToDay(entry.deprecationDate) ?? Infinity) <= day;
  if (daysLeft <= 0) {
    const allowed = `a runtime not deprecated on ${today}: ${supported.join(", ")}`;
    const why = deprecated
      ? `${entry.runtime} is deprecated since ${entry.deprecationDate}; ${blocks}`
      : `${blocks.replace(/ on it /, ` on ${entry.runtime} `)}${entry.deprecationDate ? ` (deprecated on ${entry.deprecationDate})` : ""}`;
    return {
      status: "error",
      rule: "lambda.runtime.deprecated",
      allowed,
      message: `got ${shown}, allowed ${allowed}; ${why}${hint}`,
      entry,
      daysLeft,
    };
  }
  const until = entry.deprecationDate !== null && isoDateToDay(entry.deprecationDate) === stop ? entry.deprecationDate : (entry.blockCreateDate as string);
  const allowed = `until ${until}`;
  const what = until === entry.deprecationDate ? "deprecated" : "blocked for new functions";
  return {
    status: "warning",
    rule: "lambda.runtime.deprecating",
    allowed,
    message: `got ${shown}, allowed ${allowed}, but it is ${what} in ${daysLeft} day${daysLeft === 1 ? "" : "s"} (on ${until}; ${blocks})${hint}`,
    entry,
    daysLeft,
  };
}

/**
 * esbuild `target` for a Node.js runtime identifier: `nodejs22.x` → `node22`; `null` for anything
 * else (python, provided, unknown). Works for identifiers not yet in the table (`nodejs26.x`).
 */
export function esbuildTargetFor(runtime: string): string | null {
  const m = typeof runtime === "string" ? /^nodejs(\d+)\.x$/.exec(runtime) : null;
  return m ? `node${m[1]}` : null;
}

/**
 * What to move to: AWS's named successor when it is supported on the day, else the supported runtime
 * of the same family with the latest announced deprecation date (first in table order on ties).
 */
function replacementFor(entry: RuntimeEntry, supported: readonly string[], table: RuntimeTable): string | undefined {
  if (entry.successor && entry.successor !== entry.runtime && supported.includes(entry.successor)) return entry.successor;
  let best: RuntimeEntry | undefined;
  for (const r of table.runtimes) {
    if (r.family !== entry.family || r.runtime === entry.runtime || r.deprecationDate === null || !supported.includes(r.runtime)) continue;
    if (!best || r.deprecationDate > (best.deprecationDate as string)) best = r;
  }
  return best?.runtime;
}

