/**
 * Pure decisions of {@link PrivateFunction}: alias routing for blue/green releases, the execution
 * role's policy, alarm definitions. Imported by tests without the Pulumi engine.
 */
import { error, type Violation } from "../../pricing/violations";

/** Blue/green release settings, as a caller gives them: every field optional. */
export interface ReleaseOptions {
  /** Alias every caller uses. @default "live" */
  readonly aliasName?: string;
  /** Version that takes `1 − canaryWeight` of the traffic. @default - the version just published */
  readonly stableVersion?: string;
  /** Share of traffic for the version just published, 0–1, when it differs from `stableVersion`. @default 0 */
  readonly canaryWeight?: number;
}

/** {@link ReleaseOptions} with the defaults applied. */
export interface ReleaseSettings extends ReleaseOptions {
  readonly aliasName: string;
  readonly canaryWeight: number;
}

/** Release defaults: the first deploy of a function points `live` at the version just published. */
export const DEFAULT_RELEASE_SETTINGS: ReleaseSettings = Object.freeze({ aliasName: "live", canaryWeight: 0 });

/**
 * The one rule for a version number an alias may point at (the stack file's
 * `release.stableVersion`, the release CLI's `--version`/`--to`): a whole number ≥ 1, because
 * Lambda numbers published versions from 1 (`$LATEST` is not a published version), see
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
export const PUBLISHED_VERSION_RULE = "a published version number ≥ 1 (Lambda numbers versions from 1), such as \"7\"";

/**
 * Check a version as written in config or on the command line. An unquoted YAML number
 * (`stableVersion: 3`) clearly means version "3" and is accepted as such; `undefined` is "not set".
 */
export function checkPublishedVersion(value: unknown): { version: string | undefined } | { problem: string } {
  if (value === undefined || value === null) return { version: undefined };
  const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : undefined) : typeof value === "string" ? value.trim() : undefined;
  if (text !== undefined && /^\d+$/.test(text) && !/^0+$/.test(text) && Number.isSafeInteger(Number(text))) return { version: String(Number(text)) };
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const hint =
    value === "$LATEST" ? "; $LATEST is the unpublished version, an alias needs a published one" : typeof value === "string" && value.startsWith("arn:") ? "; give the version number, not an ARN" : /^0+$/.test(String(value)) ? "; version 0 does not exist" : "";
  return { problem: `got ${shown}, allowed ${PUBLISHED_VERSION_RULE}${hint}` };
}

/** Defaults first, so that every field the caller gives wins. */
export function resolveReleaseSettings(options: ReleaseOptions | undefined): ReleaseSettings {
  return { ...DEFAULT_RELEASE_SETTINGS, ...definedOnly(options ?? {}) };
}

export type ReleaseState =
  /** No stable version yet: the alias follows the version just published. */
  | "first-deploy"
  /** Newest version = stable: nothing to shift. */
  | "unchanged"
  /** Newest version published but dark; alias on stable. */
  | "dark"
  /** Alias split between stable and the newest version. */
  | "canary";

export interface AliasRouting {
  readonly functionVersion: string;
  /** At most one entry: the canary version and its weight. Absent = no weights. */
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
  readonly state: ReleaseState;
  /** The version that receives the canary weight, if any. */
  readonly canaryVersion?: string;
}

/**
 * Where the alias points, given the release settings and the version `publish: true` produced.
 * A weighted alias targets two published versions: the primary (`functionVersion`) and exactly
 * one additional version (docs/sources.md#lambda-aliases). Cut-over and rollback set `functionVersion` and clear
 * the weights in the same update.
 */
export function resolveAliasRouting(release: ReleaseSettings, publishedVersion: string): AliasRouting {
  const stable = release.stableVersion;
  if (stable === undefined) return { functionVersion: publishedVersion, state: "first-deploy" };
  if (stable === publishedVersion) return { functionVersion: stable, state: "unchanged" };
  if (release.canaryWeight > 0) {
    return {
      functionVersion: stable,
      additionalVersionWeights: { [publishedVersion]: release.canaryWeight },
      state: "canary",
      canaryVersion: publishedVersion,
    };
  }
  return { functionVersion: stable, state: "dark" };
}

/**
 * Canary alarms exist only when the alias really is split: the routing has a canary version (the
 * version just published differs from the stable one and carries a weight). With a stable version
 * and a weight but nothing new published ("unchanged"), they would watch `ExecutedVersion` = the
 * stable version and duplicate the alias alarms.
 */
export function hasCanary(routing: AliasRouting): routing is AliasRouting & { readonly canaryVersion: string } {
  return routing.state === "canary" && routing.canaryVersion !== undefined;
}

/**
 * The version the alias's `functionVersion` gets when it is known before deploy: the pinned stable
 * version. Undefined when the alias follows the version just published (known only after it).
 */
export function pinnedAliasVersion(release: ReleaseSettings): string | undefined {
  return release.stableVersion;
}

