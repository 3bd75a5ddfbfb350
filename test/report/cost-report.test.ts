import { expect } from "chai";
import { settingsFromStackFile } from "../../plan/settings";
import { loadStackFile } from "../../plan/stack-file";
import { tryBuildCostReport } from "../../report/cost-report";
import { ROOT } from "../helpers/program";

function devSettingsIn(region: string) {
  const file = loadStackFile(ROOT, "dev");
  const r = settingsFromStackFile({ ...file, config: { ...file.config, "aws:region": region } }, "2026-11-25");
  expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
  return r.settings!;
}

describe("tryBuildCostReport", () => {
  it("GIVEN a region with Lambda prices but no endpoint, logs, X-Ray or API Gateway prices THEN names every missing override key at once", () => {
    // eu-west-1 has Lambda tier-1 prices in pricing/rates.ts, and none of the others (docs/sources.md#regional-prices, #infrastructure-prices).
    const r = tryBuildCostReport(devSettingsIn("eu-west-1"));
    expect(r.report).to.equal(undefined);
    expect(r.problems.map((p) => p.path)).to.deep.equal([
      "pricing.overrides.vpc.interfaceEndpointUsdPerAzHour",
      "pricing.overrides.vpc.interfaceEndpointDataTiers.0.usdPerGb",
      "pricing.overrides.logs.ingestTiers.0.usdPerGb",
      "pricing.overrides.logs.storageUsdPerGbMonth",
      "pricing.overrides.xray.usdPerTraceRecorded",
      "pricing.overrides.apiGateway.restRequestTiers.0.usdPerRequest",
    ]);
    for (const p of r.problems) expect(p).to.deep.include({ rule: "pricing.priceMissing", severity: "error" });
  });

  it("GIVEN a region without any price table THEN says so and lists the priced regions", () => {
    const r = tryBuildCostReport(devSettingsIn("eu-north-1"));
    expect(r.problems).to.have.length(1);
    expect(r.problems[0]!.message).to.match(/got "eu-north-1", which has no price table.*regions priced: .*ap-south-1.*us-east-1/);
  });

  it("GIVEN the shipped dev stack THEN reports no problem and a report", () => {
    const r = tryBuildCostReport(devSettingsIn("us-east-1"));
    expect(r.problems).to.deep.equal([]);
    // Hand derivation (us-east-1, free tier on, 730 h; docs/sources.md#infrastructure-prices):
    // 3 interface endpoints (lambda, xray, execute-api) × 2 AZs × 730 h × $0.01 = $43.80;
    // endpoint data 1 GB × $0.01 = $0.01; X-Ray (50,000 + 200,000 traces − 100,000 free) × $0.000005 = $0.75;
    // API Gateway 200,000 requests × $3.50/M = $0.70; Lambda requests and GB-s inside the free tier = $0.
    expect(r.report!.totalUsd).to.equal(43.8 + 0.01 + 0.75 + 0.7);
  });
});
