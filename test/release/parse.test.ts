import { expect } from "chai";
import fc from "fast-check";
import { UsageError } from "../../release/errors";
import { formatDuration, parseDuration, parseSteps, parseVersion, parseWeight, toPercent, toWeight } from "../../release/parse";

describe("release/parse", () => {
  describe("parseWeight", () => {
    for (const [text, w] of [
      ["0", 0],
      ["0.1", 0.1],
      [".25", 0.25],
      ["1", 1],
      ["1.0", 1],
      [" 0.5 ", 0.5],
    ] as const) {
      it(`accepts ${JSON.stringify(text)} as ${w}`, () => expect(parseWeight(text)).to.equal(w));
    }

    for (const [text, hint] of [
      ["-0.1", /cannot be negative/],
      ["1.5", /allowed a number 0–1/],
      ["abc", /allowed a number 0–1/],
      ["", /allowed a number 0–1/],
      ["10", /for 10 % give 0\.1/],
      ["10%", /give a share/],
      ["1e-1", /allowed a number 0–1/],
      ["0x1", /allowed a number 0–1/],
      ["NaN", /allowed a number 0–1/],
      ["Infinity", /allowed a number 0–1/],
    ] as const) {
      it(`rejects ${JSON.stringify(text)} naming the flag, the value and the range`, () => {
        expect(() => parseWeight(text)).to.throw(UsageError, new RegExp(`^--weight: got ${JSON.stringify(text).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, allowed a number 0–1`));
        expect(() => parseWeight(text)).to.throw(UsageError, hint);
      });
    }

    it("accepts every decimal in 0–1 and rejects every number outside (property)", () => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (w) => {
          const text = w.toFixed(6);
          expect(parseWeight(text)).to.equal(Number(text));
        }),
      );
      fc.assert(
        fc.property(fc.double({ noNaN: true }).filter((w) => w < 0 || w > 1), (w) => {
          expect(() => parseWeight(String(w))).to.throw(UsageError);
        }),
      );
    });
  });

  describe("parseSteps", () => {
    it("parses ascending percentages, with or without %", () => {
      expect(parseSteps("10,25,50,100")).to.deep.equal([10, 25, 50, 100]);
      expect(parseSteps("5%, 100%")).to.deep.equal([5, 100]);
      expect(parseSteps("100")).to.deep.equal([100]);
    });
    for (const [text, why] of [
      ["", /allowed comma-separated integer percentages 1–100/],
      ["10,,50", /allowed comma-separated/],
      ["0,50", /0 is outside 1–100/],
      ["50,150", /150 is outside 1–100/],
      ["50,25", /25 does not come after 50/],
      ["10,10", /10 does not come after 10/],
      ["10.5,20", /allowed comma-separated/],
      ["a,b", /allowed comma-separated/],
    ] as const) {
      it(`rejects ${JSON.stringify(text)}`, () => expect(() => parseSteps(text)).to.throw(UsageError, why).with.property("message").that.matches(/^--steps: got /));
    }
  });

  describe("parseDuration", () => {
    it("parses seconds, minutes and hours", () => {
      expect(parseDuration("30s", "--interval")).to.equal(30_000);
      expect(parseDuration("5m", "--interval")).to.equal(300_000);
      expect(parseDuration("1h", "--interval")).to.equal(3_600_000);
    });
    for (const text of ["", "5", "5 min", "0s", "25h", "-5m", "1.5m", "5d"]) {
      it(`rejects ${JSON.stringify(text)}`, () => expect(() => parseDuration(text, "--interval")).to.throw(UsageError, /^--interval: got .*, allowed a whole number of seconds, minutes or hours such as 30s, 5m, 1h/));
    }
    it("formats what is left", () => {
      expect(formatDuration(330_000)).to.equal("5m30s");
      expect(formatDuration(45_000)).to.equal("45s");
      expect(formatDuration(3_600_000)).to.equal("1h");
      expect(formatDuration(0)).to.equal("0s");
    });
  });

  describe("parseVersion", () => {
    it("accepts positive integers and normalises them", () => {
      expect(parseVersion("7", "--to")).to.equal("7");
      expect(parseVersion("007", "--to")).to.equal("7");
    });
    for (const text of ["0", "-1", "1.5", "$LATEST", "", "v3"]) {
      // The rule is the stack schema's (checkPublishedVersion): Lambda numbers versions from 1.
      it(`rejects ${JSON.stringify(text)}`, () => expect(() => parseVersion(text, "--to")).to.throw(UsageError, /^--to: got .*, allowed a published version number ≥ 1 \(Lambda numbers versions from 1\)/));
    }
  });

  it("converts weights and percentages without float noise", () => {
    expect(toPercent(0.29)).to.equal(29);
    expect(toWeight(29)).to.equal(0.29);
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), (p) => toPercent(toWeight(p)) === p));
  });
});
