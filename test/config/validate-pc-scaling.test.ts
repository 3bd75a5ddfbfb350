import { expect } from "chai";
import type { Violation } from "../../pricing";
import { validateStackSettings } from "../../config/validate";

// Issue 18: `functions.<key>.provisionedConcurrency` as { min, max, targetUtilization?, schedules? },
// validated before anything is registered, every problem at once, at each boundary.

const opts = { project: "private-lambda", stack: "dev", today: "2026-03-05" };
const P = "functions.api.provisionedConcurrency";

function stack(pc: unknown, fn: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    region: "us-east-1",
    network: { mode: "create", interfaceEndpoints: ["xray"] },
    functions: { api: { source: "functions/hello", reservedConcurrency: 50, release: { stableVersion: "1" }, provisionedConcurrency: pc, ...fn } },
    ...extra,
  };
}

function problems(pc: unknown, fn?: Record<string, unknown>, extra?: Record<string, unknown>): Violation[] {
  return validateStackSettings(stack(pc, fn, extra), opts).problems;
}

const at = (ps: readonly Violation[], path: string) => ps.filter((p) => p.path === path);
const schedule = (over: Record<string, unknown> = {}) => ({ name: "open", cron: "0 8 ? * MON-FRI *", timezone: "America/New_York", min: 5, max: 20, ...over });

