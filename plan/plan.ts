/**
 * The plan document: what `npm run plan` prints, as plain data with a stable shape and key order
 * (documented in plan/README.md, "Plan JSON"). Built from a {@link ProgramRun}. Pure.
 */
import { AWSX_VPC_SOURCE, awsxVpcExpansion } from "../components/private-network/subnets";
import type { Finding } from "../guardrails";
import type { Violation } from "../pricing";
import type { CostReport } from "../report/cost-report";
import type { CostDiff } from "./diff";
import type { RightsizeReport } from "./rightsize";
import type { ProgramRun } from "./run";

/**
 * A Pulumi error message without the `error serializing property "…": ` wrappers the SDK adds for
 * each resource input that depended on the failed value (the root cause is what a reader needs).
 */
export function rootMessage(message: string): string {
  return message.replace(/^(error serializing property "[^"]*": )+/, "");
}

/** Version of the plan JSON shape; bumped on any incompatible change. */
export const PLAN_FORMAT_VERSION = 1;

export interface PlanResource {
  readonly type: string;
  readonly name: string;
  /** `type::name` of the parent component; null for top-level resources. */
  readonly parent: string | null;
  /** Inputs as registered, fully resolved; secrets as `"[secret]"`. */
  readonly inputs: Record<string, unknown>;
}

export interface PlanViolation {
  readonly path: string;
  /** The value given; null when there was none. */
  readonly value: unknown;
  readonly rule: string;
  readonly message: string;
  readonly severity: "error" | "warning";
  /** What is allowed, when the validator states it separately; else null. */
  readonly allowed: string | null;
}

/** The stack's {@link CostReport}, with the keys people read first placed first. */
export type PlanCost = Omit<CostReport, "budgetUsd" | "overBudgetUsd"> & {
  readonly budgetUsd: number | null;
  readonly overBudgetUsd: number | null;
};

/**
 * AWS resources a remote component (awsx's `Vpc`) creates inside its plugin, which the mock engine
 * never runs: counted from awsx's own allocation rules, per parent node and type.
 */
export interface ExpandedResource {
  /** `type::name` of the remote component node, e.g. `awsx:ec2:Vpc::network-vpc`. */
  readonly parent: string;
  readonly type: string;
  readonly count: number;
  /** Where the rule comes from. */
  readonly source: string;
}

export interface PlanDocument {
  readonly project: string;
  readonly stack: string;
  readonly resources: PlanResource[];
  /** What remote components expand to in AWS (not registered under mocks); sorted by parent, type. */
  readonly expandedResources: ExpandedResource[];
  /** Everything `pulumi up` would create: `resources` plus the expanded counts. */
  readonly resourceCount: number;
  readonly violations: PlanViolation[];
  /**
   * Guardrail findings (security and cost rules, guardrails/), errors first. Empty when the
   * program stopped before registering resources (config errors or a failure).
   */
  readonly findings: Finding[];
  /** Null when the config is invalid (the program stopped before pricing) or the program failed. */
  readonly cost: PlanCost | null;
  /** {@link PLAN_FORMAT_VERSION}: bumped on any incompatible change of this shape. */
  readonly formatVersion: number;
  /** Message of a program failure that is not a config problem; absent when none. */
  readonly failure?: string;
  /** Present with `--rightsize`; null when the config is invalid. */
  readonly rightsize?: RightsizeReport | null;
  /** Present with `--compare` or `--baseline`; null when this plan has no cost report. */
  readonly diff?: CostDiff | null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toViolation(v: Violation): PlanViolation {
  return { path: v.path, value: v.value === undefined ? null : v.value, rule: v.rule, message: v.message, severity: v.severity, allowed: v.allowed ?? null };
}

/** Put the headline keys first; every other key of the report follows in its own order. */
export function toPlanCost(r: CostReport): PlanCost {
  const { totalUsd, functions, infrastructure, prices, budgetUsd, overBudgetUsd, ...rest } = r;
  return { totalUsd, functions, infrastructure, prices, ...rest, budgetUsd: budgetUsd ?? null, overBudgetUsd: overBudgetUsd ?? null };
}

type AwsxSubnetType = "Public" | "Private" | "Isolated";

/**
 * What each `awsx:ec2:Vpc` node expands to, from its registered inputs and awsx's defaults (3 AZs,
 * NAT `OnePerAz`, a public and a private subnet per AZ) for what the inputs leave out.
 */
export function expandRemoteComponents(resources: readonly PlanResource[]): ExpandedResource[] {
  const out: ExpandedResource[] = [];
  for (const r of resources.filter((x) => x.type === "awsx:ec2:Vpc")) {
    const i = r.inputs as { availabilityZoneNames?: unknown; numberOfAvailabilityZones?: unknown; subnetSpecs?: { type?: unknown }[]; natGateways?: { strategy?: unknown } };
    const azCount = Array.isArray(i.availabilityZoneNames) ? i.availabilityZoneNames.length : typeof i.numberOfAvailabilityZones === "number" ? i.numberOfAvailabilityZones : 3;
    const subnetTypes: AwsxSubnetType[] = Array.isArray(i.subnetSpecs) ? i.subnetSpecs.map((sp) => String(sp.type) as AwsxSubnetType) : ["Public", "Private"];
    const strategy = i.natGateways?.strategy;
    const nat = strategy === "None" || strategy === "Single" ? strategy : "OnePerAz";
    for (const row of awsxVpcExpansion({ azCount, subnetTypes, nat })) out.push({ parent: `${r.type}::${r.name}`, type: row.type, count: row.count, source: AWSX_VPC_SOURCE });
  }
  return out.sort((a, b) => byText(a.parent, b.parent) || byText(a.type, b.type));
}

/** Build the plan document of one program run. Resources are sorted by parent, type and name. */
export function buildPlan(run: ProgramRun, findings: readonly Finding[] = []): PlanDocument {
  const resources: PlanResource[] = run.resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent ?? null, inputs: r.inputs }));
  resources.sort((a, b) => byText(a.parent ?? "", b.parent ?? "") || byText(a.type, b.type) || byText(a.name, b.name));
  const report = run.outputs.costReport as CostReport | undefined;
  const expandedResources = expandRemoteComponents(resources);
  return {
    project: run.project,
    stack: run.stack,
    resources,
    expandedResources,
    resourceCount: resources.length + expandedResources.reduce((sum, e) => sum + e.count, 0),
    violations: run.violations.map(toViolation),
    findings: [...findings],
    cost: report && !run.failure ? toPlanCost(report) : null,
    formatVersion: PLAN_FORMAT_VERSION,
    ...(run.failure !== undefined ? { failure: run.failure } : {}),
  };
}

