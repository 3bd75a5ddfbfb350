/**
 * Provisioned concurrency that follows the load (issue 18): the config shape, defaults, the
 * normalised settings and the Application Auto Scaling names. Pure; the rules are in
 * `pc-scaling-validate.ts`, the resources are created in `pc-autoscaling.ts`.
 *
 * `functions.<key>.provisionedConcurrency` is a number (a fixed `ProvisionedConcurrencyConfig`) or
 * `{ min, max, targetUtilization?, schedules? }`: an Application Auto Scaling scalable target on the
 * alias (`function:<name>:<alias>`), a target-tracking policy on `LambdaProvisionedConcurrencyUtilization`
 * and one scheduled action per schedule (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html#managing-provisioned-concurency).
 * Never both on one alias: Application Auto Scaling manages the alias's provisioned-concurrency config.
 */
import type { PcScalingSpec } from "../../pricing/pc-schedule";

/** Defaults and ranges of the scaling block. */
export const PC_SCALING = {
  /**
   * Target-tracking target on `LambdaProvisionedConcurrencyUtilization`: 0.7 as in the Lambda guide's
   * example; 0.1–0.9 is the range AWS CDK enforces for it (aws-cdk-lib `aws_lambda`
   * `AutoScalingOptions`/`scaleOnUtilization`, "Utilization Target should be between 0.1 and 0.9").
   */
  defaultTargetUtilization: 0.7,
  minTargetUtilization: 0.1,
  maxTargetUtilization: 0.9,
  /** Application Auto Scaling's `ScheduledActionName`: 1–256 characters without `:`, `/` or `|`. */
  actionNameMaxLength: 256,
  serviceNamespace: "lambda",
  scalableDimension: "lambda:function:ProvisionedConcurrency",
  predefinedMetricType: "LambdaProvisionedConcurrencyUtilization",
} as const;

/** One schedule as written in config (its zod schema: `config/schema.ts`): exactly one of `cron`, `rate`, `at`. */
export interface PcScheduleConfig {
  readonly name: string;
  /** `cron(m h dom mon dow yr)` or its six fields alone. */
  readonly cron?: string;
  /** `rate(value unit)` or `value unit`. */
  readonly rate?: string;
  /** `at(yyyy-mm-ddThh:mm:ss)` or the date-time alone. */
  readonly at?: string;
  /** IANA time zone of `cron`/`at`. @default "UTC" */
  readonly timezone?: string;
  readonly min: number;
  readonly max: number;
}

/** The scaling block as written in config, defaults applied. */
export interface PcScalingConfig {
  readonly min: number;
  readonly max: number;
  /** @default PC_SCALING.defaultTargetUtilization (0.7) */
  readonly targetUtilization: number;
  /** @default [] */
  readonly schedules: readonly PcScheduleConfig[];
}

/** One scheduled action, normalised: the full expression (`cron(...)`, `rate(...)`, `at(...)`). */
export interface PcScheduleSetting {
  readonly name: string;
  readonly expression: string;
  /** @default - UTC */
  readonly timezone?: string;
  readonly min: number;
  readonly max: number;
}

/** Provisioned concurrency that scales, as the component takes it. */
export interface PcScalingSettings {
  /** Capacity of the scalable target outside the schedules' changes. */
  readonly min: number;
  readonly max: number;
  /** 0.1–0.9. @default 0.7 */
  readonly targetUtilization: number;
  /** @default - none */
  readonly schedules: readonly PcScheduleSetting[];
}

/** The kind keys a schedule may use, with the wrapper each expression gets. */
export const KINDS = ["cron", "rate", "at"] as const;

/** Normalise a config schedule: the expression in its AWS form. Undefined expression when not exactly one kind is set. */
export function scheduleExpression(s: PcScheduleConfig): string | undefined {
  const set = KINDS.filter((k) => s[k] !== undefined);
  if (set.length !== 1) return undefined;
  const kind = set[0]!;
  const text = s[kind]!.trim();
  return text.startsWith(`${kind}(`) ? text : `${kind}(${text})`;
}

/** Split `provisionedConcurrency` (number or block) into the fixed value and the scaling settings. */
export function splitProvisionedConcurrency(pc: number | PcScalingConfig | undefined): { fixed?: number; scaling?: PcScalingSettings } {
  if (pc === undefined) return {};
  if (typeof pc === "number") return { fixed: pc };
  return {
    scaling: {
      min: pc.min,
      max: pc.max,
      targetUtilization: pc.targetUtilization,
      schedules: pc.schedules.map((s) => ({ name: s.name, expression: scheduleExpression(s) ?? "", ...(s.timezone !== undefined ? { timezone: s.timezone } : {}), min: s.min, max: s.max })),
    },
  };
}

/** The largest max of the target and its schedules: what the function may hold at once. */
export function peakMax(s: PcScalingSettings): number {
  return Math.max(s.max, ...s.schedules.map((x) => x.max));
}

/** The pricing module's view of the settings. */
export function toScalingSpec(s: PcScalingSettings): PcScalingSpec {
  return { min: s.min, max: s.max, schedules: s.schedules.map((x) => ({ name: x.name, expression: x.expression, timezone: x.timezone, min: x.min, max: x.max })) };
}

/** `function:<name>:<alias>`: the alias, never a version. */
export function scalableResourceId(functionName: string, aliasName: string): string {
  return `function:${functionName}:${aliasName}`;
}

/** Physical name of a scheduled action (unique per scalable target). */
export function scheduledActionName(functionName: string, aliasName: string, scheduleName: string): string {
  return `${functionName}-${aliasName}-${scheduleName}`;
}

/** Physical name of the target-tracking policy. */
export function trackingPolicyName(functionName: string, aliasName: string): string {
  return `${functionName}-${aliasName}-pc-utilization`;
}
