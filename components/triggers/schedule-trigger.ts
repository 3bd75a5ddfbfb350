import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/problems";
import { schedulerAssumeRolePolicy, schedulerInvokePolicy } from "./iam";
import { validateSchedules, validateTriggerTarget } from "./validate";
import type { TriggerTarget } from "./target";

/** One schedule of {@link ScheduleTriggerArgs}. */
export interface ScheduleSpec {
  /** Short name, 1–32 of `a-z 0-9 -`, unique per component; in the child's logical name. */
  readonly name: string;
  /** Physical schedule name (≤ 64), unique in the account's default schedule group. */
  readonly physicalName: string;
  /** `rate(...)` or `cron(...)`, evaluated in UTC. */
  readonly expression: string;
  /** JSON object passed to the function as its event. @default - none */
  readonly input?: Readonly<Record<string, unknown>>;
}

/** Arguments for {@link ScheduleTrigger}. */
export interface ScheduleTriggerArgs {
  /** The function alias every schedule invokes. */
  readonly target: TriggerTarget;
  /** Account id, for the role's trust condition (`aws:SourceAccount`). */
  readonly accountId: pulumi.Input<string>;
  /** Physical name of the scheduler's IAM role (≤ 64). */
  readonly roleName: string;
  /** At least one. */
  readonly schedules: readonly ScheduleSpec[];
}

/**
 * EventBridge Scheduler schedules invoking a function's alias. One IAM role per component, assumable
 * only by `scheduler.amazonaws.com` for this account, allowed `lambda:InvokeFunction` on the alias ARN
 * and nothing else.
 *
 * Why Scheduler rather than an EventBridge rule + `lambda.Permission`: the grant lives in a role we
 * own and scope to the alias ARN, so the function's resource policy (20 KB) does not grow with every
 * schedule; Scheduler retries delivery on its own, evaluates cron in a time zone, and is the service
 * the cost report prices (14 M free invocations a month). Scheduler invokes Lambda asynchronously, so
 * the function's async settings (`AsyncInvokeConfig`) decide what happens to events that fail.
 *
 * Children: `<name>-role`, `<name>-schedule-<schedule name>`.
 */
export class ScheduleTrigger extends pulumi.ComponentResource {
  public static readonly type = "private-lambda:triggers:ScheduleTrigger";

  public readonly roleArn: pulumi.Output<string>;
  /** Physical schedule names, in the order given. */
  public readonly scheduleNames: pulumi.Output<string[]>;

  constructor(name: string, args: ScheduleTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ScheduleTrigger.type, name, {}, opts);
    const problems = [...validateTriggerTarget(args.target.aliasName, `${name}.target.aliasName`), ...validateSchedules(args.schedules, `${name}.schedules`)];
    if (args.schedules.length === 0) {
      problems.push({ path: `${name}.schedules`, value: [], rule: "trigger.schedule.none", message: `${name}.schedules: got none, allowed one or more schedules`, severity: "error" });
    }
    throwIfProblems(this, `Invalid ScheduleTrigger "${name}"`, problems);
    const parent = { parent: this };

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: args.roleName,
        description: `EventBridge Scheduler: invoke ${args.target.aliasName} alias only`,
        assumeRolePolicy: pulumi.output(args.accountId).apply(schedulerAssumeRolePolicy),
        inlinePolicies: [{ name: "invoke-alias", policy: pulumi.output(args.target.aliasArn).apply(schedulerInvokePolicy) }],
      },
      parent,
    );

    const schedules = args.schedules.map(
      (s) =>
        new aws.scheduler.Schedule(
          `${name}-schedule-${s.name}`,
          {
            name: s.physicalName,
            groupName: "default",
            description: `${s.expression} → ${args.target.aliasName} alias`,
            scheduleExpression: s.expression,
            scheduleExpressionTimezone: "UTC",
            flexibleTimeWindow: { mode: "OFF" },
            state: "ENABLED",
            target: {
              // The alias ARN: the schedule invokes the alias, never $LATEST.
              arn: args.target.aliasArn,
              roleArn: role.arn,
              input: s.input !== undefined ? JSON.stringify(s.input) : undefined,
            },
          },
          parent,
        ),
    );

    this.roleArn = role.arn;
    this.scheduleNames = pulumi.all(schedules.map((s) => s.name));
    this.registerOutputs({ roleArn: this.roleArn, scheduleNames: this.scheduleNames });
  }
}
