/**
 * Pure decisions of the trigger components ({@link ../triggers/index.ts}): the settings of each trigger
 * kind, their validation (every problem at once, each with its config path), physical names, the IAM
 * statements the function's execution role needs, the private API's resource policy, the scheduler's
 * role policies, route → resource/permission mapping, and schedule expressions (parsing and how often
 * they fire). Imported by `config/validate.ts`, the cost report and tests without the Pulumi engine.
 *
 * Every trigger targets the function's **alias** (qualifier = alias name, or the alias ARN), never
 * `$LATEST` or the unqualified function: a grant with a qualifier covers that alias only, and only the
 * alias carries provisioned concurrency and the blue/green weights (docs/sources.md#lambda-aliases).
 *
 * Limits: the API ranges (retries, event age, batch size, batching window, SQS maximum concurrency,
 * async payload) come from LAMBDA_LIMITS, i.e. the generated Lambda facts (`pricing/facts/`); the
 * others cite their page in {@link TRIGGER_LIMITS_SOURCES}.
 * Facts: docs/sources.md#billing-rules (async payloads), #lambda-limits (API Gateway 29 s, SQS visibility), #lambda-aliases, #private-networking.
 */
import { shortenName, type TriggerNames } from "../../config/names";
import { error, warning, type Violation } from "../../pricing/violations";
import { LAMBDA_LIMITS, LAMBDA_LIMITS_SOURCES } from "../../pricing";

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/** Methods a REST API route may use; `ANY` matches every method. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One route of a private REST API: method + resource path such as `/visit/{page}`. */
export interface HttpRoute {
  readonly method: HttpMethod;
  /** Starts with `/`; segments are literals (`a-z A-Z 0-9 . _ -`) or `{param}` (last may be `{param+}`). */
  readonly path: string;
}

/** A private REST API in front of the function's alias. */
export interface HttpTriggerSettings {
  readonly routes: readonly HttpRoute[];
  /** @default "v1" */
  readonly stageName: string;
  /** Integration timeout, whole seconds. @default 29 */
  readonly integrationTimeoutSeconds: number;
  /** Set once the account's integration-timeout quota is raised above 29 s (Regional/private REST only). @default false */
  readonly allowRaisedIntegrationTimeout: boolean;
  /** For the cost report. @default - the function's requestsPerMonth (assumed) */
  readonly requestsPerMonth?: number;
}

/** Where Lambda sends an async event that still fails after its retries. */
export type OnFailureSetting = "queue" | { readonly arn: string };

/** Lambda's own asynchronous-invocation settings for the alias. */
export interface AsyncTriggerSettings {
  /** 0–2. @default 2 */
  readonly maximumRetryAttempts: number;
  /** 60–21600 seconds. @default 21600 */
  readonly maximumEventAgeSeconds: number;
  /** `"queue"`: an SQS queue created for it; `{ arn }`: an existing SQS queue, SNS topic, function or event bus. @default - none (warned) */
  readonly onFailure?: OnFailureSetting;
  /** Async events per month, for the > 256 KB payload charge. @default - the function's requestsPerMonth */
  readonly eventsPerMonth?: number;
  /** Average event payload, KB. @default 1 */
  readonly avgPayloadKb?: number;
  /** Events per month that end in the on-failure destination (each one SQS send). @default 0 */
  readonly failedEventsPerMonth?: number;
}

/** An SQS queue (with its dead-letter queue) feeding the function's alias through an event source mapping. */
export interface QueueTriggerSettings {
  /** Messages per invocation, 1–10000 (above 10 needs a batching window ≥ 1 s). @default 10 */
  readonly batchSize: number;
  /** 0–300 seconds. @default 0 */
  readonly batchingWindowSeconds: number;
  /** `functionResponseTypes: ["ReportBatchItemFailures"]`: the handler returns the failed message ids. @default false */
  readonly reportBatchItemFailures: boolean;
  /** Concurrent invocations the mapping may use, 2–1000. @default - no limit (AWS default) */
  readonly maximumConcurrency?: number;
  /** Queue visibility timeout, ≥ 6 × function timeout + batching window, ≤ 43200 s. Required. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue, 1–1000. @default 5 */
  readonly maxReceiveCount: number;
  /** For the cost report. @default - the function's requestsPerMonth (assumed) */
  readonly messagesPerMonth?: number;
  /** For the cost report, KB. @default 1 (assumed) */
  readonly avgMessageKb?: number;
  /** Idle ReceiveMessage calls per month, for the cost report. @default 0 (assumed) */
  readonly emptyReceivesPerMonth?: number;
}

