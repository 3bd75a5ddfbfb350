import * as pulumi from "@pulumi/pulumi";
import { AsyncInvokeConfig } from "./async-invoke-config";
import { schedulePhysicalName, triggerNames } from "../../config/names";
import { type FunctionTriggers } from "./settings";
import { PrivateHttpApi } from "./private-http-api";
import { QueueTrigger } from "./queue-trigger";
import { ScheduleTrigger } from "./schedule-trigger";
import type { TriggerTarget } from "./target";

/** Arguments for {@link createFunctionTriggers}: one function's validated trigger settings and its alias. */
export interface FunctionTriggersArgs {
  /** The function's config key: prefix of every component's logical name (`<key>-http`, `<key>-sqs` …). */
  readonly key: string;
  /** Physical function name; trigger resource names derive from it (`triggerNames`). */
  readonly functionName: string;
  readonly triggers: FunctionTriggers;
  /** The alias every trigger targets. */
  readonly target: TriggerTarget & { readonly aliasInvokeArn: pulumi.Input<string> };
  readonly timeoutSeconds: number;
  /** @default - unreserved */
  readonly reservedConcurrency?: number;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  /** The `execute-api` interface endpoint; required when `triggers.http` is set. @default - none (no http trigger possible) */
  readonly executeApiEndpointId?: pulumi.Input<string>;
}

/** The trigger components created for one function (absent kinds were not configured). */
export interface CreatedTriggers {
  readonly http?: PrivateHttpApi;
  readonly queue?: QueueTrigger;
  readonly async?: AsyncInvokeConfig;
  readonly schedules?: ScheduleTrigger;
}

/**
 * One component per configured trigger kind, all targeting the function's alias:
 * `<key>-http` ({@link PrivateHttpApi}), `<key>-sqs` ({@link QueueTrigger}), `<key>-async`
 * ({@link AsyncInvokeConfig}), `<key>-scheduler` ({@link ScheduleTrigger}). The execution-role
 * statements they need are not created here: they go into the function's own policy
 * (`triggerRoleStatements` → `PrivateFunction.policyStatements`), so they exist before the function.
 */
export function createFunctionTriggers(args: FunctionTriggersArgs, opts?: pulumi.ComponentResourceOptions): CreatedTriggers {
  const t = args.triggers;
  const names = triggerNames(args.functionName);
  let http: PrivateHttpApi | undefined;
  if (t.http) {
    if (args.executeApiEndpointId === undefined) {
      throw new pulumi.RunError(`functions.${args.key}.triggers.http: needs the execute-api interface endpoint (PrivateNetwork privateApiEndpoint: true)`);
    }
    http = new PrivateHttpApi(
      `${args.key}-http`,
      {
        target: args.target,
        functionTimeoutSeconds: args.timeoutSeconds,
        apiName: names.api,
        region: args.region,
        vpcEndpointId: args.executeApiEndpointId,
        routes: t.http.routes,
        stageName: t.http.stageName,
        integrationTimeoutSeconds: t.http.integrationTimeoutSeconds,
        allowRaisedIntegrationTimeout: t.http.allowRaisedIntegrationTimeout,
      },
      opts,
    );
  }
  const queue = t.sqs
    ? new QueueTrigger(
        `${args.key}-sqs`,
        {
          target: args.target,
          queueName: names.queue,
          deadLetterQueueName: names.deadLetterQueue,
          functionTimeoutSeconds: args.timeoutSeconds,
          reservedConcurrency: args.reservedConcurrency,
          visibilityTimeoutSeconds: t.sqs.visibilityTimeoutSeconds,
          batchSize: t.sqs.batchSize,
          batchingWindowSeconds: t.sqs.batchingWindowSeconds,
          reportBatchItemFailures: t.sqs.reportBatchItemFailures,
          maximumConcurrency: t.sqs.maximumConcurrency,
          maxReceiveCount: t.sqs.maxReceiveCount,
        },
        opts,
      )
    : undefined;
  const onFailure = t.async?.onFailure;
  const async = t.async
    ? new AsyncInvokeConfig(
        `${args.key}-async`,
        {
          target: args.target,
          maximumRetryAttempts: t.async.maximumRetryAttempts,
          maximumEventAgeSeconds: t.async.maximumEventAgeSeconds,
          onFailure: onFailure === undefined ? undefined : onFailure === "queue" ? { queueName: names.asyncFailureQueue } : { arn: onFailure.arn },
        },
        opts,
      )
    : undefined;
  const schedules =
    t.schedules.length > 0
      ? new ScheduleTrigger(
          `${args.key}-scheduler`,
          {
            target: args.target,
            accountId: args.accountId,
            roleName: names.schedulerRole,
            schedules: t.schedules.map((s) => ({ name: s.name, physicalName: schedulePhysicalName(args.functionName, s.name), expression: s.expression, input: s.input })),
          },
          opts,
        )
      : undefined;
  return { http, queue, async, schedules };
}

/** Stack outputs of one function's triggers: what callers and operators need. */
export function triggerOutputsOf(c: CreatedTriggers): Record<string, unknown> {
  return {
    ...(c.http ? { http: { invokeUrl: c.http.invokeUrl, restApiId: c.http.restApiId, stage: c.http.stageName, routes: c.http.routes } } : {}),
    ...(c.queue ? { queue: { url: c.queue.queueUrl, arn: c.queue.queueArn, deadLetterQueueUrl: c.queue.deadLetterQueueUrl } } : {}),
    ...(c.async ? { async: { failureDestinationArn: c.async.failureDestinationArn, failureQueueUrl: c.async.failureQueueUrl } } : {}),
    ...(c.schedules ? { schedules: c.schedules.scheduleNames } : {}),
  };
}
