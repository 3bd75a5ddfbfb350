/**
 * Measured durations for right-sizing: AWS Lambda Power Tuning output (stats, or the visualization
 * URL) or a simple table per function and architecture, parsed and checked (every problem at once,
 * in one {@link MeasurementsError}), and merged. Pure: the files are read by the CLI.
 */
import { z } from "zod";
import type { Architecture } from "../pricing";
import { ARCHITECTURES } from "../pricing";

/** Average duration (ms) per memory size (MB) for one architecture. */
export type DurationByMemory = Readonly<Record<number, number>>;

/** Measured durations of one function, per architecture. */
export type FunctionMeasurements = Partial<Record<Architecture, DurationByMemory>>;

/** Measured durations by function key. */
export type Measurements = Readonly<Record<string, FunctionMeasurements>>;

/** A measurements file that cannot be used (usage error). Lists every problem. */
export class MeasurementsError extends Error {
  constructor(
    message: string,
    public readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}:\n${problems.map((p) => `  - ${p}`).join("\n")}` : message);
    this.name = "MeasurementsError";
  }
}

const powerValue = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** AWS Lambda Power Tuning's execution output (`includeOutputResults: true` adds `stats`). */
const powerTuningSchema = z
  .object({
    power: powerValue.optional(),
    cost: z.number().optional(),
    duration: z.number().optional(),
    stateMachine: z.object({ visualization: z.string().optional() }).loose().optional(),
    stats: z.array(z.object({ value: powerValue, averageDuration: z.number(), averagePrice: z.number().optional() }).loose()).optional(),
  })
  .loose();

type PowerTuningOutput = z.infer<typeof powerTuningSchema>;

function isPowerTuningShape(x: unknown): boolean {
  if (!x || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  return "stats" in o || "stateMachine" in o || ("power" in o && "duration" in o);
}

function decodeBase64Numbers(text: string, kind: "int16" | "float32"): number[] {
  const buf = Buffer.from(text, "base64");
  const size = kind === "int16" ? 2 : 4;
  const out: number[] = [];
  for (let i = 0; i + size <= buf.length; i += size) out.push(kind === "int16" ? buf.readInt16LE(i) : buf.readFloatLE(i));
  return out;
}

/**
 * Decode Power Tuning's visualization URL: the hash is `sizes;durations;costs`, each a base64
 * typed array (Int16Array for sizes, Float32Array for the others, little-endian).
 */
export function decodeVisualizationUrl(url: string): Record<number, number> {
  const hash = url.split("#")[1] ?? "";
  const [sizes, durations] = hash.split(";");
  if (!sizes || !durations) return {};
  const s = decodeBase64Numbers(sizes, "int16");
  const d = decodeBase64Numbers(durations, "float32");
  const out: Record<number, number> = {};
  s.forEach((mb, i) => {
    if (d[i] !== undefined) out[mb] = d[i]!;
  });
  return out;
}

/** Durations by memory from a Power Tuning output: `stats`, else the visualization URL, else the winner alone. */
function powerTuningDurations(o: PowerTuningOutput): Record<number, number> {
  if (o.stats && o.stats.length > 0) return Object.fromEntries(o.stats.map((s) => [s.value, s.averageDuration]));
  const url = o.stateMachine?.visualization;
  if (url) {
    const decoded = decodeVisualizationUrl(url);
    if (Object.keys(decoded).length > 0) return decoded;
  }
  if (o.power !== undefined && o.duration !== undefined) return { [o.power]: o.duration };
  return {};
}

function checkTable(table: Record<number, number>, path: string, problems: string[]): DurationByMemory {
  const out: Record<number, number> = {};
  if (Object.keys(table).length === 0) problems.push(`${path}: no durations found`);
  for (const [mbText, ms] of Object.entries(table)) {
    const mb = Number(mbText);
    if (!Number.isInteger(mb) || mb < 128 || mb > 10240) problems.push(`${path}.${mbText}: memory must be an integer 128–10240 MB`);
    else if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0) problems.push(`${path}.${mbText}: got ${JSON.stringify(ms)}, allowed a duration in ms above 0`);
    else out[mb] = ms;
  }
  return out;
}

/** One architecture's entry: a Power Tuning output or `{ "<memoryMb>": avgDurationMs }`. */
function parseDurations(x: unknown, path: string, problems: string[]): DurationByMemory {
  if (isPowerTuningShape(x)) {
    const parsed = powerTuningSchema.safeParse(x);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${[path, ...issue.path].join(".")}: ${issue.message}`);
      return {};
    }
    return checkTable(powerTuningDurations(parsed.data), path, problems);
  }
  if (!x || typeof x !== "object" || Array.isArray(x)) {
    problems.push(`${path}: expected a Power Tuning output or { "<memoryMb>": avgDurationMs }`);
    return {};
  }
  return checkTable(x as Record<number, number>, path, problems);
}

