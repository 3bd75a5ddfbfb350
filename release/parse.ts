/**
 * Flag parsing for the release CLI. Pure: each parser takes the raw text commander hands over and
 * returns a typed value or throws a {@link UsageError} naming the flag, the value and what is
 * allowed (`<flag>: got <value>, allowed <range>`).
 */
import { checkPublishedVersion, PUBLISHED_VERSION_RULE } from "../components/private-function/release-routing";
import { UsageError } from "./errors";

/** What each flag accepts, as printed in error messages and in `--help`. */
export const ALLOWED = {
  weight: "a number 0–1, the share of traffic for the newly published version (0.1 = 10 %)",
  steps: "comma-separated integer percentages 1–100 in ascending order, e.g. 10,25,50,100",
  duration: "a whole number of seconds, minutes or hours such as 30s, 5m, 1h (1s–24h)",
  version: PUBLISHED_VERSION_RULE,
} as const;

const DURATION_MAX_MS = 24 * 3_600_000;
const DURATION_UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `"abc"` → `"abc"`, `undefined` → `nothing`: the value as the user typed it. */
function shown(text: string | undefined): string {
  return text === undefined ? "nothing" : JSON.stringify(text);
}

function invalid(flag: string, text: string | undefined, allowed: string, hint?: string): UsageError {
  return new UsageError(`${flag}: got ${shown(text)}, allowed ${allowed}${hint ? `; ${hint}` : ""}`);
}

/**
 * A canary weight, 0–1 inclusive. Plain decimals only: `0.1`, `.25`, `1`; no exponent, sign,
 * hex or percent, so a typo never becomes a valid weight.
 */
export function parseWeight(text: string | undefined, flag = "--weight"): number {
  const t = text?.trim();
  if (t === undefined || !/^(\d+(\.\d*)?|\.\d+)$/.test(t)) {
    const hint = t !== undefined && /^-/.test(t) ? "a weight cannot be negative" : t?.endsWith("%") ? "give a share, e.g. 0.1 for 10 %" : undefined;
    throw invalid(flag, text, ALLOWED.weight, hint);
  }
  const w = Number(t);
  if (!(w >= 0 && w <= 1)) {
    throw invalid(flag, text, ALLOWED.weight, Number.isInteger(w) && w <= 100 ? `for ${w} % give ${w / 100}` : undefined);
  }
  return w;
}

/** Shift steps: integer percentages 1–100, strictly ascending, at least one. */
export function parseSteps(text: string | undefined, flag = "--steps"): number[] {
  const parts = text?.split(",").map((p) => p.trim().replace(/%$/, "")) ?? [];
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) throw invalid(flag, text, ALLOWED.steps);
  const steps = parts.map(Number);
  const out = steps.find((s) => s < 1 || s > 100);
  if (out !== undefined) throw invalid(flag, text, ALLOWED.steps, `${out} is outside 1–100`);
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]! <= steps[i - 1]!) throw invalid(flag, text, ALLOWED.steps, `${steps[i]} does not come after ${steps[i - 1]}`);
  }
  return steps;
}

/** `30s`, `5m`, `1h` → milliseconds. */
export function parseDuration(text: string | undefined, flag: string): number {
  const m = /^(\d+)\s*([smh])$/.exec(text?.trim() ?? "");
  if (!m) throw invalid(flag, text, ALLOWED.duration);
  const ms = Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS];
  if (ms < 1_000 || ms > DURATION_MAX_MS) throw invalid(flag, text, ALLOWED.duration);
  return ms;
}

/** A published Lambda version number, returned as the string the stack config stores (the rule: `checkPublishedVersion`). */
export function parseVersion(text: string | undefined, flag: string): string {
  const r = checkPublishedVersion(text);
  if ("version" in r && r.version !== undefined) return r.version;
  const hint = text?.trim() === "$LATEST" ? "$LATEST is the unpublished version; an alias needs a published one" : undefined;
  throw invalid(flag, text, ALLOWED.version, hint);
}

/** 330000 → `5m30s`; 45000 → `45s`; 3600000 → `1h`. */
export function formatDuration(ms: number): string {
  let s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", s > 0 || (h === 0 && m === 0) ? `${s}s` : ""];
  return parts.join("");
}

/** 0.1 → `10 %`, 0.255 → `25.5 %`. */
export function formatPercent(weight: number): string {
  return `${toPercent(weight)} %`;
}

/** Weight → percentage without float noise (0.29 → 29, not 28.999999999999996). */
export function toPercent(weight: number): number {
  return Math.round(weight * 100 * 1000) / 1000;
}

/** Percentage → weight without float noise (29 → 0.29). */
export function toWeight(percent: number): number {
  return Math.round(percent * 1000) / 100_000;
}
