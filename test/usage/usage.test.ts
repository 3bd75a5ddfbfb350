/**
 * `npm run usage -- sync | reconcile` (issue 17) against aws-sdk-client-mock, with responses in the
 * shapes the APIs return (GetMetricData `MetricDataResults` with `Id`, `Timestamps`, `Values`,
 * `StatusCode`, split over `NextToken` pages; ListMetrics `Metrics` with `Dimensions`;
 * GetCostAndUsage `ResultsByTime[].Groups[].Keys/Metrics.UnblendedCost` over `NextPageToken`
 * pages). Stacks are hand-written fixtures in a temporary project directory. Every expected figure is
 * worked out by hand in the comment next to it.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { main, parseTolerance } from "../../usage/cli";
import { stackSettings, type UsageDeps } from "../../usage/commands";
import { loadMeasuredUsage } from "../../usage/load";
import { fetchMetricValues, MAX_QUERIES_PER_CALL, type MetricSpec } from "../../usage/metrics";
import { parseUsageFile } from "../../usage/usage-file";
import { tryBuildCostReport } from "../../report/cost-report";
import { formatCostReport } from "../../report/format";
import { ROOT } from "../helpers/program";

const SHOP = `# fixture: two functions, a table, a canary shift in progress on api
config:
  aws:region: us-east-1
  aws:defaultTags:
    tags:
      pulumi:project: private-lambda
      pulumi:stack: shop
  private-lambda:network:
    mode: create
    availabilityZones: 2
    natGateways: none
    gatewayEndpoints: [dynamodb]
  private-lambda:tables:
    orders: { partitionKey: id }
  private-lambda:functions:
    api:
      source: functions/hello
      memoryMb: 256
      release: { stableVersion: "3", canaryWeight: 0.1 }
      tables: [{ table: orders, access: readWrite }]
      triggers:
        http:
          routes: [{ method: GET, path: /orders }]
    worker:
      source: functions/hello
      triggers:
        sqs: { visibilityTimeoutSeconds: 60 }
      usage: { requestsPerMonth: 1000, avgDurationMs: 20 }
`;

/** One function, one table, the lambda endpoint only; X-Ray priced by override. */
const LEDGER = `config:
  aws:region: us-east-1
  aws:defaultTags:
    tags:
      pulumi:project: private-lambda
      pulumi:stack: ledger
  private-lambda:network:
    mode: create
    availabilityZones: 2
    natGateways: none
    gatewayEndpoints: [dynamodb]
  private-lambda:pricing:
    overrides:
      xray.usdPerTraceRecorded: 0.000005
  private-lambda:tables:
    entries: { partitionKey: id }
  private-lambda:functions:
    post:
      source: functions/hello
      memoryMb: 512
      tables: [{ table: entries, access: increment }]
`;

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "usage-test-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, "Pulumi.shop.yaml"), SHOP);
  fs.writeFileSync(path.join(dir, "Pulumi.ledger.yaml"), LEDGER);
  fs.writeFileSync(path.join(dir, "Pulumi.untagged.yaml"), LEDGER.replace(/ {2}aws:defaultTags:\n(.*\n){3}/, ""));
  return dir;
}

/** `metric|dimension values|stat` → the value CloudWatch returns; a missing key has no data points. */
type Series = Record<string, number>;

const keyOf = (q: NonNullable<GetMetricDataCommandInput["MetricDataQueries"]>[number]) =>
  `${q.MetricStat!.Metric!.MetricName}|${(q.MetricStat!.Metric!.Dimensions ?? []).map((d) => d.Value).join(",")}|${q.MetricStat!.Stat}`;

/** GetMetricData answered from `series`, each call's results split over two NextToken pages. */
function answerMetrics(cw: AwsClientStub<CloudWatchClient>, series: Series): void {
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
    const results: MetricDataResult[] = input.MetricDataQueries!.map((q) => {
      const v = series[keyOf(q)];
      return { Id: q.Id, Label: q.MetricStat!.Metric!.MetricName, Timestamps: v === undefined ? [] : [input.StartTime as Date], Values: v === undefined ? [] : [v], StatusCode: "Complete" };
    });
    const half = Math.ceil(results.length / 2);
    return input.NextToken === undefined
      ? { MetricDataResults: results.slice(0, half), NextToken: `page2-${half}`, Messages: [] }
      : { MetricDataResults: results.slice(half), Messages: [] };
  });
}