/** An EventBridge Scheduler schedule invoking the function's alias (asynchronously). */
export interface ScheduleSettings {
  /** 1–32 characters `a-z 0-9 -`, unique per function; part of the logical and physical names. */
  readonly name: string;
  /** `rate(<n> minute|minutes|hour|hours|day|days)` or `cron(<6 fields>)`, in UTC. */
  readonly expression: string;
  /** JSON object passed as the event. @default - none */
  readonly input?: Readonly<Record<string, unknown>>;
  /** For the cost report. @default - computed from the expression */
  readonly invocationsPerMonth?: number;
}

/** Every trigger of one function (`functions.<key>.triggers`). */
export interface FunctionTriggers {
  readonly http?: HttpTriggerSettings;
  readonly async?: AsyncTriggerSettings;
  readonly sqs?: QueueTriggerSettings;
  readonly schedules: readonly ScheduleSettings[];
}

/** Defaults, in one place (schema, components and docs use them). */
export const TRIGGER_DEFAULTS = {
  stageName: "v1",
  integrationTimeoutSeconds: LAMBDA_LIMITS.apiGatewayRestTimeoutSeconds,
  maximumRetryAttempts: 2,
  maximumEventAgeSeconds: 21_600,
  batchSize: 10,
  batchingWindowSeconds: 0,
  maxReceiveCount: 5,
  /** SQS default retention, 4 days. */
  queueRetentionSeconds: 345_600,
  /** Dead-letter and failure queues keep messages the SQS maximum, 14 days. */
  deadLetterRetentionSeconds: 1_209_600,
  avgMessageKb: 1,
  avgPayloadKb: 1,
} as const;

/** Limits of the trigger services. Sources in {@link TRIGGER_LIMITS_SOURCES}. */
export const TRIGGER_LIMITS = {
  /** API Gateway's minimum is 50 ms; this config takes whole seconds. */
  integrationTimeoutMinSeconds: 1,
  /** REST integration timeout without a quota increase (docs/sources.md#lambda-limits). */
  integrationTimeoutMaxSeconds: LAMBDA_LIMITS.apiGatewayRestTimeoutSeconds,
  /** With a raised quota the function timeout bounds it anyway. */
  raisedIntegrationTimeoutMaxSeconds: LAMBDA_LIMITS.timeoutMaxSeconds,
  /** The API model's ranges (generated facts, via LAMBDA_LIMITS): retries 0–2, event age 60–21600 s. */
  asyncRetryAttemptsMin: LAMBDA_LIMITS.asyncRetryAttemptsMin,
  asyncRetryAttemptsMax: LAMBDA_LIMITS.asyncRetryAttemptsMax,
  asyncEventAgeMinSeconds: LAMBDA_LIMITS.asyncEventAgeMinSeconds,
  asyncEventAgeMaxSeconds: LAMBDA_LIMITS.asyncEventAgeMaxSeconds,
  /** Event source mapping: batch size 1–10000, batching window 0–300 s, SQS maximum concurrency 2–1000. */
  sqsBatchSizeMin: LAMBDA_LIMITS.esmBatchSizeMin,
  sqsBatchSizeMax: LAMBDA_LIMITS.esmBatchSizeMax,
  /** A batch size above this needs `batchingWindowSeconds` ≥ 1. */
  sqsBatchSizeWithoutWindowMax: 10,
  sqsBatchingWindowMinSeconds: LAMBDA_LIMITS.esmBatchingWindowMinSeconds,
  sqsBatchingWindowMaxSeconds: LAMBDA_LIMITS.esmBatchingWindowMaxSeconds,
  sqsMaximumConcurrencyMin: LAMBDA_LIMITS.sqsMaximumConcurrencyMin,
  sqsMaximumConcurrencyMax: LAMBDA_LIMITS.sqsMaximumConcurrencyMax,
  sqsVisibilityTimeoutMaxSeconds: 43_200,
  sqsMaxReceiveCountMin: 1,
  sqsMaxReceiveCountMax: 1_000,
  /** SQS maximum message size, 1 MiB (256 KiB before August 2025). */
  sqsMessageMaxKb: 1_024,
  /** Lambda async payload limit, 1 MB = 1,024 KB (LAMBDA_LIMITS.asyncPayloadMaxBytes). */
  asyncPayloadMaxKb: LAMBDA_LIMITS.asyncPayloadMaxBytes / 1_024,
  scheduleNameMaxLength: 32,
} as const;

