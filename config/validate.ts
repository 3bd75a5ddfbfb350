/**
 * Stack config validation. Pure: takes the raw values `config/load.ts` (or `config/stack-file.ts`) read,
 * returns typed settings plus EVERY problem found (shape problems from the schema, limit problems
 * from `pricing/validate-function.ts`, network combinations awsx would reject inside its plugin).
 *
 * Shape (types, required keys, unknown keys; `config/schema.ts`) is checked here too; ranges live in one place,
 * `pricing/limits.ts`, so "memory 128–10240 MB" is written once.
 */
import { z } from "zod";
import type { Architecture, FunctionSettings } from "../pricing";
import { show, type Violation } from "../pricing/violations";
import { LOG_RETENTION_DAYS, supportedRuntimes, validateFunctionName, validateLogRetentionDays, validateStack } from "../pricing";
import { checkPublishedVersion, PUBLISHED_VERSION_RULE, validateProvisionedRelease } from "../components/private-function/release-routing";
import { validateAlarmSettings } from "../components/private-function/alarms";
import { validatePolicyStatements } from "../components/private-function/execution-policy";
import { toLimitTriggers, validateFunctionTriggers } from "../components/triggers/validate";
import { closest, suggestKey } from "../components/shared/suggest";
import { validateRegion } from "../components/private-network/validate";
// issue 18 hook: provisioned concurrency that scales (normalisation, rules).
import { peakMax, splitProvisionedConcurrency, type PcScalingSettings } from "../components/private-function/pc-scaling-settings";
import { validatePcScaling } from "../components/private-function/pc-scaling-validate";
import { billingMonthRange, type MeasuredPcAllocation } from "../pricing/pc-schedule";
import { isOverflowingNumberText } from "../tools/yaml-text";
import { physicalResourceName } from "./names";
import { stackSchema, type FunctionConfig, type NetworkConfig, type RawStackConfig, type StackConfig } from "./schema";

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

export interface FunctionSetting extends Omit<FunctionConfig, "release" | "provisionedConcurrency"> {
  /** A fixed provisioned concurrency (a number in config). */
  readonly provisionedConcurrency?: number;
  /** Provisioned concurrency that scales (an object in config, issue 18). */
  readonly provisionedConcurrencyScaling?: PcScalingSettings;
  /**
   * Measured average allocation of a scaling provisioned concurrency (usage/<stack>.yaml, laid over
   * the settings by usage/usage-file.ts); the cost report prices it instead of the schedule's min.
   */
  readonly measuredProvisionedConcurrency?: MeasuredPcAllocation;
  /** Release settings; `stableVersion` normalised to the version string (`7` → "7"). */
  readonly release: Omit<FunctionConfig["release"], "stableVersion"> & { readonly stableVersion?: string };
  /** Config key, e.g. `hello`. Also the component's logical name. */
  readonly key: string;
  /** Physical Lambda function name, ≤ 64 characters. */
  readonly functionName: string;
  /** Effective log retention. */
  readonly logRetentionDays: number;
}

export interface StackSettings extends Omit<StackConfig, "functions"> {
  readonly project: string;
  readonly stack: string;
  readonly functions: FunctionSetting[];
}

export interface ValidationResult {
  readonly settings?: StackSettings;
  /** Errors and warnings, errors first. `settings` is absent when the shape is wrong. */
  readonly problems: Violation[];
}

/** Where a config value lives, as the user types it: `functions.hello.memoryMb`. */
function pathOf(segments: readonly PropertyKey[]): string {
  return segments.map(String).join(".");
}

function valueAt(raw: unknown, segments: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const s of segments) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[s as string];
  }
  return v;
}

/** {@link show}, except `1e309` kept as written by the YAML reader (it does not fit a number). */
function showRaw(value: unknown): string {
  return isOverflowingNumberText(value) ? `${value.trim()} (too large for a number)` : show(value);
}

