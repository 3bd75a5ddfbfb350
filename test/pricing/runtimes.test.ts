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
  // Expected dates are AWS's, from the runtimes page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html,
  // "Supported runtimes" and "Deprecated runtimes" tables), stated here independently of the generated data.
  // The old hand-written table had python3.11 2026-06-30, python3.10 2026-06-30, provided.al2 2026-06-30 and
  // nodejs16.x / python3.8 as already blocked: all wrong per that page.
  const AWS_DATES: Record<string, [deprecation: string, blockCreate: string, blockUpdate: string]> = {
    "nodejs24.x": ["2028-04-30", "2028-06-01", "2028-07-01"],
    "nodejs22.x": ["2027-04-30", "2027-06-01", "2027-07-01"],
    "nodejs20.x": ["2026-04-30", "2027-02-01", "2027-03-03"],
    "python3.11": ["2027-06-30", "2027-07-31", "2027-08-31"],
    "python3.10": ["2026-10-31", "2027-02-01", "2027-03-03"],
    "provided.al2": ["2026-07-31", "2027-02-01", "2027-03-03"],
    "nodejs16.x": ["2024-06-12", "2027-02-01", "2027-03-03"],
    "python3.8": ["2024-10-14", "2027-02-01", "2027-03-03"],
    "nodejs14.x": ["2023-12-04", "2024-01-09", "2027-03-03"],
    "python3.7": ["2023-12-04", "2024-01-09", "2027-03-03"],
    "go1.x": ["2024-01-08", "2024-02-08", "2027-03-03"],
    provided: ["2024-01-08", "2024-02-08", "2027-03-03"],
  };

  describe("LAMBDA_RUNTIMES table", () => {
    it("is generated data with a source and the dates of AWS's runtimes page", () => {
      // The newest lifecycle source (tflint-ruleset-aws deprecated_runtimes.json) was committed on 2026-08-03.
      expect(LAMBDA_RUNTIMES.asOf).to.equal("2026-08-03");
      expect(LAMBDA_RUNTIMES.source).to.match(/^https:\/\/docs\.aws\.amazon\.com\/lambda\/latest\/dg\/lambda-runtimes\.html \(via https:\/\/github\.com\/aws-cloudformation\/cfn-lint\/blob\/[0-9a-f]{40}\//);
      for (const [runtime, [deprecation, blockCreate, blockUpdate]] of Object.entries(AWS_DATES)) {
        const row = LAMBDA_RUNTIMES.runtimes.find((r) => r.runtime === runtime);
        expect(row, runtime).to.include({ deprecationDate: deprecation, blockCreateDate: blockCreate, blockUpdateDate: blockUpdate });
      }
    });

    it("knows nodejs26.x and python3.15 (in the API's Runtime enum) with no announced deprecation", () => {
      for (const runtime of ["nodejs26.x", "python3.15"]) {
        const row = LAMBDA_RUNTIMES.runtimes.find((r) => r.runtime === runtime);
        expect(row, runtime).to.include({ deprecationDate: null, blockCreateDate: null, blockUpdateDate: null });
        expect(row!.note).to.match(/no deprecation date/);
      }
    });

    it("includes Java, .NET and Ruby (java21 2029-06-30, dotnet8 2026-11-10, ruby3.4 2028-03-31)", () => {
      const dep = (r: string) => LAMBDA_RUNTIMES.runtimes.find((x) => x.runtime === r)?.deprecationDate;
      expect([dep("java21"), dep("dotnet8"), dep("ruby3.4")]).to.deep.equal(["2029-06-30", "2026-11-10", "2028-03-31"]);
    });

    it("has unique identifiers, real dates or null, and a public source on every row", () => {
      const ids = LAMBDA_RUNTIMES.runtimes.map((r) => r.runtime);
      expect(new Set(ids).size).to.equal(ids.length);
      for (const r of LAMBDA_RUNTIMES.runtimes) {
        for (const d of [r.deprecationDate, r.blockCreateDate, r.blockUpdateDate]) {
          if (d !== null) expect(isoDateToDay(d), `${r.runtime} ${d}`).to.be.a("number");
        }
        expect(r.source, r.runtime).to.match(/^https:\/\//);
      }
      expect(Object.isFrozen(LAMBDA_RUNTIMES.runtimes)).to.equal(true);
    });
  });

  describe("checkRuntime", () => {
    // nodejs20.x is deprecated on D = 2026-04-30.
    const D = "2026-04-30";
    const NODE20_BLOCKS = "AWS blocks creating functions on it from 2027-02-01 and updating them from 2027-03-03";

    it(`is ok ${RUNTIME_WARNING_DAYS + 1} days before the deprecation date`, () => {
      const r = checkRuntime("nodejs20.x", addDays(D, -181));
      expect(r).to.include({ status: "ok", message: "", daysLeft: 181 });
    });

    it("warns exactly 180 days before the deprecation date, naming the date and AWS's block dates", () => {
      const r = checkRuntime("nodejs20.x", addDays(D, -180));
      expect(r).to.include({ status: "warning", rule: "lambda.runtime.deprecating", daysLeft: 180 });
      expect(r.message).to.equal(`got "nodejs20.x", allowed until 2026-04-30, but it is deprecated in 180 days (on 2026-04-30; ${NODE20_BLOCKS}); move to nodejs24.x`);
    });

    it("still warns the day before the deprecation date", () => {
      const r = checkRuntime("nodejs20.x", addDays(D, -1));
      expect(r).to.include({ status: "warning", daysLeft: 1 });
      expect(r.message).to.match(/deprecated in 1 day \(on 2026-04-30;/);
    });

    it("rejects the runtime on the deprecation day itself (AWS stops patching that day)", () => {
      const r = checkRuntime("nodejs20.x", D);
      expect(r).to.include({ status: "error", rule: "lambda.runtime.deprecated", daysLeft: 0 });
      expect(r.message).to.match(/^got "nodejs20\.x", allowed a runtime not deprecated on 2026-04-30: nodejs26\.x, nodejs24\.x, nodejs22\.x, .*; nodejs20\.x is deprecated since 2026-04-30; AWS blocks creating functions on it from 2027-02-01 and updating them from 2027-03-03; move to nodejs24\.x$/);
      expect(r.allowed).to.not.match(/nodejs20\.x/);
    });

    it("rejects the runtime after the deprecation date", () => {
      expect(checkRuntime("nodejs20.x", addDays(D, 1))).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
      expect(checkRuntime("nodejs18.x", "2025-11-25").message).to.match(/deprecated since 2025-09-01/);
    });

    // Day before / the day / day after each deprecation date; 180 days before is the first warning day.
    const boundaries: [runtime: string, deprecation: string, blockCreate: string, blockUpdate: string][] = [
      ["nodejs24.x", "2028-04-30", "2028-06-01", "2028-07-01"],
      ["nodejs22.x", "2027-04-30", "2027-06-01", "2027-07-01"],
      ["nodejs20.x", "2026-04-30", "2027-02-01", "2027-03-03"],
      ["python3.11", "2027-06-30", "2027-07-31", "2027-08-31"],
      ["python3.10", "2026-10-31", "2027-02-01", "2027-03-03"],
      ["provided.al2", "2026-07-31", "2027-02-01", "2027-03-03"],
    ];
    for (const [runtime, dep, create, update] of boundaries) {
      it(`${runtime}: ok 181 days before ${dep}, warning 180 days before and the day before, error on ${dep} and the day after`, () => {
        const esc = (s: string) => s.replace(/\./g, "\\.");
        expect(checkRuntime(runtime, addDays(dep, -181)), "181 days before").to.include({ status: "ok" });
        expect(checkRuntime(runtime, addDays(dep, -180)), "180 days before").to.include({ status: "warning", daysLeft: 180 });
        const before = checkRuntime(runtime, addDays(dep, -1));
        expect(before).to.include({ status: "warning", rule: "lambda.runtime.deprecating", daysLeft: 1 });
        expect(before.message).to.match(new RegExp(`^got "${esc(runtime)}", allowed until ${dep}, but it is deprecated in 1 day \\(on ${dep}; AWS blocks creating functions on it from ${create} and updating them from ${update}\\)`));
        for (const today of [dep, addDays(dep, 1)]) {
          const r = checkRuntime(runtime, today);
          expect(r, today).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
          expect(r.message).to.match(new RegExp(`${esc(runtime)} is deprecated since ${dep}; AWS blocks creating functions on it from ${create} and updating them from ${update}`));
        }
      });
    }

    it("python3.11 is fine on 2026-12-06 (it deprecates 2027-06-30: 206 days later), unlike the old table", () => {
      // 2026-12-06 → 2027-06-30: 25 (Dec) + 31 + 28 + 31 + 30 + 31 + 30 = 206 days.
      expect(checkRuntime("python3.11", "2026-12-06")).to.include({ status: "ok", daysLeft: 206 });
    });

    it("nodejs16.x and python3.8: deprecated, so errors here, and the message says AWS allows creates until 2027-02-01 and updates until 2027-03-03", () => {
      for (const runtime of ["nodejs16.x", "python3.8"]) {
        for (const today of ["2027-01-31", "2027-02-01", "2027-02-02"]) {
          const r = checkRuntime(runtime, today);
          expect(r, `${runtime} ${today}`).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
          const createWord = today < "2027-02-01" ? "from" : "since";
          expect(r.message, `${runtime} ${today}`).to.match(new RegExp(`AWS blocks creating functions on it ${createWord} 2027-02-01 and updating them from 2027-03-03`));
        }
        for (const [today, word] of [["2027-03-02", "from"], ["2027-03-03", "since"], ["2027-03-04", "since"]] as const) {
          expect(checkRuntime(runtime, today).message, `${runtime} ${today}`).to.match(new RegExp(`updating them ${word} 2027-03-03`));
        }
      }
    });

    it("nodejs14.x, python3.7, go1.x and provided: creation already blocked, updates until 2027-03-03", () => {
      for (const runtime of ["nodejs14.x", "python3.7", "go1.x", "provided"]) {
        const [dep, create] = AWS_DATES[runtime]!;
        for (const today of ["2026-12-06", "2027-03-02", "2027-03-03", "2027-03-04"]) {
          const r = checkRuntime(runtime, today);
          expect(r, `${runtime} ${today}`).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
          expect(r.message).to.match(new RegExp(`deprecated since ${dep}; AWS blocks creating functions on it since ${create} and updating them ${today < "2027-03-03" ? "from" : "since"} 2027-03-03`));
        }
      }
      expect(checkRuntime("go1.x", "2026-12-06").message).to.match(/move to provided\.al2023$/);
    });

    it("a runtime whose creation is blocked before its deprecation date is an error from the block-create date", () => {
      // nodejs4.3-edge: create blocked 2019-03-31, update blocked 2019-04-30, deprecated 2020-03-05 (AWS's deprecated-runtimes table).
      expect(checkRuntime("nodejs4.3-edge", "2019-03-30")).to.include({ status: "warning", daysLeft: 1 });
      expect(checkRuntime("nodejs4.3-edge", "2019-03-30").message).to.match(/blocked for new functions in 1 day \(on 2019-03-31;/);
      for (const today of ["2019-03-31", "2019-04-01"]) {
        const r = checkRuntime("nodejs4.3-edge", today);
        expect(r, today).to.include({ status: "error", rule: "lambda.runtime.deprecated" });
        expect(r.message).to.match(/AWS blocks creating functions on nodejs4\.3-edge since 2019-03-31 and updating them (from|since) 2019-04-30 \(deprecated on 2020-03-05\)/);
      }
    });

    it("accepts nodejs26.x and python3.15 on any date (no deprecation announced)", () => {
      for (const runtime of ["nodejs26.x", "python3.15"]) {
        for (const today of ["2026-12-06", "2030-01-01", "2099-12-31"]) {
          expect(checkRuntime(runtime, today), `${runtime} ${today}`).to.deep.include({ status: "ok", message: "" });
        }
      }
    });

    it("rejects an unknown runtime and lists the allowed ones", () => {
      const r = checkRuntime("nodejs23.x", "2026-12-06");
      expect(r).to.include({ status: "error", rule: "lambda.runtime.unknown" });
      expect(r.message).to.match(/^got "nodejs23\.x", allowed one of nodejs26\.x, nodejs24\.x, nodejs22\.x, python3\.15, python3\.14, .*java21, .*provided\.al2023$/);
      expect(r.message).to.not.match(/nodejs20\.x|nodejs16\.x|go1\.x|provided\.al2,/);
    });

    it("rejects non-string runtimes without throwing", () => {
      expect(checkRuntime(22 as unknown as string).message).to.match(/^got 22 \(a number\), allowed one of/);
      expect(checkRuntime(undefined as unknown as string).message).to.match(/^got nothing, allowed one of/);
      expect(checkRuntime(null as unknown as string).status).to.equal("error");
    });

    it("defaults today to the table's asOf (2026-08-03)", () => {
      expect(checkRuntime("nodejs20.x")).to.deep.equal(checkRuntime("nodejs20.x", LAMBDA_RUNTIMES.asOf));
      // 2026-08-03 → 2026-10-31: 28 + 30 + 31 = 89 days.
      expect(checkRuntime("python3.10")).to.include({ status: "warning", daysLeft: 89 });
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
      // nodejs16.x was deprecated on 2024-06-12.
      expect(supportedRuntimes("2024-06-11")).to.include("nodejs16.x");
      expect(supportedRuntimes("2024-06-12")).to.not.include("nodejs16.x");
      expect(supportedRuntimes("2026-12-06")).to.include.members(["nodejs26.x", "python3.15", "python3.11"]);
    });
  });

  describe("esbuildTargetFor", () => {
    it("maps nodejsNN.x to nodeNN", () => {
      expect(esbuildTargetFor("nodejs22.x")).to.equal("node22");
      expect(esbuildTargetFor("nodejs24.x")).to.equal("node24");
      expect(esbuildTargetFor("nodejs20.x")).to.equal("node20");
      expect(esbuildTargetFor("nodejs26.x")).to.equal("node26");
    });

    it("returns null for non-Node runtimes and oddities", () => {
      for (const r of ["python3.13", "provided.al2023", "nodejs", "nodejs4.3-edge", "nodejs8.10", "", "node22"]) {
        expect(esbuildTargetFor(r), r).to.equal(null);
      }
    });
  });
});