describe("provisionedConcurrency that scales: validation", () => {
  it("accepts a number (today's fixed value) and a full block, and normalises the block", () => {
    expect(problems(5)).to.deep.equal([]);
    const r = validateStackSettings(stack({ min: 1, max: 5, schedules: [schedule(), schedule({ name: "close", cron: "cron(0 18 ? * MON-FRI *)", min: 1, max: 5 })] }), opts);
    expect(r.problems).to.deep.equal([]);
    const f = r.settings!.functions[0]!;
    expect(f.provisionedConcurrency).to.equal(undefined);
    expect(f.provisionedConcurrencyScaling).to.deep.equal({
      min: 1,
      max: 5,
      targetUtilization: 0.7,
      schedules: [
        { name: "open", expression: "cron(0 8 ? * MON-FRI *)", timezone: "America/New_York", min: 5, max: 20 },
        { name: "close", expression: "cron(0 18 ? * MON-FRI *)", timezone: "America/New_York", min: 1, max: 5 },
      ],
    });
    expect(r.settings!.pricing.billingMonth).to.equal("2026-03");
  });

  it("min: 0 allowed, −1 and 1.5 not; max: 1 allowed, 0 not; min = max allowed, min = max + 1 not", () => {
    expect(problems({ min: 0, max: 1 })).to.deep.equal([]);
    expect(problems({ min: 3, max: 3 })).to.deep.equal([]);
    expect(at(problems({ min: -1, max: 1 }), `${P}.min`)[0]!.message).to.equal(`${P}.min: got -1, allowed an integer ≥ 0`);
    expect(at(problems({ min: 1.5, max: 2 }), `${P}.min`)[0]!.rule).to.equal("pc.scaling.min");
    expect(at(problems({ min: 0, max: 0 }), `${P}.max`)[0]!.message).to.equal(`${P}.max: got 0, allowed an integer ≥ 1`);
    expect(at(problems({ min: 4, max: 3 }), `${P}.min`)[0]!.message).to.equal(`${P}.min: got 4, allowed at most max (3)`);
  });

  it("max within reservedConcurrency: 49 fine, 50 a warning (nothing left for unaliased calls), 51 an error", () => {
    expect(problems({ min: 1, max: 49 })).to.deep.equal([]);
    const equal = problems({ min: 1, max: 50 });
    expect(equal.map((p) => [p.path, p.severity, p.rule])).to.deep.equal([[`${P}.max`, "warning", "pc.scaling.maxEqualsReserved"]]);
    const above = at(problems({ min: 1, max: 51 }), `${P}.max`)[0]!;
    expect(above.severity).to.equal("error");
    expect(above.message).to.equal(`${P}.max: got 51, allowed an integer ≤ reservedConcurrency 50; AWS rejects provisioned concurrency above the reserved concurrency`);
  });

  it("without a reservation: max within the account's concurrency minus the unreserved floor (1000 − 100 = 900), the schedules' max too", () => {
    const unreserved = { reservedConcurrency: undefined };
    expect(problems({ min: 1, max: 900 }, unreserved).filter((p) => p.severity === "error")).to.deep.equal([]);
    const ps = problems({ min: 1, max: 901, schedules: [schedule({ max: 950 })] }, unreserved);
    expect(at(ps, `${P}.max`)[0]!.message).to.match(/got 901, allowed an integer ≤ 900 \(account concurrency 1000 − 100 unreserved minimum, account\.concurrencyLimit\)/);
    expect(at(ps, `${P}.schedules.0.max`)[0]!.message).to.match(/got 950, allowed an integer ≤ 900/);
    // Not also reported by the limits validator at the bare provisionedConcurrency path.
    expect(at(ps, P)).to.deep.equal([]);
  });

  it("counts an unreserved function's largest max in the account-wide Σ with the other functions", () => {
    const raw = stack({ min: 1, max: 500 }, { reservedConcurrency: undefined });
    (raw.functions as Record<string, unknown>).other = { source: "functions/hello", reservedConcurrency: 450 };
    const sum = validateStackSettings(raw, opts).problems.filter((p) => p.rule === "lambda.concurrency.unreservedFloor");
    expect(sum).to.have.length(1);
    expect(sum[0]!.message).to.match(/Σ reserved concurrency 950 \(api 500 provisioned, no reservation \+ other 450\)/);
  });

  it("targetUtilization: 0.1 and 0.9 allowed, 0.09 and 0.91 not", () => {
    expect(problems({ min: 1, max: 5, targetUtilization: 0.1 })).to.deep.equal([]);
    expect(problems({ min: 1, max: 5, targetUtilization: 0.9 })).to.deep.equal([]);
    for (const t of [0.09, 0.91]) {
      const p = at(problems({ min: 1, max: 5, targetUtilization: t }), `${P}.targetUtilization`)[0]!;
      expect(p.message).to.equal(`${P}.targetUtilization: got ${t}, allowed a number 0.1–0.9 (share of the provisioned concurrency in use that target tracking aims at); omit it for 0.7`);
    }
  });

  it("schedules: every problem at once, each at its path, with the value given and what is allowed", () => {
    const ps = problems({
      min: 1,
      max: 5,
      schedules: [
        schedule({ cron: "0 8 * * MON-FRI *" }),
        schedule({ name: "b", cron: undefined, rate: "1 day", at: "2026-03-10T08:00:00" }),
        schedule({ name: "c", timezone: "america/new_york", cron: "0 9 ? * MON-FRI *" }),
        schedule({ name: "d", timezone: "Mars/Olympus_Mons", cron: "0 10 ? * MON-FRI *" }),
        schedule({ name: "e", cron: undefined, at: "2026-02-30T08:00:00", min: 6, max: 2 }),
        schedule({ name: "c", cron: "0 11 ? * MON-FRI *" }),
        schedule({ name: "a:b", cron: "0 12 ? * MON-FRI *" }),
      ],
    });
    const msg = (path: string) => at(ps, path).map((p) => p.message);
    expect(msg(`${P}.schedules.0.cron`)[0]).to.match(/got "0 8 \* \* MON-FRI \*", allowed cron\(<minutes> <hours>[\s\S]*; exactly one of day-of-month \(\*\) and day-of-week \(MON-FRI\) must be \?$/);
    expect(msg(`${P}.schedules.1`)).to.deep.equal([`${P}.schedules.1: got {"rate":"1 day","at":"2026-03-10T08:00:00"}, allowed exactly one of cron, rate or at`]);
    expect(msg(`${P}.schedules.2.timezone`)).to.deep.equal([`${P}.schedules.2.timezone: got "america/new_york", allowed an IANA time zone name such as America/New_York, Europe/Berlin or UTC; did you mean "America/New_York"?`]);
    expect(msg(`${P}.schedules.3.timezone`)).to.deep.equal([`${P}.schedules.3.timezone: got "Mars/Olympus_Mons", allowed an IANA time zone name such as America/New_York, Europe/Berlin or UTC`]);
    expect(msg(`${P}.schedules.4.at`)[0]).to.match(/got "2026-02-30T08:00:00", allowed [\s\S]*; 2026-02-30T08:00:00 is not a date and time of the calendar$/);
    expect(msg(`${P}.schedules.4.min`)).to.deep.equal([`${P}.schedules.4.min: got 6, allowed at most max (2)`]);
    expect(msg(`${P}.schedules.5.name`)).to.deep.equal([`${P}.schedules.5.name: got "c", allowed a name unique among the function's schedules; also schedules.2`]);
    expect(msg(`${P}.schedules.6.name`)[0]).to.match(/got "a:b", allowed a name without :, \/ or \|/);
    expect(ps.every((p) => p.severity === "error")).to.equal(true);
  });

  it("flags schedules that fire at the same instant, across time zones (08:00 New York is 13:00 UTC in winter)", () => {
    const ps = problems({ min: 1, max: 5, schedules: [schedule(), schedule({ name: "utc", cron: "0 13 ? * MON *", timezone: undefined })] });
    const o = at(ps, `${P}.schedules.1`)[0]!;
    expect(o.rule).to.equal("pc.schedule.overlap");
    expect(o.severity).to.equal("error");
    // From 2026-03: Mondays in EST are 2026-03-02 and the 17 from 2026-11-02 to 2027-02-22 (5 + 4 + 4 + 4) → first 2026-03-02T13:00Z, 18 times.
    expect(o.message).to.match(/"utc" \(cron\(0 13 \? \* MON \*\)\) fires at the same instant as schedules\.0 "open" \(cron\(0 8 \? \* MON-FRI \*\) America\/New_York\), first at 2026-03-02T13:00Z \(18 time\(s\) in the 12 months from 2026-03\)/);
    // An hour apart: no overlap.
    expect(problems({ min: 1, max: 5, schedules: [schedule(), schedule({ name: "nine", cron: "0 9 ? * MON-FRI *" })] })).to.deep.equal([]);
  });

  it("warns that a rate(...) next to other schedules keeps overriding them", () => {
    const ps = problems({ min: 1, max: 5, schedules: [schedule(), schedule({ name: "tick", cron: undefined, timezone: undefined, rate: "1 hour", min: 1, max: 5 })] });
    expect(ps.map((p) => [p.path, p.severity, p.rule])).to.deep.equal([[`${P}.schedules.1.rate`, "warning", "pc.schedule.overlap"]]);
  });

  it("unknown keys in the block get did-you-mean; a wrong type names both allowed forms", () => {
    const typo = problems({ min: 1, max: 5, targetUtilisation: 0.5 });
    expect(typo.map((p) => p.message)).to.deep.equal([`${P}.targetUtilisation: unknown key (did you mean targetUtilization?); allowed keys here: min, max, targetUtilization, schedules`]);
    expect(problems({ min: 1, max: 5, schedules: [{ ...schedule(), timeZone: "UTC" }] }).map((p) => p.path)).to.deep.equal([`${P}.schedules.0.timeZone`]);
    expect(problems("five").map((p) => p.message)).to.deep.equal([`${P}: got "five", allowed a number, or { min, max, targetUtilization?, schedules? }`]);
  });

  it("needs a pinned stableVersion, like a fixed value, and warns while the alias has weights", () => {
    const unpinned = problems({ min: 1, max: 20 }, { release: {} });
    expect(at(unpinned, "functions.api.release.stableVersion")[0]!.message).to.match(/got none with provisionedConcurrency 20, allowed a published version number/);
    const weighted = problems({ min: 1, max: 20 }, { release: { stableVersion: "3", canaryWeight: 0.1 } });
    expect(weighted.map((p) => [p.path, p.severity, p.rule])).to.deep.equal([[P, "warning", "pc.scaling.weighted"]]);
  });

  it("pricing.billingMonth: a YYYY-MM month, else the month of the run's date; none without a date", () => {
    expect(problems({ min: 1, max: 5 }, {}, { pricing: { billingMonth: "2026-13" } }).map((p) => p.message)).to.deep.equal(['pricing.billingMonth: got "2026-13", allowed a month as YYYY-MM, e.g. 2026-03']);
    // Validation needs no month (the release CLI validates without a date); the cost report does.
    const noDate = validateStackSettings(stack({ min: 1, max: 5 }), { project: "private-lambda", stack: "dev" });
    expect(noDate.problems).to.deep.equal([]);
    expect(noDate.settings!.pricing.billingMonth).to.equal(undefined);
    expect(validateStackSettings(stack({ min: 1, max: 5 }, {}, { pricing: { billingMonth: "2026-11" } }), opts).settings!.pricing.billingMonth).to.equal("2026-11");
  });
});
