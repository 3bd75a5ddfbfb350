/**
 * Pure transformers behind `npm run catalog -- refresh-facts`: AWS's machine-readable Lambda sources in,
 * the data of `pricing/facts/*.json` out. No file system, network or clock: the caller reads the
 * sources and passes the source descriptions and the generation date.
 *
 * - {@link apiModelToFacts}: the Lambda API model in botocore's format
 *   (`botocore/data/lambda/2015-03-31/service-2.json`, https://github.com/boto/botocore) →
 *   `lambda-api.json`: min / max / pattern / enum of every shape the limits validator uses, each with
 *   the model shape it comes from. Where the quotas page is stricter than the API (memory and timeout:
 *   the API also serves Lambda Managed Instances, which this project does not provision) a `quota`
 *   entry with its URL sits next to the model's value.
 * - {@link lifecycleToFacts}: the runtime lifecycle in cfn-lint's format
 *   (`src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json`,
 *   https://github.com/aws-cloudformation/cfn-lint), optionally cross-checked against tflint-ruleset-aws's
 *   `rules/lambda_deprecated_runtime/deprecated_runtimes.json`, joined with the model's Runtime enum →
 *   `runtime-lifecycle.json`. Both files are generated from AWS's runtimes page,
 *   https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html.
 *
 * Every transformer throws a {@link FactsFormatError} naming the shape or field when its input is not
 * in the expected format, so a changed upstream file never yields half-right data.
 */

/** Where a source file comes from: repository, path in it, and the commit it was read at. */
export interface FactsSource {
  /** `owner/name` on GitHub. */
  readonly repo: string;
  readonly path: string;
  /** Full commit hash, or `null` when read from a saved file whose commit was not given. */
  readonly commit: string | null;
  /** ISO 8601 commit date, or `null` when unknown. */
  readonly date: string | null;
}

/** The input is not in the format the transformer expects. The message names the shape or field. */
export class FactsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FactsFormatError";
  }
}

// ---------------------------------------------------------------------------------------------
// Lambda API model → lambda-api.json
// ---------------------------------------------------------------------------------------------

/** What a constraint must carry. */
type ConstraintKind = "intRange" | "intMin" | "doubleRange" | "string" | "enum" | "list";

interface ConstraintSpec {
  /** Shape that holds the constraint. */
  readonly shape: string;
  /**
   * A member path from an operation's input to the shape, checked against the model so the shape is
   * the one the API really uses there: `CreateFunctionRequest.MemorySize`; `member` steps into a list,
   * `value` into a map.
   */
  readonly via: string;
  readonly kind: ConstraintKind;
  /** Fields the shape must have (besides what `kind` implies). */
  readonly require?: readonly ("min" | "max" | "pattern")[];
}

