/**
 * End to end, from the CLI: `plan --stack dev|prod --format json` (in-process, the program evaluated
 * in a child: test/plan/support.ts), its JSON checked against the pricing module's own figures for
 * the same config (passed through unchanged) and against totals worked out by hand.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import { formatPlan } from "../../plan/format-plan";
import { planVerdict, type PlanDocument, type PlanResource } from "../../plan/plan";
import { SECRET_SIG } from "../../plan/mock-engine";
import { expectedReport, runPlanJson, sharedProdPlan, SPAWN_TIMEOUT_MS, tempDir, writeStackCopy, type CliResult } from "./support";

const CIPHERTEXT = "AAABAJ2xDc3TVbF1Kq9yFAKEciphertext==";

function find(plan: PlanDocument, type: string, name: string): PlanResource {
  const r = plan.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} ${name}; have ${plan.resources.filter((x) => x.type === type).map((x) => x.name).join(", ")}`);
  return r;
}

const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe("plan CLI: dev and prod end to end", function () {
  this.timeout(SPAWN_TIMEOUT_MS);
  let dir: string;
  let devFile: string;
  let dev: { result: CliResult; plan: PlanDocument };
  let prod: { result: CliResult; plan: PlanDocument };
  let prodDecember: { result: CliResult; plan: PlanDocument };


  before(async function () {
    this.timeout(2 * SPAWN_TIMEOUT_MS);
    dir = tempDir();
    // GIVEN dev's stack file plus a secret config value used as a secret environment variable.
    devFile = writeStackCopy(dir, "dev", (c) => {
      c["private-lambda:apiKey"] = { secure: CIPHERTEXT };
      c["private-lambda:functions"].hello.secretEnvironment = { API_KEY: "apiKey" };
    });
    // WHEN both stacks are planned (two processes, run side by side; prod's run is shared with the other specs).
    const prodDecemberFile = writeStackCopy(dir, "prod", (c) => {
      c["private-lambda:pricing"] = { ...c["private-lambda:pricing"], billingMonth: "2026-12" };
    });
    [dev, prod, prodDecember] = await Promise.all([
      runPlanJson(["--stack", "dev", "--config-file", devFile]),
      sharedProdPlan(),
      runPlanJson(["--stack", "prod", "--config-file", prodDecemberFile]),
    ]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 for both stacks, with no error violations", () => {
    expect(dev.result.code, dev.result.stderr).to.equal(0);
    expect(prod.result.code, prod.result.stderr).to.equal(0);
    for (const p of [dev.plan, prod.plan]) expect(p.violations.filter((v) => v.severity === "error")).to.deep.equal([]);
  });

  it("keeps the documented key order", () => {
    expect(Object.keys(dev.plan)).to.deep.equal(["project", "stack", "resources", "expandedResources", "resourceCount", "violations", "findings", "cost", "formatVersion"]);
    expect(Object.keys(prod.plan)).to.deep.equal(["project", "stack", "resources", "expandedResources", "resourceCount", "violations", "findings", "cost", "formatVersion", "rightsize"]);
    expect(Object.keys(prod.plan.cost!).slice(0, 4)).to.deep.equal(["totalUsd", "functions", "infrastructure", "prices"]);
    expect(Object.keys(prod.plan.resources[0]!)).to.deep.equal(["type", "name", "parent", "inputs"]);
    expect(prod.plan).to.include({ project: "private-lambda", stack: "prod", formatVersion: 1 });
  });

  for (const [stack, region] of [
    ["dev", "us-east-1"],
    ["prod", "ap-south-1"],
  ] as const) {
    it(`${stack}: registers the Lambda interface endpoint for ${region}`, () => {
      const plan = stack === "dev" ? dev.plan : prod.plan;
      const endpoint = find(plan, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-lambda-endpoint");
      expect(endpoint.inputs).to.include({ serviceName: `com.amazonaws.${region}.lambda`, vpcEndpointType: "Interface" });
      expect(endpoint.parent).to.equal("private-lambda:network:PrivateNetwork::network");
    });

    it(`${stack}: registers each function with its alias, under its component`, () => {
      const plan = stack === "dev" ? dev.plan : prod.plan;
      const report = stack === "dev" ? expectedReport("dev", devFile) : expectedReport("prod");
      for (const f of report.functions) {
        const fn = find(plan, "aws:lambda/function:Function", `${f.name}-fn`);
        expect(fn.parent).to.equal(`private-lambda:lambda:PrivateFunction::${f.name}`);
        expect(fn.inputs).to.include({ name: `private-lambda-${stack}-${f.name}`, memorySize: f.memoryMb });
        expect(fn.inputs.architectures).to.deep.equal([f.architecture]);
        const alias = find(plan, "aws:lambda/alias:Alias", `${f.name}-alias`);
        expect(alias.inputs).to.include({ name: "live", functionName: `private-lambda-${stack}-${f.name}` });
        expect(find(plan, "private-lambda:lambda:PrivateFunction", f.name).parent).to.equal(null);
      }
    });

    it(`${stack}: the JSON carries the pricing module's figures for the same config, unchanged (hand-derived totals: test/report)`, () => {
      const plan = stack === "dev" ? dev.plan : prod.plan;
      const expected = stack === "dev" ? expectedReport("dev", devFile) : expectedReport("prod");
      const cost = plan.cost!;
      expect(cost.totalUsd).to.equal(expected.totalUsd);
      expect(cost.functions).to.deep.equal(asJson(expected.functions));
      expect(cost.infrastructure).to.deep.equal(asJson(expected.infrastructure));
      expect(cost.scenarios).to.deep.equal(expected.scenarios);
      expect(cost.prices).to.deep.equal(expected.prices);
      expect(cost.budgetUsd).to.equal(expected.budgetUsd ?? null);
      expect(cost.overBudgetUsd).to.equal(null);
    });
  }

  /** `[component, line id, quantity, USD]` of every line of a plan's cost report. */
  const lines = (plan: PlanDocument) =>
    [...plan.cost!.functions, plan.cost!.infrastructure].flatMap((g) => g.lines.map((l) => [(g as { name?: string }).name ?? "infrastructure", l.id, l.quantity, l.usd]));

  it("dev: the monthly total and every line, worked out by hand (us-east-1 list prices, free tier on)", () => {
    // Lambda: hello 50,000 requests, pageview-counter 200,000 → within the 1M free requests; duration
    //   50,000 × 25 ms × 0.25 GB = 312.5 GB-s and 200,000 × 45 ms × 0.5 GB = 4,500 GB-s → within 400,000 GB-s.
    // Interface endpoints: 3 endpoints × 2 AZs × 730 h = 4,380 endpoint-AZ-hours × $0.01 = $43.80.
    // Endpoint data: 1 GB × $0.01 = $0.01. Gateway endpoint (DynamoDB): free.
    // Logs: (50,000 + 200,000) × 1,024 B = 0.2384 GB ingested, × 7/30 months stored: within the 5 GB free tier.
    // X-Ray: 50,000 + 200,000 traces − 100,000 free = 150,000 × $0.000005 (the stack's override) = $0.75.
    // API Gateway REST: 200,000 × $3.50 per million = $0.70.
    // DynamoDB (on-demand): the counter writes one item under 1 KB per request: 200,000 WRU × $0.625 per
    //   million = $0.125 → $0.13 (half up).
    // Total: 43.80 + 0.01 + 0.75 + 0.70 + 0.13 = $45.39.
    expect(dev.plan.cost!.totalUsd).to.equal(45.39);
    expect(lines(dev.plan).filter(([, , , usd]) => usd !== 0)).to.deep.equal([
      ["infrastructure", "vpc.interfaceEndpoint.hours", 4380, 43.8],
      ["infrastructure", "vpc.interfaceEndpoint.data.tier1", 1, 0.01],
      ["infrastructure", "xray.recorded", 150_000, 0.75],
      ["infrastructure", "trigger.apiGateway.rest.tier1", 200_000, 0.7],
      ["infrastructure", "dynamodb.pageviews.writeRequests", 200_000, 0.13],
    ]);
  });

  it("prod: the monthly total and every line for December 2026, worked out by hand (ap-south-1 list prices, no free tier)", () => {
    // The stack copy pins pricing.billingMonth 2026-12 (the provisioned-concurrency schedules are priced over a calendar month).
    // Requests: (5,000,000 + 30,000,000) × $0.20 per million = $7.00, split 1.00 / 6.00 by requests.
    // hello duration: 5,000,000 × 20 ms × 0.5 GB = 50,000 GB-s × $0.0000133334 = $0.67.
    // pageview-counter provisioned concurrency follows a schedule (Asia/Kolkata, UTC+5:30, no DST): min 5 from
    //   09:00 to 19:00 IST Monday–Friday, min 1 otherwise. December 2026 starts on a Tuesday: 23 weekdays, all of
    //   their 09:00–19:00 IST inside the UTC month (03:30–13:30 UTC) → 230 h at min 5; 744 − 230 = 514 h at min 1.
    //   Allocation at the min: 230 × 5 + 514 × 1 = 1,664 concurrency-hours × 3,600 s × 1 GB = 5,990,400 GB-s
    //   × $0.0000035988 = $21.56. Always-on max 20: 20 × 744 h × 3,600 s = 53,568,000 GB-s × $0.0000035988 = $192.78.
    //   30,000,000 × 35 ms = 1,050,000 s fits in the 5,990,400 s of capacity: all provisioned duration,
    //   1,050,000 GB-s × $0.0000083973 = $8.82; on-demand duration 0.
    // Interface endpoints: 3 × 3 AZs × 730 h = 6,570 × $0.013 = $85.41. Endpoint data: 40 GB × $0.01 = $0.40.
    // Logs: 35,000,000 × 1,024 B = 33.3786 GiB × $0.67 = $22.36 ingested; × 90/30 months = 100.1358 GB-month × $0.03 = $3.00.
    // X-Ray (1 request/s + 5 % of the rest, 2,628,000 s a month): hello 2,628,000 + 5 % × 2,372,000 = 2,746,600,
    //   pageview-counter 2,628,000 + 5 % × 27,372,000 = 3,996,600; 6,743,200 × $0.000005 = $33.72.
    // API Gateway REST: 30,000,000 × $3.50 per million = $105.00.
    // DynamoDB: 30,000,000 writes of one item under 1 KB = 30,000,000 WRU × $0.71 per million = $21.30.
    // Total: 1.00 + 0.67 + 6.00 + 21.56 + 8.82 + 85.41 + 0.40 + 22.36 + 3.00 + 33.72 + 105.00 + 21.30 = $309.24.
    expect(prodDecember.result.code, prodDecember.result.stderr).to.equal(0);
    expect(prodDecember.plan.cost!.totalUsd).to.equal(309.24);
    expect(lines(prodDecember.plan).filter(([, , , usd]) => usd !== 0).map(([c, id, , usd]) => [c, id, usd])).to.deep.equal([
      ["hello", "lambda.requests", 1],
      ["hello", "lambda.duration.tier1", 0.67],
      ["pageview-counter", "lambda.requests", 6],
      ["pageview-counter", "lambda.provisionedConcurrency", 21.56],
      ["pageview-counter", "lambda.provisionedDuration", 8.82],
      ["infrastructure", "vpc.interfaceEndpoint.hours", 85.41],
      ["infrastructure", "vpc.interfaceEndpoint.data.tier1", 0.4],
      ["infrastructure", "logs.ingest.tier1", 22.36],
      ["infrastructure", "logs.storage", 3],
      ["infrastructure", "xray.recorded", 33.72],
      ["infrastructure", "trigger.apiGateway.rest.tier1", 105],
      ["infrastructure", "dynamodb.pageviews.writeRequests", 21.3],
    ]);
    const pcLine = prodDecember.plan.cost!.functions.find((f) => f.name === "pageview-counter")!.lines.find((l) => l.id === "lambda.provisionedConcurrency")!;
    expect(pcLine.note).to.match(/^schedule over 2026-12: 514 h at 1–5, 230 h at 5–20; allocation assumed at the min, 1664 concurrency-hours; always-on max 20 would be \$192\.78 \(saves \$171\.22\)/);
    // The quantities as worked out above, exactly (the schedule's segments once summed to 5990399.999999999).
    expect(pcLine.quantity).to.equal(5_990_400);
    const counterLines = prodDecember.plan.cost!.functions.find((f) => f.name === "pageview-counter")!.lines;
    expect(counterLines.find((l) => l.id === "lambda.provisionedDuration")!.quantity).to.equal(1_050_000);
  });

  it("prod: prints low / expected / peak scenarios and the provisioned-concurrency schedule on the alias, priced", () => {
    expect(Object.keys(prod.plan.cost!.scenarios).sort()).to.deep.equal(["expected", "low", "peak"]);
    // Issue 18: prod's page-view counter scales on a business-hours schedule, on the alias.
    const target = find(prod.plan, "aws:appautoscaling/target:Target", "pageview-counter-pc-target");
    expect(target.inputs).to.include({ resourceId: "function:private-lambda-prod-pageview-counter:live", minCapacity: 1, maxCapacity: 5 });
    expect(find(prod.plan, "aws:appautoscaling/scheduledAction:ScheduledAction", "pageview-counter-pc-schedule-business-hours").inputs).to.include({ schedule: "cron(0 9 ? * MON-FRI *)", timezone: "Asia/Kolkata" });
    const counter = prod.plan.cost!.functions.find((f) => f.name === "pageview-counter")!;
    expect(counter.provisionedConcurrencyScaling).to.include({ peakMax: 20 });
    expect(counter.lines.find((l) => l.id === "lambda.provisionedConcurrency")!.note).to.match(/^schedule over \d{4}-\d{2}: [\d.]+ h at 1–5, [\d.]+ h at 5–20; allocation assumed at the min, [\d.]+ concurrency-hours; always-on max 20 would be \$/);
  });

  it("shows secrets as [secret] and never their ciphertext", () => {
    const fn = find(dev.plan, "aws:lambda/function:Function", "hello-fn");
    expect(fn.inputs.environment).to.equal("[secret]");
    expect(dev.result.stdout).not.to.include(CIPHERTEXT);
    expect(dev.result.stdout).not.to.include(SECRET_SIG);
  });

  it("resolves archive paths instead of printing {}", () => {
    const fn = find(prod.plan, "aws:lambda/function:Function", "hello-fn");
    expect((fn.inputs.code as { path: unknown }).path).to.be.a("string").and.match(/hello-[0-9a-f]+\.zip$/);
  });

  it("formats the same plan as a table and as Markdown, grouped by component with counts by type", () => {
    const verdict = planVerdict(prod.plan);
    const table = formatPlan(prod.plan, "table", { configFile: "Pulumi.prod.yaml", verdict });
    const components = new Set(prod.plan.resources.map((r) => r.parent).filter((p) => p !== null)).size;
    expect(components).to.be.at.least(3);
    // prod: 3 AZs of isolated subnets, NAT none → awsx adds VPC + IGW + 3 × (subnet, route table,
    // association) = 11 resources the mocks never see (components/private-network/subnets.ts).
    expect(prod.plan.expandedResources.reduce((s, e) => s + e.count, 0)).to.equal(11);
    expect(prod.plan.resourceCount).to.equal(prod.plan.resources.length + 11);
    expect(table).to.include(`Resources: ${prod.plan.resources.length + 11} to create, grouped by parent component (${components} components)`);
    expect(table).to.match(/awsx:ec2:Vpc::network-vpc: 11, created by awsx in its plugin/);
    expect(table).to.match(/aws:ec2\/subnet:Subnet\s+×3\n/);
    expect(table).to.include("checked at deploy");
    expect(table).to.match(/private-lambda:network:PrivateNetwork::network: \d+\n/);
    const endpoints = prod.plan.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint").map((r) => r.name);
    expect(endpoints).to.include.members(["network-dynamodb-endpoint", "network-lambda-endpoint", "network-xray-endpoint"]);
    expect(table).to.match(new RegExp(`aws:ec2/vpcEndpoint:VpcEndpoint\\s+×${endpoints.length}\\s+${endpoints.join(", ")}\n`));
    expect(table).to.include("Scenarios: low $");
    expect(table).to.match(/Result: OK\n$/);
    const md = formatPlan(prod.plan, "markdown", { configFile: "Pulumi.prod.yaml", verdict });
    expect(md).to.match(/^### Plan: private-lambda\/prod \(ap-south-1\)/);
    expect(md).to.include("| Component | Type | Count | Names |");
    expect(md).to.include("<details>");
    expect(md).to.match(/\| \*\*Total\*\* \| \| \| \| \*\*\$[\d,.]+\*\* \| \|/);
  });
});