/** Convert schema issues into our problem list: path, value given, what is allowed. */
function schemaProblems(raw: unknown, issues: readonly z.core.$ZodIssue[], project: string): Violation[] {
  const problems: Violation[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const top = issue.path.length === 0;
      // Top-level keys are what the user sets: `<project>:<key>` (and `aws:region`).
      const allowed = allowedKeysAt(issue.path).filter((k) => !(top && k === "region"));
      for (const key of issue.keys) {
        const path = top ? `${project}:${key}` : pathOf([...issue.path, key]);
        const suggestion = suggestKey(key, allowed);
        const mean = suggestion === undefined ? "" : suggestion.startsWith("(") ? ` (${suggestion.slice(1, -1)})` : ` (did you mean ${top ? `${project}:` : ""}${suggestion}?)`;
        const where = top ? `allowed keys in the ${project} namespace: ${allowed.map((k) => `${project}:${k}`).join(", ")} (and aws:region)` : `allowed keys here: ${allowed.join(", ")}`;
        problems.push({
          path,
          value: valueAt(raw, [...issue.path, key]),
          rule: "config.unknownKey",
          message: `${path}: unknown key${mean}; ${where}`,
          severity: "error",
        });
      }
      continue;
    }
    // `region` is read from `aws:region`: name the key the user sets.
    const path = issue.path.length === 1 && issue.path[0] === "region" ? "aws:region" : pathOf(issue.path);
    const value = valueAt(raw, issue.path);
    let allowed = issue.message.replace(/^Invalid input: /, "");
    if (issue.code === "invalid_value") allowed = `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    if (issue.code === "invalid_type") allowed = issue.expected === "object" || issue.expected === "array" ? `an ${issue.expected}` : `a ${issue.expected}`;
    const custom = !issue.message.startsWith("Invalid");
    if (issue.code === "invalid_union" && issue.path.length === 1 && issue.path[0] === "network") {
      allowed = `network.mode "create" or "existing"`;
    }
    // issue 18 hook: an object given for provisionedConcurrency: report the object branch's own problems.
    if (issue.code === "invalid_union" && issue.path[issue.path.length - 1] === "provisionedConcurrency") {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const inner = (issue.errors[1] ?? []).map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as z.core.$ZodIssue);
        problems.push(...schemaProblems(raw, inner, project));
        continue;
      }
      allowed = "a number, or { min, max, targetUtilization?, schedules? }";
    }
    problems.push({
      path: path || "(root)",
      value,
      rule: "config.shape",
      message:
        value === undefined && issue.code === "invalid_type"
          ? `${path || "(root)"}: got nothing, required (${allowed})${custom ? `; ${issue.message}` : ""}`
          : `${path || "(root)"}: got ${showRaw(value)}, allowed ${allowed}`,
      severity: "error",
    });
  }
  return problems;
}

function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = stackSchema;
  for (const seg of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[String(seg)] ?? schema;
    else if (schema instanceof z.ZodRecord) schema = schema._zod.def.valueType as z.ZodType;
    else if (schema instanceof z.ZodArray) schema = schema._zod.def.element as z.ZodType;
  }
  schema = unwrap(schema);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return [...new Set(schema.options.flatMap((o) => Object.keys((o as z.ZodObject).shape)))];
  }
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 5; i++) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s._zod.def.innerType as z.ZodType;
    // issue 18 hook: `provisionedConcurrency` is a number or an object: keys come from the object.
    else if (s instanceof z.ZodUnion) s = ((s.options as z.ZodType[]).find((o) => o instanceof z.ZodObject) ?? s) as z.ZodType;
    else break;
  }
  return s;
}

/** Max function key length: `<key>-role-<7 hex>` must fit IAM's 64-character role names. */
export const MAX_FUNCTION_KEY_LENGTH = 48;
const FUNCTION_KEY_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_FUNCTION_KEY_LENGTH - 1}}$`);

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Network combinations the awsx plugin (which never runs under mocks) or AWS would reject. */
export function validateNetwork(network: NetworkConfig, functions: readonly FunctionSetting[]): Violation[] {
  const out: Violation[] = [];
  const add = (path: string, value: unknown, rule: string, message: string, severity: "error" | "warning" = "error") =>
    out.push({ path, value, rule, message: `${path}: ${message}`, severity });

  const cidr = CIDR.exec(network.cidrBlock);
  if (!cidr || cidr.slice(1, 5).some((o) => Number(o) > 255)) {
    add("network.cidrBlock", network.cidrBlock, "network.cidr", `got ${showRaw(network.cidrBlock)}, allowed an IPv4 CIDR block such as 10.0.0.0/16`);
  } else if (Number(cidr[5]) < 16 || Number(cidr[5]) > 28) {
    add("network.cidrBlock", network.cidrBlock, "network.cidr", `prefix /${cidr[5]} is outside the range AWS allows for a VPC, /16 to /28`);
  }

  if (network.mode === "create") {
    const azs = network.availabilityZones;
    if (!Number.isInteger(azs) || azs < 2 || azs > 6) {
      add("network.availabilityZones", azs, "network.azCount", `got ${showRaw(azs)}, allowed integer 2–6 (a private function needs subnets in at least two AZs)`);
    }
    // awsx: a NAT strategy other than None needs Public and Private subnets (we declare both);
    // with None we declare only Isolated subnets, which every awsx 3.x version accepts.
  } else {
    const azs = new Set(network.subnets.map((s) => s.availabilityZone));
    if (azs.size < 2) {
      add("network.subnets", network.subnets.map((s) => s.availabilityZone), "network.azCount", `subnets span ${azs.size} availability zone(s); allowed: at least 2 distinct AZs`);
    }
    if (network.subnets.length > 16) {
      add("network.subnets", network.subnets.length, "lambda.vpc.subnets", `got ${network.subnets.length} subnets, allowed at most 16 per function`);
    }
    if (network.gatewayEndpoints.length > 0 && network.routeTableIds.length === 0) {
      add("network.routeTableIds", [], "network.gatewayRoutes", "gateway endpoints need the route tables of the function subnets; got none");
    }
  }

  const noNat = network.natGateways === "none" || network.natGateways === 0;
  const usesDynamo = functions.some((f) => f.tables.length > 0);
  if (usesDynamo && noNat && !network.gatewayEndpoints.includes("dynamodb")) {
    add("network.gatewayEndpoints", network.gatewayEndpoints, "network.dynamodbRoute", `functions use DynamoDB tables but the subnets have no NAT and no "dynamodb" gateway endpoint; add "dynamodb" (free)`);
  }
  if (noNat && !network.interfaceEndpoints.includes("xray")) {
    add("network.interfaceEndpoints", network.interfaceEndpoints, "network.xrayRoute", `tracing is Active but the subnets have no NAT and no "xray" interface endpoint; traces sent from the function may not leave the VPC`, "warning");
  }
  for (const [i, e] of network.interfaceEndpoints.entries()) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(e)) add(`network.interfaceEndpoints.${i}`, e, "network.endpointName", `got ${showRaw(e)}, allowed a service short name such as "xray", "sqs", "secretsmanager"`);
    if (e === "lambda") add(`network.interfaceEndpoints.${i}`, e, "network.endpointName", `the lambda endpoint is always created; remove it from the list`, "warning");
    if (e === "s3" || e === "dynamodb") add(`network.interfaceEndpoints.${i}`, e, "network.endpointName", `use gatewayEndpoints for ${e}: gateway endpoints are free, interface endpoints are billed per AZ-hour`, "warning");
  }
  return out;
}

