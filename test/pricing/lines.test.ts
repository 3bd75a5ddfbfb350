import { expect } from "chai";
import { costLine, reportedQuantity } from "../../pricing/lines";
import type { RegionPrices } from "../../pricing/types";

/** costLine reads only the region's notes. */
const NO_NOTES = { notes: {} } as unknown as RegionPrices;

describe("bill lines: quantities as reported", () => {
  it("drops binary floating-point noise: 0.1 + 0.2 GB is shown as 0.3, and 5990399.999999999 GB-s as 5,990,400", () => {
    const noisy = 0.1 + 0.2;
    expect(noisy).to.not.equal(0.3); // the noise is real
    expect(reportedQuantity(noisy)).to.equal(0.3);
    expect(reportedQuantity(5990399.999999999)).to.equal(5_990_400);
  });

  it("keeps every digit of a quantity a bill can have (12 significant digits)", () => {
    for (const q of [0, 1, 123_456_789_012, 35_000_000, 1_050_000.5, 0.000123456789012, 33.3786, 2.5e-7]) expect(reportedQuantity(q), String(q)).to.equal(q);
  });

  it("a line shows its quantities without the noise, and is charged on the quantity it shows", () => {
    // 0.1 + 0.2 GB shown as 0.3 GB, at $10 per GB = $3.00; free 0.1 + 0.2 shown as 0.3.
    const line = costLine(NO_NOTES, "test.field", { id: "test", item: "Test", quantity: 0.1 + 0.2, unit: "GB", unitPriceUsd: 10, freeQuantity: 0.1 + 0.2 });
    expect(line).to.deep.equal({ id: "test", item: "Test", quantity: 0.3, unit: "GB", unitPriceUsd: 10, usd: 3, freeQuantity: 0.3 });
    const unpriced = costLine(NO_NOTES, "test.field", { id: "test", item: "Test", quantity: 0.1 + 0.2, unit: "GB", unitPriceUsd: undefined, unpricedReason: "no price" });
    expect(unpriced.quantity).to.equal(0.3);
  });
});
