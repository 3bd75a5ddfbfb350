/**
 * The CrossGuard glue: `args.resources` → guardrail rule inputs → `reportViolation`. Everything
 * here is exported and testable with fake `StackValidationArgs`; `index.ts` only constructs the
 * `PolicyPack` (which reads `package.json` and starts a gRPC server, so tests never import it).
 *
 * Unknown values at preview: the engine hands a stack policy each resource's properties with
 * Pulumi's unknown sentinels where values are computed, wrapped in `@pulumi/policy`'s
 * `unknownCheckingProxy`, which *throws* `UnknownValueError` on access. Left alone, the first
 * unknown would abort the whole policy with one advisory "can't run policy during preview". So
 * {@link toRuleInputs} takes the proxy's raw target (the proxy answers its own
 * `__getSpecialProxyTarget` key) and the rules report each unknown property as a
 * "not evaluated" warning instead.
 */
import type { EnforcementLevel, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import {
  evaluateGuardrails,
  isNotEvaluated,
  isUnknown,
  policyNameOf,
  resourceKey,
  RULES,
  type Finding,
  type GuardrailContext,
  type GuardrailResource,
  type RuleInfo,
} from "../guardrails/rules";

/** Key on which `@pulumi/policy`'s unknown-checking proxy returns its raw target (`proxy.js`). */
export const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

/** The parts of a `PolicyResource` the glue reads. */
export interface PolicyResourceLike {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  readonly provider?: { readonly type: string; readonly props: Record<string, unknown> };
}

/** The parts of `StackValidationArgs` the glue reads. */
export interface StackValidationArgsLike {
  readonly resources: readonly PolicyResourceLike[];
  readonly stackTags?: ReadonlyMap<string, string>;
  getConfig<T extends object>(): T;
}

/** A rule input that remembers its URN, for `reportViolation`. */
export interface RuleInput extends GuardrailResource {
  readonly urn: string;
}

/** Raw properties behind the unknown-checking proxy (or the object itself when not proxied). */
export function unwrapProps(props: unknown): Record<string, unknown> {
  if (props === null || typeof props !== "object") return {};
  let target: unknown;
  try {
    target = (props as Record<string, unknown>)[PROXY_TARGET_KEY];
  } catch {
    target = undefined;
  }
  return (target !== null && typeof target === "object" ? target : props) as Record<string, unknown>;
}

/** Map `args.resources` to the rules' input: `{ type, name, inputs, urn }`, unknowns kept as sentinels. */
export function toRuleInputs(resources: readonly PolicyResourceLike[]): RuleInput[] {
  // A stack policy sees each resource's OUTPUTS (engine: AnalyzeStack gets final outputs). For a
  // remote component such as awsx:ec2:Vpc those are only its declared outputs (vpcId, subnets...),
  // not the args the rules read (enableDnsHostnames...), so the pack checks the aws:ec2/vpc:Vpc
  // child it creates instead, whose outputs carry the real DNS attributes.
  return resources.filter((r) => !r.type.startsWith("awsx:")).map((r) => ({ type: r.type, name: r.name, urn: r.urn, inputs: unwrapProps(r.props) }));
}

/** Stack name from a URN `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackNameFromUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  return m ? m[1] : undefined;
}

/** Policy config keys the glue understands. */
export interface GuardrailPolicyConfig {
  /** Environment label; `prod`, `production`, `prod-*` enable the prod rules. @default - stack tag `env`, else the stack name */
  readonly env?: string;
  /** (pl-not-evaluated only) Rule ids whose "not evaluated" findings are not reported. @default - none */
  readonly ignoreRules?: readonly string[];
  /** (pl-iam-004 only) Service principals besides lambda.amazonaws.com that may assume roles. @default - none */
  readonly trustedServicePrincipals?: readonly string[];
}

/**
 * The guardrail context a policy pack can know: env (policy config `env`, else stack tag `env` or
 * `environment`, else the stack name), region (the AWS provider's), this stack's function names
 * (when all are known). The cost report is not available to a policy pack: no cost rules.
 */
export function contextFromArgs(args: StackValidationArgsLike, inputs: readonly RuleInput[], options: { today: string; env?: string }): GuardrailContext {
  const tag = args.stackTags?.get("env") ?? args.stackTags?.get("environment");
  const stack = inputs.map((r) => stackNameFromUrn(r.urn)).find((s) => s !== undefined);
  let region: string | undefined;
  for (const r of args.resources) {
    if (!r.type.startsWith("aws:") || !r.provider) continue;
    const value = unwrapProps(r.provider.props).region;
    if (typeof value === "string" && !isUnknown(value)) {
      region = value;
      break;
    }
  }
  const names = inputs.filter((r) => r.type === "aws:lambda/function:Function").map((r) => r.inputs.name);
  const allKnown = names.length > 0 && names.every((n) => typeof n === "string" && !isUnknown(n));
  return {
    env: options.env ?? tag ?? stack ?? "",
    region,
    stackFunctionNames: allKnown ? (names as string[]) : undefined,
    today: options.today,
    stack,
  };
}

/** One finding as a CrossGuard violation message. */
export function violationMessage(f: Finding): string {
  return `[${f.ruleId}] ${f.property}: ${f.message}\nWhy: ${f.why}\nFix: ${f.fix}`;
}

/**
 * Report findings through `reportViolation`, each on its resource's URN (stack-level findings
 * without one). Returns how many were reported.
 */
export function reportFindings(findings: readonly Finding[], inputs: readonly RuleInput[], reportViolation: ReportViolation): number {
  const urns = new Map<string, string>();
  for (const r of inputs) if (!urns.has(resourceKey(r))) urns.set(resourceKey(r), r.urn);
  for (const f of findings) {
    const urn = urns.get(f.resource);
    if (urn !== undefined) reportViolation(violationMessage(f), urn);
    else reportViolation(violationMessage(f));
  }
  return findings.length;
}

function readConfig(args: StackValidationArgsLike): GuardrailPolicyConfig {
  try {
    const c = args.getConfig<GuardrailPolicyConfig>();
    return c !== null && typeof c === "object" ? c : {};
  } catch {
    return {};
  }
}

function evaluate(args: StackValidationArgsLike, today: string): { inputs: RuleInput[]; findings: Finding[] } {
  const config = readConfig(args);
  const inputs = toRuleInputs(args.resources);
  const env = typeof config.env === "string" && config.env !== "" ? config.env : undefined;
  const trusted = Array.isArray(config.trustedServicePrincipals) ? config.trustedServicePrincipals.filter((p): p is string => typeof p === "string") : undefined;
  const context = { ...contextFromArgs(args, inputs, { today, env }), ...(trusted ? { trustedServicePrincipals: trusted } : {}) };
  return { inputs, findings: evaluateGuardrails(inputs, context) };
}

/** Validate one rule: report its violations (its "not evaluated" findings go to {@link validateNotEvaluated}). */
export function validateRule(rule: RuleInfo, args: StackValidationArgsLike, reportViolation: ReportViolation, today: string): number {
  const { inputs, findings } = evaluate(args, today);
  return reportFindings(findings.filter((f) => f.ruleId === rule.id && !isNotEvaluated(f)), inputs, reportViolation);
}

/** Report every "not evaluated" finding of the pack's rules (advisory), minus `ignoreRules`. */
export function validateNotEvaluated(args: StackValidationArgsLike, reportViolation: ReportViolation, today: string): number {
  const ignore = new Set(readConfig(args).ignoreRules ?? []);
  const inPack = new Set<string>(PACK_RULES.map((r) => r.id));
  const { inputs, findings } = evaluate(args, today);
  return reportFindings(findings.filter((f) => isNotEvaluated(f) && inPack.has(f.ruleId) && !ignore.has(f.ruleId)), inputs, reportViolation);
}

/** Rules a policy pack can evaluate (the cost rules need the cost report). */
export const PACK_RULES: readonly RuleInfo[] = RULES.filter((r) => r.inPolicyPack);

/** Name of the advisory policy that reports values unknown at preview. */
export const NOT_EVALUATED_POLICY = "pl-not-evaluated";

/** `mandatory` for error rules, `advisory` for warning rules. */
export function enforcementLevelOf(rule: RuleInfo): EnforcementLevel {
  return rule.severity === "error" ? "mandatory" : "advisory";
}

const TRUSTED_SCHEMA = {
  trustedServicePrincipals: { type: "array" as const, items: { type: "string" as const }, description: "Service principals besides lambda.amazonaws.com that may assume roles, e.g. scheduler.amazonaws.com." },
};

const ENV_SCHEMA = { env: { type: "string" as const, description: "Environment label; prod, production or prod-* enable PL-FN-006. Default: stack tag env, else the stack name." } };

/**
 * One stack policy per rule (so each can be configured or disabled on its own), plus the advisory
 * {@link NOT_EVALUATED_POLICY}. `today` is called once per validation (the pack's clock).
 */
export function guardrailPolicies(options: { today: () => string }): StackValidationPolicy[] {
  const perRule: StackValidationPolicy[] = PACK_RULES.map((rule) => ({
    name: policyNameOf(rule),
    description: `${rule.id}: ${rule.title}.`,
    enforcementLevel: enforcementLevelOf(rule),
    remediationSteps: rule.fix,
    ...(rule.id === "PL-FN-006" ? { configSchema: { properties: ENV_SCHEMA } } : {}),
    ...(rule.id === "PL-IAM-004" ? { configSchema: { properties: TRUSTED_SCHEMA } } : {}),
    validateStack: (args, reportViolation) => {
      validateRule(rule, args, reportViolation, options.today());
    },
  }));
  const notEvaluated: StackValidationPolicy = {
    name: NOT_EVALUATED_POLICY,
    description: "Guardrails that could not be evaluated because a value is unknown until deploy (typical at the first preview). Re-run after `pulumi up` or check the value by hand.",
    enforcementLevel: "advisory",
    configSchema: {
      properties: {
        ...ENV_SCHEMA,
        ignoreRules: { type: "array", items: { type: "string" }, description: "Rule ids whose not-evaluated findings are not reported." },
      },
    },
    validateStack: (args, reportViolation) => {
      validateNotEvaluated(args, reportViolation, options.today());
    },
  };
  return [...perRule, notEvaluated];
}
