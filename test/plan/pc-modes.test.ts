import { expect } from "chai";
import { comparePcModes } from "../../plan/pc-modes";
import { rightsize } from "../../plan/rightsize";
import { validateStackSettings } from "../../config/validate";
import { HAND_CHECKED_PRICE_TABLE } from "../fixtures/hand-checked-prices";

// Issue 18: --rightsize compares on-demand, fixed and scheduled provisioned concurrency. Prices:
// AWS's published us-east-1 x86_64 figures (the hand-checked fixture): $0.20 per million requests,
// $0.0000166667 per GB-s on demand (tier 1), $0.0000041667 per GB-s provisioned, $0.0000097222 per
// GB-s of provisioned duration.

function settingsWith(pc: unknown) {
  const raw = {
    region: "us-east-1",
    network: { mode: "create", interfaceEndpoints: ["xray"] },
    pricing: { billingMonth: "2026-04" },
    functions: {
      api: {
        source: "functions/hello",
        architecture: "x86_64",
        memoryMb: 1024,
        timeoutSeconds: 5,
        reservedConcurrency: 50,
        release: { stableVersion: "1" },
        provisionedConcurrency: pc,
        // 2,628,000 requests × 1 s over the stack's 730 h (2,628,000 s): one execution busy on average.
        usage: { requestsPerMonth: 2_628_000, avgDurationMs: 1000 },
      },
    },
  };
  const r = validateStackSettings(raw, { project: "private-lambda", stack: "dev", today: "2026-04-02" });
  expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
  return r.settings!;
}

describe("rightsize: provisioned concurrency modes", () => {
  it("prices on-demand, fixed at the largest max and the schedule, names the cheapest and the break-even utilisation", () => {
    // On-demand: requests 2,628,000 × $0.0000002 = $0.5256 → $0.53; duration 2,628,000 GB-s × $0.0000166667 = $43.8000… → $43.80. Total $44.33.
    // Scheduled (min 1 all April, 720 h; busy 1 ≤ 1, so every request is served inside PC):
    //   PC 720 × 3,600 × 1 GB = 2,592,000 GB-s × $0.0000041667 = $10.8001 → $10.80;
    //   PC duration 2,628,000 GB-s × $0.0000097222 = $25.5499 → $25.55; requests $0.53. Total $36.88.
    // Fixed 4 (the largest max) for the same 720 h: PC 10,368,000 GB-s × $0.0000041667 = $43.2003 → $43.20,
    //   PC duration $25.55, requests $0.53. Total $69.28.
    const s = settingsWith({ min: 1, max: 4 });
    const c = comparePcModes(s, s.functions[0]!, HAND_CHECKED_PRICE_TABLE)!;
    expect(c.modes.map((m) => [m.mode, m.monthlyUsd, m.utilization])).to.deep.equal([
      ["on-demand", 44.33, null],
      ["fixed", 69.28, 0.25],
      ["scheduled", 36.88, 1],
    ]);
    expect(c.cheapest).to.equal("scheduled");
    // 0.0000041667 / (0.0000166667 − 0.0000097222) = 0.59999… → 0.6.
    expect(c.breakEvenUtilization).to.equal(0.6);
    expect(c.notes.join("\n")).to.match(/pays off above 60\.0 % utilisation \(x86_64, us-east-1: PC price ÷ \(on-demand duration price − PC duration price\)\)/);
  });

  it("prices the schedule at the measured allocation when the usage file has one", () => {
    // Measured: average 2 allocated over the whole window (coverage 1), instead of the min 1.
    // Scheduled: PC 2 × 720 h × 3,600 s × 1 GB = 5,184,000 GB-s × $0.0000041667 = $21.6002 → $21.60;
    //   PC duration $25.55 and requests $0.53 as above. Total $47.68. Utilisation: 1 busy ÷ 2 allocated = 0.5.
    const s = settingsWith({ min: 1, max: 4 });
    const f = { ...s.functions[0]!, measuredProvisionedConcurrency: { avgAllocated: 2, coverage: 1, window: "2026-03-18/2026-04-01" } };
    const c = comparePcModes({ ...s, functions: [f] }, f, HAND_CHECKED_PRICE_TABLE)!;
    const scheduled = c.modes.find((m) => m.mode === "scheduled")!;
    expect([scheduled.monthlyUsd, scheduled.utilization]).to.deep.equal([47.68, 0.5]);
    expect(scheduled.setting).to.equal("the schedule over 2026-04, allocation measured 2026-03-18/2026-04-01 (average 2)");
    expect(c.cheapest).to.equal("on-demand");
  });

  it("for a fixed value: on-demand against it, and rightsize() carries the comparison; none for a function without provisioned concurrency", () => {
    // Fixed 2 for the stack's 730 h: PC 2 × 730 × 3,600 = 5,256,000 GB-s × $0.0000041667 = $21.9002 → $21.90;
    // PC duration $25.55; requests $0.53. Total $47.98, above on-demand's $44.33.
    const s = settingsWith(2);
    const r = rightsize(s, { prices: HAND_CHECKED_PRICE_TABLE });
    const c = r.functions[0]!.provisioned!;
    expect(c.modes.map((m) => [m.mode, m.monthlyUsd])).to.deep.equal([
      ["on-demand", 44.33],
      ["fixed", 47.98],
    ]);
    expect(c.cheapest).to.equal("on-demand");
    const none = settingsWith(undefined);
    expect(rightsize(none, { prices: HAND_CHECKED_PRICE_TABLE }).functions[0]!.provisioned).to.equal(undefined);
  });
});
