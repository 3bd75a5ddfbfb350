/**
 * Trigger settings as the stack config and the components take them, their defaults, and the limits
 * that apply to them with a source per limit. Pure.
 *
 * Limits: the API ranges (retries, event age, batch size, batching window, SQS maximum concurrency,
 * async payload) come from LAMBDA_LIMITS, i.e. the generated Lambda facts (`pricing/facts/`); the
 * others cite their page in {@link TRIGGER_LIMITS_SOURCES}.
 */
import { LAMBDA_LIMITS, LAMBDA_LIMITS_SOURCES } from "../../pricing";

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