export const TRIGGER_LIMITS_SOURCES: { readonly [K in keyof typeof TRIGGER_LIMITS]: string } = {
  integrationTimeoutMinSeconds: "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
  integrationTimeoutMaxSeconds: "https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/",
  raisedIntegrationTimeoutMaxSeconds: "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
  asyncRetryAttemptsMin: LAMBDA_LIMITS_SOURCES.asyncRetryAttemptsMin,
  asyncRetryAttemptsMax: LAMBDA_LIMITS_SOURCES.asyncRetryAttemptsMax,
  asyncEventAgeMinSeconds: LAMBDA_LIMITS_SOURCES.asyncEventAgeMinSeconds,
  asyncEventAgeMaxSeconds: LAMBDA_LIMITS_SOURCES.asyncEventAgeMaxSeconds,
  sqsBatchSizeMin: LAMBDA_LIMITS_SOURCES.esmBatchSizeMin,
  sqsBatchSizeMax: LAMBDA_LIMITS_SOURCES.esmBatchSizeMax,
  sqsBatchSizeWithoutWindowMax: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html",
  sqsBatchingWindowMinSeconds: LAMBDA_LIMITS_SOURCES.esmBatchingWindowMinSeconds,
  sqsBatchingWindowMaxSeconds: LAMBDA_LIMITS_SOURCES.esmBatchingWindowMaxSeconds,
  sqsMaximumConcurrencyMin: LAMBDA_LIMITS_SOURCES.sqsMaximumConcurrencyMin,
  sqsMaximumConcurrencyMax: LAMBDA_LIMITS_SOURCES.sqsMaximumConcurrencyMax,
  sqsVisibilityTimeoutMaxSeconds: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html",
  sqsMaxReceiveCountMin: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
  sqsMaxReceiveCountMax: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
  sqsMessageMaxKb: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html",
  asyncPayloadMaxKb: LAMBDA_LIMITS_SOURCES.asyncPayloadMaxBytes,
  scheduleNameMaxLength: "this project: the name becomes part of logical and physical names (Scheduler allows 64)",
};

// ---------------------------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------------------------

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function intIn(out: Violation[], path: string, value: unknown, rule: string, min: number, max: number, unit: string): boolean {
  if (isInt(value) && value >= min && value <= max) return true;
  out.push(error(path, value, rule, `integer ${min}–${max}${unit ? ` ${unit}` : ""}`));
  return false;
}

function nonNegative(out: Violation[], path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) out.push(error(path, value, "usage.nonNegative", "a number ≥ 0"));
}

// ---------------------------------------------------------------------------------------------
// HTTP (private REST API)
// ---------------------------------------------------------------------------------------------

const LITERAL_SEGMENT = /^[A-Za-z0-9._-]+$/;
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Why a route path is invalid, or undefined. */
export function routePathProblem(path: string): string | undefined {
  if (path === "/") return undefined;
  if (!path.startsWith("/")) return "the path starts with /";
  const segments = path.slice(1).split("/");
  const params = new Set<string>();
  for (const [i, seg] of segments.entries()) {
    if (seg === "") return "no empty segments and no trailing /";
    const m = PARAM_SEGMENT.exec(seg);
    if (m) {
      if (m[2] === "+" && i !== segments.length - 1) return "a greedy {param+} only as the last segment";
      if (params.has(m[1]!)) return `each path parameter once (${m[1]} repeats)`;
      params.add(m[1]!);
    } else if (!LITERAL_SEGMENT.test(seg)) return `segments of a-z, A-Z, 0-9, ".", "_", "-" or {param} (got segment ${JSON.stringify(seg)})`;
  }
  return undefined;
}

/** Kebab-case id of a path for logical names: `/` → `root`, `/visit/{page}` → `visit-page-param`. */
export function routeSlug(path: string): string {
  if (path === "/") return "root";
  return path
    .slice(1)
    .split("/")
    .map((seg) => {
      const m = PARAM_SEGMENT.exec(seg);
      const base = (m ? m[1]! : seg).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "x";
      return m ? `${base}-${m[2] === "+" ? "greedy" : "param"}` : base;
    })
    .join("-");
}

/** Id of a route for logical names: `get-visit-page-param`. */
export function routeId(route: HttpRoute): string {
  return `${route.method.toLowerCase()}-${routeSlug(route.path)}`;
}

/** Resources (non-root path prefixes) the API needs, parents before children. */
export function apiResourcePaths(routes: readonly HttpRoute[]): { path: string; parentPath: string; pathPart: string }[] {
  const paths = new Set<string>();
  for (const r of routes) {
    if (r.path === "/") continue;
    const segs = r.path.slice(1).split("/");
    for (let i = 1; i <= segs.length; i++) paths.add(`/${segs.slice(0, i).join("/")}`);
  }
  return [...paths]
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0))
    .map((path) => {
      const cut = path.lastIndexOf("/");
      return { path, parentPath: cut === 0 ? "/" : path.slice(0, cut), pathPart: path.slice(cut + 1) };
    });
}

/**
 * `sourceArn` of the Lambda permission for one route: the API's execution ARN, the stage, the method
 * (`*` for ANY) and the path with every parameter segment as `*`, e.g.
 * `arn:aws:execute-api:us-east-1:123456789012:abc123/v1/GET/visit/*`.
 */
