/**
 * `usage reconcile` (issue 17): the estimate of a past month (from that month's measured usage)
 * beside the bill, per cost line. The bill comes from Cost Explorer `GetCostAndUsage`, grouped by
 * SERVICE and USAGE_TYPE, filtered by the stack's cost-allocation tags `pulumi:project` and
 * `pulumi:stack` (set through the provider's `aws:defaultTags`, see README).
 *
 * Usage types are the AWS Price List's (the same names pricing/catalog/price-list.ts reads prices
 * by), after an optional region prefix (`USE1-`, `EUW1-`; us-east-1 often has none): e.g.
 * `USE1-Lambda-GB-Second-ARM` is Lambda duration. A billed usage type no cost line maps to is its
 * own line with an estimate of $0, so a resource the estimate misses shows up as a difference.
 */
import { GetCostAndUsageCommand, type CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import type { CostLine } from "../pricing";
import type { CostReport } from "../report/cost-report";

/** One cost line of the comparison: the report's lines it sums and the usage types billed for it. */
export interface CostGroup {
  readonly id: string;
  readonly item: string;
  /** Cost Explorer SERVICE values, e.g. "AWS Lambda". */
  readonly services: readonly string[];
  /** The usage type after its region prefix. */
  readonly usageType: RegExp;
  /** Ids of the report's lines (functions' and infrastructure) it sums. */
  readonly lines: RegExp;
}

export const COST_GROUPS: readonly CostGroup[] = [
  { id: "lambda.requests", item: "Lambda requests", services: ["AWS Lambda"], usageType: /^Request(-ARM)?$/, lines: /^lambda\.requests$|^trigger\.async\.payloadRequests/ },
  { id: "lambda.duration", item: "Lambda duration", services: ["AWS Lambda"], usageType: /^Lambda-GB-Second(-ARM)?$/, lines: /^lambda\.duration\./ },
  { id: "lambda.provisionedConcurrency", item: "Lambda provisioned concurrency", services: ["AWS Lambda"], usageType: /^Lambda-Provisioned-Concurrency(-ARM)?$/, lines: /^lambda\.provisionedConcurrency$/ },
  { id: "lambda.provisionedDuration", item: "Lambda provisioned duration", services: ["AWS Lambda"], usageType: /^Lambda-Provisioned-GB-Second(-ARM)?$/, lines: /^lambda\.provisionedDuration$/ },
  { id: "lambda.ephemeralStorage", item: "Lambda ephemeral storage", services: ["AWS Lambda"], usageType: /^Lambda-(Storage-Duration|Ephemeral-Storage)/, lines: /^lambda\.ephemeralStorage$/ },
  { id: "vpc.interfaceEndpoint.hours", item: "Interface endpoints", services: ["Amazon Virtual Private Cloud"], usageType: /^VpcEndpoint-Hours$/, lines: /^vpc\.interfaceEndpoint\.hours$/ },
  { id: "vpc.interfaceEndpoint.data", item: "Interface endpoint data", services: ["Amazon Virtual Private Cloud"], usageType: /^VpcEndpoint-Bytes$/, lines: /^vpc\.interfaceEndpoint\.data/ },
  { id: "vpc.natGateway.hours", item: "NAT gateways", services: ["EC2 - Other", "Amazon Elastic Compute Cloud - Compute"], usageType: /^NatGateway-Hours$/, lines: /^vpc\.natGateway\.hours$/ },
  { id: "vpc.natGateway.data", item: "NAT gateway data", services: ["EC2 - Other", "Amazon Elastic Compute Cloud - Compute"], usageType: /^NatGateway-Bytes$/, lines: /^vpc\.natGateway\.data$/ },
  { id: "vpc.publicIpv4.hours", item: "Public IPv4 addresses", services: ["Amazon Virtual Private Cloud"], usageType: /^PublicIPv4:InUseAddress$/, lines: /^vpc\.publicIpv4\.hours$/ },
  { id: "logs.ingest", item: "Logs ingestion", services: ["AmazonCloudWatch"], usageType: /^(VendedLog-Bytes|DataProcessing-Bytes)$/, lines: /^logs\.ingest/ },
  { id: "logs.storage", item: "Logs storage", services: ["AmazonCloudWatch"], usageType: /^TimedStorage-ByteHrs$/, lines: /^logs\.storage$/ },
  { id: "xray.recorded", item: "X-Ray traces recorded", services: ["AWS X-Ray"], usageType: /^XRay-TracesStored$/, lines: /^xray\.recorded$/ },
  { id: "xray.retrievedOrScanned", item: "X-Ray traces retrieved", services: ["AWS X-Ray"], usageType: /^XRay-TracesAccessed$/, lines: /^xray\.retrievedOrScanned$/ },
  { id: "apiGateway.rest", item: "API Gateway REST requests", services: ["Amazon API Gateway"], usageType: /^ApiGatewayRequest$/, lines: /^trigger\.apiGateway\.rest/ },
  { id: "sqs.requests", item: "SQS requests", services: ["Amazon Simple Queue Service"], usageType: /^Requests-Tier1$/, lines: /^trigger\.sqs\.requests/ },
  { id: "dynamodb.writeRequests", item: "DynamoDB write request units", services: ["Amazon DynamoDB"], usageType: /^WriteRequestUnits$/, lines: /^dynamodb\..+\.writeRequests$/ },
  { id: "dynamodb.readRequests", item: "DynamoDB read request units", services: ["Amazon DynamoDB"], usageType: /^ReadRequestUnits$/, lines: /^dynamodb\..+\.readRequests$/ },
  { id: "dynamodb.storage", item: "DynamoDB storage", services: ["Amazon DynamoDB"], usageType: /^TimedStorage-ByteHrs$/, lines: /^dynamodb\..+\.storage$/ },
  { id: "dynamodb.pitr", item: "DynamoDB point-in-time recovery", services: ["Amazon DynamoDB"], usageType: /^TimedPITRStorage-ByteHrs$/, lines: /^dynamodb\..+\.pitr$/ },
];

/** A usage type without its region prefix: `USE1-Lambda-GB-Second-ARM` → `Lambda-GB-Second-ARM`. */
export function usageTypeSuffix(usageType: string): string {
  return usageType.replace(/^[A-Z]{2,4}[0-9]?-(?=.)/, "");
}

/** One billed row: service, usage type, amount. */
export interface BilledRow {
  readonly service: string;
  readonly usageType: string;
  readonly usd: number;
}

/** The stack's billed rows of a month (every page), filtered by its cost-allocation tags. */
export async function fetchBilledRows(client: CostExplorerClient, project: string, stack: string, month: string): Promise<BilledRow[]> {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = `${month}-01`;
  const end = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const rows: BilledRow[] = [];
  let token: string | undefined;
  do {
    const res = await client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: start, End: end },
        Granularity: "MONTHLY",
        Metrics: ["UnblendedCost"],
        GroupBy: [
          { Type: "DIMENSION", Key: "SERVICE" },
          { Type: "DIMENSION", Key: "USAGE_TYPE" },
        ],
        Filter: { And: [{ Tags: { Key: "pulumi:project", Values: [project], MatchOptions: ["EQUALS"] } }, { Tags: { Key: "pulumi:stack", Values: [stack], MatchOptions: ["EQUALS"] } }] },
        NextPageToken: token,
      }),
    );
    for (const period of res.ResultsByTime ?? []) {
      for (const g of period.Groups ?? []) {
        const [service = "", usageType = ""] = g.Keys ?? [];
        const amount = Number(g.Metrics?.UnblendedCost?.Amount ?? "0");
        if (Number.isFinite(amount)) rows.push({ service, usageType, usd: amount });
      }
    }
    token = res.NextPageToken;
  } while (token);
  return rows;
}

