/**
 * The violations kernel: what a problem is, how a validator collects them, how a value is shown in a
 * message and how a list is formatted. Every validator of the project (stack config, limits,
 * triggers, network, guardrails, usage) uses these, so a problem reads the same wherever it is found.
 * Pure: no `@pulumi/*`, no I/O. Throwing is the caller's business (a component throws a
 * `ResourceError`, the program a `RunError`, a CLI prints and exits).
 *
 * Message format, used by every rule:
 *
 *   error:   `<path>: got <value>, allowed <what is allowed>[; <hint>]`
 *   warning: `<path>: got <value>, allowed <what is allowed>, but <risk>[; <hint>]`
 */

export type Severity = "error" | "warning";

/** One problem found by a validator. */
export interface Violation {
  /** Field path, e.g. `functions.api.memoryMb`. */
  readonly path: string;
  /** The value given. */
  readonly value: unknown;
  /** Stable rule id, e.g. `lambda.memory.range`. */
  readonly rule: string;
  /** Full sentence: path, value, what is allowed. */
  readonly message: string;
  readonly severity: Severity;
  /** What is allowed, as printed in `message`, e.g. "integer 128–10240 MB". @default - not stated separately */
  readonly allowed?: string;
}

/** Placeholder put where a secret was: offline stack files (`secure:` values) and the offline plan's redacted inputs. */
export const SECRET_PLACEHOLDER = "[secret]";

/** Optional parts of a message: `got` replaces the shown value, `hint` is appended after `;`. */
export interface MessageParts {
  /** @default - `show(value)` */
  readonly got?: string;
  /** @default - none */
  readonly hint?: string;
}

/** An error: `<path>: got <value>, allowed <allowed>[; <hint>]`. */
export function error(path: string, value: unknown, rule: string, allowed: string, o: MessageParts = {}): Violation {
  return make("error", path, value, rule, allowed, undefined, o);
}

/** A warning: `<path>: got <value>, allowed <allowed>, but <risk>[; <hint>]`. */
export function warning(path: string, value: unknown, rule: string, allowed: string, risk: string, o: MessageParts = {}): Violation {
  return make("warning", path, value, rule, allowed, risk, o);
}

function make(severity: Severity, path: string, value: unknown, rule: string, allowed: string, risk: string | undefined, o: MessageParts): Violation {
  const message = `${path}: got ${o.got ?? show(value)}, allowed ${allowed}${risk ? `, but ${risk}` : ""}${o.hint ? `; ${o.hint}` : ""}`;
  return { path, value, rule, message, severity, allowed };
}

/** Collects every problem of one validation (validators never stop at the first). */
export class Collector {
  readonly out: Violation[] = [];

  add(v: Violation): void {
    this.out.push(v);
  }

  push(...vs: Violation[]): void {
    this.out.push(...vs);
  }

  error(path: string, value: unknown, rule: string, allowed: string, o: MessageParts = {}): void {
    this.out.push(error(path, value, rule, allowed, o));
  }

  warn(path: string, value: unknown, rule: string, allowed: string, risk: string, o: MessageParts = {}): void {
    this.out.push(warning(path, value, rule, allowed, risk, o));
  }
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An integer number. */
export function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

/** A finite number. */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** `null`, `list`, `object`, or the `typeof` name. */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return "object";
  return typeof v;
}

/** Longest rendering of a value in a message, in characters, before it is cut with "…". */
export const SHOW_MAX_CHARS = 60;

/** Short, never-throwing rendering of any value for messages. */
export function show(v: unknown): string {
  try {
    switch (typeof v) {
      case "string":
        return JSON.stringify(v.length > SHOW_MAX_CHARS ? `${v.slice(0, SHOW_MAX_CHARS - 3)}…` : v);
      case "number":
      case "boolean":
        return String(v);
      case "bigint":
        return `${v.toString()}n`;
      case "undefined":
        return "nothing";
      case "symbol":
      case "function":
        return `a ${typeof v}`;
      default: {
        if (v === null) return "null";
        const json = JSON.stringify(v);
        if (json === undefined) return kindOf(v);
        return json.length > SHOW_MAX_CHARS ? `${json.slice(0, SHOW_MAX_CHARS - 3)}…` : json;
      }
    }
  } catch {
    return `an unprintable ${kindOf(v)}`;
  }
}

/** `show(v)`, plus its kind when it is not of the `expected` kind: `"128" (a string)`. */
export function got(v: unknown, expected: string): string {
  const kind = kindOf(v);
  if (v === undefined) return "nothing";
  if (kind === expected || kind === "null") return show(v);
  return `${show(v)} (${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind})`;
}

/** `1 problem`, `2 problems`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * Human-readable report, errors first, then warnings, each line showing path, value and what is allowed:
 *
 * ```
 * Invalid stack config (2 problems, 1 warning):
 *   - functions.api.memoryMb: got 64, allowed integer 128–10240 MB
 *   - functions.api.timeoutSeconds: got 901, allowed integer 1–900 seconds
 *   - warning: functions.api.reservedConcurrency: got 0, allowed integer 0–900, but 0 throttles …
 * ```
 *
 * "problems" counts errors only. An empty list gives `""`.
 */
export function formatViolations(title: string, violations: readonly Violation[]): string {
  if (violations.length === 0) return "";
  const errors = violations.filter((v) => v.severity !== "warning");
  const warnings = violations.filter((v) => v.severity === "warning");
  const counts = [plural(errors.length, "problem")];
  if (warnings.length > 0) counts.push(plural(warnings.length, "warning"));
  const line = (v: Violation, tag: string) => {
    const text = v.message.startsWith(`${v.path}:`) ? v.message : `${v.path}: ${v.message}`;
    return `  - ${tag}${text}`;
  };
  return [`${title} (${counts.join(", ")}):`, ...errors.map((v) => line(v, "")), ...warnings.map((v) => line(v, "warning: "))].join("\n");
}

/** The error-severity problems of a list (what stops a deployment). */
export function errorsOf(problems: readonly Violation[]): Violation[] {
  return problems.filter((p) => p.severity === "error");
}

/** The warnings of a list. */
export function warningsOf(problems: readonly Violation[]): Violation[] {
  return problems.filter((p) => p.severity === "warning");
}
