import { expect } from "chai";
import * as fc from "fast-check";
import {
  allocateCents,
  formatUsd,
  fromCents,
  INVALID_ALLOCATION_MESSAGE,
  NON_FINITE_AMOUNT_MESSAGE,
  roundCents,
  sumUsd,
  toCents,
} from "../../pricing/money";

describe("pricing/money", () => {
  describe("roundCents", () => {
    // docs/sources.md#billing-rules: each line item is rounded to cents half-up (E1 2.333338 → 2.33, E2 1.488 → 1.49, E3 0.0779 → 0.08).
    const cases: readonly [number, number][] = [
      [2.333338, 2.33],
      [1.488, 1.49],
      [0.0779, 0.08],
      [0.005, 0.01],
      [1.005, 1.01],
      [2.675, 2.68],
      [0.004999, 0],
      [0.015000000000000001, 0.02],
      [248.000496, 248],
      [105.333544, 105.33],
      [0, 0],
      [1234567.895, 1234567.9],
    ];
    for (const [input, expected] of cases) {
      it(`rounds ${input} half-up to ${expected}`, () => {
        expect(roundCents(input)).to.equal(expected);
      });
    }

    it("rounds negative amounts half away from zero", () => {
      expect(roundCents(-1.005)).to.equal(-1.01);
      expect(roundCents(-0.004)).to.equal(0);
    });

    it("rejects NaN and infinities with the exported message", () => {
      expect(() => roundCents(Number.NaN)).to.throw(RangeError, NON_FINITE_AMOUNT_MESSAGE);
      expect(() => toCents(Infinity)).to.throw(RangeError, /finite/);
    });

    it("is monotone non-decreasing", () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), (a, d) => {
          expect(toCents(a + d)).to.be.at.least(toCents(a));
        }),
      );
    });

    it("is idempotent and within half a cent of the input", () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), (a) => {
          const rounded = roundCents(a);
          expect(roundCents(rounded)).to.equal(rounded);
          expect(Math.abs(rounded - a)).to.be.at.most(0.005 + 1e-9);
        }),
      );
    });
  });

  describe("toCents / fromCents / sumUsd", () => {
    it("converts to whole cents and back", () => {
      expect(toCents(2.33)).to.equal(233);
      expect(fromCents(233)).to.equal(2.33);
    });

    it("sums rounded amounts exactly in cents ($2.33 + $0.40 = $2.73, docs/sources.md#billing-rules)", () => {
      expect(sumUsd([2.33, 0.4])).to.equal(2.73);
      expect(sumUsd([0.1, 0.2])).to.equal(0.3);
      expect(sumUsd([])).to.equal(0);
    });
  });

  describe("allocateCents", () => {
    it("splits by weight and keeps the sum", () => {
      expect(allocateCents(10, [1, 1, 1])).to.deep.equal([3, 4, 3]);
      expect(allocateCents(83, [1, 1])).to.deep.equal([42, 41]);
      expect(allocateCents(100, [3, 0, 1])).to.deep.equal([75, 0, 25]);
      expect(allocateCents(0, [0, 0])).to.deep.equal([0, 0]);
    });

    it("rejects fractional or negative totals, negative weights, and cents without weight", () => {
      expect(() => allocateCents(1.5, [1])).to.throw(RangeError, INVALID_ALLOCATION_MESSAGE);
      expect(() => allocateCents(-1, [1])).to.throw(RangeError, INVALID_ALLOCATION_MESSAGE);
      expect(() => allocateCents(1, [-1, 2])).to.throw(RangeError, INVALID_ALLOCATION_MESSAGE);
      expect(() => allocateCents(1, [0, 0])).to.throw(RangeError, INVALID_ALLOCATION_MESSAGE);
    });

    it("shares sum to the total, are non-negative and within one cent of the exact share", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 10_000_000 }),
          fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 8 }),
          (total, weights) => {
            const weightSum = weights.reduce((a, b) => a + b, 0);
            fc.pre(weightSum > 0);
            const shares = allocateCents(total, weights);
            expect(shares.reduce((a, b) => a + b, 0)).to.equal(total);
            shares.forEach((share, i) => {
              expect(Number.isInteger(share)).to.equal(true);
              expect(share).to.be.at.least(0);
              expect(Math.abs(share - (total * weights[i]) / weightSum)).to.be.below(1 + 1e-6);
            });
          },
        ),
      );
    });
  });

  describe("formatUsd", () => {
    const cases: readonly [number, string][] = [
      [1234.56, "$1,234.56"],
      [0, "$0.00"],
      [0.5, "$0.50"],
      [1.005, "$1.01"],
      [98.55, "$98.55"],
      [1234567.891, "$1,234,567.89"],
      [-0.5, "-$0.50"],
      [1000, "$1,000.00"],
    ];
    for (const [input, expected] of cases) {
      it(`formats ${input} as ${expected}`, () => {
        expect(formatUsd(input)).to.equal(expected);
      });
    }
  });
});