export interface ValidateStackSettingsOptions {
  readonly project: string;
  readonly stack: string;
  /** ISO date for runtime deprecation checks. */
  readonly today?: string;
  /** Measured package sizes per function key (from the package builder). */
  readonly packages?: Readonly<Record<string, { zippedBytes: number; unzippedBytes: number; upload: "direct" | "s3" }>>;
}

/** Map one function's settings to the limits validator's input. */
export function toFunctionSettings(f: FunctionSetting, project: string, stack: string, vpc?: { subnetIds: string[]; securityGroupIds: string[] }, pkg?: FunctionSettings["package"]): FunctionSettings {
  const plainEnv: Record<string, string> = { ...f.environment };
  // Secret values are unknown here; count their names with an empty value so key rules apply.
  for (const k of Object.keys(f.secretEnvironment)) plainEnv[k] = plainEnv[k] ?? "";
  for (const t of f.tables) plainEnv[t.envVar] = physicalResourceName(project, stack, t.table);
  return {
    name: f.key,
    runtime: f.runtime,
    handler: f.handler,
    architecture: f.architecture as Architecture,
    memoryMb: f.memoryMb,
    timeoutSeconds: f.timeoutSeconds,
    ephemeralStorageMb: f.ephemeralStorageMb,
    environment: plainEnv,
    description: f.description,
    layers: f.layers.map((arn) => ({ arn })),
    package: pkg,
    reservedConcurrency: f.reservedConcurrency,
    // issue 18 hook: a scaling function holds up to its peak max (counted in the account-wide Σ).
    provisionedConcurrency: f.provisionedConcurrency ?? (f.provisionedConcurrencyScaling ? peakMax(f.provisionedConcurrencyScaling) : undefined),
    release: { aliasName: f.release.aliasName, stableVersion: f.release.stableVersion, canaryWeight: f.release.canaryWeight },
    vpc,
    triggers: toLimitTriggers(f.triggers),
  };
}