/**
 * Provisioned concurrency on an alias that moves. PC sits on the alias, and Lambda reallocates it to
 * whatever version the alias points at: an alias that follows each new version would re-provision
 * (and briefly double-bill) on every code or config change, outside any release step, and AWS
 * rejects PC changes while the alias has weights ("Alias with weights can not be used with
 * Provisioned Concurrency",
 * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). So a function with
 * provisioned concurrency pins `release.stableVersion`: new code is published dark and moved by the
 * release CLI (canary, promote, rollback). A function that does not exist yet pins "1": its first
 * publish is version 1.
 */
export function validateProvisionedRelease(provisionedConcurrency: number | undefined, release: ReleaseOptions | undefined, path: string): Violation[] {
  if (provisionedConcurrency === undefined || release?.stableVersion !== undefined) return [];
  return [
    {
      path: `${path}.release.stableVersion`,
      value: undefined,
      rule: "release.provisionedConcurrency.stableVersion",
      allowed: "a published version number when provisionedConcurrency is set",
      message:
        `${path}.release.stableVersion: got none with provisionedConcurrency ${provisionedConcurrency}, allowed a published version number when provisionedConcurrency is set; ` +
        `pin the version the alias serves ("1" for a function not deployed yet, whose first publish is version 1; else the version \`npm run release -- status\` shows), ` +
        `so that new code is published dark and the release CLI moves the alias and its provisioned concurrency (canary, promote, rollback)`,
      severity: "error",
    },
  ];
}

/** Actions of `AWSLambdaVPCAccessExecutionRole` other than logs: AWS requires `*` for them. */
export const VPC_ENI_ACTIONS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
] as const;

/** X-Ray write actions a traced function needs (`PutTraceSegments` error otherwise). */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"] as const;

/** DynamoDB actions per access level. `increment` is the page-view counter's atomic ADD. */
export const TABLE_ACTIONS = {
  read: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"],
  increment: ["dynamodb:UpdateItem"],
  readWrite: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
} as const;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow";
  readonly Action: string[];
  readonly Resource: string | string[];
}

export interface RolePolicyInput {
  /** ARN of the function's own log group (without `:*`). */
  readonly logGroupArn: string;
  readonly tables?: readonly { readonly arn: string; readonly access: keyof typeof TABLE_ACTIONS }[];
  /** Extra statements; `sid` defaults to `Extra<i>`. */
  readonly extraStatements?: readonly { readonly sid?: string; readonly actions: readonly string[]; readonly resources: readonly string[] }[];
}

/** Least-privilege execution policy: its own log group, ENI actions, X-Ray writes, its tables. */
/**
 * The part of the execution policy that must outlive the network on destroy: Lambda deletes the
 * function's Hyperplane ENIs with the function's role after the function is gone (up to 20 min),
 * and cannot if the role or these permissions are deleted first (docs/sources.md#private-networking).
 */
export function baseExecutionPolicy(): { Version: "2012-10-17"; Statement: PolicyStatement[] } {
  return {
    Version: "2012-10-17",
    Statement: [
      // AWS requires Resource "*" for these (AWSLambdaVPCAccessExecutionRole).
      { Sid: "VpcNetworkInterfaces", Effect: "Allow", Action: [...VPC_ENI_ACTIONS], Resource: "*" },
      // X-Ray trace segments have no resource ARN.
      { Sid: "XRayWrite", Effect: "Allow", Action: [...XRAY_WRITE_ACTIONS], Resource: "*" },
    ],
  };
}