function deps(now: string, out: string[]): UsageDeps {
  return {
    cloudWatch: (region) => new CloudWatchClient({ region, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }),
    costExplorer: () => new CostExplorerClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }),
    lambda: (region) => new LambdaClient({ region, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" } }),
    now: () => new Date(now),
    io: { info: (l) => out.push(l), warn: (l) => out.push(`WARN ${l}`) },
  };
}

const API = "private-lambda-shop-api";
const WORKER = "private-lambda-shop-worker";

/**
 * Sums over the 14 days 2026-11-21/2026-12-05; per month = sum × (730 h / 24) ÷ 14 days = sum × 2.172619…
 */
const SHOP_SERIES: Series = {
  [`Invocations|${API},${API}:live|Sum`]: 14_000, // → 30,416.67 → 30,417
  [`Duration|${API},${API}:live|Average`]: 45.123, // → 45.12 ms (not scaled)
  [`Duration|${API},${API}:live|p50`]: 40,
  [`Duration|${API},${API}:live|p99`]: 120.5,
  [`Errors|${API},${API}:live|Sum`]: 14, // → 30.42 → 30
  // Throttles: no data points
  [`ConcurrentExecutions|${API},${API}:live|Maximum`]: 3,
  [`Invocations|${API},${API}:live,4|Sum`]: 1_400, // canary version 4 → 3,041.67 → 3,042
  [`Duration|${API},${API}:live,4|Average`]: 50,
  [`IncomingBytes|/aws/lambda/${API}|Sum`]: 7 * 1024 ** 3, // 7 GB → 7 × 30.416667 / 14 = 15.208333 GB
  [`Count|${API}-api,v1|Sum`]: 14_000, // → 30,417
  [`Invocations|${WORKER},${WORKER}:live|Sum`]: 700, // → 1,520.83 → 1,521 (the config's 1,000 wins in the report)
  [`Duration|${WORKER},${WORKER}:live|Average`]: 18,
  [`NumberOfMessagesSent|${WORKER}-queue|Sum`]: 700, // → 1,521
  [`ConsumedWriteCapacityUnits|private-lambda-shop-orders|Sum`]: 28_000, // → 60,833.33 → 60,833
  [`ConsumedReadCapacityUnits|private-lambda-shop-orders|Sum`]: 7_000, // → 15,208.33 → 15,208
};

/** Every alias exists, unless the test says otherwise (GetAlias answers with the alias's configuration). */
function deployedAliases(): AwsClientStub<LambdaClient> {
  const lambda = mockClient(LambdaClient);
  lambda.on(GetAliasCommand).callsFake((input: { FunctionName: string; Name: string }) => ({ AliasArn: `arn:aws:lambda:us-east-1:123456789012:function:${input.FunctionName}:${input.Name}`, Name: input.Name, FunctionVersion: "3" }));
  return lambda;
}

const notFound = (input: { FunctionName: string; Name: string }) =>
  Object.assign(new Error(`Function not found: arn:aws:lambda:us-east-1:123456789012:function:${input.FunctionName}:${input.Name}`), { name: "ResourceNotFoundException" });

