import { expect } from "chai";
import { estimateTriggerCost, InvalidUsageError } from "../../pricing";

describe("pricing/triggers: the 1 MB asynchronous payload limit", () => {
  it("prices a 1,024 KB average payload: (1024 − 256) / 64 = 12 extra requests per event", () => {
    // 1,000 events × 12 extra requests = 12,000 requests × $0.20/M (us-east-1) = $0.0024 → $0.00.
    const cost = estimateTriggerCost({ region: "us-east-1", asyncPayloads: [{ name: "f", eventsPerMonth: 1_000, avgPayloadKb: 1_024 }] });
    expect(cost.lines.map((l) => [l.id, l.quantity, l.unitPriceUsd])).to.deep.equal([["trigger.async.payloadRequests", 12_000, 0.0000002]]);
  });

  it("refuses to price a 1,025 KB payload, which Lambda rejects (1 MB = 1,024 KB)", () => {
    expect(() => estimateTriggerCost({ region: "us-east-1", asyncPayloads: [{ name: "f", eventsPerMonth: 1, avgPayloadKb: 1_025 }] }))
      .to.throw(InvalidUsageError, /triggers\.asyncPayloads\.0\.avgPayloadKb: got 1025, allowed ≤ 1024 KB \(Lambda's asynchronous payload limit, 1 MB\)/);
  });
});