/** Every constraint the limits validator and the trigger validators use, by key in `lambda-api.json`. */
export const API_CONSTRAINT_SPECS = {
  memorySize: { shape: "MemorySize", via: "CreateFunctionRequest.MemorySize", kind: "intRange" },
  timeout: { shape: "Timeout", via: "CreateFunctionRequest.Timeout", kind: "intRange" },
  ephemeralStorageSize: { shape: "EphemeralStorageSize", via: "CreateFunctionRequest.EphemeralStorage.Size", kind: "intRange" },
  functionName: { shape: "FunctionName", via: "CreateFunctionRequest.FunctionName", kind: "string", require: ["min", "max", "pattern"] },
  aliasName: { shape: "Alias", via: "CreateAliasRequest.Name", kind: "string", require: ["min", "max", "pattern"] },
  description: { shape: "Description", via: "CreateFunctionRequest.Description", kind: "string", require: ["min", "max"] },
  handler: { shape: "Handler", via: "CreateFunctionRequest.Handler", kind: "string", require: ["max", "pattern"] },
  layerVersionArn: { shape: "LayerVersionArn", via: "CreateFunctionRequest.Layers.member", kind: "string", require: ["min", "max", "pattern"] },
  environmentVariableName: { shape: "EnvironmentVariableName", via: "CreateFunctionRequest.Environment.Variables.key", kind: "string", require: ["pattern"] },
  reservedConcurrentExecutions: { shape: "ReservedConcurrentExecutions", via: "PutFunctionConcurrencyRequest.ReservedConcurrentExecutions", kind: "intMin" },
  routingWeight: { shape: "Weight", via: "CreateAliasRequest.RoutingConfig.AdditionalVersionWeights.value", kind: "doubleRange" },
  runtime: { shape: "Runtime", via: "CreateFunctionRequest.Runtime", kind: "enum" },
  architecture: { shape: "Architecture", via: "CreateFunctionRequest.Architectures.member", kind: "enum" },
  architectures: { shape: "ArchitecturesList", via: "CreateFunctionRequest.Architectures", kind: "list", require: ["min", "max"] },
  subnetIds: { shape: "SubnetIds", via: "CreateFunctionRequest.VpcConfig.SubnetIds", kind: "list", require: ["max"] },
  securityGroupIds: { shape: "SecurityGroupIds", via: "CreateFunctionRequest.VpcConfig.SecurityGroupIds", kind: "list", require: ["max"] },
  maximumRetryAttempts: { shape: "MaximumRetryAttempts", via: "PutFunctionEventInvokeConfigRequest.MaximumRetryAttempts", kind: "intRange" },
  maximumEventAgeInSeconds: { shape: "MaximumEventAgeInSeconds", via: "PutFunctionEventInvokeConfigRequest.MaximumEventAgeInSeconds", kind: "intRange" },
  batchSize: { shape: "BatchSize", via: "CreateEventSourceMappingRequest.BatchSize", kind: "intRange" },
  maximumBatchingWindowInSeconds: { shape: "MaximumBatchingWindowInSeconds", via: "CreateEventSourceMappingRequest.MaximumBatchingWindowInSeconds", kind: "intRange" },
  maximumConcurrency: { shape: "MaximumConcurrency", via: "CreateEventSourceMappingRequest.ScalingConfig.MaximumConcurrency", kind: "intRange" },
} as const satisfies Record<string, ConstraintSpec>;

export type ApiConstraintKey = keyof typeof API_CONSTRAINT_SPECS;

const QUOTAS_URL = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";

/** A tighter value than the model's, with where it comes from and why it wins. */
export interface QuotaOverride {
  readonly max: number;
  readonly url: string;
  readonly note: string;
}

/**
 * Where the documented limit for a standard function is below what the API model allows. These are
 * not in any machine-readable AWS source; each names its page.
 */
export const QUOTA_OVERRIDES: Partial<Record<ApiConstraintKey, QuotaOverride>> = {
  memorySize: {
    max: 10_240,
    url: QUOTAS_URL,
    note: "Function memory 128 MB to 10,240 MB. The API allows more for Lambda Managed Instances (capacity providers), which this project does not provision.",
  },
  timeout: {
    max: 900,
    url: QUOTAS_URL,
    note: "Function timeout 900 seconds (15 minutes). The API allows more for Lambda Managed Instances and durable functions, which this project does not provision.",
  },
  functionName: {
    max: 64,
    url: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
    note: "The model's maximum covers a full function ARN; the name alone is limited to 64 characters.",
  },
};

/** One constraint of `lambda-api.json`. */
export interface ApiConstraint {
  /** Model shape holding the constraint. */
  readonly shape: string;
  /** Member path from an operation input to the shape, checked against the model. */
  readonly via: string;
  readonly type: string;
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern, unanchored (AWS matches it against the whole value). */
  readonly pattern?: string;
  readonly enum?: readonly string[];
  /** A documented, stricter limit that wins over `max` for what this project deploys. */
  readonly quota?: QuotaOverride;
}