export function routeSourceArn(executionArn: string, stageName: string, route: HttpRoute): string {
  const method = route.method === "ANY" ? "*" : route.method;
  const path = route.path === "/" ? "" : route.path.slice(1).split("/").map((s) => (s.startsWith("{") ? "*" : s)).join("/");
  return `${executionArn}/${stageName}/${method}/${path}`;
}

/** `statementId` of a route's permission, unique per function, ≤ 100 characters. */
export function routeStatementId(route: HttpRoute): string {
  return shortenName(`private-api-${routeId(route)}`, 100);
}

/**
 * Resource policy of the private REST API: `execute-api:Invoke` is allowed only through the given VPC
 * endpoint (`aws:SourceVpce`) and explicitly denied from anywhere else.
 */
export function privateApiResourcePolicy(executionArn: string, vpcEndpointId: string): string {
  const resource = `${executionArn}/*`;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowInvokeThroughTheVpcEndpoint",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringEquals: { "aws:SourceVpce": vpcEndpointId } },
      },
      {
        Sid: "DenyInvokeFromAnywhereElse",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringNotEquals: { "aws:SourceVpce": vpcEndpointId } },
      },
    ],
  });
}

/** Invoke URL of a private API through its associated endpoint: `https://{api}-{vpce}.execute-api.{region}.amazonaws.com/{stage}`. */
export function privateApiInvokeUrl(restApiId: string, vpcEndpointId: string, region: string, stageName: string): string {
  return `https://${restApiId}-${vpcEndpointId}.execute-api.${region}.amazonaws.com/${stageName}`;
}

/** The function behind a trigger, for rules that relate the two. */
export interface TriggerFunctionContext {
  /** The function's timeout, for the rules that relate it to the trigger. @default - those rules are skipped */
  readonly timeoutSeconds?: number;
  /** Where the function's timeout is configured, e.g. `functions.hello.timeoutSeconds`. @default "timeoutSeconds" */
  readonly timeoutPath?: string;
  /** The function's reserved concurrency, to warn when an SQS mapping may use more. @default - unreserved */
  readonly reservedConcurrency?: number;
  /**
   * The limits validator already checks this function's triggers (stack config): skip what it reports
   * (non-integer or negative SQS visibility timeout and batching window), so no problem is listed twice.
   * @default false
   */
  readonly limitsValidated?: boolean;
}

/**
 * What the private REST API's Deployment `triggers` hash, as canonical JSON per key: a stage serves
 * the snapshot taken when its Deployment was created, so anything the snapshot contains must force a
 * new Deployment when it changes. That is the routes and the integration timeout (`shape`), and the
 * integration targets (`integrations`): the alias's invoke ARN, which changes with the alias name or
 * the function name (without it the stage keeps calling the old alias, which a rename deletes). The
 * alias invoke ARN carries no version, so releases (new versions behind the alias) never redeploy.
 * The resource policy is hashed separately, once its document is known.
 */
export function deploymentTriggerInputs(input: {
  readonly routes: readonly HttpRoute[];
  readonly integrationTimeoutSeconds: number;
  /** The integration URI of each route, in the order of `routes`. */
  readonly integrationUris: readonly string[];
}): { readonly routes: string; readonly integrations: string } {
  return {
    routes: JSON.stringify({ routes: input.routes, integrationTimeoutSeconds: input.integrationTimeoutSeconds }),
    integrations: JSON.stringify(input.routes.map((r, i) => [`${r.method} ${r.path}`, input.integrationUris[i] ?? ""])),
  };
}

