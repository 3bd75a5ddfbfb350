import * as pulumi from "@pulumi/pulumi";
import { queueArn, type TriggerRoleStatement } from "./iam";

/** The function alias a trigger invokes. Every trigger targets the alias, never `$LATEST`. */
export interface TriggerTarget {
  /** Physical function name. */
  readonly functionName: pulumi.Input<string>;
  /** The alias (qualifier) every invocation goes to; not `$LATEST`, not a version number. */
  readonly aliasName: string;
  /** The alias ARN (`…:function:<name>:<alias>`); resources built from it are created after the alias. */
  readonly aliasArn: pulumi.Input<string>;
}

/**
 * The alias name as an Output that resolves once the alias exists: a `qualifier` built from it makes
 * the resource wait for the alias (the name alone is a plain string and carries no dependency).
 */
export function aliasQualifier(target: TriggerTarget): pulumi.Output<string> {
  return pulumi.output(target.aliasArn).apply(() => target.aliasName);
}

/**
 * The execution-role statements of {@link triggerRoleStatements} in the shape `PrivateFunction`'s
 * `policyStatements` takes: queues this stack creates are named by ARN once the account id is known.
 */
export function triggerPolicyStatements(
  statements: readonly TriggerRoleStatement[],
  region: string,
  accountId: pulumi.Input<string>,
): { sid: string; actions: string[]; resources: pulumi.Input<string>[] }[] {
  return statements.map((s) => {
    const r = s.resource;
    const resource: pulumi.Input<string> = "arn" in r ? r.arn : pulumi.output(accountId).apply((a) => queueArn(region, a, r.queueName));
    return { sid: s.sid, actions: [...s.actions], resources: [resource] };
  });
}