/** Content of `lambda-api.json`. */
export interface ApiFacts {
  readonly source: FactsSource;
  /** ISO date the file was generated. */
  readonly generatedOn: string;
  readonly apiVersion: string;
  readonly constraints: { readonly [K in ApiConstraintKey]: ApiConstraint };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(message: string): never {
  throw new FactsFormatError(message);
}

/** The shape a member path ends at, failing with the path when a step does not exist. */
function resolveVia(shapes: Record<string, unknown>, via: string): string {
  const [start, ...steps] = via.split(".");
  let name = start!;
  let walked = name;
  for (const step of steps) {
    const shape = shapes[name];
    if (!isRecord(shape)) fail(`Lambda API model: shape ${name} (on the way to ${via}) is missing`);
    let next: unknown;
    if (step === "member" || step === "key" || step === "value") next = isRecord(shape[step]) ? shape[step].shape : undefined;
    else next = isRecord(shape.members) && isRecord(shape.members[step]) ? shape.members[step].shape : undefined;
    walked += `.${step}`;
    if (typeof next !== "string") fail(`Lambda API model: ${walked} does not exist (shape ${name} has no ${step})`);
    name = next;
  }
  return name;
}

/**
 * The constraints of {@link API_CONSTRAINT_SPECS} from a botocore `service-2.json` of Lambda.
 * Throws {@link FactsFormatError} naming the shape and field that is missing or of the wrong type.
 */
export function apiModelToFacts(model: unknown, source: FactsSource, generatedOn: string): ApiFacts {
  if (!isRecord(model)) fail("Lambda API model: expected a JSON object with metadata and shapes");
  const metadata = model.metadata;
  if (!isRecord(metadata) || metadata.endpointPrefix !== "lambda" || typeof metadata.apiVersion !== "string") {
    fail(`Lambda API model: metadata.endpointPrefix must be "lambda" with a metadata.apiVersion (is this Lambda's service-2.json?)`);
  }
  const shapes = model.shapes;
  if (!isRecord(shapes)) fail("Lambda API model: shapes is missing or not an object");
  const constraints: Record<string, ApiConstraint> = {};
  for (const [key, spec] of Object.entries(API_CONSTRAINT_SPECS) as [ApiConstraintKey, ConstraintSpec][]) {
    const target = resolveVia(shapes, spec.via);
    if (target !== spec.shape) fail(`Lambda API model: ${spec.via} is shape ${target}, expected ${spec.shape}`);
    const shape = shapes[spec.shape];
    if (!isRecord(shape)) fail(`Lambda API model: shape ${spec.shape} is missing`);
    const where = `shape ${spec.shape}`;
    const num = (field: "min" | "max", integer: boolean): number | undefined => {
      const v = shape[field];
      if (v === undefined) return undefined;
      if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v))) fail(`Lambda API model: ${where}.${field} must be ${integer ? "an integer" : "a number"}, got ${JSON.stringify(v)}`);
      return v;
    };
    const need = (field: string, value: unknown) => {
      if (value === undefined) fail(`Lambda API model: ${where} has no ${field} (needed for ${key})`);
    };
    const type = shape.type;
    const expectedType = { intRange: "integer", intMin: "integer", doubleRange: "double", string: "string", enum: "string", list: "list" }[spec.kind];
    if (type !== expectedType) fail(`Lambda API model: ${where}.type must be "${expectedType}", got ${JSON.stringify(type)}`);
    const out: { -readonly [K in keyof ApiConstraint]: ApiConstraint[K] } = { shape: spec.shape, via: spec.via, type };
    const integer = spec.kind !== "doubleRange";
    out.min = num("min", integer);
    out.max = num("max", integer);
    if (spec.kind === "intRange" || spec.kind === "doubleRange") {
      need("min", out.min);
      need("max", out.max);
    }
    if (spec.kind === "intMin") need("min", out.min);
    if (spec.kind === "enum") {
      const e = shape.enum;
      if (!Array.isArray(e) || e.length === 0 || !e.every((x) => typeof x === "string")) fail(`Lambda API model: ${where}.enum must be a non-empty list of strings`);
      out.enum = [...(e as string[])];
    }
    const pattern = shape.pattern;
    if (pattern !== undefined) {
      if (typeof pattern !== "string") fail(`Lambda API model: ${where}.pattern must be a string`);
      try {
        new RegExp(`^(?:${pattern})$`);
      } catch {
        fail(`Lambda API model: ${where}.pattern is not a JavaScript regular expression: ${pattern}`);
      }
      out.pattern = pattern;
    }
    for (const field of spec.require ?? []) need(field, out[field]);
    if (out.min !== undefined && out.max !== undefined && out.min > out.max) fail(`Lambda API model: ${where} has min ${out.min} > max ${out.max}`);
    const quota = QUOTA_OVERRIDES[key];
    if (quota) out.quota = quota;
    // Drop absent fields so the JSON has no nulls.
    constraints[key] = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as unknown as ApiConstraint;
  }
  return { source, generatedOn, apiVersion: metadata.apiVersion as string, constraints: constraints as ApiFacts["constraints"] };
}

// ---------------------------------------------------------------------------------------------
// Runtime lifecycle → runtime-lifecycle.json
// ---------------------------------------------------------------------------------------------