/** Validate raw stack config: every problem at once, errors before warnings. */
export function validateStackSettings(raw: RawStackConfig, opts: ValidateStackSettingsOptions): ValidationResult {
  const parsed = stackSchema.safeParse(raw);
  if (!parsed.success) return { problems: sortProblems(schemaProblems(raw, parsed.error.issues, opts.project)) };
  const cfg = parsed.data;
  const problems: Violation[] = [];

  // Before the cost report: a refused partition (GovCloud, China) must not turn into "add a price override".
  problems.push(...validateRegion(cfg.region, "aws:region"));
  problems.push(...retentionProblems(cfg.logRetentionDays, "logRetentionDays", "the default, 14 days"));

  // issue 18 hook: the month provisioned-concurrency schedules are priced over (pure: from config or `today`).
  const billingMonth = cfg.pricing.billingMonth ?? opts.today?.slice(0, 7);
  if (cfg.pricing.billingMonth !== undefined && billingMonthRange(cfg.pricing.billingMonth) === undefined) {
    problems.push({ path: "pricing.billingMonth", value: cfg.pricing.billingMonth, rule: "pricing.billingMonth", message: `pricing.billingMonth: got ${showRaw(cfg.pricing.billingMonth)}, allowed a month as YYYY-MM, e.g. 2026-03`, severity: "error" });
  }

  // One rule for versions (also the release CLI's): a whole number ≥ 1; an unquoted number is that version.
  const versionProblems: Violation[] = [];
  const functions: FunctionSetting[] = Object.entries(cfg.functions).map(([key, { provisionedConcurrency, ...f }]) => ({
    ...f,
    // issue 18 hook: a number stays `provisionedConcurrency`; an object becomes `provisionedConcurrencyScaling`.
    ...(({ fixed, scaling }) => ({ ...(fixed !== undefined ? { provisionedConcurrency: fixed } : {}), ...(scaling ? { provisionedConcurrencyScaling: scaling } : {}) }))(splitProvisionedConcurrency(provisionedConcurrency)),
    release: (({ stableVersion, ...rest }) => {
      const version = releaseVersion(key, stableVersion, versionProblems);
      return version === undefined ? rest : { ...rest, stableVersion: version };
    })(f.release),
    key,
    functionName: physicalResourceName(opts.project, opts.stack, key),
    logRetentionDays: f.logRetentionDays ?? cfg.logRetentionDays,
  }));

  problems.push(...versionProblems);
  if (functions.length === 0) {
    problems.push({ path: "functions", value: {}, rule: "config.noFunctions", message: "functions: got none, allowed one or more functions", severity: "error" });
  }

  for (const f of functions) {
    const base = `functions.${f.key}`;
    // The key is the component's logical name; its IAM role is auto-named `<key>-role-<7 hex>`
    // and IAM role names stop at 64 characters, so keys stay well below that.
    if (!FUNCTION_KEY_PATTERN.test(f.key)) {
      problems.push({
        path: base,
        value: f.key,
        rule: "config.functionKey",
        message: `${base}: got key ${showRaw(f.key)}, allowed 1–${MAX_FUNCTION_KEY_LENGTH} characters of lower-case letters, digits and "-", starting with a letter or digit`,
        severity: "error",
      });
    }
    if ((f.source === undefined) === (f.zip === undefined)) {
      problems.push({
        path: `${base}.source`,
        value: { source: f.source, zip: f.zip },
        rule: "config.codeSource",
        message: `${base}: set exactly one of "source" (a directory with index.ts) or "zip" (a prebuilt archive); source and zip are mutually exclusive`,
        severity: "error",
      });
    }
    if (f.logRetentionDays !== cfg.logRetentionDays) problems.push(...retentionProblems(f.logRetentionDays, `${base}.logRetentionDays`, `the stack's logRetentionDays, ${cfg.logRetentionDays} days`));
    problems.push(...validateFunctionName(f.functionName, `${base} (function name ${f.functionName})`, { autoNamed: false }));
    for (const [i, t] of f.tables.entries()) {
      if (!(t.table in cfg.tables)) {
        problems.push({
          path: `${base}.tables.${i}.table`,
          value: t.table,
          rule: "config.unknownTable",
          message: `${base}.tables.${i}.table: got ${showRaw(t.table)}, allowed one of the tables declared under "tables": ${Object.keys(cfg.tables).join(", ") || "(none declared)"}`,
          severity: "error",
        });
      }
    }
    for (const [envVar, secretKey] of Object.entries(f.secretEnvironment)) {
      if (envVar in f.environment) {
        problems.push({ path: `${base}.secretEnvironment.${envVar}`, value: secretKey, rule: "config.envDuplicate", message: `${base}.secretEnvironment.${envVar}: also set in environment; set it in one place`, severity: "error" });
      }
    }
    problems.push(...validatePolicyStatements(f.policyStatements, `${base}.policyStatements`));
    const scaling = f.provisionedConcurrencyScaling;
    problems.push(...validateProvisionedRelease(f.provisionedConcurrency ?? (scaling ? peakMax(scaling) : undefined), f.release, base));
    // issue 18 hook: the scaling block's rules (the limits validator's per-function PC rules are dropped for it below).
    if (scaling) {
      problems.push(
        ...validatePcScaling(
          scaling,
          `${base}.provisionedConcurrency`,
          { reservedConcurrency: f.reservedConcurrency, concurrencyLimit: cfg.account.concurrencyLimit, canaryWeight: f.release.stableVersion !== undefined ? f.release.canaryWeight : 0, functionName: f.functionName, aliasName: f.release.aliasName, month: billingMonth },
          (cfg.functions[f.key]!.provisionedConcurrency as { schedules: Parameters<typeof validatePcScaling>[3] }).schedules,
        ),
      );
    }
    if (f.alarms.enabled) problems.push(...validateAlarmSettings(f.alarms, `${base}.alarms`));
    problems.push(...validateFunctionTriggers(f.triggers, { functionPath: base, timeoutSeconds: f.timeoutSeconds, reservedConcurrency: f.reservedConcurrency }));
    for (const [name, u] of usageEntries(f)) {
      for (const [field, v] of Object.entries(u)) {
        if (typeof v === "number" && (!Number.isFinite(v) || v < 0)) {
          problems.push({ path: `${base}.usage${name}.${field}`, value: v, rule: "usage.nonNegative", message: `${base}.usage${name}.${field}: got ${v}, allowed a number ≥ 0`, severity: "error" });
        }
      }
      problems.push(...impossibleUsage(f, `${base}.usage${name}`, u, { concurrencyLimit: cfg.account.concurrencyLimit, hoursPerMonth: cfg.pricing.hoursPerMonth }));
    }
  }

  problems.push(...validateNetwork(cfg.network, functions));

  const nonNegative = (path: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) problems.push({ path, value: v, rule: "usage.nonNegative", message: `${path}: got ${v}, allowed a number ≥ 0`, severity: "error" });
  };
  nonNegative("network.usage.endpointDataGbPerMonth", cfg.network.usage.endpointDataGbPerMonth);
  nonNegative("network.usage.natDataGbPerMonth", cfg.network.usage.natDataGbPerMonth);
  nonNegative("account.otherUsageGbSeconds.x86_64", cfg.account.otherUsageGbSeconds.x86_64);
  nonNegative("account.otherUsageGbSeconds.arm64", cfg.account.otherUsageGbSeconds.arm64);
  nonNegative("pricing.budgetUsd", cfg.pricing.budgetUsd);
  if (cfg.network.mode === "existing" && !(Number.isInteger(cfg.network.natGateways) && cfg.network.natGateways >= 0)) {
    problems.push({ path: "network.natGateways", value: cfg.network.natGateways, rule: "network.natCount", message: `network.natGateways: got ${cfg.network.natGateways}, allowed an integer ≥ 0 (NAT gateways already in the VPC)`, severity: "error" });
  }
  for (const [key, t] of Object.entries(cfg.tables)) {
    // The key becomes part of the table name <project>-<stack>-<key>: DynamoDB allows [a-zA-Z0-9_.-].
    if (!/^[a-zA-Z0-9_.-]{1,200}$/.test(key)) {
      problems.push({ path: `tables.${key}`, value: key, rule: "config.tableKey", message: `tables.${key}: got key ${showRaw(key)}, allowed letters, digits, "_", "." and "-" (it becomes part of the DynamoDB table name)`, severity: "error" });
    }
    // issue 17 hook: table usage figures are amounts.
    for (const [field, v] of Object.entries(t.usage ?? {})) {
      if (typeof v === "number") nonNegative(`tables.${key}.usage.${field}`, v);
    }
    if (!/^.{1,255}$/.test(t.partitionKey)) {
      problems.push({ path: `tables.${key}.partitionKey`, value: t.partitionKey, rule: "config.partitionKey", message: `tables.${key}.partitionKey: got ${showRaw(t.partitionKey)}, allowed an attribute name of 1–255 characters`, severity: "error" });
    }
  }

  const p = cfg.pricing;
  if (!(p.hoursPerMonth > 0 && p.hoursPerMonth <= 744)) {
    problems.push({ path: "pricing.hoursPerMonth", value: p.hoursPerMonth, rule: "pricing.hours", message: `pricing.hoursPerMonth: got ${p.hoursPerMonth}, allowed a number above 0 and at most 744 (31 days)`, severity: "error" });
  }

  // The user's subnet ids for an existing network (so messages name them); stand-ins for the ones awsx creates.
  const subnetIds = cfg.network.mode === "create" ? Array.from({ length: cfg.network.availabilityZones }, (_, i) => `subnet-${i}`) : cfg.network.subnets.map((s) => s.id);
  const vpc = { subnetIds, securityGroupIds: ["sg-functions"] };
  const fnSettings = functions.map((f) => toFunctionSettings(f, opts.project, opts.stack, vpc, opts.packages?.[f.key]));
  const limits = validateStack(fnSettings, { concurrencyLimit: cfg.account.concurrencyLimit, maxMemoryMb: cfg.account.maxMemoryMb }, { today: opts.today, autoNamed: false });
  const seen = new Set(problems.map((p) => p.message));
  // issue 18 hook: a scaling function's PC rules are validatePcScaling's; its peak max still counts in the account-wide Σ.
  const scaled = new Set(functions.filter((f) => f.provisionedConcurrencyScaling).map((f) => `functions.${f.key}`));
  const perFunctionPcRule = (x: Violation) => scaled.has(x.path.replace(/\.(provisionedConcurrency|release\.canaryWeight)$/, "")) && /^lambda\.(provisionedConcurrency\.|alias\.weight\.provisionedConcurrency$)/.test(x.rule);
  for (const v of limits.filter((x) => !perFunctionPcRule(x)).map((x) => withRuntimeSuggestion(subnetPath(toConfigPath(x, functions), cfg.network.mode), opts.today))) {
    // Subnet problems are the network's, once, not one per function.
    if (seen.has(v.message)) continue;
    seen.add(v.message);
    problems.push(v);
  }

  const settings: StackSettings = { ...cfg, pricing: { ...cfg.pricing, ...(billingMonth !== undefined ? { billingMonth } : {}) }, project: opts.project, stack: opts.stack, functions };
  return { settings, problems: sortProblems(problems) };
}

