/**
 * AWS Lambda limits as data: quotas and API constraints with a source per key
 * ({@link LAMBDA_LIMITS_SOURCES}), name and key patterns, reserved environment keys, log retention
 * values and AWS's own error texts. API constraints (ranges, lengths, patterns) come from the
 * generated Lambda facts (`pricing/facts/`, from the Lambda API model; refresh with
 * `npm run catalog -- refresh-facts`). The checks that use them are in `validate-function.ts`. Pure.
 */
import { isFiniteNumber } from "./violations";
import { apiConstraint, apiMax, apiMin, apiPattern, LAMBDA_API_FACTS, sourceUrl, type ApiConstraintKey } from "./facts";

/** Lambda docs' "MB" is 1,024 KB = 1,048,576 bytes (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const BYTES_PER_MB = 1_048_576;

/**
 * Lambda quotas and API constraints. Bytes use 1 MB = 1,048,576. Values read from the generated facts
 * (`apiMin`/`apiMax`: the Lambda API model, or the quotas page where it is stricter) are marked
 * "facts"; sources per key in {@link LAMBDA_LIMITS_SOURCES}.
 */
export const LAMBDA_LIMITS = {
  /** Environment variables: UTF-8 bytes of the JSON map without whitespace (4 KB). */
  environmentMaxBytes: 4_096,
  /** Zipped deployment package uploaded directly with CreateFunction/UpdateFunctionCode (50 MB). */
  zippedDirectUploadMaxBytes: 52_428_800,
  /** Unzipped code + all layers + custom runtime (250 MB). */
  unzippedMaxBytes: 262_144_000,
  /** Container image, uncompressed (10 GB; unconfirmed). */
  containerImageMaxBytes: 10_737_418_240,
  /** Function and layer storage per Region: every published version keeps its package (300 GB = 300 × 1024³ bytes). */
  codeStorageMaxBytes: 322_122_547_200,
  /** Invocation payload, synchronous (request and response each): 6 MB = 6 × 1,048,576 bytes. */
  syncPayloadMaxBytes: 6_291_456,
  /** Invocation payload, asynchronous (the event): 1 MB = 1,048,576 bytes (256 KB before 2025). */
  asyncPayloadMaxBytes: 1_048_576,
  /** facts: MemorySize min, and the quota's 10,240 MB (the API's 32,768 is for Lambda Managed Instances). */
  memoryMinMb: apiMin("memorySize"),
  memoryMaxMb: apiMax("memorySize"),
  /** Memory ceiling seen on new accounts (`Member must have value less than or equal to 3008`). */
  newAccountMaxMemoryMb: 3_008,
  /** facts: Timeout min, and the quota's 900 s (the API's 5,400 is for Lambda Managed Instances). */
  timeoutMinSeconds: apiMin("timeout"),
  timeoutMaxSeconds: apiMax("timeout"),
  /** facts: EphemeralStorageSize. */
  ephemeralStorageMinMb: apiMin("ephemeralStorageSize"),
  ephemeralStorageMaxMb: apiMax("ephemeralStorageSize"),
  maxLayers: 5,
  /** facts: LayerVersionArn (2048; it was 140 before the `awslayer` ARN form). */
  layerArnMaxLength: apiMax("layerVersionArn"),
  /** facts: VpcConfig SubnetIds / SecurityGroupIds. */
  maxSubnets: apiMax("subnetIds"),
  maxSecurityGroups: apiMax("securityGroupIds"),
  /** facts: 64 for the name alone (the model's FunctionName max, 140, covers a full ARN). */
  functionNameMaxLength: apiMax("functionName"),
  /** facts: Alias, Handler, Description. */
  aliasNameMaxLength: apiMax("aliasName"),
  handlerMaxLength: apiMax("handler"),
  descriptionMaxLength: apiMax("description"),
  /** facts: ReservedConcurrentExecutions min (0). */
  reservedConcurrencyMin: apiMin("reservedConcurrentExecutions"),
  /** facts: alias routing weight (AdditionalVersionWeights value, Weight) 0.0–1.0. */
  routingWeightMin: apiMin("routingWeight"),
  routingWeightMax: apiMax("routingWeight"),
  /** facts: PutFunctionEventInvokeConfig MaximumRetryAttempts 0–2. */
  asyncRetryAttemptsMin: apiMin("maximumRetryAttempts"),
  asyncRetryAttemptsMax: apiMax("maximumRetryAttempts"),
  /** facts: PutFunctionEventInvokeConfig MaximumEventAgeInSeconds 60–21600. */
  asyncEventAgeMinSeconds: apiMin("maximumEventAgeInSeconds"),
  asyncEventAgeMaxSeconds: apiMax("maximumEventAgeInSeconds"),
  /** facts: CreateEventSourceMapping BatchSize 1–10000 (SQS standard queues; other sources have lower caps). */
  esmBatchSizeMin: apiMin("batchSize"),
  esmBatchSizeMax: apiMax("batchSize"),
  /** facts: CreateEventSourceMapping MaximumBatchingWindowInSeconds 0–300. */
  esmBatchingWindowMinSeconds: apiMin("maximumBatchingWindowInSeconds"),
  esmBatchingWindowMaxSeconds: apiMax("maximumBatchingWindowInSeconds"),
  /** facts: ScalingConfig MaximumConcurrency 2–1000 (SQS event source mappings). */
  sqsMaximumConcurrencyMin: apiMin("maximumConcurrency"),
  sqsMaximumConcurrencyMax: apiMax("maximumConcurrency"),
  /** Pulumi auto-names a Lambda `<logicalName>-<7 hex>`: 64 − 7 − 1 = 56. */
  autoNameRandomSuffixLength: 7,
  autoNameLogicalNameMaxLength: 56,
  /** API Gateway integration timeout: REST 29 s (Regional/private REST can be raised), HTTP API 30 s. */
  apiGatewayRestTimeoutSeconds: 29,
  apiGatewayHttpTimeoutSeconds: 30,
  /** SQS event source: queue visibility timeout ≥ 6 × function timeout (+ batching window). */
  sqsVisibilityTimeoutMultiplier: 6,
  /** Unreserved concurrency that must remain in the account (or the whole quota if it is smaller). */
  unreservedConcurrencyFloor: 100,
  defaultConcurrencyLimit: 1_000,
  defaultMaxMemoryMb: 10_240,
} as const;

