/** Shared fixtures and assertions for the limits validator tests. */
import { expect } from "chai";
import type { FunctionSettings } from "../../pricing/types";
import type { Violation } from "../../pricing/violations";

/** A function with no violations on the runtime table's `asOf` date. */
export function fn(over: Record<string, unknown> = {}): FunctionSettings {
  return {
    name: "api",
    runtime: "nodejs22.x",
    handler: "index.handler",
    architecture: "arm64",
    memoryMb: 1024,
    timeoutSeconds: 10,
    ...over,
  } as unknown as FunctionSettings;
}

/** `"rule @ path"` of every violation, for readable failure diffs. */
export function summary(vs: readonly Violation[]): string[] {
  return vs.map((v) => `${v.severity} ${v.rule} @ ${v.path}`);
}

/** Exactly one violation, with this rule, path and severity, whose message matches. */
export function expectOne(
  vs: readonly Violation[],
  rule: string,
  path: string,
  message: RegExp,
  severity: "error" | "warning" = "error",
): Violation {
  expect(summary(vs)).to.deep.equal([`${severity} ${rule} @ ${path}`]);
  expect(vs[0].message).to.match(message);
  expect(vs[0].message.startsWith(`${path}: got `), vs[0].message).to.equal(true);
  return vs[0];
}

/** No violation at all. */
export function expectNone(vs: readonly Violation[]): void {
  expect(summary(vs)).to.deep.equal([]);
}

/** Adds `days` to an ISO date. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A layer version ARN of exactly `length` characters. */
export function layerArn(length = 60, version = 1): string {
  const head = "arn:aws:lambda:us-east-1:123456789012:layer:";
  const tail = `:${version}`;
  const nameLength = length - head.length - tail.length;
  if (nameLength < 1) throw new Error(`layerArn: ${length} is too short`);
  return head + "l".repeat(nameLength) + tail;
}

/** An environment map whose JSON is exactly `bytes` UTF-8 bytes, using `filler` (1–4 bytes) as far as possible. */
export function envOfBytes(bytes: number, filler = "x"): Record<string, string> {
  // {"K1":"<value>"} = 9 bytes + value bytes.
  const fillerBytes = Buffer.byteLength(filler, "utf8");
  const valueBytes = bytes - 9;
  const count = Math.floor(valueBytes / fillerBytes);
  const value = filler.repeat(count) + "x".repeat(valueBytes - count * fillerBytes);
  const env = { K1: value };
  expect(Buffer.byteLength(JSON.stringify(env), "utf8")).to.equal(bytes);
  return env;
}
