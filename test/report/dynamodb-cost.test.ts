/**
 * The DynamoDB part of the cost report (report/dynamodb-cost.ts): usage from `tables.<key>.usage`,
 * or derived from the functions' `access` and requests (assumed, and listed as such); the schema's
 * checks of `tables.<key>.usage`. Prices: the shipped catalog's us-east-1 on-demand prices, the ones
 * published on https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million WRU, $0.125
 * per million RRU, $0.25 per GB-month, PITR $0.20 per GB-month).
 */
import { expect } from "chai";
import { settingsFromStackFile } from "../../config/stack-file";
import { tryBuildCostReport } from "../../report/cost-report";

function settingsOf(tables: unknown, functions: unknown) {
  const config: Record<string, string> = {
    "aws:region": "us-east-1",
    "private-lambda:network": JSON.stringify({ mode: "create", availabilityZones: 2, natGateways: "none", gatewayEndpoints: ["dynamodb"] }),
    "private-lambda:tables": JSON.stringify(tables),
    "private-lambda:functions": JSON.stringify(functions),
  };
  return settingsFromStackFile({ project: "private-lambda", stack: "t", path: "Pulumi.t.yaml", config, secretKeys: [] }, "2026-12-05");
}

describe("DynamoDB in the cost report", () => {
  it("derives requests from the functions' access (assumed) and prices them", () => {
    const r = settingsOf(
      { orders: { partitionKey: "id", pointInTimeRecovery: true } },
      {
        writer: { source: "functions/hello", tables: [{ table: "orders", access: "readWrite" }], usage: { requestsPerMonth: 2_000_000, avgDurationMs: 10 } },
        reader: { source: "functions/hello", tables: [{ table: "orders", access: "read" }], usage: { requestsPerMonth: 6_000_000, avgDurationMs: 10 } },
      },
    );
    expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
    const report = tryBuildCostReport(r.settings!).report!;
    const line = (id: string) => report.infrastructure.lines.find((l) => l.id === id)!;
    // writes: writer's 2,000,000 requests × 1 WRU (≤ 1 KB) = 2,000,000 WRU × $0.625/M = $1.25
    expect([line("dynamodb.orders.writeRequests").quantity, line("dynamodb.orders.writeRequests").usd]).to.deep.equal([2_000_000, 1.25]);
    // reads: (2,000,000 + 6,000,000) eventually consistent reads × ½ RRU = 4,000,000 RRU × $0.125/M = $0.50
    expect([line("dynamodb.orders.readRequests").quantity, line("dynamodb.orders.readRequests").usd]).to.deep.equal([4_000_000, 0.5]);
    // storage unknown: 0 GB, PITR line present at 0
    expect(line("dynamodb.orders.pitr").usd).to.equal(0);
    const assumed = report.assumptions.filter((a) => a.path.startsWith("tables.orders.")).map((a) => [a.path, a.value]);
    expect(assumed).to.deep.equal([
      ["tables.orders.usage.writeRequestsPerMonth", 2_000_000],
      ["tables.orders.usage.readRequestsPerMonth", 8_000_000],
      ["tables.orders.usage.avgItemKb", 1],
      ["tables.orders.usage.storageGb", 0],
    ]);
  });

  it("takes tables.<key>.usage when given: item size, consistency, storage and PITR", () => {
    const r = settingsOf(
      { orders: { partitionKey: "id", pointInTimeRecovery: true, usage: { writeRequestsPerMonth: 1_000_000, readRequestsPerMonth: 3_000_000, avgItemKb: 6, readConsistency: "strong", storageGb: 40 } } },
      { api: { source: "functions/hello", tables: [{ table: "orders", access: "readWrite" }] } },
    );
    const report = tryBuildCostReport(r.settings!).report!;
    const usd = (id: string) => report.infrastructure.lines.find((l) => l.id === id)!.usd;
    // 1,000,000 writes of 6 KB = 6 WRU each = 6,000,000 WRU × $0.625/M = $3.75
    expect(usd("dynamodb.orders.writeRequests")).to.equal(3.75);
    // 3,000,000 strongly consistent reads of 6 KB = ceil(6/4) = 2 RRU each = 6,000,000 RRU × $0.125/M = $0.75
    expect(usd("dynamodb.orders.readRequests")).to.equal(0.75);
    // 40 GB × $0.25 = $10.00; PITR 40 GB × $0.20 = $8.00
    expect([usd("dynamodb.orders.storage"), usd("dynamodb.orders.pitr")]).to.deep.equal([10, 8]);
    expect(report.assumptions.filter((a) => a.path.startsWith("tables."))).to.deep.equal([]);
  });

  it("reports every bad tables.<key>.usage value at once, and an unknown key with a suggestion", () => {
    const negative = settingsOf({ orders: { partitionKey: "id", usage: { writeRequestsPerMonth: -1, storageGb: -2 } } }, { api: { source: "functions/hello" } });
    expect(negative.problems.filter((p) => p.severity === "error").map((p) => p.message)).to.deep.equal([
      "tables.orders.usage.writeRequestsPerMonth: got -1, allowed a number ≥ 0",
      "tables.orders.usage.storageGb: got -2, allowed a number ≥ 0",
    ]);
    const unknown = settingsOf({ orders: { partitionKey: "id", usage: { readsPerMonth: 5 } } }, { api: { source: "functions/hello" } });
    const messages = unknown.problems.filter((p) => p.severity === "error").map((p) => p.message);
    expect(messages).to.have.length(1);
    expect(messages[0]).to.match(/^tables\.orders\.usage\.readsPerMonth: .*readRequestsPerMonth/);
  });
});