export interface ResourceGroup {
  /** Parent `type::name`, or null for top-level resources. */
  readonly parent: string | null;
  readonly count: number;
  /** Per type, alphabetical: how many and their names. */
  readonly types: { readonly type: string; readonly count: number; readonly names: string[] }[];
}

/** Resources grouped by parent component (top level first), with counts by type. */
export function groupResources(resources: readonly PlanResource[]): ResourceGroup[] {
  const groups = new Map<string | null, Map<string, string[]>>();
  for (const r of resources) {
    const byType = groups.get(r.parent) ?? new Map<string, string[]>();
    byType.set(r.type, [...(byType.get(r.type) ?? []), r.name]);
    groups.set(r.parent, byType);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : byText(a, b)))
    .map(([parent, byType]) => {
      const types = [...byType.entries()].sort(([a], [b]) => byText(a, b)).map(([type, names]) => ({ type, count: names.length, names: [...names].sort(byText) }));
      return { parent, count: types.reduce((s, t) => s + t.count, 0), types };
    });
}

export interface PlanVerdict {
  readonly exitCode: 0 | 1;
  /** Why the plan failed, one sentence each; empty when it passed. */
  readonly reasons: string[];
}

/**
 * Exit 1 when the plan found errors: error violations, a program failure, a cost over the stack's
 * budget, a budget that cannot be judged because lines are unpriced, unpriced lines with
 * `requirePrices`, or a monthly increase above `failOnIncreaseUsd` (needs a diff). Else 0.
 */
export function planVerdict(plan: PlanDocument, failOnIncreaseUsd?: number, opts: { readonly requirePrices?: boolean } = {}): PlanVerdict {
  const reasons: string[] = [];
  const errors = plan.violations.filter((v) => v.severity === "error").length;
  if (errors > 0) reasons.push(`${errors} config error${errors === 1 ? "" : "s"}`);
  // The budget finding (PL-COST-001) is reported once, as "over the stack's budget" below.
  const guardrailErrors = plan.findings.filter((f) => f.severity === "error" && f.ruleId !== "PL-COST-001").length;
  if (guardrailErrors > 0) reasons.push(`${guardrailErrors} guardrail error${guardrailErrors === 1 ? "" : "s"}`);
  if (plan.failure !== undefined) reasons.push(`the program failed: ${plan.failure.split("\n")[0]}`);
  const cost = plan.cost;
  if (cost && cost.overBudgetUsd !== null) {
    reasons.push(`over the stack's budget of $${cost.budgetUsd} by ${cost.complete ? "" : "at least "}$${cost.overBudgetUsd.toFixed(2)}`);
  } else if (cost && cost.budgetUsd !== null && !cost.complete) {
    // A lower bound within the budget says nothing: the unpriced lines may push it over.
    reasons.push(`the budget of $${cost.budgetUsd} cannot be judged: ${cost.unpriced.length} cost line(s) unpriced (${[...new Set(cost.unpriced.map((u) => `pricing.overrides.${u.overrideKey}`))].join(", ")})`);
  }
  if (opts.requirePrices === true && cost && !cost.complete) reasons.push(`--require-prices: ${cost.unpriced.length} cost line(s) unpriced`);
  if (failOnIncreaseUsd !== undefined && plan.diff && plan.diff.totalUsd.deltaUsd > failOnIncreaseUsd) {
    reasons.push(`monthly cost rises by $${plan.diff.totalUsd.deltaUsd.toFixed(2)}, more than --fail-on-increase ${failOnIncreaseUsd}`);
  }
  return { exitCode: reasons.length > 0 ? 1 : 0, reasons };
}
