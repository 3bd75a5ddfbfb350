import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseExecutionPolicy, LAMBDA_ASSUME_ROLE_POLICY } from "./execution-policy";

/** An execution role with its base policy (VPC ENI actions and X-Ray writes). */
export interface ExecutionRole {
  readonly role: aws.iam.Role;
  /** ENI and X-Ray permissions; the function waits for it (CreateFunction checks the role). */
  readonly basePolicy: aws.iam.RolePolicy;
}

/**
 * Create `<name>-role` (trusted by lambda.amazonaws.com only) and `<name>-role-base-policy`.
 *
 * Create it before the network and pass the roles to `PrivateNetwork` as `executionRoles`: the
 * network's resources then depend on them, so a destroy deletes the subnets and security groups
 * (which wait for Lambda to release the function's ENIs) before the role Lambda needs for that.
 */
export function createExecutionRole(name: string, args: { readonly functionName: string }, opts?: pulumi.CustomResourceOptions): ExecutionRole {
  const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY, description: `Execution role of ${args.functionName}` }, opts);
  const basePolicy = new aws.iam.RolePolicy(`${name}-role-base-policy`, { role: role.id, policy: JSON.stringify(baseExecutionPolicy()) }, opts);
  return { role, basePolicy };
}
