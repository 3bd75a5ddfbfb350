import { expect } from "chai";
import fc from "fast-check";
import { checkTimeZone, daysInMonth, fireTimes, fromLocal, parseAasSchedule, type AasSchedule } from "../../pricing/aas-schedule";

// Application Auto Scaling schedule expressions (issue 18). Expected instants are worked out by hand
// from the calendar and the time-zone rules (America/New_York: EST = UTC−5, EDT = UTC−4 from
// 2026-03-08 02:00 local to 2026-11-01 02:00 local).

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const month = (y: number, m: number) => [Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)] as const;

function parsed(expression: string): AasSchedule {
  const r = parseAasSchedule(expression);
  if (!("schedule" in r)) throw new Error(`${expression}: ${r.problem}`);
  return r.schedule;
}

describe("Application Auto Scaling schedule expressions", () => {
  describe("parsing", () => {
    it("accepts the cron examples of the Application Auto Scaling user guide, rate and at", () => {
      for (const e of ["cron(0 10 * * ? *)", "cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 * * * ? *)", "cron(0/10 * ? * MON-FRI *)", "cron(30 6 ? * MON *)"]) {
        expect(parseAasSchedule(e), e).to.have.property("schedule");
      }
      expect(parsed("rate(5 minutes)")).to.deep.equal({ kind: "rate", minutes: 5 });
      expect(parsed("rate(1 hour)")).to.deep.equal({ kind: "rate", minutes: 60 });
      expect(parsed("rate(2 days)")).to.deep.equal({ kind: "rate", minutes: 2880 });
      expect(parsed("at(2026-12-24T08:00:00)")).to.deep.equal({ kind: "at", local: { year: 2026, month: 12, day: 24, hour: 8, minute: 0, second: 0 } });
    });

    it("says what is wrong with each bad expression", () => {
      const problem = (e: string) => (parseAasSchedule(e) as { problem: string }).problem;
      expect(problem("cron(0 8 ? * MON-FRI)")).to.equal("got 5 fields, need 6 (minutes hours day-of-month month day-of-week year)");
      expect(problem("cron(0 8 * * MON-FRI *)")).to.equal("exactly one of day-of-month (*) and day-of-week (MON-FRI) must be ?");
      expect(problem("cron(0 8 ? * ? *)")).to.equal("exactly one of day-of-month (?) and day-of-week (?) must be ?");
      expect(problem("cron(60 8 * * ? *)")).to.equal('minutes field "60": "60" is outside 0–59');
      expect(problem("cron(0 ? * * ? *)")).to.equal('hours field "?": ? is only allowed in day-of-month or day-of-week');
      expect(problem("cron(0 8 ? * MON#6 *)")).to.match(/day-of-week field "MON#6"/);
      expect(problem("rate(0 minutes)")).to.equal('value "0" is not an integer ≥ 1');
      expect(problem("rate(5 weeks)")).to.equal('unit "weeks" is not minute(s), hour(s) or day(s)');
      expect(problem("at(2026-02-29T08:00:00)")).to.equal("2026-02-29T08:00:00 is not a date and time of the calendar");
      expect(problem("at(2026-03-01 08:00)")).to.match(/^an at expression is at\(yyyy-mm-ddThh:mm:ss\)/);
      expect(problem("daily")).to.equal("not a cron(...), rate(...) or at(...) expression");
    });
  });

  describe("time zones", () => {
    it("accepts IANA names (and the aliases Intl knows), suggests the right case, refuses the rest", () => {
      for (const z of ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "UTC", "Etc/GMT+9", "Pacific/Tahiti", "US/Eastern"]) expect(checkTimeZone(z), z).to.deep.equal({ ok: true });
      expect(checkTimeZone("america/new_york")).to.deep.equal({ ok: false, suggestion: "America/New_York" });
      expect(checkTimeZone("Mars/Olympus_Mons")).to.deep.equal({ ok: false });
      expect(checkTimeZone("")).to.deep.equal({ ok: false });
      expect(checkTimeZone("EST5EDT ")).to.deep.equal({ ok: false });
    });

    it("maps a local time skipped by spring-forward to the same distance after the change, and a repeated one to its first occurrence", () => {
      // 2026-03-08 02:30 does not exist in New York; with the offset before the change (−5) it is 07:30Z = 03:30 EDT.
      expect(iso(fromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, "America/New_York"))).to.equal("2026-03-08T07:30");
      // 2026-11-01 01:30 happens twice (EDT then EST): the first is 05:30Z.
      expect(iso(fromLocal({ year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, "America/New_York"))).to.equal("2026-11-01T05:30");
      expect(iso(fromLocal({ year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0 }, "Asia/Kolkata"))).to.equal("2026-07-01T03:30");
    });
  });

  describe("fire times", () => {
    it("fires a weekly cron at 02:30 New York time across the March 2026 change: 07:30Z in EST, 06:30Z in EDT, once on the change night", () => {
      const [from, to] = month(2026, 3);
      expect(fireTimes(parsed("cron(30 2 ? * SUN *)"), "America/New_York", from, to).map(iso)).to.deep.equal([
        "2026-03-01T07:30",
        "2026-03-08T07:30",
        "2026-03-15T06:30",
        "2026-03-22T06:30",
        "2026-03-29T06:30",
      ]);
    });

    it("fires once on the November 2026 fall-back night for a time that happens twice", () => {
      expect(fireTimes(parsed("cron(30 1 * * ? *)"), "America/New_York", Date.UTC(2026, 9, 31), Date.UTC(2026, 10, 3)).map(iso)).to.deep.equal([
        "2026-10-31T05:30",
        "2026-11-01T05:30",
        "2026-11-02T06:30",
      ]);
    });

    it("reads L, W, # and year fields as EventBridge's cron reference describes", () => {
      const utc = (e: string, y: number, m: number) => fireTimes(parsed(e), "UTC", ...month(y, m)).map(iso);
      expect(utc("cron(0 12 L * ? 2026)", 2026, 2)).to.deep.equal(["2026-02-28T12:00"]);
      expect(utc("cron(0 12 L * ? 2026)", 2027, 2)).to.deep.equal([]);
      // 2026-03-20 is the third Friday (6 = FRI), 2026-03-30 the last Monday (2 = MON).
      expect(utc("cron(0 12 ? * 6#3 *)", 2026, 3)).to.deep.equal(["2026-03-20T12:00"]);
      expect(utc("cron(0 12 ? * 2L *)", 2026, 3)).to.deep.equal(["2026-03-30T12:00"]);
      // 2026-08-15 is a Saturday: the nearest weekday is Friday the 14th. 2026-05-31 is a Sunday: LW is Friday the 29th.
      expect(utc("cron(0 12 15W * ? *)", 2026, 8)).to.deep.equal(["2026-08-14T12:00"]);
      expect(utc("cron(0 12 LW * ? *)", 2026, 5)).to.deep.equal(["2026-05-29T12:00"]);
      expect(utc("cron(0 9 ? * FRI-MON *)", 2026, 3).length).to.equal(18); // 4 Fri + 4 Sat + 5 Sun + 5 Mon
    });

    it("fires an at() once, in its time zone, and a rate from its anchor", () => {
      const [from, to] = month(2026, 12);
      expect(fireTimes(parsed("at(2026-12-24T08:00:00)"), "Europe/Berlin", from, to).map(iso)).to.deep.equal(["2026-12-24T07:00"]);
      expect(fireTimes(parsed("at(2026-12-24T08:00:00)"), "UTC", ...month(2027, 1))).to.deep.equal([]);
      expect(fireTimes(parsed("rate(12 hours)"), "UTC", from, Date.UTC(2026, 11, 2)).map(iso)).to.deep.equal(["2026-12-01T00:00", "2026-12-01T12:00"]);
    });

    it("property: in a zone without daylight saving, cron(m h * * ? *) fires days × |hours| × |minutes| times a month", () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 3 }),
          fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 2024, max: 2030 }),
          fc.integer({ min: 1, max: 12 }),
          fc.constantFrom("UTC", "Asia/Kolkata", "Asia/Tokyo"),
          (minutes, hours, y, m, tz) => {
            const e = `cron(${minutes.join(",")} ${hours.join(",")} * * ? *)`;
            // The local month of the same name, as UTC instants.
            const from = fromLocal({ year: y, month: m, day: 1, hour: 0, minute: 0, second: 0 }, tz);
            const to = fromLocal({ year: m === 12 ? y + 1 : y, month: m === 12 ? 1 : m + 1, day: 1, hour: 0, minute: 0, second: 0 }, tz);
            expect(fireTimes(parsed(e), tz, from, to)).to.have.length(daysInMonth(y, m) * hours.length * minutes.length);
          },
        ),
        { numRuns: 60 },
      );
    });

    it("property: in New York a daily cron fires once a day in every month, whatever the hour (a skipped hour moves, a repeated one fires once)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(3, 11), (h, mi, m) => {
          const from = fromLocal({ year: 2026, month: m, day: 1, hour: 0, minute: 0, second: 0 }, "America/New_York");
          const to = fromLocal({ year: 2026, month: m + 1, day: 1, hour: 0, minute: 0, second: 0 }, "America/New_York");
          expect(fireTimes(parsed(`cron(${mi} ${h} * * ? *)`), "America/New_York", from, to)).to.have.length(daysInMonth(2026, m));
        }),
        { numRuns: 40 },
      );
    });
  });
});
