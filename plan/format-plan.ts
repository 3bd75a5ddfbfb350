/**
 * The plan as text: a terminal table or Markdown that fits a pull-request comment. Pure.
 * The cost section itself is `report/format.ts`, the same text `pulumi preview` logs.
 */
import { formatFindings } from "../guardrails";
import { formatUsd, plural, show } from "../pricing";
import type { CostReport } from "../report/cost-report";
import { formatCostReport, type TextFormat } from "../report/format";
import type { CostDiff, FunctionDiff, LineDiff } from "./diff";
import { groupResources, type PlanCost, type PlanDocument, type PlanVerdict } from "./plan";
import type { FunctionRightsize, RightsizePoint, RightsizeReport } from "./rightsize";

export interface FormatContext {
  /** Stack config file the plan read (shown in the header). */
  readonly configFile: string;
  readonly verdict: PlanVerdict;
  /** SVG files written by `--rightsize --out-dir`, by function key. */
  readonly charts?: Readonly<Record<string, string>>;
}

/** `+$1.20`, `-$0.50`, `$0.00`. */
export function signedUsd(usd: number): string {
  if (Math.round(usd * 100) === 0) return "$0.00";
  return usd > 0 ? `+${formatUsd(usd)}` : formatUsd(usd);
}

const mdEsc = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;");

