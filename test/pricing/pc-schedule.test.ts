import { expect } from "chai";
import fc from "fast-check";
import { billingMonthRange, expandPcMonth, pcBreakEvenUtilization, pcChargeUsd, type PcScalingSpec } from "../../pricing/pc-schedule";
import { HAND_CHECKED_PRICE_TABLE } from "../fixtures/hand-checked-prices";

// Provisioned concurrency that follows a schedule, expanded over a billing month (a UTC calendar
// month, as AWS bills). Every figure below is worked out by hand in the comment above it.

/** Nights (00:00–06:00 local) at min 0, days at min 3; the target's own capacity 0–10. */
function nights(timezone: string): PcScalingSpec {
  return {
    min: 0,
    max: 10,
    schedules: [
      { name: "night", expression: "cron(0 0 * * ? *)", timezone, min: 0, max: 1 },
      { name: "day", expression: "cron(0 6 * * ? *)", timezone, min: 3, max: 10 },
    ],
  };
}

const hoursAt = (m: ReturnType<typeof expandPcMonth>, min: number) => m.hoursAt.filter((h) => h.min === min).reduce((s, h) => s + h.hours, 0);

describe("provisioned-concurrency schedules over a billing month", () => {
  it("reads YYYY-MM as a UTC month and refuses anything else", () => {
    expect(billingMonthRange("2026-03")).to.deep.equal({ fromMs: Date.UTC(2026, 2, 1), toMs: Date.UTC(2026, 3, 1) });
    expect(billingMonthRange("2026-13")).to.equal(undefined);
    expect(billingMonthRange("2026-3")).to.equal(undefined);
    expect(() => expandPcMonth(nights("UTC"), "March")).to.throw(/billing month "March" is not YYYY-MM/);
  });

  it("America/New_York, March 2026 (spring forward on the 8th): 185 night hours, 559 day hours, 1,677 concurrency-hours", () => {
    // The month is 2026-03-01T00:00Z to 2026-04-01T00:00Z: 31 × 24 = 744 h.
    // It starts at 2026-02-28 19:00 EST, after the "day" action of 06:00 that day: min 3.
    // Nights 00:00–06:00 local: 6 h each, except 2026-03-08 (02:00 skipped): 00:00 EST = 05:00Z to
    // 06:00 EDT = 10:00Z, 5 h. The night of 04-01 starts at 04:00Z on 04-01, outside. 31 × 6 − 1 = 185 h.
    // Days: 744 − 185 = 559 h at min 3 → 3 × 559 = 1,677 concurrency-hours.
    const m = expandPcMonth(nights("America/New_York"), "2026-03");
    expect(m.hours).to.equal(744);
    expect(m.segments[0]).to.include({ min: 3, max: 10, setBy: "day" });
    expect(hoursAt(m, 0)).to.equal(185);
    expect(hoursAt(m, 3)).to.equal(559);
    expect(m.minConcurrencyHours).to.equal(1677);
    expect(m.peakMax).to.equal(10);
  });

  it("America/New_York, November 2026 (fall back on the 1st): the long night is 7 h; 181 night hours, 539 day hours", () => {
    // 2026-11-01T00:00Z to 2026-12-01T00:00Z: 30 × 24 = 720 h; it starts at 2026-10-31 20:00 EDT (day, min 3).
    // Night of 11-01: 00:00 EDT = 04:00Z to 06:00 EST = 11:00Z, 7 h; the other 29 nights 6 h: 7 + 174 = 181 h.
    // The night of 12-01 starts at 05:00Z on 12-01, outside. Days: 720 − 181 = 539 h → 1,617 concurrency-hours.
    const m = expandPcMonth(nights("America/New_York"), "2026-11");
    expect(m.hours).to.equal(720);
    expect(hoursAt(m, 0)).to.equal(181);
    expect(hoursAt(m, 3)).to.equal(539);
    expect(m.minConcurrencyHours).to.equal(1617);
  });

  it("Europe/Berlin, March 2026: the month starts inside a night set the evening before; 186 night hours", () => {
    // 2026-03-01T00:00Z is 01:00 CET: the "night" action fired at 2026-02-28T23:00Z, so the month opens at min 0.
    // Nights in the month: 03-01 from 00:00Z to 05:00Z (06:00 CET): 5 h; 03-02..03-28 (CET): 27 × 6 = 162 h;
    // 03-29 (CEST from 02:00 local): 23:00Z on 03-28 to 04:00Z: 5 h; 03-30, 03-31 (CEST): 12 h;
    // the night of 04-01 starts at 22:00Z on 03-31: 2 h before the month ends. 5 + 162 + 5 + 12 + 2 = 186 h.
    const m = expandPcMonth(nights("Europe/Berlin"), "2026-03");
    expect(m.segments[0]).to.include({ min: 0, max: 1, setBy: "night" });
    expect(hoursAt(m, 0)).to.equal(186);
    expect(hoursAt(m, 3)).to.equal(744 - 186);
  });

  it("keeps what a one-time at() set: before it the target's own capacity, after it the action's, and in later months too", () => {
    // at 2026-03-15 12:00 UTC: 14 days + 12 h = 348 h at the target's 1–2, then 744 − 348 = 396 h at 4.
    const spec: PcScalingSpec = { min: 1, max: 2, schedules: [{ name: "launch", expression: "at(2026-03-15T12:00:00)", min: 4, max: 4 }] };
    const march = expandPcMonth(spec, "2026-03");
    expect(march.hoursAt).to.deep.equal([
      { min: 1, max: 2, hours: 348 },
      { min: 4, max: 4, hours: 396 },
    ]);
    expect(march.segments[0]!.setBy).to.equal(undefined);
    expect(expandPcMonth(spec, "2026-04").hoursAt).to.deep.equal([{ min: 4, max: 4, hours: 720 }]);
    expect(expandPcMonth(spec, "2026-02").hoursAt).to.deep.equal([{ min: 1, max: 2, hours: 672 }]);
  });

  it("without schedules the target's min holds all month", () => {
    const m = expandPcMonth({ min: 2, max: 8, schedules: [] }, "2026-02");
    expect(m.hoursAt).to.deep.equal([{ min: 2, max: 8, hours: 672 }]);
    expect(m.minConcurrencyHours).to.equal(1344);
    expect(m.peakMax).to.equal(8);
  });

  it("property: the segments tile the month, and Σ min × hours lies between the smallest and largest min × the month", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom("UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney"),
        fc.constantFrom("2026-03", "2026-04", "2026-10", "2026-11"),
        (h1, h2, a, b, tz, month) => {
          const spec: PcScalingSpec = {
            min: 1,
            max: 10,
            schedules: [
              { name: "a", expression: `cron(0 ${h1} ? * MON-FRI *)`, timezone: tz, min: a, max: 10 },
              { name: "b", expression: `cron(30 ${h2} ? * MON-FRI *)`, timezone: tz, min: b, max: 10 },
            ],
          };
          const m = expandPcMonth(spec, month);
          const range = billingMonthRange(month)!;
          expect(m.segments[0]!.fromMs).to.equal(range.fromMs);
          expect(m.segments[m.segments.length - 1]!.toMs).to.equal(range.toMs);
          m.segments.slice(1).forEach((s, i) => expect(s.fromMs).to.equal(m.segments[i]!.toMs));
          expect(m.hoursAt.reduce((s, h) => s + h.hours, 0)).to.be.closeTo(m.hours, 1e-9);
          expect(m.minConcurrencyHours).to.be.within(Math.min(1, a, b) * m.hours - 1e-9, Math.max(1, a, b) * m.hours + 1e-9);
        },
      ),
      { numRuns: 40 },
    );
  });

  describe("cost", () => {
    it("prices concurrency-hours at the GB-s price: the New York March example at 1,024 MB, x86_64 us-east-1, $25.16; always-on max 10, $111.60", () => {
      // AWS's published us-east-1 x86_64 provisioned-concurrency price: $0.0000041667 per GB-s.
      // 1,677 h × 3,600 s × 1 GB = 6,037,200 GB-s × 0.0000041667 = $25.1552… → $25.16.
      // Always-on max: 10 × 744 h × 3,600 s × 1 GB = 26,784,000 GB-s × 0.0000041667 = $111.6009… → $111.60.
      const price = HAND_CHECKED_PRICE_TABLE.regions["us-east-1"]!.lambda!.provisionedConcurrencyUsdPerGbSecond!.x86_64!;
      expect(price).to.equal(0.0000041667);
      expect(pcChargeUsd(1677, 1024, price)).to.equal(25.16);
      expect(pcChargeUsd(10 * 744, 1024, price)).to.equal(111.6);
    });

    it("derives the break-even utilisation from the prices: 60 % on x86_64 in us-east-1", () => {
      // u = P_pc / (P_onDemand − P_pcDuration) = 0.0000041667 / (0.0000166667 − 0.0000097222)
      //   = 0.0000041667 / 0.0000069445 = 0.59999…
      const us = HAND_CHECKED_PRICE_TABLE.regions["us-east-1"]!;
      expect(pcBreakEvenUtilization(us, "x86_64")).to.be.closeTo(0.6, 0.0005);
      // arm64: 0.0000033334 / (0.0000133334 − 0.0000077778) = 0.0000033334 / 0.0000055556 = 0.60001…
      expect(pcBreakEvenUtilization(us, "arm64")).to.be.closeTo(0.6, 0.0005);
      expect(pcBreakEvenUtilization({ lambda: {} }, "x86_64")).to.equal(undefined);
    });
  });
});
