import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/problems";
import { TRIGGER_DEFAULTS } from "./settings";
import { validateAsyncTrigger, validateTriggerTarget } from "./validate";
import { aliasQualifier, type TriggerTarget } from "./target";

/** Where events that still fail after the retries go: a queue created here, or an existing destination. */
export type AsyncOnFailure =
  /** Create an SQS queue with this physical name (≤ 80). */
  | { readonly queueName: string }
  /** An existing SQS queue, SNS topic, Lambda function or EventBridge event bus. */
  | { readonly arn: string };

/** Arguments for {@link AsyncInvokeConfig}. */
export interface AsyncInvokeConfigArgs {
  /** The function alias whose asynchronous invocations this configures. */
  readonly target: TriggerTarget;
  /** 0–2. @default 2 */
  readonly maximumRetryAttempts?: number;
  /** 60–21600 seconds. @default 21600 */
  readonly maximumEventAgeSeconds?: number;
  /**
   * On-failure destination. The execution role needs the matching action on it (`sqs:SendMessage`,
   * `sns:Publish`, `lambda:InvokeFunction` or `events:PutEvents`), which `triggerRoleStatements`
   * provides through `PrivateFunction`'s policy.
   * @default - none: failed events are dropped (warned)
   */
  readonly onFailure?: AsyncOnFailure;
}

/**
 * Lambda's asynchronous-invocation settings on a function's alias (`FunctionEventInvokeConfig` with
 * `qualifier` = alias name): retries, maximum event age and an on-failure destination. Lambda itself
 * delivers to the destination, outside the VPC: no endpoint is needed for it.
 *
 * Children: `<name>-failure-queue` (when a queue is asked for), `<name>-config`.
 */
export class AsyncInvokeConfig extends pulumi.ComponentResource {
  public static readonly type = "private-lambda:triggers:AsyncInvokeConfig";

  /** ARN of the on-failure destination, if any. */
  public readonly failureDestinationArn?: pulumi.Output<string>;
  /** URL of the failure queue created here, if any. */
  public readonly failureQueueUrl?: pulumi.Output<string>;

  constructor(name: string, args: AsyncInvokeConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AsyncInvokeConfig.type, name, {}, opts);
    const maximumRetryAttempts = args.maximumRetryAttempts ?? TRIGGER_DEFAULTS.maximumRetryAttempts;
    const maximumEventAgeSeconds = args.maximumEventAgeSeconds ?? TRIGGER_DEFAULTS.maximumEventAgeSeconds;
    const f = args.onFailure;
    throwIfProblems(this, `Invalid AsyncInvokeConfig "${name}"`, [
      ...validateTriggerTarget(args.target.aliasName, `${name}.target.aliasName`),
      ...validateAsyncTrigger({ maximumRetryAttempts, maximumEventAgeSeconds, onFailure: f === undefined ? undefined : "arn" in f ? { arn: f.arn } : "queue" }, name),
    ]);

    let destination: pulumi.Output<string> | undefined;
    if (f !== undefined && "queueName" in f) {
      const queue = new aws.sqs.Queue(
        `${name}-failure-queue`,
        { name: f.queueName, messageRetentionSeconds: TRIGGER_DEFAULTS.deadLetterRetentionSeconds, sqsManagedSseEnabled: true },
        { parent: this },
      );
      destination = queue.arn;
      this.failureQueueUrl = queue.url;
    } else if (f !== undefined) {
      destination = pulumi.output(f.arn);
    }

    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-config`,
      {
        functionName: args.target.functionName,
        qualifier: aliasQualifier(args.target),
        maximumRetryAttempts,
        maximumEventAgeInSeconds: maximumEventAgeSeconds,
        destinationConfig: destination !== undefined ? { onFailure: { destination } } : undefined,
      },
      { parent: this },
    );

    this.failureDestinationArn = destination;
    this.registerOutputs({ failureDestinationArn: this.failureDestinationArn, failureQueueUrl: this.failureQueueUrl });
  }
}