export const RUNTIME_FAMILIES = ["nodejs", "python", "java", "dotnet", "ruby", "go", "provided"] as const;
export type RuntimeFamily = (typeof RUNTIME_FAMILIES)[number];

/** Language family of a runtime identifier (`dotnetcore3.1` → dotnet), or `undefined`. */
export function runtimeFamily(runtime: string): RuntimeFamily | undefined {
  if (runtime.startsWith("nodejs")) return "nodejs";
  if (runtime.startsWith("python")) return "python";
  if (runtime.startsWith("java")) return "java";
  if (runtime.startsWith("dotnet")) return "dotnet";
  if (runtime.startsWith("ruby")) return "ruby";
  if (runtime.startsWith("go")) return "go";
  if (runtime.startsWith("provided")) return "provided";
  return undefined;
}

/** One runtime of `runtime-lifecycle.json`. Dates are ISO `YYYY-MM-DD` (UTC) or `null` when not announced. */
export interface RuntimeLifecycle {
  readonly runtime: string;
  readonly family: RuntimeFamily;
  /** Day AWS deprecates the runtime (stops patching it). */
  readonly deprecation: string | null;
  /** Day from which AWS rejects creating functions on it. */
  readonly blockCreate: string | null;
  /** Day from which AWS rejects updating functions on it. */
  readonly blockUpdate: string | null;
  /** Runtime AWS names as the successor, when the source names one. */
  readonly successor: string | null;
  /** Which source the dates come from: `cfn-lint`, or `api-model` for a runtime without a lifecycle entry. */
  readonly source: string;
  /** Free text, e.g. that AWS has announced no deprecation date. */
  readonly note?: string;
}

/** A runtime whose two lifecycle sources disagree. */
export interface LifecycleDisagreement {
  readonly runtime: string;
  readonly field: "deprecation" | "blockCreate" | "blockUpdate" | "presence";
  readonly primary: string | null;
  readonly crossCheck: string | null;
}