/** One line of the comparison. */
export interface ReconcileLine {
  readonly id: string;
  readonly item: string;
  readonly estimateUsd: number;
  /** Some of the report's lines in this group are unpriced: the estimate is a lower bound. */
  readonly estimateUnpriced: boolean;
  readonly billedUsd: number;
  /** billed − estimate. */
  readonly differenceUsd: number;
  /** |difference| ÷ the larger of the two; 0 when both are 0. */
  readonly differenceRatio: number;
  readonly beyondTolerance: boolean;
  /** Usage types billed for it. */
  readonly usageTypes: string[];
}

export interface Reconciliation {
  readonly month: string;
  readonly tolerance: number;
  readonly lines: ReconcileLine[];
  readonly estimateUsd: number;
  readonly billedUsd: number;
  /** 1 when a line is beyond the tolerance, else 0. */
  readonly exitCode: 0 | 1;
}

const cents = (usd: number) => Math.round(usd * 100);

/**
 * Compare a report (the month's estimate) with billed rows. A line is beyond the tolerance when its
 * difference is at least a cent and more than `tolerance` (0.05 = 5 %) of the larger side.
 */
export function reconcile(report: CostReport, rows: readonly BilledRow[], month: string, tolerance: number): Reconciliation {
  const lines: CostLine[] = [...report.functions.flatMap((f) => f.lines), ...report.infrastructure.lines];
  const out: ReconcileLine[] = [];
  const used = new Set<BilledRow>();
  const make = (id: string, item: string, estimate: number, unpriced: boolean, billedRows: readonly BilledRow[]): ReconcileLine => {
    const billed = billedRows.reduce((s, r) => s + r.usd, 0);
    const diffCents = cents(billed) - cents(estimate);
    const larger = Math.max(Math.abs(billed), Math.abs(estimate));
    const ratio = larger === 0 ? 0 : Math.abs(billed - estimate) / larger;
    return {
      id,
      item,
      estimateUsd: cents(estimate) / 100,
      estimateUnpriced: unpriced,
      billedUsd: cents(billed) / 100,
      differenceUsd: diffCents / 100,
      differenceRatio: Math.round(ratio * 10_000) / 10_000,
      beyondTolerance: Math.abs(diffCents) >= 1 && ratio > tolerance,
      usageTypes: [...new Set(billedRows.map((r) => r.usageType))].sort(),
    };
  };
  for (const g of COST_GROUPS) {
    const mine = lines.filter((l) => g.lines.test(l.id));
    const billedRows = rows.filter((r) => g.services.includes(r.service) && g.usageType.test(usageTypeSuffix(r.usageType)));
    billedRows.forEach((r) => used.add(r));
    if (mine.length === 0 && billedRows.length === 0) continue;
    out.push(make(g.id, g.item, mine.reduce((s, l) => s + l.usd, 0), mine.some((l) => l.unpriced !== undefined), billedRows));
  }
  for (const r of rows.filter((x) => !used.has(x))) {
    if (cents(r.usd) === 0) continue;
    out.push(make(`billed.${r.service}.${r.usageType}`, `${r.service} ${r.usageType} (no cost line)`, 0, false, [r]));
  }
  const estimateUsd = out.reduce((s, l) => s + cents(l.estimateUsd), 0) / 100;
  const billedUsd = out.reduce((s, l) => s + cents(l.billedUsd), 0) / 100;
  return { month, tolerance, lines: out, estimateUsd, billedUsd, exitCode: out.some((l) => l.beyondTolerance) ? 1 : 0 };
}

