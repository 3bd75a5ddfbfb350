/**
 * DynamoDB on-demand cost (pricing/dynamodb.ts), checked to the cent against figures worked out by
 * hand from AWS's published rules and us-east-1 prices:
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ ("Key terms": a strongly consistent read of an
 * 8 KB item takes 2 RRU, an eventually consistent one 1 RRU, a transactional one 4 RRU; a standard
 * write of a 1 KB item 1 WRU, larger items one more WRU per KB) with the us-east-1 on-demand prices
 * $0.625 per million WRU, $0.125 per million RRU, $0.25 per GB-month of storage and $0.20 per
 * GB-month of continuous backup (PITR). The price table below states those prices itself, so the test
 * checks the formulas whatever the shipped catalog holds.
 */
import { expect } from "chai";
import { estimateDynamoDbCost, readRequestUnits, writeRequestUnits } from "../../pricing/dynamodb";
import type { PriceTable } from "../../pricing/types";

const US_EAST_1: PriceTable = {
  source: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  asOf: "2025-09-09",
  regions: {
    "us-east-1": { dynamodb: { writeRequestUsdPerUnit: 0.625 / 1e6, readRequestUsdPerUnit: 0.125 / 1e6, storageUsdPerGbMonth: 0.25, pitrUsdPerGbMonth: 0.2 } },
    "eu-west-9": { dynamodb: { writeRequestUsdPerUnit: 0.625 / 1e6 } },
  },
};

describe("DynamoDB on-demand cost", () => {
  it("counts request units as AWS's key terms do", () => {
    // AWS's own examples: 8 KB strongly consistent = 2 RRU, eventually consistent = 1, transactional = 4.
    expect(readRequestUnits(1, 8, "strong")).to.equal(2);
    expect(readRequestUnits(1, 8, "eventual")).to.equal(1);
    expect(readRequestUnits(1, 8, "transactional")).to.equal(4);
    // Up to 4 KB: one RRU strongly consistent, half eventually consistent.
    expect(readRequestUnits(1, 4, "strong")).to.equal(1);
    expect(readRequestUnits(1, 0.2, "eventual")).to.equal(0.5);
    // Writes: 1 KB = 1 WRU, 3 KB = 3 WRU, 3 KB transactional = 6 WRU, a 100-byte item still 1 WRU.
    expect(writeRequestUnits(1, 1)).to.equal(1);
    expect(writeRequestUnits(1, 3)).to.equal(3);
    expect(writeRequestUnits(1, 3, "transactional")).to.equal(6);
    expect(writeRequestUnits(1, 0.1)).to.equal(1);
  });

  it("prices a month to the cent (hand calculation in the comment)", () => {
    // 3,000,000 writes of 2.5 KB items: ceil(2.5) = 3 WRU each = 9,000,000 WRU × $0.625/M = $5.625 → $5.63 (half-up)
    // 10,000,000 eventually consistent reads of 6 KB: ceil(6/4) = 2 × 0.5 = 1 RRU each = 10,000,000 RRU × $0.125/M = $1.25
    // 30 GB stored: 30 × $0.25 = $7.50; PITR on the same 30 GB: 30 × $0.20 = $6.00. Total $20.38.
    const cost = estimateDynamoDbCost(
      {
        region: "us-east-1",
        tables: [{ name: "orders", writeRequestUnits: writeRequestUnits(3e6, 2.5), readRequestUnits: readRequestUnits(1e7, 6, "eventual"), storageGb: 30, pointInTimeRecovery: true }],
      },
      { prices: US_EAST_1 },
    );
    const byId = Object.fromEntries(cost.lines.map((l) => [l.id, l]));
    expect(byId["dynamodb.orders.writeRequests"]!.quantity).to.equal(9e6);
    expect(byId["dynamodb.orders.writeRequests"]!.usd).to.equal(5.63);
    expect(byId["dynamodb.orders.readRequests"]!.quantity).to.equal(1e7);
    expect(byId["dynamodb.orders.readRequests"]!.usd).to.equal(1.25);
    expect(byId["dynamodb.orders.storage"]!.usd).to.equal(7.5);
    expect(byId["dynamodb.orders.pitr"]!.usd).to.equal(6);
    expect(cost.totalUsd).to.equal(20.38);
  });

  it("has no PITR line when PITR is off", () => {
    // 200,000 UpdateItem of small items = 200,000 WRU × $0.625/M = $0.125 → $0.13; no reads.
    const cost = estimateDynamoDbCost({ region: "us-east-1", tables: [{ name: "pageviews", writeRequestUnits: 200_000, readRequestUnits: 0 }] }, { prices: US_EAST_1 });
    expect(cost.lines.map((l) => l.id)).to.deep.equal(["dynamodb.pageviews.writeRequests", "dynamodb.pageviews.readRequests", "dynamodb.pageviews.storage"]);
    expect(cost.totalUsd).to.equal(0.13);
  });

  it("leaves lines without a price unpriced, never borrowing another region's price", () => {
    const cost = estimateDynamoDbCost({ region: "eu-west-9", tables: [{ name: "t", writeRequestUnits: 1e6, readRequestUnits: 1e6, storageGb: 1 }] }, { prices: US_EAST_1, missingPrices: "unpriced" });
    const read = cost.lines.find((l) => l.id === "dynamodb.t.readRequests")!;
    expect(read.unpriced?.field).to.equal("dynamodb.readRequestUsdPerUnit");
    expect(read.usd).to.equal(0);
    expect(cost.totalUsd).to.equal(0.63); // only the writes: 1,000,000 × $0.625/M = $0.625 → $0.63
    expect(() => estimateDynamoDbCost({ region: "eu-west-9", tables: [{ name: "t", writeRequestUnits: 1, readRequestUnits: 1 }] }, { prices: US_EAST_1 })).to.throw(/readRequestUsdPerUnit/);
  });
});