/** Content of `runtime-lifecycle.json`. */
export interface LifecycleFacts {
  /** The lifecycle file, then the cross-check (if any), then the API model whose enum was joined. */
  readonly sources: { readonly lifecycle: FactsSource; readonly crossCheck: FactsSource | null; readonly apiModel: FactsSource };
  readonly generatedOn: string;
  /** ISO date the data was last known to be right: the newest lifecycle source's commit date (YYYY-MM-DD). */
  readonly asOf: string;
  /** Runtimes accepted by the Lambda API (its Runtime enum), newest first within each family. */
  readonly runtimes: readonly RuntimeLifecycle[];
  /** Lifecycle entries whose identifier the API model does not accept (e.g. container-only runtimes). */
  readonly notInApiModel: readonly string[];
  readonly disagreements: readonly LifecycleDisagreement[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function lifecycleDate(v: unknown, where: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") fail(`${where} must be an ISO date or null, got ${JSON.stringify(v)}`);
  const day = v.slice(0, 10);
  if (!ISO_DAY.test(day) || (v.length > 10 && v[10] !== "T")) fail(`${where} must be an ISO date, got ${JSON.stringify(v)}`);
  return day;
}

interface Dates {
  readonly deprecation: string | null;
  readonly blockCreate: string | null;
  readonly blockUpdate: string | null;
  readonly successor: string | null;
}

/** cfn-lint's `LmbdRuntimeLifecycle.json`: `{ "<runtime>": { deprecated, create-block, update-block, successor } }`. */
export function parseCfnLintLifecycle(json: unknown): Map<string, Dates> {
  const name = "LmbdRuntimeLifecycle.json";
  if (!isRecord(json)) fail(`${name}: expected an object of runtime → { deprecated, create-block, update-block }`);
  const out = new Map<string, Dates>();
  for (const [runtime, entry] of Object.entries(json)) {
    const where = `${name}: ${runtime}`;
    if (!isRecord(entry)) fail(`${where} must be an object { deprecated, create-block, update-block, successor }`);
    if (!("deprecated" in entry)) fail(`${where} has no "deprecated" field`);
    const successor = entry.successor;
    if (successor !== null && successor !== undefined && typeof successor !== "string") fail(`${where}.successor must be a string or null`);
    out.set(runtime, {
      deprecation: lifecycleDate(entry.deprecated, `${where}.deprecated`),
      blockCreate: lifecycleDate(entry["create-block"], `${where}.create-block`),
      blockUpdate: lifecycleDate(entry["update-block"], `${where}.update-block`),
      successor: (successor as string | null | undefined) ?? null,
    });
  }
  if (out.size === 0) fail(`${name}: no runtimes`);
  return out;
}

/** tflint-ruleset-aws's `deprecated_runtimes.json`: `{ updated_at, runtimes: { "<runtime>": { end_of_support_date, block_create_date?, block_update_date? } } }`. */
export function parseTflintLifecycle(json: unknown): Map<string, Dates> {
  const name = "deprecated_runtimes.json";
  if (!isRecord(json) || !isRecord(json.runtimes)) fail(`${name}: expected an object with a "runtimes" map`);
  const out = new Map<string, Dates>();
  for (const [runtime, entry] of Object.entries(json.runtimes)) {
    const where = `${name}: runtimes.${runtime}`;
    if (!isRecord(entry)) fail(`${where} must be an object { end_of_support_date, block_create_date, block_update_date }`);
    if (!("end_of_support_date" in entry)) fail(`${where} has no "end_of_support_date" field`);
    out.set(runtime, {
      deprecation: lifecycleDate(entry.end_of_support_date, `${where}.end_of_support_date`),
      blockCreate: lifecycleDate(entry.block_create_date, `${where}.block_create_date`),
      blockUpdate: lifecycleDate(entry.block_update_date, `${where}.block_update_date`),
      successor: null,
    });
  }
  if (out.size === 0) fail(`${name}: no runtimes`);
  return out;
}

/** Whether a JSON document is tflint's format (`runtimes` map) rather than cfn-lint's. */
export function isTflintLifecycle(json: unknown): boolean {
  return isRecord(json) && isRecord(json.runtimes) && typeof json.updated_at === "string";
}

/** Numeric parts of an identifier, for "newest first": `python3.14` → [3, 14]. */
function versionOf(runtime: string): number[] {
  return (runtime.match(/\d+/g) ?? []).map(Number);
}

function compareRuntimes(a: RuntimeLifecycle, b: RuntimeLifecycle): number {
  const fam = RUNTIME_FAMILIES.indexOf(a.family) - RUNTIME_FAMILIES.indexOf(b.family);
  if (fam !== 0) return fam;
  // Newest first: no announced deprecation, then later deprecation, then higher version.
  const da = a.deprecation ?? "9999-12-31";
  const db = b.deprecation ?? "9999-12-31";
  if (da !== db) return da < db ? 1 : -1;
  const va = versionOf(a.runtime);
  const vb = versionOf(b.runtime);
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const d = (vb[i] ?? -1) - (va[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.runtime < b.runtime ? -1 : a.runtime > b.runtime ? 1 : 0;
}

/**
 * The runtime lifecycle joined with the API model's Runtime enum.
 *
 * - `primary`: cfn-lint's lifecycle JSON (the dates and successors);
 * - `crossCheck`: tflint's JSON or `undefined`; every difference is listed in `disagreements`;
 * - `runtimeEnum`: the `Runtime` enum of the API model (`ApiFacts.constraints.runtime.enum`). A runtime
 *   in the enum without lifecycle dates is kept with `null` dates ("no announced deprecation"); a
 *   lifecycle entry not in the enum goes to `notInApiModel`.
 */
export function lifecycleToFacts(input: {
  readonly primary: unknown;
  readonly primarySource: FactsSource;
  readonly crossCheck?: unknown;
  readonly crossCheckSource?: FactsSource;
  readonly runtimeEnum: readonly string[];
  readonly apiModelSource: FactsSource;
  readonly generatedOn: string;
}): LifecycleFacts {
  const primary = parseCfnLintLifecycle(input.primary);
  const cross = input.crossCheck === undefined ? undefined : parseTflintLifecycle(input.crossCheck);
  const inEnum = new Set(input.runtimeEnum);
  const runtimes: RuntimeLifecycle[] = [];
  for (const runtime of input.runtimeEnum) {
    const family = runtimeFamily(runtime);
    if (family === undefined) fail(`Lambda API model: Runtime enum value ${JSON.stringify(runtime)} has no known language family`);
    const d = primary.get(runtime);
    if (d) {
      runtimes.push({ runtime, family, ...d, source: "cfn-lint" });
    } else {
      runtimes.push({
        runtime,
        family,
        deprecation: null,
        blockCreate: null,
        blockUpdate: null,
        successor: null,
        source: "api-model",
        note: "in the Lambda API model's Runtime enum; AWS has announced no deprecation date",
      });
    }
  }
  runtimes.sort(compareRuntimes);
  const notInApiModel = [...primary.keys()].filter((r) => !inEnum.has(r)).sort();
  const disagreements: LifecycleDisagreement[] = [];
  if (cross) {
    const all = new Set([...primary.keys(), ...cross.keys()]);
    for (const runtime of [...all].sort()) {
      const a = primary.get(runtime);
      const b = cross.get(runtime);
      if (!a || !b) {
        disagreements.push({ runtime, field: "presence", primary: a ? "listed" : null, crossCheck: b ? "listed" : null });
        continue;
      }
      for (const field of ["deprecation", "blockCreate", "blockUpdate"] as const) {
        if (a[field] !== b[field]) disagreements.push({ runtime, field, primary: a[field], crossCheck: b[field] });
      }
    }
  }
  const dates = [input.primarySource.date, cross ? input.crossCheckSource?.date : undefined].filter((d): d is string => typeof d === "string").map((d) => d.slice(0, 10));
  const asOf = dates.length > 0 ? dates.sort()[dates.length - 1]! : input.generatedOn;
  return {
    sources: { lifecycle: input.primarySource, crossCheck: cross ? (input.crossCheckSource ?? null) : null, apiModel: input.apiModelSource },
    generatedOn: input.generatedOn,
    asOf,
    runtimes,
    notInApiModel,
    disagreements,
  };
}

// ---------------------------------------------------------------------------------------------
// What changed
// ---------------------------------------------------------------------------------------------

/**
 * Human-readable differences between the shipped facts and freshly generated ones: runtimes added,
 * removed or with changed dates, constraints whose bounds, pattern or enum changed. `before` may be
 * `undefined` (first run) or of an unexpected shape (then everything counts as new).
 */
export function describeFactsChanges(
  before: { readonly api?: unknown; readonly lifecycle?: unknown },
  after: { readonly api: ApiFacts; readonly lifecycle: LifecycleFacts },
): string[] {
  const out: string[] = [];
  const oldConstraints = isRecord(before.api) && isRecord(before.api.constraints) ? before.api.constraints : {};
  for (const [key, c] of Object.entries(after.api.constraints) as [string, ApiConstraint][]) {
    const old = oldConstraints[key];
    if (!isRecord(old)) {
      out.push(`constraint ${key} (shape ${c.shape}) added`);
      continue;
    }
    for (const field of ["min", "max", "pattern"] as const) {
      if (old[field] !== c[field]) out.push(`constraint ${key}.${field}: ${JSON.stringify(old[field] ?? null)} → ${JSON.stringify(c[field] ?? null)}`);
    }
    if (c.enum) {
      const was = Array.isArray(old.enum) ? (old.enum as unknown[]) : [];
      const added = c.enum.filter((v) => !was.includes(v));
      const removed = was.filter((v) => typeof v === "string" && !c.enum!.includes(v));
      if (added.length > 0) out.push(`constraint ${key}.enum: added ${added.join(", ")}`);
      if (removed.length > 0) out.push(`constraint ${key}.enum: removed ${removed.join(", ")}`);
    }
  }
  const oldRuntimes = new Map<string, Record<string, unknown>>();
  if (isRecord(before.lifecycle) && Array.isArray(before.lifecycle.runtimes)) {
    for (const r of before.lifecycle.runtimes) if (isRecord(r) && typeof r.runtime === "string") oldRuntimes.set(r.runtime, r);
  }
  for (const r of after.lifecycle.runtimes) {
    const old = oldRuntimes.get(r.runtime);
    oldRuntimes.delete(r.runtime);
    if (!old) {
      out.push(`runtime ${r.runtime} added (${r.deprecation === null ? "no announced deprecation" : `deprecation ${r.deprecation}, block create ${r.blockCreate ?? "none"}, block update ${r.blockUpdate ?? "none"}`})`);
      continue;
    }
    for (const field of ["deprecation", "blockCreate", "blockUpdate"] as const) {
      if ((old[field] ?? null) !== r[field]) out.push(`runtime ${r.runtime} ${field}: ${String(old[field] ?? "none")} → ${r[field] ?? "none"}`);
    }
  }
  for (const name of oldRuntimes.keys()) out.push(`runtime ${name} removed`);
  return out;
}