/** Asynchronous invocation payload limit in KB (1,024 KB = 1 MB): the cost engine prices async chunks up to it. */
export const ASYNC_PAYLOAD_MAX_KB = LAMBDA_LIMITS.asyncPayloadMaxBytes / 1_024;

const Q = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";

const CONC = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html";

/** "<model file at commit>, shape X" plus the quota page when a quota overrides the model. */
function fromFacts(key: ApiConstraintKey): string {
  const c = apiConstraint(key);
  const model = `${sourceUrl(LAMBDA_API_FACTS.source)} shape ${c.shape}`;
  return c.quota ? `${c.quota.url} (quota ${c.quota.max}; the model allows ${c.max}); ${model}` : model;
}

/** Provenance of every {@link LAMBDA_LIMITS} key: a public page, or the generated facts' source and shape. */
export const LAMBDA_LIMITS_SOURCES: { readonly [K in keyof typeof LAMBDA_LIMITS]: string } = {
  environmentMaxBytes: `${Q}; https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-deployment.html`,
  zippedDirectUploadMaxBytes: Q,
  unzippedMaxBytes: `${Q}; https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html`,
  containerImageMaxBytes: `${Q} (unconfirmed byte count)`,
  codeStorageMaxBytes: Q,
  syncPayloadMaxBytes: Q,
  asyncPayloadMaxBytes: `${Q}; https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb`,
  memoryMinMb: fromFacts("memorySize"),
  memoryMaxMb: fromFacts("memorySize"),
  newAccountMaxMemoryMb: "https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-deployment.html",
  timeoutMinSeconds: fromFacts("timeout"),
  timeoutMaxSeconds: fromFacts("timeout"),
  ephemeralStorageMinMb: fromFacts("ephemeralStorageSize"),
  ephemeralStorageMaxMb: fromFacts("ephemeralStorageSize"),
  maxLayers: Q,
  layerArnMaxLength: fromFacts("layerVersionArn"),
  maxSubnets: fromFacts("subnetIds"),
  maxSecurityGroups: fromFacts("securityGroupIds"),
  functionNameMaxLength: fromFacts("functionName"),
  aliasNameMaxLength: fromFacts("aliasName"),
  handlerMaxLength: fromFacts("handler"),
  descriptionMaxLength: fromFacts("description"),
  reservedConcurrencyMin: fromFacts("reservedConcurrentExecutions"),
  routingWeightMin: fromFacts("routingWeight"),
  routingWeightMax: fromFacts("routingWeight"),
  asyncRetryAttemptsMin: fromFacts("maximumRetryAttempts"),
  asyncRetryAttemptsMax: fromFacts("maximumRetryAttempts"),
  asyncEventAgeMinSeconds: fromFacts("maximumEventAgeInSeconds"),
  asyncEventAgeMaxSeconds: fromFacts("maximumEventAgeInSeconds"),
  esmBatchSizeMin: fromFacts("batchSize"),
  esmBatchSizeMax: fromFacts("batchSize"),
  esmBatchingWindowMinSeconds: fromFacts("maximumBatchingWindowInSeconds"),
  esmBatchingWindowMaxSeconds: fromFacts("maximumBatchingWindowInSeconds"),
  sqsMaximumConcurrencyMin: fromFacts("maximumConcurrency"),
  sqsMaximumConcurrencyMax: fromFacts("maximumConcurrency"),
  autoNameRandomSuffixLength: "pulumi/pulumi-terraform-bridge pkg/tfbridge/names.go; pulumi/pulumi-aws provider/resources.go",
  autoNameLogicalNameMaxLength: "pulumi/pulumi-terraform-bridge pkg/tfbridge/names.go; pulumi/pulumi-aws provider/resources.go",
  apiGatewayRestTimeoutSeconds:
    "https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/",
  apiGatewayHttpTimeoutSeconds:
    "https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/",
  sqsVisibilityTimeoutMultiplier: "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html",
  unreservedConcurrencyFloor: `${CONC}; https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html`,
  defaultConcurrencyLimit: `${Q}; ${CONC}`,
  defaultMaxMemoryMb: Q,
};