describe("usage sync", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  let lambda: AwsClientStub<LambdaClient>;
  afterEach(() => lambda.restore());
  beforeEach(() => {
    lambda = deployedAliases();
    cw = mockClient(CloudWatchClient);
    // The alias ran versions 3 (stable) and 4 (canary), reported on two ListMetrics pages.
    const metric = (v: string) => ({ Namespace: "AWS/Lambda", MetricName: "Invocations", Dimensions: [{ Name: "FunctionName", Value: API }, { Name: "Resource", Value: `${API}:live` }, { Name: "ExecutedVersion", Value: v }] });
    cw.on(ListMetricsCommand).callsFake((input: { NextToken?: string }) => (input.NextToken === undefined ? { Metrics: [metric("3")], NextToken: "n2" } : { Metrics: [metric("4")] }));
  });
  afterEach(() => cw.restore());

  it("measures every figure, prints the diff without --write and changes nothing", async () => {
    const dir = project();
    answerMetrics(cw, SHOP_SERIES);
    const out: string[] = [];
    const code = await main(["sync", "--stack", "shop", "--root", dir], deps("2026-12-05T10:30:00Z", out));
    expect(code).to.equal(0);
    expect(fs.existsSync(path.join(dir, "usage", "shop.yaml"))).to.equal(false);
    const text = out.join("\n");
    expect(text).to.include("+ functions.api.usage.requestsPerMonth: 30,417 [2026-11-21/2026-12-05]");
    expect(text).to.include("+ functions.api.canary.requestsPerMonth: 3,042 (version 4) [2026-11-21/2026-12-05]");
    expect(text).to.include("+ tables.orders.usage.writeRequestUnitsPerMonth: 60,833 [2026-11-21/2026-12-05]");
    expect(text).to.match(/WARN no data points in 2026-11-21\/2026-12-05 for Throttles \(Sum\) of private-lambda-shop-api:live/);
    expect(text).to.include("dry run");
    // The window: StartTime/EndTime at UTC midnights, one period covering the 14 days.
    const first = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(first.StartTime).to.deep.equal(new Date("2026-11-21T00:00:00Z"));
    expect(first.EndTime).to.deep.equal(new Date("2026-12-05T00:00:00Z"));
    expect(first.MetricDataQueries![0]!.MetricStat!.Period).to.equal(14 * 86_400);
    // 23 queries: api 11 (7 alias metrics, its log group, 2 of canary version 4, its API), worker 10
    // (7, its log group, 2 of its queue), orders 2. One batch on two pages: the second call carries
    // the first page's token (12 results on page 1).
    expect(first.MetricDataQueries).to.have.length(23);
    expect(cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.NextToken)).to.deep.equal([undefined, "page2-12"]);
  });

  it("writes usage/<stack>.yaml under the lock, keeps comments and unrelated keys, and reads back", async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "usage"));
    const file = path.join(dir, "usage", "shop.yaml");
    fs.writeFileSync(
      file,
      [
        "# shop's measured usage: keep this comment",
        "owner: team-orders   # not ours: kept",
        "functions:",
        "  api:",
        "    usage:",
        "      # last month's figure",
        "      requestsPerMonth: { value: 20000, window: 2026-10-01/2026-11-01 }",
        "",
      ].join("\n"),
    );
    answerMetrics(cw, SHOP_SERIES);
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", out))).to.equal(0);
    expect(out.join("\n")).to.include("~ functions.api.usage.requestsPerMonth: 20,000 [2026-10-01/2026-11-01] → 30,417 [2026-11-21/2026-12-05]");
    const text = fs.readFileSync(file, "utf8");
    expect(text).to.match(/^# shop's measured usage: keep this comment\n/);
    expect(text).to.include("owner: team-orders # not ours: kept");
    expect(text).to.include("# last month's figure");
    expect(fs.existsSync(`${file}.lock`)).to.equal(false);
    const parsed = parseUsageFile(text);
    expect(parsed.problems).to.deep.equal([]);
    const byPath = Object.fromEntries(parsed.figures.map((f) => [f.keys.join("."), f]));
    expect(byPath["functions.api.usage.requestsPerMonth"]).to.deep.include({ value: 30_417, window: "2026-11-21/2026-12-05" });
    expect(byPath["functions.api.usage.avgDurationMs"]!.value).to.equal(45.12);
    expect(byPath["functions.api.observed.errorsPerMonth"]!.value).to.equal(30);
    expect(byPath["functions.api.canary.requestsPerMonth"]).to.deep.include({ value: 3_042, version: "4" });
    expect(byPath["functions.api.usage.logGbPerMonth"]!.value).to.equal(15.208333);
    expect(byPath["functions.api.triggers.http.requestsPerMonth"]!.value).to.equal(30_417);
    expect(byPath["functions.worker.triggers.sqs.messagesPerMonth"]!.value).to.equal(1_521);
    expect(byPath["tables.orders.usage.readRequestUnitsPerMonth"]!.value).to.equal(15_208);
    expect(byPath["functions.api.observed.throttlesPerMonth"]).to.equal(undefined);

    // A second sync with the same data changes nothing.
    const again: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T23:00:00Z", again))).to.equal(0);
    expect(again.join("\n")).to.include("usage/shop.yaml: no change");
    expect(fs.readFileSync(file, "utf8")).to.equal(text);
  });

  it("the plan's report prices the measured figures where the config gives none, and says which are which", async () => {
    const dir = project();
    answerMetrics(cw, SHOP_SERIES);
    await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", []));
    const settings = stackSettings({ root: dir, stack: "shop" }, "2026-12-05");
    const loaded = loadMeasuredUsage(dir, "shop", settings);
    expect(loaded.problems).to.deep.equal([]);
    const built = tryBuildCostReport(loaded.settings);
    const report = { ...built.report!, usageSources: loaded.sources };
    const api = report.functions.find((f) => f.name === "api")!;
    expect([api.requestsPerMonth, api.avgDurationMs]).to.deep.equal([30_417, 45.12]);
    // worker: the config's usage block wins over the measured 1,521.
    expect(report.functions.find((f) => f.name === "worker")!.requestsPerMonth).to.equal(1_000);
    // DynamoDB from the measured units: 60,833 WRU × $0.625/M = $0.038 → $0.04; 15,208 RRU × $0.125/M = $0.0019 → $0.00.
    const w = report.infrastructure.lines.find((l) => l.id === "dynamodb.orders.writeRequests")!;
    expect([w.quantity, w.usd]).to.deep.equal([60_833, 0.04]);
    const sources = Object.fromEntries(report.usageSources.map((s) => [s.path, s.source]));
    expect(sources["functions.api.usage.requestsPerMonth"]).to.equal("measured");
    expect(sources["functions.worker.usage.requestsPerMonth"]).to.equal("configured");
    expect(sources["functions.worker.usage.logGbPerMonth"]).to.equal("assumed");
    expect(sources["tables.orders.usage.writeRequestUnitsPerMonth"]).to.equal("measured");
    const text = formatCostReport(report);
    expect(text).to.include("functions.api.usage.requestsPerMonth = 30,417: measured 2026-11-21/2026-12-05");
    // measured: api requests, duration, logs, API requests; worker's queue sends; orders' two unit counts = 7;
    // configured: worker's requests and duration = 2; assumed: worker's logs, its empty receives = 2.
    expect(text).to.include("Usage figures: 7 measured (usage/shop.yaml), 2 configured, 2 assumed (below):");
  });

  it("a malformed usage file is refused with every problem and a suggestion; nothing is read from CloudWatch", async () => {
    const dir = project();
    fs.mkdirSync(path.join(dir, "usage"));
    fs.writeFileSync(path.join(dir, "usage", "shop.yaml"), "functions:\n  api:\n    usage:\n      requestPerMonth: { value: 1, window: 2026-11-01/2026-12-01 }\n      avgDurationMs: { value: -3, window: yesterday }\n");
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir], deps("2026-12-05T10:30:00Z", out))).to.equal(2);
    const text = out.join("\n");
    expect(text).to.include('functions.api.usage.requestPerMonth: unknown key (did you mean "requestsPerMonth"?)');
    expect(text).to.include("functions.api.usage.avgDurationMs.value: got -3, allowed a number ≥ 0");
    expect(text).to.include('functions.api.usage.avgDurationMs.window: got "yesterday"');
    expect(cw.commandCalls(GetMetricDataCommand)).to.have.length(0);
  });

  it("missing credentials: a clear message, exit 2, nothing written", async () => {
    const dir = project();
    cw.on(ListMetricsCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", out))).to.equal(2);
    expect(out.join("\n")).to.match(/error: no AWS credentials: set AWS_PROFILE.*nothing changed/);
    expect(fs.existsSync(path.join(dir, "usage"))).to.equal(false);
  });

  it("a stack with no data points at all: a clear message, exit 1, nothing written", async () => {
    const dir = project();
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    answerMetrics(cw, {});
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", out))).to.equal(1);
    expect(out.join("\n")).to.match(/no data points in 2026-11-21\/2026-12-05 for .*: no traffic in the window/);
    expect(out.join("\n")).to.match(/nothing measured for private-lambda\/shop in 2026-11-21\/2026-12-05/);
    expect(fs.existsSync(path.join(dir, "usage", "shop.yaml"))).to.equal(false);
  });

  it("a function not deployed yet is named and skipped; the others are measured", async () => {
    const dir = project();
    lambda.on(GetAliasCommand, { FunctionName: WORKER }).callsFake(async (input: { FunctionName: string; Name: string }) => Promise.reject(notFound(input)));
    answerMetrics(cw, SHOP_SERIES);
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", out))).to.equal(0);
    const text = out.join("\n");
    expect(text).to.match(new RegExp(`functions\\.worker: ${WORKER}:live does not exist in us-east-1 yet \\(deploy it with pulumi up\\)`));
    // No query asked CloudWatch about the worker's function, its log group or its queue.
    const asked = cw.commandCalls(GetMetricDataCommand).flatMap((c) => c.args[0].input.MetricDataQueries!.map((q) => JSON.stringify(q)));
    expect(asked.filter((q) => q.includes(WORKER))).to.deep.equal([]);
    expect(asked.some((q) => q.includes(API))).to.equal(true);
    const written = fs.readFileSync(path.join(dir, "usage", "shop.yaml"), "utf8");
    expect(written).to.include("api:");
    expect(written).to.not.match(/^ {2}worker:/m);
  });

  it("no function deployed: exit 1, nothing read from CloudWatch, nothing written", async () => {
    const dir = project();
    lambda.on(GetAliasCommand).callsFake(async (input: { FunctionName: string; Name: string }) => Promise.reject(notFound(input)));
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", out))).to.equal(1);
    expect(out.join("\n")).to.match(/no function of private-lambda\/shop is deployed in us-east-1; usage\/shop\.yaml unchanged/);
    expect(cw.commandCalls(GetMetricDataCommand)).to.have.length(0);
    expect(fs.existsSync(path.join(dir, "usage"))).to.equal(false);
  });

  it("GetAlias denied: exit 2 naming the permission, nothing written", async () => {
    const dir = project();
    lambda.on(GetAliasCommand).rejects(Object.assign(new Error("User is not authorized to perform: lambda:GetAlias"), { name: "AccessDeniedException" }));
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--write"], deps("2026-12-05T10:30:00Z", out))).to.equal(2);
    expect(out.join("\n")).to.match(/GetAlias: access denied \(User is not authorized to perform: lambda:GetAlias\); the caller needs lambda:GetAlias; nothing changed/);
    expect(fs.existsSync(path.join(dir, "usage"))).to.equal(false);
  });

  it("bad flags and unknown stacks are usage errors (exit 2)", async () => {
    const dir = project();
    const out: string[] = [];
    expect(await main(["sync", "--stack", "shop", "--root", dir, "--days", "0"], deps("2026-12-05T10:30:00Z", out))).to.equal(2);
    expect(await main(["sync", "--stack", "nope", "--root", dir], deps("2026-12-05T10:30:00Z", out))).to.equal(2);
    expect(out.join("\n")).to.match(/--days: got 0, allowed a whole number of days 1–63/);
    expect(out.join("\n")).to.match(/unknown stack "nope"/);
  });
});