/** The function's own permissions: its log group, its tables, extra statements. */
export function executionRolePolicy(input: RolePolicyInput): { Version: "2012-10-17"; Statement: PolicyStatement[] } {
  const statements: PolicyStatement[] = [
    { Sid: "OwnLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${input.logGroupArn}:*` },
  ];
  for (const [i, t] of (input.tables ?? []).entries()) {
    statements.push({ Sid: `Table${i}`, Effect: "Allow", Action: [...TABLE_ACTIONS[t.access]], Resource: t.arn });
  }
  for (const [i, s] of (input.extraStatements ?? []).entries()) {
    statements.push({ Sid: s.sid ?? `Extra${i}`, Effect: "Allow", Action: [...s.actions], Resource: [...s.resources] });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Trust policy: only the Lambda service may assume the role. */
export const LAMBDA_ASSUME_ROLE_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** CloudWatch alarms on the alias, as a caller gives them: every field optional. */
export interface AlarmOptions {
  /** @default true */
  readonly enabled?: boolean;
  /** Errors per period that trip the alarm. @default 1 */
  readonly errorsThreshold?: number;
  /** Throttles per period that trip the alarm. @default 1 */
  readonly throttlesThreshold?: number;
  /** p99 duration, as a percentage of the timeout, that trips the alarm. @default 80 */
  readonly p99DurationPercentOfTimeout?: number;
  /** @default 60 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly evaluationPeriods?: number;
}

/** {@link AlarmOptions} with the defaults applied. */
export type AlarmSettings = Required<AlarmOptions>;

/** Alarm defaults, written once: the stack schema, the component and the release CLI use them. */
export const DEFAULT_ALARM_SETTINGS: AlarmSettings = Object.freeze({
  enabled: true,
  errorsThreshold: 1,
  throttlesThreshold: 1,
  p99DurationPercentOfTimeout: 80,
  periodSeconds: 60,
  evaluationPeriods: 3,
});

/** Defaults first, so that every field the caller gives wins. */
export function resolveAlarmSettings(options: AlarmOptions | undefined): AlarmSettings {
  return { ...DEFAULT_ALARM_SETTINGS, ...definedOnly(options ?? {}) };
}

/** The fields whose value is not `undefined`: `{ x: undefined }` must not override a default. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface AlarmSpec {
  /** Logical-name role, e.g. `alarm-errors`, `canary-alarm-errors`. */
  readonly role: string;
  readonly metricName: "Errors" | "Throttles" | "Duration";
  readonly statistic?: "Sum";
  readonly extendedStatistic?: "p99";
  readonly threshold: number;
  readonly description: string;
  /** True for alarms on the canary version (dimension `ExecutedVersion`). */
  readonly canary: boolean;
}

/**
 * Alarms on the alias (and, during a canary, on the canary version through the alias's
 * `ExecutedVersion` dimension): errors, throttles, p99 duration against the timeout.
 */
export function alarmSpecs(a: AlarmSettings, timeoutSeconds: number, canary: boolean): AlarmSpec[] {
  if (!a.enabled) return [];
  const durationMs = Math.round((timeoutSeconds * 1000 * a.p99DurationPercentOfTimeout) / 100);
  const base = (prefix: string, isCanary: boolean): AlarmSpec[] => [
    { role: `${prefix}alarm-errors`, metricName: "Errors", statistic: "Sum", threshold: a.errorsThreshold, description: `Errors ≥ ${a.errorsThreshold} per ${a.periodSeconds} s`, canary: isCanary },
    { role: `${prefix}alarm-throttles`, metricName: "Throttles", statistic: "Sum", threshold: a.throttlesThreshold, description: `Throttles ≥ ${a.throttlesThreshold} per ${a.periodSeconds} s`, canary: isCanary },
    { role: `${prefix}alarm-p99-duration`, metricName: "Duration", extendedStatistic: "p99", threshold: durationMs, description: `p99 duration ≥ ${durationMs} ms (${a.p99DurationPercentOfTimeout} % of the ${timeoutSeconds} s timeout)`, canary: isCanary },
  ];
  // Throttled invocations never execute a version, so Throttles has no ExecutedVersion data:
  // the canary gets errors and duration alarms only (throttles stay on the alias alarm).
  return canary ? [...base("", false), ...base("canary-", true).filter((s) => s.metricName !== "Throttles")] : base("", false);
}

/** Problems with extra IAM statements: `*` actions are errors, `*` resources warnings. */
export function validatePolicyStatements(statements: readonly { readonly actions: readonly string[]; readonly resources: readonly unknown[] }[], path: string): Violation[] {
  const out: Violation[] = [];
  for (const [i, s] of statements.entries()) {
    for (const a of s.actions) {
      if (a === "*" || a.endsWith(":*")) {
        out.push({ path: `${path}.${i}.actions`, value: a, rule: "iam.wildcardAction", message: `${path}.${i}.actions: got ${JSON.stringify(a)}, allowed named actions only (least privilege; no "*" actions)`, severity: "error" });
      }
    }
    if (s.resources.includes("*")) {
      out.push({ path: `${path}.${i}.resources`, value: "*", rule: "iam.wildcardResource", message: `${path}.${i}.resources: "*" grants the actions on every resource; name the resources`, severity: "warning" });
    }
  }
  return out;
}

/** Problems with alarm settings CloudWatch would reject or that can never fire. */
export function validateAlarmSettings(a: AlarmSettings, path: string): Violation[] {
  const out: Violation[] = [];
  const add = (field: string, value: unknown, rule: string, allowed: string) => out.push(error(`${path}.${field}`, value, rule, allowed));
  if (!(a.p99DurationPercentOfTimeout > 0 && a.p99DurationPercentOfTimeout <= 100)) add("p99DurationPercentOfTimeout", a.p99DurationPercentOfTimeout, "alarm.threshold", "a number above 0 and at most 100");
  const p = a.periodSeconds;
  if (!Number.isInteger(p) || !([10, 20, 30].includes(p) || (p >= 60 && p % 60 === 0))) add("periodSeconds", p, "alarm.period", "10, 20, 30 or a multiple of 60");
  if (!Number.isInteger(a.evaluationPeriods) || a.evaluationPeriods < 1) add("evaluationPeriods", a.evaluationPeriods, "alarm.evaluationPeriods", "an integer ≥ 1");
  for (const field of ["errorsThreshold", "throttlesThreshold"] as const) {
    if (!(Number.isFinite(a[field]) && a[field] >= 1)) add(field, a[field], "alarm.threshold", "a number ≥ 1 (a threshold below 1 fires on every period)");
  }
  return out;
}