/** Back to the report type `report/format.ts` prints (it reads `budgetUsd` as optional). */
function toReport(cost: PlanCost): CostReport {
  const { budgetUsd, overBudgetUsd, ...rest } = cost;
  return { ...rest, budgetUsd: budgetUsd ?? undefined, overBudgetUsd: overBudgetUsd ?? undefined } as CostReport;
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

function resourcesText(plan: PlanDocument, md: boolean): string[] {
  const out: string[] = [];
  const title = `Resources: ${plan.resourceCount} to create`;
  const expanded = plan.expandedResources;
  if (plan.resources.length === 0) {
    const why =
      plan.violations.some((v) => v.severity === "error")
        ? "none: the config is invalid, and the program stops at validation, before it registers the first resource"
        : plan.failure !== undefined
          ? "none: the program failed before it registered a resource"
          : "none";
    return md ? [`#### Resources`, "", `No resources: ${why.replace(/^none: /, "")}.`, ""] : [`Resources: ${why}.`, ""];
  }
  const groups = groupResources(plan.resources);
  const components = groups.filter((g) => g.parent !== null).length;
  if (md) {
    out.push(`#### ${title} (${plural(components, "component")})`, "");
    out.push(groups.map((g) => `${mdEsc(g.parent ?? "(stack)")}: ${g.count}`).join(" · "), "");
    out.push("<details><summary>By component and type</summary>", "");
    out.push("| Component | Type | Count | Names |", "|---|---|---:|---|");
    for (const g of groups) {
      g.types.forEach((t, i) => out.push(`| ${i === 0 ? mdEsc(g.parent ?? "(stack)") : ""} | \`${mdEsc(t.type)}\` | ${t.count} | ${mdEsc(t.names.join(", "))} |`));
    }
    out.push("", "</details>", "");
    if (expanded.length > 0) {
      const n = expanded.reduce((sum, e) => sum + e.count, 0);
      out.push(`Of these, ${n} are created by awsx inside its VPC component (not visible to the offline plan, counted from awsx's allocation rules, ${expanded[0]!.source}): ${expanded.map((e) => `${mdEsc(e.type)} ×${e.count}`).join(", ")}.`, "");
      out.push(`Availability Zones: the plan assumes the region's AZ names; which AZs every endpoint service is offered in is checked at deploy (\`ec2:DescribeVpcEndpointServices\`).`, "");
    }
    return out;
  }
  out.push(`${title}, grouped by parent component (${plural(components, "component")}):`);
  for (const g of groups) {
    out.push(`  ${g.parent ?? "(stack, top level)"}: ${g.count}`);
    const width = Math.max(...g.types.map((t) => t.type.length));
    for (const t of g.types) out.push(`    ${t.type.padEnd(width)}  ×${String(t.count).padEnd(3)} ${t.names.join(", ")}`);
  }
  for (const parent of [...new Set(expanded.map((e) => e.parent))]) {
    const rows = expanded.filter((e) => e.parent === parent);
    out.push(`  ${parent}: ${rows.reduce((sum, e) => sum + e.count, 0)}, created by awsx in its plugin (counted from awsx's allocation rules, ${rows[0]!.source})`);
    const width = Math.max(...rows.map((e) => e.type.length));
    for (const e of rows) out.push(`    ${e.type.padEnd(width)}  ×${e.count}`);
  }
  if (expanded.length > 0) out.push("  Availability Zones: the plan assumes the region's AZ names; which AZs every endpoint service is offered in is checked at deploy (ec2:DescribeVpcEndpointServices).");
  out.push("");
  return out;
}

function violationsText(plan: PlanDocument, md: boolean): string[] {
  const errors = plan.violations.filter((v) => v.severity === "error");
  const warnings = plan.violations.filter((v) => v.severity === "warning");
  const title = `Limit violations and warnings: ${plural(errors.length, "error")}, ${plural(warnings.length, "warning")}`;
  const out = [md ? `#### ${title}` : `${title}${plan.violations.length > 0 ? ":" : ""}`];
  if (md && plan.violations.length > 0) out.push("", "| Severity | Path | Value | Allowed | Message | Rule |", "|---|---|---|---|---|---|");
  for (const v of [...errors, ...warnings]) {
    const value = v.value === null ? "(none)" : JSON.stringify(v.value);
    if (md) out.push(`| ${v.severity} | \`${mdEsc(v.path)}\` | \`${mdEsc(value.length > 60 ? `${value.slice(0, 57)}...` : value)}\` | ${mdEsc(v.allowed ?? "")} | ${mdEsc(v.message)} | ${v.rule} |`);
    else {
      // The message states path, value and what is allowed (docs/sources.md#conventions); add what it leaves out.
      const shown = show(v.value);
      const extras = [
        ...(v.message.includes(v.path) ? [] : [`path ${v.path}`]),
        ...(v.value === null || v.message.includes(value) || (typeof v.value === "string" && v.message.includes(v.value)) ? [] : [`value ${shown}`]),
        ...(v.allowed && !v.message.includes(v.allowed) ? [`allowed ${v.allowed}`] : []),
      ];
      out.push(`  ${v.severity.toUpperCase().padEnd(7)} ${v.message} [${v.rule}]`);
      if (extras.length > 0) out.push(`          ${extras.join("; ")}`);
    }
  }
  if (plan.failure !== undefined) out.push(md ? `\n**Program failed:** ${mdEsc(plan.failure)}` : `  FAILURE ${plan.failure}`);
  out.push("");
  return out;
}

function findingsText(plan: PlanDocument, md: boolean): string[] {
  const stopped = plan.resources.length === 0;
  if (!md) {
    if (stopped) return ["Guardrails: not evaluated, no resources were registered.", ""];
    return [formatFindings(plan.findings, { title: "Guardrail findings" }), ""];
  }
  const errors = plan.findings.filter((f) => f.severity === "error").length;
  const out = [`#### Guardrail findings: ${plural(errors, "error")}, ${plural(plan.findings.length - errors, "warning")}`];
  if (stopped) return [...out, "", "Not evaluated: no resources were registered.", ""];
  if (plan.findings.length > 0) out.push("", "| Severity | Rule | Resource | Property | Message | Fix |", "|---|---|---|---|---|---|");
  for (const f of plan.findings) out.push(`| ${f.severity} | ${f.ruleId} | \`${mdEsc(f.resource)}\` | \`${mdEsc(f.property)}\` | ${mdEsc(f.message)} | ${mdEsc(f.fix)} |`);
  out.push("");
  return out;
}

function costText(plan: PlanDocument, format: TextFormat): string[] {
  if (!plan.cost) {
    const why = plan.failure !== undefined ? "the program failed" : "the config is invalid (fix the errors above)";
    return [format === "markdown" ? `#### Cost\n\nNo cost report: ${why}.` : `Cost: no report, ${why}.`, ""];
  }
  const out = [format === "markdown" ? "" : "Cost:"];
  out.push(formatCostReport(toReport(plan.cost), format), "");
  return out;
}

function lineText(l: LineDiff): string {
  const was = l.beforeUsd === null ? "new" : formatUsd(l.beforeUsd);
  const now = l.afterUsd === null ? "gone" : formatUsd(l.afterUsd);
  return `${l.item}: ${was} → ${now} (${signedUsd(l.deltaUsd)})`;
}

function diffText(d: CostDiff, md: boolean): string[] {
  const out: string[] = [];
  const pct = d.totalUsd.deltaPercent === null ? "" : `, ${d.totalUsd.deltaPercent > 0 ? "+" : ""}${d.totalUsd.deltaPercent}%`;
  const head = `Monthly cost ${formatUsd(d.totalUsd.before)} → ${formatUsd(d.totalUsd.after)} (${signedUsd(d.totalUsd.deltaUsd)}${pct})`;
  const sign = (f: { change: string }) => (f.change === "added" ? "+" : f.change === "removed" ? "-" : "~");
  const changed: FunctionDiff[] = d.functions.filter((f) => f.change !== "unchanged");
  const unchanged = d.functions.length - changed.length;
  if (md) {
    out.push(`#### Cost diff against ${mdEsc(d.baseline.label)} (${mdEsc(`${d.baseline.project}/${d.baseline.stack}`)})`, "", `**${head}**`, "");
    for (const r of d.stackReasons) out.push(`- ${mdEsc(r.message)}`);
    if (d.stackReasons.length > 0) out.push("");
    out.push("| | Component | Before | After | Change | Why |", "|---|---|---:|---:|---:|---|");
    for (const f of changed) {
      const before = f.beforeUsd === null ? "" : formatUsd(f.beforeUsd);
      const after = f.afterUsd === null ? "" : formatUsd(f.afterUsd);
      out.push(`| ${sign(f)} | ${mdEsc(f.name)} | ${before} | ${after} | ${signedUsd(f.deltaUsd)} | ${mdEsc(f.reasons.map((r) => r.message).join("; "))} |`);
    }
    const i = d.infrastructure;
    if (i.deltaUsd !== 0 || i.lines.length > 0) out.push(`| ~ | infrastructure | ${formatUsd(i.beforeUsd)} | ${formatUsd(i.afterUsd)} | ${signedUsd(i.deltaUsd)} | ${mdEsc(i.reasons.map((r) => r.message).join("; "))} |`);
    out.push(`| | **Total** | ${formatUsd(d.totalUsd.before)} | ${formatUsd(d.totalUsd.after)} | **${signedUsd(d.totalUsd.deltaUsd)}** | |`, "");
    if (unchanged > 0) out.push(`${plural(unchanged, "function")} unchanged.`, "");
  } else {
    out.push(`Cost diff against ${d.baseline.label} (${d.baseline.project}/${d.baseline.stack}):`);
    for (const r of d.stackReasons) out.push(`  ! ${r.message}`);
    const width = Math.max(14, ...changed.map((f) => f.name.length));
    for (const f of changed) {
      const span = `${f.beforeUsd === null ? "(new)" : formatUsd(f.beforeUsd)} → ${f.afterUsd === null ? "(removed)" : formatUsd(f.afterUsd)}`;
      out.push(`  ${sign(f)} ${f.name.padEnd(width)}  ${signedUsd(f.deltaUsd).padStart(12)}  (${span})`);
      for (const r of f.reasons) out.push(`      ${r.message}`);
      for (const l of f.lines) out.push(`      · ${lineText(l)}`);
    }
    const i = d.infrastructure;
    if (i.deltaUsd !== 0 || i.lines.length > 0) {
      out.push(`  ~ ${"infrastructure".padEnd(width)}  ${signedUsd(i.deltaUsd).padStart(12)}  (${formatUsd(i.beforeUsd)} → ${formatUsd(i.afterUsd)})`);
      for (const r of i.reasons) out.push(`      ${r.message}`);
    }
    if (unchanged > 0) out.push(`    ${plural(unchanged, "function")} unchanged`);
    out.push(`  ${head}`);
  }
  const scen = (["low", "peak"] as const).filter((s) => d.scenarios[s]);
  if (scen.length > 0) {
    const parts = scen.map((s) => {
      const x = d.scenarios[s]!;
      return `${s} ${x.before === null ? "—" : formatUsd(x.before)} → ${x.after === null ? "—" : formatUsd(x.after)}${x.before !== null && x.after !== null ? ` (${signedUsd(x.deltaUsd)})` : ""}`;
    });
    out.push(`${md ? "" : "  "}Scenarios: ${parts.join(" · ")}`);
  }
  out.push("");
  return out;
}

function pointLabel(p: RightsizePoint | null): string {
  if (!p) return "none";
  return `${p.architecture} ${p.memoryMb} MB, ${p.avgDurationMs} ms, ${p.monthlyUsd === null ? "no price" : formatUsd(p.monthlyUsd)}/month`;
}

function rightsizeFunctionText(f: FunctionRightsize, md: boolean, chart: string | undefined): string[] {
  const out: string[] = [];
  const mems = [...new Set(f.series.flatMap((s) => s.points.map((p) => p.memoryMb)))].sort((a, b) => a - b);
  const at = (arch: string, mb: number) => f.series.find((s) => s.architecture === arch)?.points.find((p) => p.memoryMb === mb);
  const cell = (p: RightsizePoint | undefined) => (p === undefined ? ["", ""] : [`${p.avgDurationMs}${p.durationSource === "measured" ? " (m)" : p.durationSource === "other-architecture" ? " (o)" : ""}`, p.monthlyUsd === null ? "no price" : `${formatUsd(p.monthlyUsd)}${p.notRecommended ? " !" : ""}`]);
  // Compared by setting, not identity: a plan read back from JSON has copies.
  const tag = (p: RightsizePoint | null, mb: number, label: string) => (p && p.memoryMb === mb ? [`${label} (${p.architecture})`] : []);
  const tags = (mb: number) => [...tag(f.current, mb, "current"), ...tag(f.cheapest, mb, "cheapest"), ...tag(f.fastestWithinBudget, mb, "fastest within budget")].join(", ");
  const title = `${f.name}: now ${pointLabel(f.current)}; ${f.requestsPerMonth.toLocaleString("en-US")} requests/month, timeout ${f.timeoutSeconds} s`;
  const rows = mems.map((mb) => [String(mb), ...cell(at("x86_64", mb)), ...cell(at("arm64", mb)), tags(mb)]);
  const heads = ["Memory MB", "x86_64 ms", "x86_64 /month", "arm64 ms", "arm64 /month", ""];
  if (md) {
    out.push(`##### ${mdEsc(title)}`, "", `| ${heads.join(" | ")} |`, "|---:|---:|---:|---:|---:|---|");
    for (const r of rows) out.push(`| ${r.map(mdEsc).join(" | ")} |`);
    out.push("");
  } else {
    out.push(`  ${title}`);
    const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => `    ${r.map((c, i) => (i === r.length - 1 ? c : c.padStart(widths[i]!))).join("  ")}`.trimEnd();
    out.push(fmt(heads), `    ${widths.slice(0, -1).map((w) => "-".repeat(w)).join("  ")}`);
    for (const r of rows) out.push(fmt(r));
  }
  const pre = md ? "- " : "    ";
  out.push(`${pre}Cheapest: ${pointLabel(f.cheapest)}${f.savingsUsd !== null && f.cheapest ? ` (${f.savingsUsd >= 0 ? "saves" : "costs"} ${formatUsd(Math.abs(f.savingsUsd))}/month vs now)` : ""}`);
  out.push(`${pre}Fastest within budget (${f.budgetUsd === null ? "no budget" : `${formatUsd(f.budgetUsd)}/month`}): ${pointLabel(f.fastestWithinBudget)}`);
  for (const n of f.notes) out.push(`${pre}Note: ${n}`);
  // issue 18 hook: provisioned concurrency modes.
  if (f.provisioned) {
    const pc = f.provisioned;
    const modes = pc.modes.map((m) => `${m.mode} ${m.monthlyUsd === null ? "no price" : formatUsd(m.monthlyUsd)}${m.utilization !== null ? ` (${Math.round(m.utilization * 1000) / 10} % utilised)` : ""}`).join(" · ");
    out.push(`${pre}Provisioned concurrency: ${modes}; cheapest: ${pc.cheapest ?? "none priced"}`);
    for (const m of pc.modes) out.push(`${pre}  ${m.mode}: ${m.setting}`);
    for (const n of pc.notes) out.push(`${pre}  Note: ${n}`);
  }
  if (chart) out.push(`${pre}Chart: ${chart}`);
  out.push("");
  return out;
}

function rightsizeText(r: RightsizeReport, md: boolean, charts: Readonly<Record<string, string>>): string[] {
  const out = [md ? "#### Right-sizing" : "Right-sizing:", ""];
  out.push(`${md ? "" : "  "}Durations: ${r.durationModel}`);
  out.push(`${md ? "" : "  "}Pricing: ${r.pricing}`);
  out.push(`${md ? "" : "  "}(m) = measured, (o) = measured on the other architecture; ! = not eligible (exceeds the timeout or the account's memory quota).`, "");
  for (const f of r.functions) out.push(...rightsizeFunctionText(f, md, charts[f.name]));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Whole plan
// ---------------------------------------------------------------------------------------------

/** The plan as a terminal table or Markdown. */
export function formatPlan(plan: PlanDocument, format: TextFormat, ctx: FormatContext): string {
  const md = format === "markdown";
  const region = plan.cost?.region;
  const out: string[] = [];
  if (md) {
    out.push(`### Plan: ${mdEsc(`${plan.project}/${plan.stack}`)}${region ? ` (${region})` : ""}`, "");
    out.push(`Offline plan of \`${mdEsc(ctx.configFile)}\`: the real program under Pulumi's mock engine, no AWS calls; secrets shown as \`[secret]\`.`, "");
  } else {
    out.push(`Plan for ${plan.project}/${plan.stack}${region ? ` (${region})` : ""} from ${ctx.configFile}`);
    out.push("Offline: the real program under Pulumi's mock engine, no AWS calls; secrets shown as [secret].", "");
  }
  out.push(...resourcesText(plan, md));
  out.push(...violationsText(plan, md));
  out.push(...findingsText(plan, md));
  out.push(...costText(plan, format));
  if (plan.diff) out.push(...diffText(plan.diff, md));
  if (plan.rightsize) out.push(...rightsizeText(plan.rightsize, md, ctx.charts ?? {}));
  else if (plan.rightsize === null) out.push(md ? "#### Right-sizing\n\nNot possible: the config is invalid.\n" : "Right-sizing: not possible, the config is invalid.\n");
  if (plan.diff === null) out.push(md ? "#### Cost diff\n\nNo diff: this plan has no cost report.\n" : "Cost diff: none, this plan has no cost report.\n");
  const verdict = ctx.verdict.exitCode === 0 ? "OK" : `FAILED: ${ctx.verdict.reasons.join("; ")}`;
  out.push(md ? `**Result: ${mdEsc(verdict)}**` : `Result: ${verdict}`);
  return out.join("\n") + "\n";
}