describe("GetMetricData batching", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  beforeEach(() => (cw = mockClient(CloudWatchClient)));
  afterEach(() => cw.restore());

  it("sends at most 500 queries per call and follows every page of each batch", async () => {
    // 1,203 metrics: batches of 500, 500 and 203 queries; each batch answered on two pages.
    const specs: MetricSpec[] = Array.from({ length: 1_203 }, (_, i) => ({
      keys: ["functions", `f${i}`, "usage", "requestsPerMonth"],
      label: `m${i}`,
      namespace: "AWS/Lambda",
      metricName: "Invocations",
      dimensions: [{ Name: "FunctionName", Value: `f${i}` }],
      stat: "Sum",
      scale: "perMonth",
    }));
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const results = input.MetricDataQueries!.map((q) => ({ Id: q.Id, Values: [Number(q.Id!.slice(1))], Timestamps: [new Date(0)], StatusCode: "Complete" as const }));
      return input.NextToken === undefined ? { MetricDataResults: results.slice(0, 100), NextToken: "more" } : { MetricDataResults: results.slice(100) };
    });
    const window = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z"), days: 30, text: "2026-11-01/2026-12-01" };
    const { values } = await fetchMetricValues(new CloudWatchClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } }), specs, window);
    const calls = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(MAX_QUERIES_PER_CALL).to.equal(500);
    expect(calls.map((c) => [c.MetricDataQueries!.length, c.NextToken])).to.deep.equal([
      [500, undefined],
      [500, "more"],
      [500, undefined],
      [500, "more"],
      [203, undefined],
      [203, "more"],
    ]);
    expect(values.map((v) => v[0])).to.deep.equal(specs.map((_, i) => i));
  });
});