/**
 * Report an environment-size violation at the config key that set the variable: the limits
 * validator sees the function's whole environment, the config splits it into `environment`,
 * `secretEnvironment` and `tables[i].envVar`.
 */
function toConfigPath(v: Violation, functions: readonly FunctionSetting[]): Violation {
  const m = /^functions\.([^.]+)\.environment(?:\.(.+)|\["(.+)"\])$/.exec(v.path);
  if (!m) return v;
  const f = functions.find((x) => x.key === m[1]);
  if (!f) return v;
  const base = `functions.${f.key}`;
  const variable = m[2] ?? m[3];
  let path = v.path;
  if (variable !== undefined && !(variable in f.environment)) {
    const table = f.tables.findIndex((t) => t.envVar === variable);
    if (variable in f.secretEnvironment) path = `${base}.secretEnvironment.${variable}`;
    else if (table >= 0) path = `${base}.tables.${table}.envVar`;
  }
  return path === v.path ? v : { ...v, path, message: v.message.split(v.path).join(path) };
}

/**
 * The limits validator checks each function's `vpc.subnetIds`; in this config they come from
 * `network.subnets` (existing network) or `network.availabilityZones` (created network).
 */
function subnetPath(v: Violation, mode: "create" | "existing"): Violation {
  const m = /^functions\.[^.]+\.vpc\.subnetIds(.*)$/.exec(v.path);
  if (!m) return v;
  const path = mode === "existing" ? `network.subnets${m[1]}` : "network.availabilityZones";
  return { ...v, path, message: v.message.split(v.path).join(path) };
}

