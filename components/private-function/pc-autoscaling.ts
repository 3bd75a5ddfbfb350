import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PC_SCALING, scalableResourceId, scheduledActionName, trackingPolicyName, type PcScalingSettings } from "./pc-scaling-settings";

/** Arguments for {@link createPcAutoscaling}. */
export interface PcAutoscalingArgs {
  /** Physical function name (plain: the action and policy names are built from it). */
  readonly functionName: string;
  /** The alias resource: the scalable target is `function:<name>:<alias>`, registered once the alias exists. */
  readonly alias: aws.lambda.Alias;
  /** Plain alias name, for physical names. */
  readonly aliasName: string;
  readonly scaling: PcScalingSettings;
  /**
   * The config asks for weights on the alias. AWS rejects provisioned-concurrency changes on an alias
   * with weights, so scaling is suspended and capacity changes are held (ignoreChanges), as for a fixed
   * value; the next update after promote or rollback applies them.
   */
  readonly weighted: boolean;
}

/** The Application Auto Scaling resources of one alias. */
export interface PcAutoscaling {
  readonly target: aws.appautoscaling.Target;
  readonly policy: aws.appautoscaling.Policy;
  readonly scheduledActions: aws.appautoscaling.ScheduledAction[];
}

/**
 * Provisioned concurrency that follows the load on the alias: a scalable target (min/max), a
 * target-tracking policy on `LambdaProvisionedConcurrencyUtilization` and one scheduled action per
 * schedule. Children are named `${name}-pc-target`, `${name}-pc-utilization`, `${name}-pc-schedule-<schedule>`.
 * Validate the settings first (`validatePcScaling`): nothing here checks them.
 */
export function createPcAutoscaling(name: string, args: PcAutoscalingArgs, opts: { readonly parent: pulumi.Resource }): PcAutoscaling {
  const s = args.scaling;
  const held = args.weighted;
  const target = new aws.appautoscaling.Target(
    `${name}-pc-target`,
    {
      serviceNamespace: PC_SCALING.serviceNamespace,
      scalableDimension: PC_SCALING.scalableDimension,
      // From the alias resource's name, so the target is registered after the alias exists.
      resourceId: args.alias.name.apply((alias) => scalableResourceId(args.functionName, alias)),
      minCapacity: s.min,
      maxCapacity: s.max,
      suspendedState: held ? { dynamicScalingInSuspended: true, dynamicScalingOutSuspended: true, scheduledScalingSuspended: true } : undefined,
    },
    { parent: opts.parent, ignoreChanges: held ? ["minCapacity", "maxCapacity"] : undefined },
  );
  const on = { serviceNamespace: target.serviceNamespace, scalableDimension: target.scalableDimension, resourceId: target.resourceId };

  const policy = new aws.appautoscaling.Policy(
    `${name}-pc-utilization`,
    {
      name: trackingPolicyName(args.functionName, args.aliasName),
      policyType: "TargetTrackingScaling",
      ...on,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: s.targetUtilization,
        predefinedMetricSpecification: { predefinedMetricType: PC_SCALING.predefinedMetricType },
      },
    },
    { parent: opts.parent, ignoreChanges: held ? ["targetTrackingScalingPolicyConfiguration"] : undefined },
  );

  const scheduledActions = s.schedules.map(
    (x) =>
      new aws.appautoscaling.ScheduledAction(
        `${name}-pc-schedule-${x.name}`,
        {
          name: scheduledActionName(args.functionName, args.aliasName, x.name),
          ...on,
          schedule: x.expression,
          timezone: x.timezone,
          scalableTargetAction: { minCapacity: x.min, maxCapacity: x.max },
        },
        { parent: opts.parent, ignoreChanges: held ? ["scalableTargetAction", "schedule", "timezone"] : undefined },
      ),
  );
  return { target, policy, scheduledActions };
}
