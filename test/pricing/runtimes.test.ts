import { expect } from "chai";
import fc from "fast-check";
import {
  checkRuntime,
  esbuildTargetFor,
  isoDateToDay,
  LAMBDA_RUNTIMES,
  RUNTIME_WARNING_DAYS,
  supportedRuntimes,
} from "../../pricing/runtimes";
import { addDays } from "./limits-fixtures";

describe("pricing/runtimes", () => {
  describe("LAMBDA_RUNTIMES table", () => {
    it("is dated data with a source and the dates of docs/sources.md#runtimes (golden)", () => {
      expect(LAMBDA_RUNTIMES.asOf).to.equal("2025-11-25");
      expect(LAMBDA_RUNTIMES.source).to.match(/^https:\/\/docs\.aws\.amazon\.com\/lambda\//);
      const dates = Object.fromEntries(LAMBDA_RUNTIMES.runtimes.filter((r) => !r.blocked).map((r) => [r.runtime, r.deprecationDate]));
      expect(dates).to.deep.equal({
        "nodejs24.x": "2028-04-30",
        "nodejs22.x": "2027-04-30",
        "nodejs20.x": "2026-04-30",
        "nodejs18.x": "2025-09-01",
        "python3.14": "2029-06-30",
        "python3.13": "2029-06-30",
        "python3.12": "2028-10-31",
        "python3.11": "2026-06-30",
        "python3.10": "2026-06-30",
        "python3.9": "2025-12-15",
        "provided.al2023": "2029-06-30",
        "provided.al2": "2026-06-30",
      });
    });

    it("has unique identifiers, real dates and a source on every row", () => {
      const ids = LAMBDA_RUNTIMES.runtimes.map((r) => r.runtime);
      expect(new Set(ids).size).to.equal(ids.length);
      for (const r of LAMBDA_RUNTIMES.runtimes) {
        expect(isoDateToDay(r.deprecationDate), r.runtime).to.be.a("number");
        expect(r.source, r.runtime).to.have.length.above(10);
      }
    });

    it("blocks nodejs16.x, python3.8 and older, go1.x and provided", () => {
      const blocked = LAMBDA_RUNTIMES.runtimes.filter((r) => r.blocked).map((r) => r.runtime);
      expect(blocked).to.include.members(["nodejs16.x", "nodejs14.x", "python3.8", "python3.7", "python2.7", "go1.x", "provided"]);
      expect(blocked).to.not.include.members(["nodejs18.x", "python3.9", "provided.al2"]);
    });
  });

  describe("checkRuntime", () => {
    // nodejs20.x is deprecated on D = 2026-04-30.
    const D = "2026-04-30";

    it(`is ok ${RUNTIME_WARNING_DAYS + 1} days before the deprecation date`, () => {
      const r = checkRuntime("nodejs20.x", addDays(D, -181));
      expect(r).to.include({ status: "ok", message: "", daysLeft: 181 });
    });

    it("warns exactly 180 days before the deprecation date, naming the date", () => {
      const r = checkRuntime("nodejs20.x", addDays(D, -180));
      expect(r).to.include({ status: "warning", rule: "lambda.runtime.deprecating", daysLeft: 180 });
      expect(r.message).to.match(/^got "nodejs20\.x", allowed until 2026-04-30, but it is deprecated in 180 days \(on 2026-04-30\); move to nodejs24\.x$/);
    });

    it("still warns the day before the deprecation date", () => {
      const r = checkRuntime("nodejs20.x", addDays(D, -1));
      expect(r).to.include({ status: "warning", daysLeft: 1 });
      expect(r.message).to.match(/deprecated in 1 day \(on 2026-04-30\)/);
    });

    it("rejects the runtime on the deprecation day itself (AWS stops patching that day)", () => {
      const r = checkRuntime("nodejs20.x", D);
      expect(r).to.include({ status: "error", rule: "lambda.runtime.deprecated", daysLeft: 0 });
      expect(r.message).to.match(/^got "nodejs20\.x", allowed a runtime not deprecated on 2026-04-30: nodejs24\.x, nodejs22\.x, .*; nodejs20\.x is deprecated since 2026-04-30; move to nodejs24\.x$/);
      expect(r.allowed).to.not.match(/nodejs20\.x/);
    });

    it("rejects the runtime after the deprecation date", () => {
      expect(checkRuntime("nodejs20.x", addDays(D, 1))).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
      expect(checkRuntime("nodejs18.x", "2025-11-25").message).to.match(/deprecated since 2025-09-01/);
    });

    it("rejects a blocked runtime whatever today is, with the date", () => {
      const r = checkRuntime("nodejs16.x", "2020-01-01");
      expect(r).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
      expect(r.message).to.match(/AWS blocks creating and updating functions on nodejs16\.x \(deprecated 2024-06-12\); move to nodejs24\.x/);
      expect(checkRuntime("go1.x").message).to.match(/move to provided\.al2023/);
    });

    it("rejects an unknown runtime and lists the allowed ones", () => {
      const r = checkRuntime("java21", "2025-11-25");
      expect(r).to.include({ status: "error", rule: "lambda.runtime.unknown" });
      expect(r.message).to.match(/^got "java21", allowed one of nodejs24\.x, nodejs22\.x, nodejs20\.x, python3\.14, .*provided\.al2$/);
      expect(r.message).to.not.match(/nodejs18\.x|nodejs16\.x|go1\.x/);
    });

    it("rejects non-string runtimes without throwing", () => {
      expect(checkRuntime(22 as unknown as string).message).to.match(/^got 22 \(a number\), allowed one of/);
      expect(checkRuntime(undefined as unknown as string).message).to.match(/^got nothing, allowed one of/);
      expect(checkRuntime(null as unknown as string).status).to.equal("error");
    });

    it("defaults today to the table's asOf", () => {
      expect(checkRuntime("nodejs20.x")).to.deep.equal(checkRuntime("nodejs20.x", LAMBDA_RUNTIMES.asOf));
      expect(checkRuntime("nodejs20.x")).to.include({ status: "warning", daysLeft: 156 });
      expect(checkRuntime("nodejs22.x").status).to.equal("ok");
    });

    it("reports an invalid today instead of throwing", () => {
      for (const today of ["2025-02-30", "yesterday", "2025-1-01", ""]) {
        const r = checkRuntime("nodejs22.x", today);
        expect(r, today).to.include({ status: "error", rule: "lambda.runtime.today" });
        expect(r.message).to.match(/allowed an ISO date YYYY-MM-DD/);
      }
    });
  });

  describe("isoDateToDay", () => {
    it("agrees with Date.UTC for every calendar date from 1900 to 2200", () => {
      fc.assert(
        fc.property(fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(isoDateToDay(iso)).to.equal(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 86_400_000);
        }),
      );
    });

    it("rejects impossible dates and other formats", () => {
      expect(isoDateToDay("2024-02-29")).to.be.a("number");
      for (const s of ["2025-02-29", "1900-02-29", "2025-13-01", "2025-04-31", "2025-00-10", "2025-4-1", "20250401", 20250401]) {
        expect(isoDateToDay(s), String(s)).to.equal(undefined);
      }
    });
  });

  describe("supportedRuntimes", () => {
    it("drops runtimes once deprecated", () => {
      expect(supportedRuntimes("2026-04-29")).to.include("nodejs20.x");
      expect(supportedRuntimes("2026-04-30")).to.not.include("nodejs20.x");
      expect(supportedRuntimes("2020-01-01")).to.not.include("nodejs16.x");
    });
  });

  describe("esbuildTargetFor", () => {
    it("maps nodejsNN.x to nodeNN", () => {
      expect(esbuildTargetFor("nodejs22.x")).to.equal("node22");
      expect(esbuildTargetFor("nodejs24.x")).to.equal("node24");
      expect(esbuildTargetFor("nodejs20.x")).to.equal("node20");
    });

    it("returns null for non-Node runtimes and oddities", () => {
      for (const r of ["python3.13", "provided.al2023", "nodejs", "nodejs4.3-edge", "nodejs8.10", "", "node22"]) {
        expect(esbuildTargetFor(r), r).to.equal(null);
      }
    });
  });
});