/** `runtime: nodejs24` → add `did you mean "nodejs24.x"?` to the limits validator's message. */
function withRuntimeSuggestion(v: Violation, today: string | undefined): Violation {
  if (v.rule !== "lambda.runtime.unknown" || typeof v.value !== "string") return v;
  const near = closest(v.value, supportedRuntimes(today));
  return near === undefined ? v : { ...v, message: `${v.message}; did you mean "${near}"?` };
}

/**
 * Log retention problems with advice that is true here: omitting the key gives a default (never
 * "keep logs forever": this stack always sets a retention, see the PL-FN-005 guardrail).
 */
function retentionProblems(days: number, path: string, omitted: string): Violation[] {
  return validateLogRetentionDays(days, path).map((v) => ({
    ...v,
    message: v.message.replace(/;?\s*omit it to keep logs forever/, `; omit it for ${omitted} (logs that never expire are not allowed here)`),
  }));
}

/** Requests per month above which a figure is a typo, not traffic (a million requests a second for 30 years). */
export const MAX_REQUESTS_PER_MONTH = 1e15;

/**
 * Usage that cannot happen: an average duration above the function's timeout (Lambda stops the
 * invocation at the timeout), more than 10^15 requests a month, and traffic whose average
 * concurrency (requests × duration ÷ seconds in the month, Little's law) exceeds what the function
 * may run at once: its reserved concurrency, else the account's concurrency limit (a warning:
 * the excess is throttled, so the cost report overstates what runs).
 */
