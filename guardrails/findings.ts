/**
 * Inputs, context and findings of the guardrails, and the collector the rule files share. Pure.
 */
import { ruleById, type GuardrailSeverity, type RuleId } from "./rule-table";
import { showInput } from "./values";

/** One resource as registered: Pulumi type token, logical name, inputs. */
export interface GuardrailResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface GuardrailContext {
  /** Environment label (`dev`, `prod` …); `prod`/`production`/`prod-*` turn on the prod rules. */
  readonly env: string;
  /** Stack region; ARNs in the Lambda endpoint policy must be in it. @default - the endpoint's `serviceName` region */
  readonly region?: string;
  /** AZs the stack's function subnets span, when the config says so (the rules cannot see subnet AZs). @default - unknown */
  readonly availabilityZones?: number;
  /** Physical names of this stack's functions; every ARN in the Lambda endpoint policy must name one. @default - not checked */
  readonly stackFunctionNames?: readonly string[];
  /** From the cost report; without it the cost rules are skipped (e.g. in the policy pack). @default - no cost rules */
  readonly cost?: { readonly totalUsd: number; readonly budgetUsd?: number };
  /** ISO date for runtime deprecation checks. @default - the runtime table's `asOf` */
  readonly today?: string;
  /** Stack name for findings about the stack as a whole (`pulumi:pulumi:Stack::<stack>`). @default "stack" */
  readonly stack?: string;
  /** Rule ids to skip. @default - none */
  readonly disabledRules?: readonly string[];
  /**
   * Service principals besides `lambda.amazonaws.com` that may assume roles in this stack (PL-IAM-004),
   * e.g. `scheduler.amazonaws.com` for a ScheduleTrigger's role. @default - none
   */
  readonly trustedServicePrincipals?: readonly string[];
}

export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: GuardrailSeverity;
  /** `<type>::<name>` of the resource at fault. */
  readonly resource: string;
  /** Dotted path of the property at fault, e.g. `tracingConfig.mode`, `policy.Statement.0.Action`. */
  readonly property: string;
  /** One sentence: "got …, allowed …", or "not evaluated: <property> unknown at preview". */
  readonly message: string;
  /** The value found, when there is one. */
  readonly value?: unknown;
  /** What is allowed, as stated in `message`. */
  readonly allowed?: string;
  readonly why: string;
  readonly fix: string;
}

/** Prefix of every "could not check" finding. */
export const NOT_EVALUATED = "not evaluated:";

/** True for findings saying a rule could not be evaluated (unknown or secret values). */
export function isNotEvaluated(f: Pick<Finding, "message">): boolean {
  return f.message.startsWith(NOT_EVALUATED);
}

export function resourceKey(r: Pick<GuardrailResource, "type" | "name">): string {
  return `${r.type}::${r.name}`;
}

/** Findings of one evaluation, with the helpers every rule uses. */
export class FindingCollector {
  readonly findings: Finding[] = [];
  constructor(private readonly disabled: ReadonlySet<string>) {}

  enabled(id: RuleId): boolean {
    return !this.disabled.has(id);
  }

  /** A violation: "got <value>, allowed <allowed>[; detail]" unless `message` is given. */
  violation(id: RuleId, r: GuardrailResource | string, property: string, opts: { value?: unknown; allowed?: string; message?: string; severity?: GuardrailSeverity }): void {
    if (!this.enabled(id)) return;
    const rule = ruleById(id);
    const message = opts.message ?? `got ${showInput(opts.value)}, allowed ${opts.allowed ?? "a compliant value"}`;
    this.findings.push({
      ruleId: id,
      severity: opts.severity ?? rule.severity,
      resource: typeof r === "string" ? r : resourceKey(r),
      property,
      message,
      ...("value" in opts && opts.value !== undefined ? { value: opts.value } : {}),
      ...(opts.allowed !== undefined ? { allowed: opts.allowed } : {}),
      why: rule.why,
      fix: rule.fix,
    });
  }

  /** A rule that could not be checked because a value is unknown at preview (or computed and dropped). */
  notEvaluated(id: RuleId, r: GuardrailResource | string, property: string, reason: "unknown" | "secret" = "unknown"): void {
    if (!this.enabled(id)) return;
    const rule = ruleById(id);
    const resource = typeof r === "string" ? r : resourceKey(r);
    // One finding per rule, resource and property.
    if (this.findings.some((f) => f.ruleId === id && f.resource === resource && f.property === property && isNotEvaluated(f))) return;
    this.findings.push({
      ruleId: id,
      severity: "warning",
      resource,
      property,
      message: reason === "secret" ? `${NOT_EVALUATED} ${property} is a secret (redacted)` : `${NOT_EVALUATED} ${property} unknown at preview`,
      why: rule.why,
      fix: rule.fix,
    });
  }
}