/** The comparison as a fixed-width table. */
export function formatReconciliation(r: Reconciliation): string {
  const usd = (n: number) => `${n < 0 ? "-" : ""}$${Math.abs(n).toFixed(2)}`;
  const rows = r.lines.map((l) => [l.item, `${usd(l.estimateUsd)}${l.estimateUnpriced ? " (≥, unpriced lines)" : ""}`, usd(l.billedUsd), usd(l.differenceUsd), `${(l.differenceRatio * 100).toFixed(1)} %`, l.beyondTolerance ? "BEYOND" : "ok"]);
  const head = ["Cost line", "Estimate", "Billed", "Difference", "Of larger", `Tolerance ${(r.tolerance * 100).toFixed(1)} %`];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: readonly string[]) => row.map((c, i) => (i === 0 || i === 5 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join("  ").trimEnd();
  return [
    `Estimate from ${r.month}'s measured usage vs the bill (Cost Explorer, UnblendedCost, tags pulumi:project/pulumi:stack)`,
    "",
    fmt(head),
    width.map((w) => "-".repeat(w)).join("  "),
    ...rows.map(fmt),
    width.map((w) => "-".repeat(w)).join("  "),
    fmt(["TOTAL", usd(r.estimateUsd), usd(r.billedUsd), usd(Math.round((r.billedUsd - r.estimateUsd) * 100) / 100), "", ""]),
    "",
    r.exitCode === 0 ? "Every line within the tolerance." : `${r.lines.filter((l) => l.beyondTolerance).length} line(s) beyond the tolerance: a wrong price, a wrong formula or a missed resource.`,
  ].join("\n");
}
