/**
 * Issue 18, measured allocation: `usage sync` derives the allocated provisioned concurrency of a
 * scaling function per minute with a metric-math expression in the same GetMetricData call, writes its
 * average and coverage to usage/<stack>.yaml, and the plan's report prices the scaled provisioned
 * concurrency from it. aws-sdk-client-mock answers in the API's shape: the expression's result only
 * (inputs have ReturnData false), minutes without provisioned-concurrency traffic missing, timestamps
 * newest first, split over NextToken pages with StatusCode PartialData then Complete. Every expected
 * figure is worked out by hand in the comment next to it.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { main } from "../../usage/cli";
import { stackSettings, type UsageDeps } from "../../usage/commands";
import { loadMeasuredUsage } from "../../usage/load";
import { allocationPeriodSeconds, fetchMetricValues, toFigures, windowEndingAt, type MetricSpec } from "../../usage/metrics";
import { parseUsageFile } from "../../usage/usage-file";
import { buildCostReport } from "../../report/cost-report";
import { formatCostReport } from "../../report/format";
import { ROOT } from "../helpers/program";

// The New York schedule of test/report/pc-scaling-cost.test.ts (March 2026: 559 h at min 3, 185 h at
// min 0, 1,677 concurrency-hours at the min), and a fixed provisioned concurrency beside it.
const STACK = `config:
  aws:region: us-east-1
  aws:defaultTags:
    tags:
      pulumi:project: private-lambda
      pulumi:stack: pcm
  private-lambda:network:
    mode: create
    availabilityZones: 2
    natGateways: none
    interfaceEndpoints: [xray]
  private-lambda:pricing:
    billingMonth: "2026-03"
  private-lambda:functions:
    api:
      source: functions/hello
      architecture: x86_64
      memoryMb: 1024
      reservedConcurrency: 50
      release: { stableVersion: "1" }
      provisionedConcurrency:
        min: 0
        max: 10
        schedules:
          - { name: night, cron: "0 0 * * ? *", timezone: America/New_York, min: 0, max: 1 }
          - { name: day, cron: "0 6 * * ? *", timezone: America/New_York, min: 3, max: 10 }
      usage: { requestsPerMonth: 1000, avgDurationMs: 100 }
    steady:
      source: functions/hello
      architecture: x86_64
      memoryMb: 512
      release: { stableVersion: "2" }
      provisionedConcurrency: 2
      usage: { requestsPerMonth: 1000, avgDurationMs: 100 }
`;

const API = "private-lambda-pcm-api";
const STEADY = "private-lambda-pcm-steady";
const NOW = "2026-12-05T10:30:00Z";
const DAY_START = Date.parse("2026-12-04T00:00:00Z");

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pc-allocation-test-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "Pulumi.pcm.yaml"), STACK);
  return dir;
}

function deps(out: string[]): UsageDeps {
  return {
    cloudWatch: (region) => new CloudWatchClient({ region, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }),
    costExplorer: () => new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }),
    lambda: (region) => new LambdaClient({ region, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }),
    now: () => new Date(NOW),
    io: { info: (l) => out.push(l), warn: (l) => out.push(`WARN ${l}`) },
  };
}

/**
 * The allocation per minute over 2026-12-04 (1,440 minutes): provisioned-concurrency traffic only
 * from 08:00 to 20:00 UTC (720 minutes); 08:00–17:00 at 3 (540 minutes), 17:00–20:00 at 5 (180 minutes).
 * The other 720 minutes have no data point. Newest first, as GetMetricData returns by default.
 */
function allocationSeries(): { timestamps: Date[]; values: number[] } {
  const timestamps: Date[] = [];
  const values: number[] = [];
  for (let minute = 20 * 60 - 1; minute >= 8 * 60; minute--) {
    timestamps.push(new Date(DAY_START + minute * 60_000));
    values.push(minute >= 17 * 60 ? 5 : 3);
  }
  return { timestamps, values };
}