/** ISO date of the Lambda API model the facts were generated from (its commit date). */
export const LAMBDA_LIMITS_AS_OF = (LAMBDA_API_FACTS.source.date ?? LAMBDA_API_FACTS.generatedOn).slice(0, 10);

/** Values accepted by CloudWatch Logs `PutRetentionPolicy`; unset = never expire. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Environment variable names Lambda reserves (API_Environment, configuration-envvars). */
export const RESERVED_ENVIRONMENT_KEYS = [
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
] as const;

/**
 * A plain function name: the name part (`[a-zA-Z0-9-_]+`) of the model's FunctionName pattern, which
 * also admits partial and full ARNs; this project passes names only.
 */
export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** facts: the model's Alias pattern: function-name characters, but not all digits (and so never `$LATEST`). */
export const ALIAS_NAME_PATTERN = apiPattern("aliasName");

/** A published version number, as an alias's `functionVersion` (never `$LATEST` or an ARN here). */
export const VERSION_PATTERN = /^[0-9]+$/;

/** facts: the model's EnvironmentVariableName pattern; it requires two characters, so a single-letter key is rejected. */
export const ENVIRONMENT_KEY_PATTERN = apiPattern("environmentVariableName");

/**
 * facts: the model's LayerVersionArn pattern: `arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>`
 * or an AWS-managed layer `arn:<partition>:lambda:::awslayer:<name>`.
 */
export const LAYER_ARN_PATTERN = apiPattern("layerVersionArn");

/** Error texts of AWS and Pulumi, quoted in messages so a user can match what they saw. */
export const AWS_ERROR_TEXT = {
  unzippedSize: `Unzipped size must be smaller than ${LAMBDA_LIMITS.unzippedMaxBytes} bytes`,
  memoryCeiling: (maxMb: number) => `Member must have value less than or equal to ${maxMb}`,
  unreservedFloor: (floor: number) =>
    `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${floor}].`,
  provisionedAboveReserved:
    "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function",
  weightsWithProvisioned: "Alias with weights can not be used with Provisioned Concurrency",
  sqsVisibility: (visibilitySeconds: number, timeoutSeconds: number) =>
    `Queue visibility timeout: ${visibilitySeconds} seconds is less than Function timeout: ${timeoutSeconds} seconds`,
  pulumiAutoName: (logicalName: string) =>
    `name '${logicalName}-' plus ${LAMBDA_LIMITS.autoNameRandomSuffixLength} random chars is longer than maximum length ${LAMBDA_LIMITS.functionNameMaxLength}`,
} as const;

/** Unreserved concurrency the account must keep: 100, or the whole quota when it is below 100. */
export function unreservedConcurrencyFloor(concurrencyLimit: number): number {
  return Math.min(LAMBDA_LIMITS.unreservedConcurrencyFloor, concurrencyLimit);
}

/** Largest Σ reserved (plus unreserved functions' PC) the account accepts: limit − floor, never below 0. */
export function maxReservableConcurrency(concurrencyLimit: number): number {
  return Math.max(0, concurrencyLimit - unreservedConcurrencyFloor(concurrencyLimit));
}


/** True for a weight an alias may route to its additional version: a finite number 0–1 (`RoutingConfig`). */
export function isRoutingWeight(w: unknown): w is number {
  return isFiniteNumber(w) && w >= LAMBDA_LIMITS.routingWeightMin && w <= LAMBDA_LIMITS.routingWeightMax;
}
