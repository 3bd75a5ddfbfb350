/**
 * End to end, from the CLI: `plan --stack dev|prod --format json` in a child process, its JSON
 * checked against the pricing module's own figures for the same config.
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


  before(async function () {
    this.timeout(2 * SPAWN_TIMEOUT_MS);
    dir = tempDir();
    // GIVEN dev's stack file plus a secret config value used as a secret environment variable.
    devFile = writeStackCopy(dir, "dev", (c) => {
      c["private-lambda:apiKey"] = { secure: CIPHERTEXT };
      c["private-lambda:functions"].hello.secretEnvironment = { API_KEY: "apiKey" };
    });
    // WHEN both stacks are planned (two processes, run side by side; prod's run is shared with the other specs).
    [dev, prod] = await Promise.all([runPlanJson(["--stack", "dev", "--config-file", devFile]), sharedProdPlan()]);
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
    // association) = 11 resources the mocks never see (components/private-network/logic.ts).
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
