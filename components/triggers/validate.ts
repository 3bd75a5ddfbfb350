/**
 * Validation of a function's triggers (every problem at once, each with its config path): HTTP
 * routes and integration timeout, async destinations, SQS mappings, schedules, the alias they
 * target; and the trigger facts the limits validator needs ({@link toLimitTriggers}). Pure; imported
 * by `config/validate.ts`, the components and tests without the Pulumi engine. The other pure
 * trigger rules sit beside it: `settings.ts`, `http-routes.ts`, `schedule-expression.ts`, `iam.ts`;
 * physical names are in `config/names.ts`.
 *
 * Every trigger targets the function's **alias** (qualifier = alias name, or the alias ARN), never
 * `$LATEST` or the unqualified function: a grant with a qualifier covers that alias only, and only the
 * alias carries provisioned concurrency and the blue/green weights (docs/sources.md#lambda-aliases).
 *
 * Facts: docs/sources.md#billing-rules (async payloads), #lambda-limits (API Gateway 29 s, SQS visibility), #lambda-aliases, #private-networking.
 */
import { error, isInt, warning, type Violation } from "../../pricing/violations";
import { LAMBDA_LIMITS } from "../../pricing";
import { STAGE_NAME, routeId, routePathProblem } from "./http-routes";
import { DESTINATION_ACTIONS, destinationService } from "./iam";
import { validateScheduleExpression } from "./schedule-expression";
import { AsyncTriggerSettings, FunctionTriggers, HTTP_METHODS, HttpTriggerSettings, QueueTriggerSettings, ScheduleSettings, TRIGGER_LIMITS } from "./settings";


function intIn(out: Violation[], path: string, value: unknown, rule: string, min: number, max: number, unit: string): boolean {
  if (isInt(value) && value >= min && value <= max) return true;
  out.push(error(path, value, rule, `integer ${min}–${max}${unit ? ` ${unit}` : ""}`));
  return false;
}

function nonNegative(out: Violation[], path: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) out.push(error(path, value, "usage.nonNegative", "a number ≥ 0"));
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


/**
 * Problems of a queue trigger beyond the visibility-timeout rule, which the limits validator owns
 * (`pricing/validate-function.ts`, rule `lambda.trigger.sqs.visibilityTimeout`, fed by `toFunctionSettings`).
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


const SCHEDULE_NAME = new RegExp(`^[a-z0-9][a-z0-9-]{0,${TRIGGER_LIMITS.scheduleNameMaxLength - 1}}$`);

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


/** Problems with the target of a trigger: the alias must be a real alias, never `$LATEST` or a version. */
export function validateTriggerTarget(aliasName: string, path: string): Violation[] {
  if (typeof aliasName === "string" && /^(?![0-9]+$)[a-zA-Z0-9_-]{1,128}$/.test(aliasName)) return [];
  return [error(path, aliasName, "trigger.target.alias", "an alias name (not $LATEST, not a version number)", { hint: "triggers invoke the alias so that releases and provisioned concurrency apply" })];
}
