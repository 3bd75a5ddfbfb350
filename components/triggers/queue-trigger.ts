import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_LIMITS } from "../../pricing";
import { throwIfProblems } from "../shared/problems";
import { TRIGGER_DEFAULTS } from "./settings";
import { validateQueueTrigger, validateTriggerTarget } from "./validate";
import type { TriggerTarget } from "./target";

/** Arguments for {@link QueueTrigger}. */
export interface QueueTriggerArgs {
  /** The function alias the event source mapping invokes. */
  readonly target: TriggerTarget;
  /**
   * Physical queue name (≤ 80). Explicit so the function's execution role can name the queue in its
   * policy before either exists (see `triggerRoleStatements`).
   */
  readonly queueName: string;
  /** Physical name of the dead-letter queue (≤ 80). */
  readonly deadLetterQueueName: string;
  /** The function's timeout, for the visibility-timeout rule. */
  readonly functionTimeoutSeconds: number;
  /** The function's reserved concurrency, to warn when `maximumConcurrency` exceeds it. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** ≥ 6 × functionTimeoutSeconds + batchingWindowSeconds, ≤ 43200. @default 6 × functionTimeoutSeconds + batchingWindowSeconds */
  readonly visibilityTimeoutSeconds?: number;
  /** 1–10000 messages (above 10 needs a batching window ≥ 1 s). @default 10 */
  readonly batchSize?: number;
  /** 0–300 seconds. @default 0 */
  readonly batchingWindowSeconds?: number;
  /** The handler returns `batchItemFailures` so only failed messages are retried. @default false */
  readonly reportBatchItemFailures?: boolean;
  /** 2–1000 concurrent invocations for this mapping. @default - no limit */
  readonly maximumConcurrency?: number;
  /** Receives before a message moves to the dead-letter queue, 1–1000. @default 5 */
  readonly maxReceiveCount?: number;
  /** Source queue retention, 60–1209600 seconds. @default 345600 (4 days) */
  readonly messageRetentionSeconds?: number;
}

/**
 * An SQS queue feeding a function's alias through an event source mapping (`functionName` = the alias
 * ARN), with a dead-letter queue (redrive policy, `maxReceiveCount`) that only this queue may redrive
 * into. The execution role's `sqs:ReceiveMessage`/`DeleteMessage`/`GetQueueAttributes` on this queue
 * only come from `triggerRoleStatements` through `PrivateFunction`'s policy.
 *
 * Lambda polls the queue itself, outside the VPC: the mapping needs no SQS endpoint in the VPC (a
 * function that calls SQS from its code does).
 *
 * Children: `<name>-dlq`, `<name>-queue`, `<name>-dlq-redrive-allow`, `<name>-mapping`.
 */
export class QueueTrigger extends pulumi.ComponentResource {
  public static readonly type = "private-lambda:triggers:QueueTrigger";

  public readonly queueUrl: pulumi.Output<string>;
  public readonly queueArn: pulumi.Output<string>;
  public readonly deadLetterQueueUrl: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  public readonly mappingUuid: pulumi.Output<string>;

  constructor(name: string, args: QueueTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(QueueTrigger.type, name, {}, opts);
    const batchSize = args.batchSize ?? TRIGGER_DEFAULTS.batchSize;
    const batchingWindowSeconds = args.batchingWindowSeconds ?? TRIGGER_DEFAULTS.batchingWindowSeconds;
    const visibilityTimeoutSeconds = args.visibilityTimeoutSeconds ?? LAMBDA_LIMITS.sqsVisibilityTimeoutMultiplier * args.functionTimeoutSeconds + batchingWindowSeconds;
    const maxReceiveCount = args.maxReceiveCount ?? TRIGGER_DEFAULTS.maxReceiveCount;
    throwIfProblems(this, `Invalid QueueTrigger "${name}"`, [
      ...validateTriggerTarget(args.target.aliasName, `${name}.target.aliasName`),
      ...validateQueueTrigger(
        { batchSize, batchingWindowSeconds, reportBatchItemFailures: args.reportBatchItemFailures ?? false, maximumConcurrency: args.maximumConcurrency, visibilityTimeoutSeconds, maxReceiveCount },
        name,
        { timeoutSeconds: args.functionTimeoutSeconds, reservedConcurrency: args.reservedConcurrency },
      ),
    ]);
    const parent = { parent: this };

    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      { name: args.deadLetterQueueName, messageRetentionSeconds: TRIGGER_DEFAULTS.deadLetterRetentionSeconds, sqsManagedSseEnabled: true },
      parent,
    );
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      {
        name: args.queueName,
        visibilityTimeoutSeconds,
        messageRetentionSeconds: args.messageRetentionSeconds ?? TRIGGER_DEFAULTS.queueRetentionSeconds,
        sqsManagedSseEnabled: true,
        redrivePolicy: dlq.arn.apply((deadLetterTargetArn) => JSON.stringify({ deadLetterTargetArn, maxReceiveCount })),
      },
      parent,
    );
    new aws.sqs.RedriveAllowPolicy(
      `${name}-dlq-redrive-allow`,
      { queueUrl: dlq.url, redriveAllowPolicy: queue.arn.apply((arn) => JSON.stringify({ redrivePermission: "byQueue", sourceQueueArns: [arn] })) },
      parent,
    );
    const mapping = new aws.lambda.EventSourceMapping(
      `${name}-mapping`,
      {
        eventSourceArn: queue.arn,
        // The alias ARN: the mapping invokes the alias, never $LATEST.
        functionName: args.target.aliasArn,
        batchSize,
        maximumBatchingWindowInSeconds: batchingWindowSeconds,
        functionResponseTypes: args.reportBatchItemFailures ? ["ReportBatchItemFailures"] : undefined,
        scalingConfig: args.maximumConcurrency !== undefined ? { maximumConcurrency: args.maximumConcurrency } : undefined,
        enabled: true,
      },
      parent,
    );

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.deadLetterQueueUrl = dlq.url;
    this.deadLetterQueueArn = dlq.arn;
    this.mappingUuid = mapping.uuid;
    this.registerOutputs({ queueUrl: this.queueUrl, queueArn: this.queueArn, deadLetterQueueUrl: this.deadLetterQueueUrl, deadLetterQueueArn: this.deadLetterQueueArn, mappingUuid: this.mappingUuid });
  }
}
