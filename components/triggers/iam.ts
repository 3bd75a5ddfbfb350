/**
 * What triggers need from IAM and the network: the function role's statements for its queues and
 * destinations, the Scheduler role's policies, and which interface endpoints triggers need. Pure.
 */
import { type TriggerNames } from "../../config/names";
import { FunctionTriggers } from "./settings";

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