describe("usage reconcile", () => {
  let cw: AwsClientStub<CloudWatchClient>;
  let ce: AwsClientStub<CostExplorerClient>;
  beforeEach(() => {
    cw = mockClient(CloudWatchClient);
    ce = mockClient(CostExplorerClient);
    // November 2026 (30 days): totals of the month, so the scale factor is 720 h / 24 / 30 days = 1.
    answerMetrics(
      cw,
      {
        "Invocations|private-lambda-ledger-post,private-lambda-ledger-post:live|Sum": 4_000_000,
        "Duration|private-lambda-ledger-post,private-lambda-ledger-post:live|Average": 45,
        "IncomingBytes|/aws/lambda/private-lambda-ledger-post|Sum": 1024 ** 3,
        "ConsumedWriteCapacityUnits|private-lambda-ledger-entries|Sum": 4_000_000,
      },
    );
  });
  afterEach(() => {
    cw.restore();
    ce.restore();
  });

  /**
   * The bill that matches the estimate, line by line (us-east-1 list prices; free tier off; a 720 h month):
   * - Lambda requests: 4,000,000 × $0.20/M = $0.80 (usage type USE1-Request-ARM)
   * - Lambda duration: 4,000,000 × 45 ms × 0.5 GB = 90,000 GB-s × $0.0000133334 = $1.200006 → $1.20 (USE1-Lambda-GB-Second-ARM)
   * - the lambda interface endpoint: 1 × 2 AZs × 720 h × $0.01 = $14.40 (USE1-VpcEndpoint-Hours)
   * - logs: 1 GB ingested × $0.50 = $0.50 (USE1-VendedLog-Bytes); stored 1 GB × 14/30 months = 0.4667 GB × $0.03 = $0.014 → $0.01
   * - X-Ray: 2,592,000 s of the month sampled at 1/s + 5 % of the other 1,408,000 = 2,662,400 traces × $0.000005 = $13.312 → $13.31
   * - DynamoDB: 4,000,000 WRU × $0.625/M = $2.50 (WriteRequestUnits: us-east-1 has no region prefix)
   */
  const bill = (dynamoUsd: string, extra: { Keys: string[]; Metrics: { UnblendedCost: { Amount: string; Unit: string } } }[] = []) => {
    const g = (service: string, usageType: string, usd: string) => ({ Keys: [service, usageType], Metrics: { UnblendedCost: { Amount: usd, Unit: "USD" } } });
    const page1 = [g("AWS Lambda", "USE1-Request-ARM", "0.8000000000"), g("AWS Lambda", "USE1-Lambda-GB-Second-ARM", "1.2000060000"), g("Amazon Virtual Private Cloud", "USE1-VpcEndpoint-Hours", "14.4")];
    const page2 = [g("AmazonCloudWatch", "USE1-VendedLog-Bytes", "0.5"), g("AmazonCloudWatch", "USE1-TimedStorage-ByteHrs", "0.0140001"), g("AWS X-Ray", "USE1-XRay-TracesStored", "13.312"), g("Amazon DynamoDB", "WriteRequestUnits", dynamoUsd), ...extra];
    const period = { TimePeriod: { Start: "2026-11-01", End: "2026-12-01" }, Total: {}, Estimated: false };
    ce.on(GetCostAndUsageCommand).callsFake((input: { NextPageToken?: string }) =>
      input.NextPageToken === undefined ? { ResultsByTime: [{ ...period, Groups: page1 }], NextPageToken: "p2", GroupDefinitions: [{ Type: "DIMENSION", Key: "SERVICE" }, { Type: "DIMENSION", Key: "USAGE_TYPE" }] } : { ResultsByTime: [{ ...period, Groups: page2 }] },
    );
  };

  it("every line within the tolerance: exit 0; asks Cost Explorer for the month, grouped and filtered by the stack's tags", async () => {
    const dir = project();
    bill("2.5");
    const out: string[] = [];
    const code = await main(["reconcile", "--stack", "ledger", "--month", "2026-11", "--root", dir], deps("2026-12-06T04:00:00Z", out));
    expect(code, out.join("\n")).to.equal(0);
    const input = ce.commandCalls(GetCostAndUsageCommand)[0]!.args[0].input;
    expect(input.TimePeriod).to.deep.equal({ Start: "2026-11-01", End: "2026-12-01" });
    expect(input.GroupBy).to.deep.equal([{ Type: "DIMENSION", Key: "SERVICE" }, { Type: "DIMENSION", Key: "USAGE_TYPE" }]);
    expect(input.Filter).to.deep.equal({ And: [{ Tags: { Key: "pulumi:project", Values: ["private-lambda"], MatchOptions: ["EQUALS"] } }, { Tags: { Key: "pulumi:stack", Values: ["ledger"], MatchOptions: ["EQUALS"] } }] });
    expect(ce.commandCalls(GetCostAndUsageCommand)).to.have.length(2);
    expect(out.join("\n")).to.include("Every line within the tolerance.");
  });

  it("a line beyond the tolerance, or a billed usage type no line covers: exit 1, each shown", async () => {
    const dir = project();
    // DynamoDB billed $3.00 vs $2.50: $0.50 is 16.7 % of $3.00, beyond 5 %; an S3 charge the stack's estimate has no line for.
    bill("3.00", [{ Keys: ["Amazon Simple Storage Service", "USE1-TimedStorage-ByteHrs"], Metrics: { UnblendedCost: { Amount: "1.25", Unit: "USD" } } }]);
    const out: string[] = [];
    expect(await main(["reconcile", "--stack", "ledger", "--month", "2026-11", "--root", dir], deps("2026-12-06T04:00:00Z", out))).to.equal(1);
    const text = out.join("\n");
    expect(text).to.match(/DynamoDB write request units\s+\$2\.50\s+\$3\.00\s+\$0\.50\s+16\.7 %\s+BEYOND/);
    expect(text).to.match(/Amazon Simple Storage Service USE1-TimedStorage-ByteHrs \(no cost line\)\s+\$0\.00\s+\$1\.25\s+\$1\.25\s+100\.0 %\s+BEYOND/);
    // Within a wider tolerance, only the missed S3 line remains beyond it.
    const wide: string[] = [];
    expect(await main(["reconcile", "--stack", "ledger", "--month", "2026-11", "--root", dir, "--tolerance", "20%"], deps("2026-12-06T04:00:00Z", wide))).to.equal(1);
    expect(wide.join("\n")).to.match(/DynamoDB write request units.*ok/);
  });

  it("a stack without the cost-allocation tags, a running month, a bad tolerance: exit 2 before any call", async () => {
    const dir = project();
    const out: string[] = [];
    expect(await main(["reconcile", "--stack", "untagged", "--month", "2026-11", "--root", dir], deps("2026-12-06T04:00:00Z", out))).to.equal(2);
    expect(out.join("\n")).to.match(/aws:defaultTags\.tags lacks pulumi:project and pulumi:stack/);
    expect(await main(["reconcile", "--stack", "ledger", "--month", "2026-12", "--root", dir], deps("2026-12-06T04:00:00Z", out))).to.equal(2);
    expect(out.join("\n")).to.match(/allowed a month that has ended/);
    expect(await main(["reconcile", "--stack", "ledger", "--month", "2026-11", "--root", dir, "--tolerance", "five"], deps("2026-12-06T04:00:00Z", out))).to.equal(2);
    expect(cw.commandCalls(GetMetricDataCommand)).to.have.length(0);
    expect(ce.commandCalls(GetCostAndUsageCommand)).to.have.length(0);
    expect(parseTolerance("5%")).to.equal(0.05);
  });
});

describe("cost-allocation tags", () => {
  it("every shipped stack tags its resources with pulumi:project and pulumi:stack through aws:defaultTags", () => {
    for (const stack of ["dev", "prod"]) {
      const tags = stackSettings({ root: ROOT, stack }, "2026-12-05").defaultTags;
      expect({ project: tags["pulumi:project"], stack: tags["pulumi:stack"] }, stack).to.deep.equal({ project: "private-lambda", stack });
    }
  });
});
