/**
 * The function's execution role: the base policy (VPC ENIs, X-Ray), table access by `access` level,
 * extra statements and their checks, and the Lambda trust policy. Pure.
 */
import type { Violation } from "../../pricing/violations";

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