describe("usage sync: measured allocation of a scaling provisioned concurrency", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  let lambda: AwsClientStub<LambdaClient>;
  afterEach(() => lambda.restore());
  beforeEach(() => {
    lambda = mockClient(LambdaClient);
    lambda.on(GetAliasCommand).resolves({ Name: "live", FunctionVersion: "1" });
    cw = mockClient(CloudWatchClient);
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    const { timestamps, values } = allocationSeries();
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const queries = input.MetricDataQueries!;
      const expression = queries.find((q) => q.Expression !== undefined)!;
      if (input.NextToken === undefined) {
        // Page 1: one point for each plain metric the series has (Invocations of both aliases), the
        // expression's first 400 points, still partial.
        const results: MetricDataResult[] = queries
          .filter((q) => q.ReturnData !== false && q.Expression === undefined)
          .map((q) => {
            const has = q.MetricStat!.Metric!.MetricName === "Invocations";
            return { Id: q.Id, Label: q.MetricStat!.Metric!.MetricName, Timestamps: has ? [input.StartTime as Date] : [], Values: has ? [1_000] : [], StatusCode: "Complete" };
          });
        results.push({ Id: expression.Id, Label: expression.Label, Timestamps: timestamps.slice(0, 400), Values: values.slice(0, 400), StatusCode: "PartialData" });
        return { MetricDataResults: results, NextToken: "page2", Messages: [] };
      }
      return { MetricDataResults: [{ Id: expression.Id, Label: expression.Label, Timestamps: timestamps.slice(400), Values: values.slice(400), StatusCode: "Complete" }], Messages: [] };
    });
  });
  afterEach(() => cw.restore());

  it("asks for allocated = IF(u > 0, e / u) per minute in the same call, for the scaling function only", async () => {
    const out: string[] = [];
    expect(await main(["sync", "--stack", "pcm", "--root", project(), "--days", "1"], deps(out))).to.equal(0);
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.NextToken)).to.deep.equal([undefined, "page2"]);
    const queries = calls[0]!.MetricDataQueries!;
    const expressions = queries.filter((q) => q.Expression !== undefined);
    // One expression: api scales; steady's fixed 2 is its own number.
    expect(expressions).to.have.length(1);
    const e = expressions[0]!;
    const [, n] = /^m(\d+)$/.exec(e.Id!)!;
    expect(e).to.deep.include({ Expression: `IF(u${n} > 0, e${n} / u${n})`, Period: 60, ReturnData: true });
    // Its inputs: hidden, per minute, on the alias.
    const input = (id: string) => queries.find((q) => q.Id === id)!;
    for (const [id, metric] of [[`e${n}`, "ProvisionedConcurrentExecutions"], [`u${n}`, "ProvisionedConcurrencyUtilization"]] as const) {
      expect(input(id).ReturnData).to.equal(false);
      expect(input(id).MetricStat).to.deep.include({ Period: 60, Stat: "Maximum" });
      expect(input(id).MetricStat!.Metric).to.deep.equal({ Namespace: "AWS/Lambda", MetricName: metric, Dimensions: [{ Name: "FunctionName", Value: API }, { Name: "Resource", Value: `${API}:live` }] });
    }
    // Plain metrics keep one period over the window (1 day).
    expect(queries.find((q) => q.MetricStat?.Metric?.MetricName === "Invocations")!.MetricStat!.Period).to.equal(86_400);
    // Both functions' PC metrics are read (the scaling one's too), each once.
    const pcInvocations = queries.filter((q) => q.MetricStat?.Metric?.MetricName === "ProvisionedConcurrencyInvocations");
    expect(pcInvocations.map((q) => q.MetricStat!.Metric!.Dimensions![0]!.Value)).to.deep.equal([API, STEADY]);
    // Average 3.5 over 720 of 1,440 minutes (see the next test); dry run.
    const text = out.join("\n");
    expect(text).to.include("+ functions.api.observed.avgAllocatedProvisionedConcurrency: 3.5 [2026-12-04/2026-12-05]");
    expect(text).to.include("+ functions.api.observed.allocatedProvisionedConcurrencyCoverage: 0.5 [2026-12-04/2026-12-05]");
    expect(text).not.to.include("functions.steady.observed.avgAllocated");
  });

  it("writes the average and its coverage, reads them back, and the report prices the line from them to the cent", async () => {
    const dir = project();
    expect(await main(["sync", "--stack", "pcm", "--root", dir, "--days", "1", "--write"], deps([]))).to.equal(0);
    const parsed = parseUsageFile(fs.readFileSync(path.join(dir, "usage", "pcm.yaml"), "utf8"));
    expect(parsed.problems).to.deep.equal([]);
    const byPath = Object.fromEntries(parsed.figures.map((f) => [f.keys.join("."), f]));
    // (540 × 3 + 180 × 5) ÷ 720 = (1,620 + 900) ÷ 720 = 3.5; coverage 720 ÷ 1,440 minutes = 0.5.
    expect(byPath["functions.api.observed.avgAllocatedProvisionedConcurrency"]).to.deep.equal({ keys: ["functions", "api", "observed", "avgAllocatedProvisionedConcurrency"], value: 3.5, window: "2026-12-04/2026-12-05" });
    expect(byPath["functions.api.observed.allocatedProvisionedConcurrencyCoverage"]!.value).to.equal(0.5);

    const loaded = loadMeasuredUsage(dir, "pcm", stackSettings({ root: dir, stack: "pcm" }, "2026-12-05"));
    expect(loaded.problems).to.deep.equal([]);
    const report = { ...buildCostReport(loaded.settings), usageSources: loaded.sources };
    const api = report.functions.find((f) => f.name === "api")!;
    const pc = api.lines.find((l) => l.id === "lambda.provisionedConcurrency")!;
    // March 2026, 744 h. Measured half the window at 3.5; the other half at the schedule's average min
    // (1,677 concurrency-hours ÷ 744 h): 0.5 × 3.5 × 744 + 0.5 × 1,677 = 1,302 + 838.5 = 2,140.5 concurrency-hours.
    // 2,140.5 × 3,600 s × 1 GB = 7,705,800 GB-s × $0.0000041667 (us-east-1 x86_64, published) = $32.1077… → $32.11.
    // Always-on max 10: 10 × 744 × 3,600 = 26,784,000 GB-s × $0.0000041667 = $111.6009… → $111.60; saving $111.60 − $32.11 = $79.49.
    expect(pc.unitPriceUsd).to.equal(0.0000041667);
    expect(pc.quantity).to.be.closeTo(7_705_800, 1e-6);
    expect(pc.usd).to.equal(32.11);
    expect(api.provisionedConcurrencyScaling).to.deep.include({ allocation: "measured", concurrencyHours: 2140.5, peakMax: 10, assumedUsd: 32.11, alwaysOnMaxUsd: 111.6, savingUsd: 79.49 });
    expect(pc.note).to.match(
      /^schedule over 2026-03: 559 h at 3–10, 185 h at 0–1; allocation measured 2026-12-04\/2026-12-05: average 3\.5 over 50 % of the window, the schedule's min elsewhere, 2140\.5 concurrency-hours; always-on max 10 would be \$111\.60 \(saves \$79\.49\)/,
    );
    // The assumption list no longer assumes the min all the time; it names the unmeasured share.
    const notes = report.assumptions.filter((a) => a.path === "functions.api.provisionedConcurrency").map((a) => a.note);
    expect(notes).to.have.length(1);
    expect(notes[0]).not.to.match(/assumed at each capacity's min all the time/);
    expect(notes[0]).to.match(/^allocation not measurable in 50 % of 2026-12-04\/2026-12-05/);
    expect(formatCostReport(report)).to.include("functions.api.observed.avgAllocatedProvisionedConcurrency = 3.5: measured 2026-12-04/2026-12-05");

    // Fixed provisioned concurrency stays as it was: 2 × 730 h × 3,600 s × 0.5 GB = 2,628,000 GB-s × $0.0000041667 (x86_64) = $10.9500… → $10.95.
    const steady = report.functions.find((f) => f.name === "steady")!;
    expect(steady.provisionedConcurrencyScaling).to.equal(undefined);
    expect(steady.lines.find((l) => l.id === "lambda.provisionedConcurrency")!.usd).to.equal(10.95);
  });

  it("full coverage: the measured average alone; without the file the min is assumed as before", () => {
    const dir = project();
    const settings = stackSettings({ root: dir, stack: "pcm" }, "2026-12-05");
    expect(buildCostReport(settings).functions[0]!.provisionedConcurrencyScaling).to.deep.include({ allocation: "assumed", concurrencyHours: 1677, assumedUsd: 25.16 });
    fs.mkdirSync(path.join(dir, "usage"));
    fs.writeFileSync(
      path.join(dir, "usage", "pcm.yaml"),
      "functions:\n  api:\n    observed:\n      avgAllocatedProvisionedConcurrency: { value: 2.5, window: 2026-11-21/2026-12-05 }\n      allocatedProvisionedConcurrencyCoverage: { value: 1, window: 2026-11-21/2026-12-05 }\n",
    );
    const loaded = loadMeasuredUsage(dir, "pcm", settings);
    const report = buildCostReport(loaded.settings);
    // 2.5 × 744 h = 1,860 concurrency-hours × 3,600 s × 1 GB = 6,696,000 GB-s × $0.0000041667 = $27.9002… → $27.90.
    expect(report.functions[0]!.provisionedConcurrencyScaling).to.deep.include({ allocation: "measured", concurrencyHours: 1860, assumedUsd: 27.9, alwaysOnMaxUsd: 111.6, savingUsd: 83.7 });
    expect(report.assumptions.some((a) => a.path === "functions.api.provisionedConcurrency")).to.equal(false);
  });

  it("a coverage above 1 is refused with its path and what is allowed", () => {
    const parsed = parseUsageFile("functions:\n  api:\n    observed:\n      allocatedProvisionedConcurrencyCoverage: { value: 1.5, window: 2026-11-21/2026-12-05 }\n");
    expect(parsed.problems).to.deep.equal(["functions.api.observed.allocatedProvisionedConcurrencyCoverage.value: got 1.5, allowed a share 0–1 of the window"]);
  });

  it("the allocation period is the finest CloudWatch keeps for the window's start: 1 min to 15 days, 5 min to 63, then 1 h", () => {
    const at = (now: string, days: number) => allocationPeriodSeconds(windowEndingAt(new Date(now), days), new Date(now));
    // 14 days ending at today's midnight start 14 d 10.5 h before 10:30; 15 days start 15 d 10.5 h before.
    expect([at(NOW, 14), at(NOW, 15), at(NOW, 63)]).to.deep.equal([60, 300, 3600]);
    expect(at("2026-12-05T00:00:00Z", 63)).to.equal(300);
  });

  it("an expression and its two inputs are never split across batches of 500 queries", async () => {
    // 499 plain metrics, then one allocation (3 queries): 499 + 3 > 500, so the allocation starts batch 2.
    const plain = (i: number): MetricSpec => ({ keys: ["functions", `f${i}`, "usage", "requestsPerMonth"], label: `m${i}`, namespace: "AWS/Lambda", metricName: "Invocations", dimensions: [{ Name: "FunctionName", Value: `f${i}` }], stat: "Sum", scale: "perMonth" });
    const allocation: MetricSpec = { keys: ["functions", "api", "observed", "avgAllocatedProvisionedConcurrency"], label: "allocated", namespace: "AWS/Lambda", metricName: "ProvisionedConcurrentExecutions ÷ ProvisionedConcurrencyUtilization", dimensions: [{ Name: "FunctionName", Value: API }], stat: "Maximum", scale: "allocation" };
    const specs = [...Array.from({ length: 499 }, (_, i) => plain(i)), allocation];
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.filter((q) => q.ReturnData !== false).map((q) => ({ Id: q.Id, Timestamps: [new Date(0), new Date(60_000)], Values: q.Expression ? [2, 4] : [1], StatusCode: "Complete" as const })),
    }));
    const window = windowEndingAt(new Date(NOW), 1);
    const fetched = await fetchMetricValues(new CloudWatchClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } }), specs, window, new Date(NOW));
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries!.map((q) => q.Id));
    expect(calls.map((c) => c.length)).to.deep.equal([499, 3]);
    expect(calls[1]).to.deep.equal(["e499", "u499", "m499"]);
    expect(fetched.values[499]).to.deep.equal([2, 4]);
    // Two minutes of 1,440 measured at 2 and 4: average 3, coverage 2 ÷ 1,440 = 0.00139 → 0.0014.
    const figures = toFigures(specs, fetched.values, window, 730, fetched.allocationPeriodSeconds).figures.filter((f) => f.keys[1] === "api");
    expect(figures.map((f) => [f.keys[3], f.value])).to.deep.equal([
      ["avgAllocatedProvisionedConcurrency", 3],
      ["allocatedProvisionedConcurrencyCoverage", 0.0014],
    ]);
  });
});
