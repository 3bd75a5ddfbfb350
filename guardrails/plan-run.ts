/**
 * Guardrails over an offline plan run (`plan/run.ts` `runProgram`): the context comes from the
 * stack file and the cost report, findings become plan violations. Pure; the run is described
 * structurally, so this file depends on no plan/ module.
 *
 * One line in the plan CLI:
 *
 * ```ts
 * const run = withGuardrails(await runProgram({ rootDir: ROOT_DIR, stack: o.stack, configFile: o.configFile }), { today: today() });
 * ```
 */
import type { Violation } from "../pricing/violations";
import { parseConfigValue } from "../config/schema";
import { type Finding, type GuardrailContext, type GuardrailResource } from "./findings";
import { evaluateGuardrails } from "./rules";

/** The parts of a `ProgramRun` the guardrails read. */
export interface GuardedRun {
  readonly project: string;
  readonly stack: string;
  readonly stackFile: { readonly config: Readonly<Record<string, string>> };
  readonly resources: readonly GuardrailResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly violations: readonly Violation[];
  readonly failure?: string;
}

export interface GuardrailRunOptions {
  /** ISO date for runtime deprecation checks (the caller's clock). @default - the runtime table's date */
  readonly today?: string;
  /** Rule ids to skip, e.g. `["PL-COST-001"]` when the caller already fails on the budget. @default - none */
  readonly disabledRules?: readonly string[];
  /** Service principals besides Lambda that may assume roles (PL-IAM-004). @default - none */
  readonly trustedServicePrincipals?: readonly string[];
}


function record(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** AZs of the function subnets according to the stack's `network` config. */
function azCount(network: Record<string, unknown> | undefined): number | undefined {
  if (!network) return 2; // config/schema.ts default: a new VPC in 2 AZs
  if (network.mode === "existing") {
    const subnets = Array.isArray(network.subnets) ? network.subnets : [];
    const azs = new Set(subnets.map((s) => record(s)?.availabilityZone).filter((z): z is string => typeof z === "string"));
    return azs.size;
  }
  return typeof network.availabilityZones === "number" ? network.availabilityZones : 2;
}

/** Guardrail context of a run: env and region from the stack file, cost and function names from the cost report. */
export function contextFromRun(run: GuardedRun, options: GuardrailRunOptions = {}): GuardrailContext {
  const config = run.stackFile.config;
  const env = config[`${run.project}:env`];
  const networkText = config[`${run.project}:network`];
  const report = record(run.outputs.costReport);
  const reportFunctions = Array.isArray(report?.functions) ? (report!.functions as unknown[]) : undefined;
  const reportNames = reportFunctions?.map((f) => record(f)?.functionName).filter((n): n is string => typeof n === "string");
  const resourceNames = run.resources.filter((r) => r.type === "aws:lambda/function:Function").map((r) => r.inputs.name).filter((n): n is string => typeof n === "string");
  const totalUsd = report?.totalUsd;
  const budgetUsd = report?.budgetUsd;
  return {
    env: typeof env === "string" && env !== "" ? env : run.stack,
    region: config["aws:region"],
    availabilityZones: azCount(record(networkText === undefined ? undefined : parseConfigValue(networkText))),
    stackFunctionNames: reportNames && reportNames.length > 0 ? reportNames : resourceNames.length > 0 ? resourceNames : undefined,
    cost: typeof totalUsd === "number" ? { totalUsd, budgetUsd: typeof budgetUsd === "number" ? budgetUsd : undefined } : undefined,
    today: options.today,
    stack: `${run.project}-${run.stack}`,
    disabledRules: options.disabledRules,
    trustedServicePrincipals: options.trustedServicePrincipals,
  };
}

/** Findings of a run; none when the program stopped (config errors or a failure: its resources are partial). */
export function evaluateRun(run: GuardedRun, options: GuardrailRunOptions = {}): Finding[] {
  if (run.failure !== undefined || run.violations.some((v) => v.severity === "error")) return [];
  return evaluateGuardrails(run.resources, contextFromRun(run, options));
}

/** Findings as plan violations: path `<type>::<name>.<property>`, rule = rule id. */
export function findingsToViolations(findings: readonly Finding[]): Violation[] {
  return findings.map((f) => ({
    path: `${f.resource}.${f.property}`,
    value: f.value,
    rule: f.ruleId,
    // The rule id is in `rule` (the plan prints it after the message).
    message: `${f.resource}.${f.property}: ${f.message} (fix: ${f.fix})`,
    severity: f.severity,
    ...(f.allowed !== undefined ? { allowed: f.allowed } : {}),
  }));
}

/** The run with its guardrail findings appended to `violations` (errors make the plan exit 1). */
export function withGuardrails<R extends GuardedRun>(run: R, options: GuardrailRunOptions = {}): R {
  const extra = findingsToViolations(evaluateRun(run, options));
  return extra.length === 0 ? run : { ...run, violations: [...run.violations, ...extra] };
}