/** Every problem of an http trigger, including whether the function's timeout fits the integration timeout. */
export function validateHttpTrigger(http: HttpTriggerSettings, path: string, fn: TriggerFunctionContext = {}): Violation[] {
  const out: Violation[] = [];
  if (http.routes.length === 0) out.push(error(`${path}.routes`, [], "trigger.http.routes", "one or more routes { method, path }"));
  const seen = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const [i, r] of http.routes.entries()) {
    const p = `${path}.routes.${i}`;
    if (!(HTTP_METHODS as readonly string[]).includes(r.method)) out.push(error(`${p}.method`, r.method, "trigger.http.method", `one of ${HTTP_METHODS.join(", ")}`));
    const why = typeof r.path === "string" ? routePathProblem(r.path) : "a string";
    if (why !== undefined) {
      out.push(error(`${p}.path`, r.path, "trigger.http.path", `a resource path such as "/visit/{page}": ${why}`));
      continue;
    }
    const key = `${r.method} ${r.path}`;
    const same = seen.get(key);
    if (same !== undefined) {
      out.push(error(p, key, "trigger.http.duplicateRoute", "each method + path once", { hint: `also routes.${same}` }));
      continue;
    }
    seen.set(key, i);
    const id = routeId(r);
    const other = ids.get(id);
    if (other !== undefined) {
      out.push(error(`${p}.path`, r.path, "trigger.http.routeName", `paths that still differ after lower-casing and replacing punctuation by "-"`, { hint: `routes.${other} (${http.routes[other]!.path}) maps to the same resource names (${id})` }));
    } else ids.set(id, i);
  }
  if (typeof http.stageName !== "string" || !STAGE_NAME.test(http.stageName)) {
    out.push(error(`${path}.stageName`, http.stageName, "trigger.http.stageName", "1–128 characters of a-z, A-Z, 0-9, _ and -"));
  }
  const t = http.integrationTimeoutSeconds;
  const L = TRIGGER_LIMITS;
  const tp = `${path}.integrationTimeoutSeconds`;
  let integrationOk = false;
  if (http.allowRaisedIntegrationTimeout) {
    integrationOk = intIn(out, tp, t, "trigger.http.integrationTimeout", L.integrationTimeoutMinSeconds, L.raisedIntegrationTimeoutMaxSeconds, "seconds (raised quota)");
  } else if (isInt(t) && t > L.integrationTimeoutMaxSeconds && t <= L.raisedIntegrationTimeoutMaxSeconds) {
    out.push(
      error(
        tp,
        t,
        "trigger.http.integrationTimeout",
        `integer ${L.integrationTimeoutMinSeconds}–${L.integrationTimeoutMaxSeconds} seconds`,
        { hint: "above 29 s only after AWS raises the account's integration-timeout quota (Regional and private REST APIs); then set allowRaisedIntegrationTimeout: true" },
      ),
    );
  } else {
    integrationOk = intIn(out, tp, t, "trigger.http.integrationTimeout", L.integrationTimeoutMinSeconds, L.integrationTimeoutMaxSeconds, "seconds");
  }
  // A function timeout above 29 s behind an unraised integration is reported by the limits validator
  // (rule lambda.trigger.apiGateway.timeout, see toLimitTriggers); this rule covers the rest: a
  // lowered or a raised integration timeout that the function timeout exceeds.
  const ft = fn.timeoutSeconds;
  const coveredByLimits = ft !== undefined && t <= L.integrationTimeoutMaxSeconds && ft > L.integrationTimeoutMaxSeconds;
  if (integrationOk && isInt(ft) && ft > t && !coveredByLimits) {
    out.push(
      error(fn.timeoutPath ?? "timeoutSeconds", ft, "trigger.http.timeout", `≤ ${t} seconds (${tp})`, { hint: "API Gateway answers 504 when the integration times out while the function keeps running; lower timeoutSeconds or raise the integration timeout" }),
    );
  }
  nonNegative(out, `${path}.requestsPerMonth`, http.requestsPerMonth);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Async
// ---------------------------------------------------------------------------------------------

/** Role actions a function needs to deliver to an on-failure destination, by service of its ARN. */
export const DESTINATION_ACTIONS = {
  sqs: ["sqs:SendMessage"],
  sns: ["sns:Publish"],
  lambda: ["lambda:InvokeFunction"],
  events: ["events:PutEvents"],
} as const satisfies Record<string, readonly string[]>;
export type DestinationService = keyof typeof DESTINATION_ACTIONS;

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

/** The service of a destination ARN when it is one Lambda can deliver to with these actions. */
export function destinationService(arn: string): DestinationService | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  const service = m[1]!;
  return service in DESTINATION_ACTIONS && m[2] !== "" && m[3] !== undefined ? (service as DestinationService) : undefined;
}

