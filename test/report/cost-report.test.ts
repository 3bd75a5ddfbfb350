import { expect } from "chai";
import { settingsFromStackFile, loadStackFile } from "../../config/stack-file";
import { costReportWarnings, tryBuildCostReport } from "../../report/cost-report";
import { ROOT } from "../helpers/program";

/** The shipped dev stack moved to `region`; `withoutOverrides` drops its `pricing.overrides`. */
function devSettingsIn(region: string, withoutOverrides = false) {
  const file = loadStackFile(ROOT, "dev");
  const pricing = JSON.parse(file.config["private-lambda:pricing"] as string) as Record<string, unknown>;
  if (withoutOverrides) delete pricing.overrides;
  const config = { ...file.config, "aws:region": region, "private-lambda:pricing": JSON.stringify(pricing) };
  const r = settingsFromStackFile({ ...file, config }, "2026-11-25");
  expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
  return r.settings!;
}

describe("tryBuildCostReport", () => {
  it("GIVEN the dev stack without its X-Ray override THEN the X-Ray line is unpriced with its override key, the total is a lower bound and a warning names the key", () => {
    // The catalog has no X-Ray price in any region; everything else dev uses is priced in us-east-1.
    const r = tryBuildCostReport(devSettingsIn("us-east-1", true));
    expect(r.problems).to.deep.equal([]);
    const report = r.report!;
    expect(report.complete).to.equal(false);
    expect(report.unpriced).to.have.length(1);
    expect(report.unpriced[0]).to.deep.include({ path: "infrastructure.xray.recorded", overrideKey: "xray.usdPerTraceRecorded" });
    expect(report.unpriced[0]!.reason).to.match(/no xray\.usdPerTraceRecorded price for us-east-1/);
    // (50,000 + 200,000 traces − 100,000 free) = 150,000 traces shown, priced $0.
    expect(report.infrastructure.lines.find((l) => l.id === "xray.recorded")).to.deep.include({ quantity: 150_000, usd: 0, unitPriceUsd: null });
    // Lower bound: the shipped total below without X-Ray's $0.75 = $43.80 + $0.01 + $0.70 + $0.13.
    expect(report.totalUsd).to.equal(43.8 + 0.01 + 0.7 + 0.13);
    const warnings = costReportWarnings(report, "2026-11-25");
    expect(warnings.every((w) => w.severity === "warning")).to.equal(true);
    const unpriced = warnings.find((w) => w.rule === "pricing.unpriced");
    expect(unpriced?.message).to.match(/^pricing\.overrides: got no price in the catalog for 1 cost line\(s\) in us-east-1, .*lower bound; set pricing\.overrides\.xray\.usdPerTraceRecorded \(USD\)/);
  });

  it("GIVEN a commercial region without any price (me-west-1) THEN every line but the overridden X-Ray one is unpriced, each with its override key", () => {
    const r = tryBuildCostReport(devSettingsIn("me-west-1"));
    expect(r.problems).to.deep.equal([]);
    const report = r.report!;
    expect(report.complete).to.equal(false);
    expect(report.unpriced.map((u) => [u.path, u.overrideKey])).to.deep.equal([
      ["functions.hello.lambda.requests", "lambda.usdPerRequest"],
      ["functions.hello.lambda.duration.tier1", "lambda.durationTiers.arm64.0.usdPerGbSecond"],
      ["functions.pageview-counter.lambda.requests", "lambda.usdPerRequest"],
      ["functions.pageview-counter.lambda.duration.tier1", "lambda.durationTiers.arm64.0.usdPerGbSecond"],
      ["infrastructure.vpc.interfaceEndpoint.hours", "vpc.interfaceEndpointUsdPerAzHour"],
      ["infrastructure.vpc.interfaceEndpoint.data.tier1", "vpc.interfaceEndpointDataTiers.0.usdPerGb"],
      ["infrastructure.logs.ingest.tier1", "logs.ingestTiers.0.usdPerGb"],
      ["infrastructure.logs.storage", "logs.storageUsdPerGbMonth"],
      ["infrastructure.trigger.apiGateway.rest.tier1", "apiGateway.restRequestTiers.0.usdPerRequest"],
      ["infrastructure.dynamodb.pageviews.writeRequests", "dynamodb.writeRequestUsdPerUnit"],
      ["infrastructure.dynamodb.pageviews.readRequests", "dynamodb.readRequestUsdPerUnit"],
      ["infrastructure.dynamodb.pageviews.storage", "dynamodb.storageUsdPerGbMonth"],
    ]);
    // Only the override prices a line: 150,000 traces × $0.000005 = $0.75.
    expect(report.totalUsd).to.equal(0.75);
  });

  it("GIVEN a region name that is not an AWS region THEN one aws:region problem with the closest real names", () => {
    const r = tryBuildCostReport(devSettingsIn("eu-nrth-1"));
    expect(r.report).to.equal(undefined);
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]).to.deep.include({ path: "aws:region", rule: "pricing.unknownRegion", severity: "error" });
    expect(r.problems[0]!.message).to.match(/^aws:region: Unknown region "eu-nrth-1": not a commercial AWS region \(did you mean eu-north-1, .*no fallback to us-east-1\.$/);
  });

  it("GIVEN the shipped dev stack THEN reports no problem and a report", () => {
    const r = tryBuildCostReport(devSettingsIn("us-east-1"));
    expect(r.problems).to.deep.equal([]);
    // Hand derivation (us-east-1, free tier on, 730 h; docs/sources.md#infrastructure-prices):
    // 3 interface endpoints (lambda, xray, execute-api) × 2 AZs × 730 h × $0.01 = $43.80;
    // endpoint data 1 GB × $0.01 = $0.01; X-Ray (50,000 + 200,000 traces − 100,000 free) × $0.000005 = $0.75;
    // API Gateway 200,000 requests × $3.50/M = $0.70; Lambda requests and GB-s inside the free tier = $0;
    // DynamoDB (assumed: one UpdateItem of a ≤ 1 KB item per page-view request) 200,000 WRU × $0.625/M
    // = $0.125 → $0.13 (https://aws.amazon.com/dynamodb/pricing/on-demand/; no reads, storage unknown = 0).
    expect(r.report!.totalUsd).to.equal(43.8 + 0.01 + 0.75 + 0.7 + 0.13);
  });
});