function impossibleUsage(f: FunctionSetting, path: string, u: Record<string, unknown>, account: { concurrencyLimit: number; hoursPerMonth: number }): Violation[] {
  const out: Violation[] = [];
  const requests = typeof u.requestsPerMonth === "number" && Number.isFinite(u.requestsPerMonth) ? u.requestsPerMonth : undefined;
  const duration = typeof u.avgDurationMs === "number" && Number.isFinite(u.avgDurationMs) ? u.avgDurationMs : undefined;
  const timeoutMs = f.timeoutSeconds * 1000;
  // Only against a timeout that is itself valid (1–900 s); an invalid one is reported on its own.
  if (duration !== undefined && Number.isInteger(f.timeoutSeconds) && f.timeoutSeconds >= 1 && f.timeoutSeconds <= 900 && duration > timeoutMs) {
    out.push({
      path: `${path}.avgDurationMs`,
      value: duration,
      rule: "usage.durationAboveTimeout",
      message: `${path}.avgDurationMs: got ${duration} ms, allowed at most the function's timeout, ${timeoutMs} ms (timeoutSeconds ${f.timeoutSeconds}): Lambda stops an invocation at its timeout`,
      severity: "error",
    });
  }
  if (requests !== undefined && requests > MAX_REQUESTS_PER_MONTH) {
    out.push({
      path: `${path}.requestsPerMonth`,
      value: requests,
      rule: "usage.requestsAbsurd",
      message: `${path}.requestsPerMonth: got ${requests}, allowed at most 10^15 a month (that is already ${Math.round(MAX_REQUESTS_PER_MONTH / (account.hoursPerMonth * 3600)).toLocaleString("en-US")} requests a second)`,
      severity: "error",
    });
    return out;
  }
  if (requests !== undefined && duration !== undefined && account.hoursPerMonth > 0) {
    const concurrency = (requests * (duration / 1000)) / (account.hoursPerMonth * 3600);
    const cap = f.reservedConcurrency ?? account.concurrencyLimit;
    const capName = f.reservedConcurrency !== undefined ? `reservedConcurrency ${f.reservedConcurrency}` : `the account concurrency limit ${account.concurrencyLimit} (account.concurrencyLimit)`;
    if (Number.isFinite(cap) && concurrency > cap) {
      const shown = concurrency >= 100 ? Math.round(concurrency).toLocaleString("en-US") : String(Math.round(concurrency * 10) / 10);
      out.push({
        path: `${path}.requestsPerMonth`,
        value: requests,
        rule: "usage.concurrencyAboveLimit",
        message: `${path}: ${requests} requests × ${duration} ms over ${account.hoursPerMonth} h is an average concurrency of ${shown}, above ${capName}: the excess would be throttled, so this usage cannot run and the cost is overstated`,
        severity: "warning",
      });
    }
  }
  return out;
}

/** `release.stableVersion` as the string the program uses, or a problem (and undefined). */
function releaseVersion(key: string, value: string | number | undefined, problems: Violation[]): string | undefined {
  const r = checkPublishedVersion(typeof value === "string" && isOverflowingNumberText(value) ? Number.POSITIVE_INFINITY : value);
  if ("version" in r) return r.version;
  const path = `functions.${key}.release.stableVersion`;
  const problem = isOverflowingNumberText(value) ? `got ${showRaw(value)}, allowed ${PUBLISHED_VERSION_RULE}` : r.problem;
  problems.push({ path, value, rule: "config.stableVersion", message: `${path}: ${problem}`, severity: "error" });
  return undefined;
}

function usageEntries(f: FunctionSetting): [string, Record<string, unknown>][] {
  if (!f.usage) return [];
  const { scenarios, ...expected } = f.usage;
  return [["", expected], ...Object.entries(scenarios ?? {}).map(([k, v]) => [`.scenarios.${k}`, v as Record<string, unknown>] as [string, Record<string, unknown>])];
}

function sortProblems(problems: Violation[]): Violation[] {
  const rank = (v: Violation) => (v.severity === "error" ? 0 : 1);
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

export { LOG_RETENTION_DAYS };
