/**
 * Cost report as text: a fixed-width table (terminal, `pulumi preview` log) or Markdown
 * (pull-request comments). Pure.
 */
import type { CostLine } from "../pricing";
import { formatUsd } from "../pricing";
import type { CostReport } from "./cost-report";

export type TextFormat = "table" | "markdown";

function qty(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  return n.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** Full-precision unit price without exponent notation: $0.0000002, $0.0000133334, $0.045; "unpriced" for null. */
function unitPrice(n: number | null): string {
  if (n === null) return "unpriced";
  if (n === 0) return "$0";
  const text = n.toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
  return `$${text}`;
}

interface Row {
  readonly group: string;
  readonly item: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly usd: string;
  readonly note: string;
}

function rowsOf(group: string, lines: readonly CostLine[]): Row[] {
  return lines.map((l) => ({
    group,
    item: l.item,
    quantity: `${qty(l.quantity)} ${l.unit}`,
    unitPrice: unitPrice(l.unitPriceUsd),
    usd: l.unpriced ? "unpriced" : formatUsd(l.usd),
    note: [
      l.unpriced ? `${l.unpriced.reason}; price it with pricing.overrides.${l.unpriced.field}` : "",
      l.freeQuantity ? `free tier −${qty(l.freeQuantity)}` : "",
      l.note ?? "",
    ]
      .filter(Boolean)
      .join("; "),
  }));
}

function header(r: CostReport): string[] {
  return [
    `Monthly cost estimate for ${r.project}/${r.stack} (${r.region}), ${r.hoursPerMonth} h month`,
    `Prices: AWS list prices from the price catalog (generated ${r.prices.catalog.generatedOn}; oldest offer published ${r.prices.asOf}); sources:`,
    ...r.prices.source.split("; ").map((src) => `  ${src}`),
    ...(Object.keys(r.prices.overrides).length ? [`Stack price overrides: ${Object.entries(r.prices.overrides).map(([k, v]) => `${k}=${v}`).join(", ")}`] : []),
    `Free tier: ${r.freeTierApplied ? "applied (once per account: 1M requests, 400,000 GB-s, 100,000 traces, 5 GB logs)" : "not applied"}`,
  ];
}

/** The total as printed: a lower bound when lines are unpriced. */
export function totalText(r: CostReport): string {
  if (r.complete) return formatUsd(r.totalUsd);
  return `≥ ${formatUsd(r.totalUsd)}, ${r.unpriced.length} line${r.unpriced.length === 1 ? "" : "s"} unpriced`;
}

function footer(r: CostReport): string[] {
  const out: string[] = [];
  if (!r.complete) {
    out.push(`Unpriced (no price in the catalog for ${r.region}; the total is a lower bound). Set these under pricing.overrides (USD) to price them:`);
    for (const u of r.unpriced) out.push(`  * ${u.path}: pricing.overrides.${u.overrideKey} (${u.reason})`);
  }
  const s = r.scenarios;
  const scen = (["low", "expected", "peak"] as const).filter((k) => s[k]).map((k) => `${k} ${formatUsd(s[k]!.totalUsd)}`);
  if (scen.length > 1) out.push(`Scenarios: ${scen.join(" · ")}`);
  if (r.budgetUsd !== undefined) {
    out.push(
      r.overBudgetUsd !== undefined
        ? `OVER BUDGET: ${totalText(r)} exceeds the budget of ${formatUsd(r.budgetUsd)} by ${r.complete ? "" : "at least "}${formatUsd(r.overBudgetUsd)}`
        : r.complete
          ? `Budget: ${formatUsd(r.budgetUsd)} (within)`
          : `Budget: ${formatUsd(r.budgetUsd)} cannot be judged: ${r.unpriced.length} line(s) unpriced`,
    );
  }
  // issue 17 hook: where the usage figures came from.
  const sources = r.usageSources ?? [];
  if (sources.some((x) => x.source === "measured")) {
    const count = (k: string) => sources.filter((x) => x.source === k).length;
    out.push(`Usage figures: ${count("measured")} measured (usage/${r.stack}.yaml), ${count("configured")} configured, ${count("assumed")} assumed (below):`);
    for (const m of sources.filter((x) => x.source === "measured")) out.push(`  * ${m.path} = ${qty(m.value ?? 0)}: measured ${m.window}`);
  }
  if (r.assumptions.length > 0) {
    out.push("Assumed (not in config; set them under usage to replace):");
    for (const a of r.assumptions) out.push(`  * ${a.path} = ${qty(a.value)}: ${a.note}`);
  }
  out.push("Duration uses ceil(average ms) per request, an approximation of AWS's per-invocation 1 ms rounding. Each line is rounded to cents, then added, as on an AWS bill.");
  return out;
}

function allRows(r: CostReport): Row[] {
  return [
    ...r.functions.flatMap((f) => rowsOf(`${f.name} (${f.architecture}, ${f.memoryMb} MB)`, f.lines)),
    ...rowsOf("infrastructure", r.infrastructure.lines),
  ];
}

/** Fixed-width text table. */
export function formatCostTable(r: CostReport): string {
  const rows = allRows(r);
  const cols: (keyof Row)[] = ["group", "item", "quantity", "unitPrice", "usd"];
  const titles: Record<string, string> = { group: "Component", item: "Item", quantity: "Quantity", unitPrice: "Unit price", usd: "Monthly" };
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(titles[c]!.length, ...rows.map((row) => row[c].length))])) as Record<string, number>;
  const line = (cells: Record<string, string>) =>
    cols.map((c) => (c === "usd" || c === "unitPrice" ? cells[c]!.padStart(width[c]!) : cells[c]!.padEnd(width[c]!))).join("  ").trimEnd();
  const rule = cols.map((c) => "-".repeat(width[c]!)).join("  ");
  const out = [...header(r), "", line(titles), rule];
  let last = "";
  for (const row of rows) {
    out.push(line({ ...row, group: row.group === last ? "" : row.group }) + (row.note ? `  (${row.note})` : ""));
    last = row.group;
  }
  out.push(rule);
  for (const f of r.functions) out.push(line({ group: f.name, item: "subtotal", quantity: "", unitPrice: "", usd: formatUsd(f.totalUsd) }));
  out.push(line({ group: "infrastructure", item: "subtotal", quantity: "", unitPrice: "", usd: formatUsd(r.infrastructure.totalUsd) }));
  out.push(line({ group: "TOTAL", item: "per month", quantity: "", unitPrice: "", usd: totalText(r) }));
  out.push("", ...footer(r));
  return out.join("\n");
}

/** Markdown (GitHub-flavoured), for pull-request comments. */
export function formatCostMarkdown(r: CostReport): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  const out = [`### ${esc(r.project)}/${esc(r.stack)}: ${totalText(r)} per month`, "", ...header(r).slice(1).map((h) => `${h}  `), ""];
  out.push("| Component | Item | Quantity | Unit price | Monthly | Note |", "|---|---|---:|---:|---:|---|");
  for (const row of allRows(r)) out.push(`| ${esc(row.group)} | ${esc(row.item)} | ${row.quantity} | ${row.unitPrice} | ${row.usd} | ${esc(row.note)} |`);
  out.push(`| **Total** | | | | **${totalText(r)}** | |`, "");
  out.push(...footer(r).map((l) => (l.startsWith("  * ") ? `- ${l.slice(4)}` : l)));
  return out.join("\n");
}

export function formatCostReport(r: CostReport, format: TextFormat = "table"): string {
  return format === "markdown" ? formatCostMarkdown(r) : formatCostTable(r);
}
