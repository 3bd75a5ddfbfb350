/**
 * Security and cost guardrails for private Lambda stacks: one pure entry point over the resources a
 * program registers (from the offline plan, a policy pack or tests) and a small context.
 *
 * Pure and deterministic: no `@pulumi/*` imports, no clock, no I/O; policy documents are parsed
 * safely (bad JSON is a finding, never a throw). A value that is unknown at preview never passes
 * silently: it gives a warning "not evaluated: <property> unknown at preview".
 *
 * The rule table (ids, severities, why, fix) is data: {@link RULES}.
 */
import { checkCost } from "./cost-rules";
import { FindingCollector, isNotEvaluated, type Finding, type GuardrailContext, type GuardrailResource } from "./findings";
import { checkFunctions } from "./function-rules";
import { checkIam } from "./iam-rules";
import { checkNetwork } from "./network-rules";
import { RULES, type RuleInfo } from "./rule-table";

export { isNotEvaluated, NOT_EVALUATED, resourceKey, type Finding, type GuardrailContext, type GuardrailResource } from "./findings";
export { isProdEnv, policyNameOf, ruleById, RULES, TYPES, type GuardrailSeverity, type RuleId, type RuleInfo } from "./rule-table";
export { isUnknown, UNKNOWN, PULUMI_UNKNOWN_SENTINELS } from "./values";
export { SECRET_PLACEHOLDER } from "../pricing/violations";

const RULE_ORDER: ReadonlyMap<string, number> = new Map(RULES.map((r, i) => [r.id, i]));

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Errors first, then rule order, resource, property, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === "error" ? 0 : 1);
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (RULE_ORDER.get(a.ruleId) ?? 0) - (RULE_ORDER.get(b.ruleId) ?? 0) ||
      byText(a.resource, b.resource) ||
      byText(a.property, b.property) ||
      byText(a.message, b.message),
  );
}

/** Keep only well-formed resources; anything else is ignored rather than thrown on. */
function normalize(resources: unknown): GuardrailResource[] {
  if (!Array.isArray(resources)) return [];
  const out: GuardrailResource[] = [];
  for (const r of resources) {
    if (r === null || typeof r !== "object") continue;
    const { type, name, inputs } = r as Partial<GuardrailResource>;
    if (typeof type !== "string") continue;
    out.push({ type, name: typeof name === "string" ? name : "", inputs: inputs !== null && typeof inputs === "object" && !Array.isArray(inputs) ? inputs : {} });
  }
  return out;
}

/**
 * Every guardrail finding for a stack's resources, errors first.
 *
 * @param resources as registered: `{ type, name, inputs }` (e.g. `ProgramRun.resources`)
 * @param context env, and optionally region, AZ count, this stack's function names, the cost
 *   report's total and budget, today's date
 */
export function evaluateGuardrails(resources: readonly GuardrailResource[], context: GuardrailContext): Finding[] {
  const ctx: GuardrailContext = context !== null && typeof context === "object" ? context : { env: "" };
  const c = new FindingCollector(new Set(Array.isArray(ctx.disabledRules) ? ctx.disabledRules : []));
  const rs = normalize(resources);
  checkFunctions(c, rs, ctx);
  checkIam(c, rs, ctx);
  checkNetwork(c, rs, ctx);
  checkCost(c, ctx);
  return sortFindings(c.findings);
}

/** Counts by severity; "not evaluated" warnings counted apart. */
export function summarizeFindings(findings: readonly Finding[]): { errors: number; warnings: number; notEvaluated: number } {
  const errors = findings.filter((f) => f.severity === "error").length;
  const notEvaluated = findings.filter(isNotEvaluated).length;
  return { errors, warnings: findings.length - errors - notEvaluated, notEvaluated };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Plain-text report:
 *
 * ```
 * Guardrails (1 error, 1 warning):
 *   - error PL-FN-002 aws:lambda/function:Function::api-fn tracingConfig.mode: got "PassThrough", allowed "Active"
 *       why: …
 *       fix: …
 * ```
 */
export function formatFindings(findings: readonly Finding[], options: { title?: string; details?: boolean } = {}): string {
  const title = options.title ?? "Guardrails";
  if (findings.length === 0) return `${title}: no findings (${plural(RULES.length, "rule")} checked).`;
  const s = summarizeFindings(findings);
  const counts = [plural(s.errors, "error"), plural(s.warnings, "warning")];
  if (s.notEvaluated > 0) counts.push(`${s.notEvaluated} not evaluated`);
  const lines = [`${title} (${counts.join(", ")}):`];
  for (const f of sortFindings(findings)) {
    lines.push(`  - ${f.severity} ${f.ruleId} ${f.resource} ${f.property}: ${f.message}`);
    if (options.details !== false) lines.push(`      why: ${f.why}`, `      fix: ${f.fix}`);
  }
  return lines.join("\n");
}

/** The rule table as Markdown (for READMEs): id, severity, title, why. */
export function formatRuleTable(rules: readonly RuleInfo[] = RULES): string {
  const esc = (t: string) => t.replace(/\|/g, "\\|");
  return [
    "| id | severity | rule | why | in policy pack |",
    "|---|---|---|---|---|",
    ...rules.map((r) => `| ${r.id} | ${r.severity} | ${esc(r.title)} | ${esc(r.why)} | ${r.inPolicyPack ? "yes" : "no (needs the cost report)"} |`),
  ].join("\n");
}