/** Every problem (and the missing-destination warning) of the async settings. */
export function validateAsyncTrigger(a: AsyncTriggerSettings, path: string): Violation[] {
  const out: Violation[] = [];
  const L = TRIGGER_LIMITS;
  intIn(out, `${path}.maximumRetryAttempts`, a.maximumRetryAttempts, "trigger.async.retries", L.asyncRetryAttemptsMin, L.asyncRetryAttemptsMax, "");
  intIn(out, `${path}.maximumEventAgeSeconds`, a.maximumEventAgeSeconds, "trigger.async.eventAge", L.asyncEventAgeMinSeconds, L.asyncEventAgeMaxSeconds, "seconds");
  const f = a.onFailure;
  if (f === undefined) {
    out.push(
      warning(`${path}.onFailure`, undefined, "trigger.async.noDestination", `"queue" or { arn }`, "events that still fail after the retries are dropped", { hint: `set onFailure: queue to keep them in an SQS queue` }),
    );
  } else if (f !== "queue") {
    if (typeof f.arn !== "string" || destinationService(f.arn) === undefined) {
      out.push(error(`${path}.onFailure.arn`, f.arn, "trigger.async.destination", `the ARN of an SQS queue, SNS topic, Lambda function or EventBridge event bus (${Object.keys(DESTINATION_ACTIONS).join(", ")})`));
    }
  }
  nonNegative(out, `${path}.eventsPerMonth`, a.eventsPerMonth);
  nonNegative(out, `${path}.failedEventsPerMonth`, a.failedEventsPerMonth);
  if (a.avgPayloadKb !== undefined) {
    if (typeof a.avgPayloadKb !== "number" || !(a.avgPayloadKb >= 0 && a.avgPayloadKb <= L.asyncPayloadMaxKb)) {
      out.push(error(`${path}.avgPayloadKb`, a.avgPayloadKb, "trigger.async.payload", `a number 0–${L.asyncPayloadMaxKb} KB (Lambda's async payload limit)`));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SQS
// ---------------------------------------------------------------------------------------------

/**
 * Problems of a queue trigger beyond the visibility-timeout rule, which the limits validator owns
 * (`pricing/limits.ts`, rule `lambda.trigger.sqs.visibilityTimeout`, fed by `toFunctionSettings`).
 * Components that run without the limits validator pass `timeoutSeconds` to check it here too.
 */
export function validateQueueTrigger(q: QueueTriggerSettings, path: string, fn: TriggerFunctionContext = {}): Violation[] {
  const out: Violation[] = [];
  const L = TRIGGER_LIMITS;
  const batchOk = intIn(out, `${path}.batchSize`, q.batchSize, "trigger.sqs.batchSize", L.sqsBatchSizeMin, L.sqsBatchSizeMax, "messages");
  const windowIsCount = isInt(q.batchingWindowSeconds) && q.batchingWindowSeconds >= 0;
  const windowOk =
    fn.limitsValidated && !windowIsCount ? false : intIn(out, `${path}.batchingWindowSeconds`, q.batchingWindowSeconds, "trigger.sqs.batchingWindow", L.sqsBatchingWindowMinSeconds, L.sqsBatchingWindowMaxSeconds, "seconds");
  if (batchOk && windowOk && q.batchSize > L.sqsBatchSizeWithoutWindowMax && q.batchingWindowSeconds < 1) {
    out.push(error(`${path}.batchingWindowSeconds`, q.batchingWindowSeconds, "trigger.sqs.batchingWindow", `≥ 1 second when batchSize is above ${L.sqsBatchSizeWithoutWindowMax} (got batchSize ${q.batchSize})`));
  }
  if (q.maximumConcurrency !== undefined) {
    const ok = intIn(out, `${path}.maximumConcurrency`, q.maximumConcurrency, "trigger.sqs.maximumConcurrency", L.sqsMaximumConcurrencyMin, L.sqsMaximumConcurrencyMax, "");
    const reserved = fn.reservedConcurrency;
    if (ok && reserved !== undefined && q.maximumConcurrency > reserved) {
      out.push(
        warning(`${path}.maximumConcurrency`, q.maximumConcurrency, "trigger.sqs.maximumConcurrency", `≤ reservedConcurrency ${reserved}`, "the mapping would be throttled and messages would return to the queue (and reach the dead-letter queue sooner)"),
      );
    }
  }
  const vis = q.visibilityTimeoutSeconds;
  if (isInt(vis) && vis > L.sqsVisibilityTimeoutMaxSeconds) {
    out.push(error(`${path}.visibilityTimeoutSeconds`, vis, "trigger.sqs.visibilityTimeoutMax", `integer 0–${L.sqsVisibilityTimeoutMaxSeconds} seconds (12 hours, the SQS maximum)`));
  }
  if (fn.timeoutSeconds !== undefined && isInt(vis) && windowOk) {
    const required = LAMBDA_LIMITS.sqsVisibilityTimeoutMultiplier * fn.timeoutSeconds + q.batchingWindowSeconds;
    if (vis < required) {
      out.push(
        error(`${path}.visibilityTimeoutSeconds`, vis, "lambda.trigger.sqs.visibilityTimeout", `≥ ${required} seconds (${LAMBDA_LIMITS.sqsVisibilityTimeoutMultiplier} × timeoutSeconds ${fn.timeoutSeconds} + batching window ${q.batchingWindowSeconds})`, { hint: "below that, messages still being processed become visible again and are delivered twice" }),
      );
    }
  }
  intIn(out, `${path}.maxReceiveCount`, q.maxReceiveCount, "trigger.sqs.maxReceiveCount", L.sqsMaxReceiveCountMin, L.sqsMaxReceiveCountMax, "receives");
  nonNegative(out, `${path}.messagesPerMonth`, q.messagesPerMonth);
  nonNegative(out, `${path}.emptyReceivesPerMonth`, q.emptyReceivesPerMonth);
  if (q.avgMessageKb !== undefined && (typeof q.avgMessageKb !== "number" || !(q.avgMessageKb >= 0 && q.avgMessageKb <= L.sqsMessageMaxKb))) {
    out.push(error(`${path}.avgMessageKb`, q.avgMessageKb, "trigger.sqs.messageSize", `a number 0–${L.sqsMessageMaxKb} KB (the SQS message size limit)`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Schedules (EventBridge Scheduler)
// ---------------------------------------------------------------------------------------------

const SCHEDULE_NAME = new RegExp(`^[a-z0-9][a-z0-9-]{0,${TRIGGER_LIMITS.scheduleNameMaxLength - 1}}$`);

export type RateUnit = "minute" | "hour" | "day";

export type ParsedSchedule = { readonly kind: "rate"; readonly value: number; readonly unit: RateUnit } | { readonly kind: "cron"; readonly fields: readonly string[] };

/** What a rate expression may look like (used in messages). */
export const RATE_ALLOWED = "rate(<value> <unit>) with an integer value ≥ 1 and unit minute, hour or day, singular for 1 and plural above (rate(1 hour), rate(5 minutes))";
/** What a cron expression may look like (used in messages). */
export const CRON_ALLOWED = "cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>), 6 fields, exactly one of day-of-month and day-of-week being ?";

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronFieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly kind?: "dom" | "dow";
}

const CRON_FIELDS: readonly CronFieldSpec[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, kind: "dom" },
  { name: "month", min: 1, max: 12, names: MONTH_NAMES },
  { name: "day-of-week", min: 1, max: 7, names: DAY_NAMES, kind: "dow" },
  { name: "year", min: 1970, max: 2199 },
];

function cronValue(text: string, spec: CronFieldSpec): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : undefined;
  }
  const i = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? spec.min + i : undefined;
}

/** Values one cron field selects in a cycle, plus "once a month" specials (L, W, #); or why it is invalid. */
function cronField(text: string, spec: CronFieldSpec): { values: Set<number>; monthly: number } | { problem: string } {
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
        if (d !== undefined && cronValue(d, spec) === undefined) return bad(`day ${d} outside 1–7 (SUN–SAT)`);
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
      const va = cronValue(a!, spec);
      if (va === undefined) return bad(`"${a}" is outside ${spec.min}–${spec.max}${spec.names ? ` (or ${spec.names[0]}–${spec.names[spec.names.length - 1]})` : ""}`);
      const vb = b === undefined ? (stepPart !== undefined ? spec.max : va) : cronValue(b, spec);
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

/** Every problem of a function's schedules. */
export function validateSchedules(schedules: readonly ScheduleSettings[], path: string): Violation[] {
  const out: Violation[] = [];
  const names = new Map<string, number>();
  for (const [i, s] of schedules.entries()) {
    const p = `${path}.${i}`;
    if (typeof s.name !== "string" || !SCHEDULE_NAME.test(s.name)) {
      out.push(error(`${p}.name`, s.name, "trigger.schedule.name", `1–${TRIGGER_LIMITS.scheduleNameMaxLength} characters of a-z, 0-9 and -, starting with a letter or digit`));
    } else if (names.has(s.name)) {
      out.push(error(`${p}.name`, s.name, "trigger.schedule.name", "a name unique among the function's schedules", { hint: `also schedules.${names.get(s.name)}` }));
    } else names.set(s.name, i);
    out.push(...validateScheduleExpression(s.expression, `${p}.expression`));
    nonNegative(out, `${p}.invocationsPerMonth`, s.invocationsPerMonth);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The whole triggers block
// ---------------------------------------------------------------------------------------------

export interface TriggerValidationContext {
  /** Path of the function, e.g. `functions.hello`; the triggers are at `<path>.triggers`. */
  readonly functionPath: string;
  readonly timeoutSeconds: number;
  /** @default - unreserved */
  readonly reservedConcurrency?: number;
}

/**
 * Every problem of a function's triggers. The SQS visibility rule and the 29 s API Gateway rule on
 * `timeoutSeconds` come from the limits validator (see {@link toLimitTriggers}), so they are not
 * repeated here.
 */
export function validateFunctionTriggers(t: FunctionTriggers | undefined, ctx: TriggerValidationContext): Violation[] {
  if (t === undefined) return [];
  const path = `${ctx.functionPath}.triggers`;
  const fn = { timeoutSeconds: ctx.timeoutSeconds, timeoutPath: `${ctx.functionPath}.timeoutSeconds`, reservedConcurrency: ctx.reservedConcurrency };
  const out: Violation[] = [];
  if (t.http) out.push(...validateHttpTrigger(t.http, `${path}.http`, fn));
  if (t.async) out.push(...validateAsyncTrigger(t.async, `${path}.async`));
  else if (t.schedules.length > 0) {
    out.push(
      warning(
        `${path}.async`,
        undefined,
        "trigger.async.noDestination",
        `{ onFailure: "queue" | { arn } }`,
        "schedules invoke the function asynchronously and events that still fail after Lambda's retries are dropped",
        { hint: "add triggers.async with an onFailure destination" },
      ),
    );
  }
  if (t.sqs) out.push(...validateQueueTrigger(t.sqs, `${path}.sqs`, { reservedConcurrency: ctx.reservedConcurrency, limitsValidated: true }));
  out.push(...validateSchedules(t.schedules, `${path}.schedules`));
  return out;
}

/**
 * The limits validator's view of the triggers (`FunctionSettings.triggers`): a REST API when the
 * integration timeout is not raised (so a function timeout above 29 s is an error there), and the SQS
 * visibility timeout + batching window (≥ 6 × timeout + window).
 */
export function toLimitTriggers(t: FunctionTriggers | undefined): { apiGateway?: "rest"; sqs?: { visibilityTimeoutSeconds: number; batchingWindowSeconds: number } } | undefined {
  if (t === undefined || (t.http === undefined && t.sqs === undefined)) return undefined;
  const raised = t.http !== undefined && t.http.allowRaisedIntegrationTimeout && t.http.integrationTimeoutSeconds > TRIGGER_LIMITS.integrationTimeoutMaxSeconds;
  return {
    ...(t.http !== undefined && !raised ? { apiGateway: "rest" as const } : {}),
    ...(t.sqs !== undefined ? { sqs: { visibilityTimeoutSeconds: t.sqs.visibilityTimeoutSeconds, batchingWindowSeconds: t.sqs.batchingWindowSeconds } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Names, ARNs and role statements
// ---------------------------------------------------------------------------------------------

/** ARN of a queue this stack creates. */
export function queueArn(region: string, accountId: string, queueName: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${queueName}`;
}

/** A resource of a role statement: a queue this stack creates (its ARN needs the account id), or a given ARN. */
export type RoleResource = { readonly queueName: string } | { readonly arn: string };

/** One statement the function's execution role needs for its triggers. */
export interface TriggerRoleStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resource: RoleResource;
}

/** Actions an SQS event source mapping needs on its queue (AWSLambdaSQSQueueExecutionRole, minus logs). */
export const SQS_CONSUME_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"] as const;

/**
 * What the function's execution role needs for its triggers, exactly: the SQS consume actions on its
 * source queue only, and the one action its on-failure destination needs on that destination only.
 * HTTP and schedules need nothing on the execution role (API Gateway uses a resource-based permission,
 * the scheduler its own role).
 */
export function triggerRoleStatements(t: FunctionTriggers | undefined, names: TriggerNames): TriggerRoleStatement[] {
  const out: TriggerRoleStatement[] = [];
  if (t?.sqs) out.push({ sid: "SqsTriggerConsume", actions: [...SQS_CONSUME_ACTIONS], resource: { queueName: names.queue } });
  const f = t?.async?.onFailure;
  if (f === "queue") out.push({ sid: "AsyncOnFailureDestination", actions: [...DESTINATION_ACTIONS.sqs], resource: { queueName: names.asyncFailureQueue } });
  else if (f !== undefined) {
    const svc = destinationService(f.arn);
    if (svc !== undefined) out.push({ sid: "AsyncOnFailureDestination", actions: [...DESTINATION_ACTIONS[svc]], resource: { arn: f.arn } });
  }
  return out;
}

/** Any function has an http trigger: the network needs the `execute-api` interface endpoint. */
export function needsPrivateApiEndpoint(functions: readonly { readonly triggers?: FunctionTriggers }[]): boolean {
  return functions.some((f) => f.triggers?.http !== undefined);
}

/**
 * Interface endpoints the triggers of these functions need in the VPC: `execute-api` for private APIs.
 * SQS event source mappings and async destinations need none: the Lambda service polls and delivers
 * outside the VPC (a function whose code calls SQS needs the `sqs` endpoint, listed under network).
 */
export function triggerInterfaceEndpoints(functions: readonly { readonly triggers?: FunctionTriggers }[]): string[] {
  return needsPrivateApiEndpoint(functions) ? ["execute-api"] : [];
}

/** Trust policy of the scheduler's role: EventBridge Scheduler, for schedules of this account only. */
export function schedulerAssumeRolePolicy(accountId: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "scheduler.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  });
}

/** The scheduler role's only permission: invoke the alias (its ARN, never the unqualified function). */
export function schedulerInvokePolicy(aliasArn: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "InvokeTheAlias", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: aliasArn }],
  });
}

/** Problems with the target of a trigger: the alias must be a real alias, never `$LATEST` or a version. */
export function validateTriggerTarget(aliasName: string, path: string): Violation[] {
  if (typeof aliasName === "string" && /^(?![0-9]+$)[a-zA-Z0-9_-]{1,128}$/.test(aliasName)) return [];
  return [error(path, aliasName, "trigger.target.alias", "an alias name (not $LATEST, not a version number)", { hint: "triggers invoke the alias so that releases and provisioned concurrency apply" })];
}