export interface MeasurementsContext {
  /** Where the JSON came from, for messages. */
  readonly label: string;
  /** Function the file belongs to (`KEY=FILE`); required for a bare Power Tuning output unless the stack has one function. */
  readonly functionKey?: string;
  /** The stack's functions: key and current architecture. */
  readonly functions: readonly { readonly key: string; readonly architecture: Architecture }[];
}

/**
 * Parse a measurements file. Accepted shapes:
 * 1. A Power Tuning output (`{ power, cost, duration, stateMachine: { visualization }, stats? }`):
 *    durations of one function (`KEY=FILE`, or the stack's only function) on its current architecture.
 * 2. `{ "<functionKey>": X }` where X is a Power Tuning output (current architecture) or
 *    `{ "x86_64"?: T, "arm64"?: T }` with T a Power Tuning output or `{ "<memoryMb>": avgDurationMs }`.
 * @throws MeasurementsError listing every problem.
 */
export function parseMeasurements(json: unknown, ctx: MeasurementsContext): Measurements {
  const problems: string[] = [];
  const archOf = new Map(ctx.functions.map((f) => [f.key, f.architecture]));
  const known = ctx.functions.map((f) => f.key).join(", ");
  const out: Record<string, FunctionMeasurements> = {};

  if (ctx.functionKey !== undefined && !archOf.has(ctx.functionKey)) {
    throw new MeasurementsError(`${ctx.label}: unknown function "${ctx.functionKey}"; functions of this stack: ${known}`);
  }
  if (isPowerTuningShape(json)) {
    const key = ctx.functionKey ?? (ctx.functions.length === 1 ? ctx.functions[0]!.key : undefined);
    if (key === undefined) {
      throw new MeasurementsError(`${ctx.label} is a single Power Tuning result; say which function it measures with --measurements <function>=<file> (functions: ${known})`);
    }
    out[key] = { [archOf.get(key)!]: parseDurations(json, key, problems) };
  } else if (json && typeof json === "object" && !Array.isArray(json)) {
    const entries = Object.entries(json as Record<string, unknown>);
    const scoped = ctx.functionKey !== undefined;
    for (const [key, value] of scoped ? [[ctx.functionKey!, json] as [string, unknown]] : entries) {
      if (!archOf.has(key)) {
        problems.push(`${key}: unknown function; functions of this stack: ${known}`);
        continue;
      }
      if (isPowerTuningShape(value)) {
        out[key] = { [archOf.get(key)!]: parseDurations(value, key, problems) };
        continue;
      }
      if (!value || typeof value !== "object" || Array.isArray(value)) {
        problems.push(`${key}: expected { "x86_64"?: ..., "arm64"?: ... } or a Power Tuning output`);
        continue;
      }
      const m: FunctionMeasurements = {};
      for (const [arch, table] of Object.entries(value as Record<string, unknown>)) {
        if (!ARCHITECTURES.includes(arch as Architecture)) problems.push(`${key}.${arch}: unknown architecture; allowed x86_64, arm64`);
        else m[arch as Architecture] = parseDurations(table, `${key}.${arch}`, problems);
      }
      out[key] = m;
    }
  } else {
    problems.push(`(root): expected a JSON object`);
  }
  if (problems.length > 0) throw new MeasurementsError(`${ctx.label}: invalid measurements`, problems);
  return out;
}

/** Merge measurement sets; later ones win per function, architecture and memory size. */
export function mergeMeasurements(sets: readonly Measurements[]): Measurements {
  const out: Record<string, FunctionMeasurements> = {};
  for (const set of sets) {
    for (const [key, m] of Object.entries(set)) {
      const target = (out[key] ??= {});
      for (const arch of ARCHITECTURES) if (m[arch]) target[arch] = { ...(target[arch] ?? {}), ...m[arch] };
    }
  }
  return out;
}
