import { expect } from "chai";
import { loadStackFile, settingsFromStackFile } from "../../config/stack-file";
import { buildCostReport } from "../../report/cost-report";
import { validateStackSettings } from "../../config/validate";
import { ROOT } from "../helpers/program";

// Issue 18: scaling provisioned concurrency in the cost report, priced from the schedules over the
// billing month. Figures are worked out by hand in the comments.

function settings(billingMonth: string) {
  const raw = {
    region: "us-east-1",
    network: { mode: "create", interfaceEndpoints: ["xray"] },
    pricing: { billingMonth },
    functions: {
      api: {
        source: "functions/hello",
        architecture: "x86_64",
        memoryMb: 1024,
        reservedConcurrency: 50,
        release: { stableVersion: "1" },
        provisionedConcurrency: {
          min: 0,
          max: 10,
          schedules: [
            { name: "night", cron: "0 0 * * ? *", timezone: "America/New_York", min: 0, max: 1 },
            { name: "day", cron: "0 6 * * ? *", timezone: "America/New_York", min: 3, max: 10 },
          ],
        },
        usage: { requestsPerMonth: 1000, avgDurationMs: 100 },
      },
    },
  };
  const r = validateStackSettings(raw, { project: "private-lambda", stack: "dev", today: "2026-11-25" });
  expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
  return r.settings!;
}

describe("cost report: provisioned concurrency that follows a schedule", () => {
  it("prices the New York March 2026 example (DST change inside): 1,677 concurrency-hours, $25.16, always-on max 10 $111.60", () => {
    // Hours (test/pricing/pc-schedule.test.ts): nights 185 h at min 0, days 559 h at min 3 → 1,677 concurrency-hours.
    // 1,677 × 3,600 s × 1 GB = 6,037,200 GB-s × $0.0000041667 (us-east-1 x86_64, published) = $25.1552… → $25.16.
    // Always-on max: 10 × 744 h × 3,600 × 1 GB = 26,784,000 GB-s × $0.0000041667 = $111.6009… → $111.60; saving $86.44.
    const report = buildCostReport(settings("2026-03"));
    const f = report.functions[0]!;
    const pc = f.lines.find((l) => l.id === "lambda.provisionedConcurrency")!;
    expect(pc.unitPriceUsd).to.equal(0.0000041667);
    expect(pc.quantity).to.be.closeTo(6_037_200, 1e-6);
    expect(pc.usd).to.equal(25.16);
    expect(f.provisionedConcurrencyScaling).to.deep.include({ billingMonth: "2026-03", hoursInMonth: 744, concurrencyHours: 1677, peakMax: 10, assumedUsd: 25.16, alwaysOnMaxUsd: 111.6, savingUsd: 86.44 });
    expect(pc.note).to.match(/^schedule over 2026-03: 559 h at 3–10, 185 h at 0–1; allocation assumed at the min, 1677 concurrency-hours; always-on max 10 would be \$111\.60 \(saves \$86\.44\)/);
    const assumed = report.assumptions.find((a) => a.path === "functions.api.provisionedConcurrency")!;
    // Average allocation 1,677 ÷ 744 = 2.254… → 2.25.
    expect(assumed.value).to.equal(2.25);
    expect(assumed.note).to.match(/^no measured utilisation: provisioned concurrency assumed at each capacity's min all the time over 2026-03/);
  });

  it("prices November 2026 (fall back): 1,617 concurrency-hours, $24.26", () => {
    // 539 day hours × 3 = 1,617; 1,617 × 3,600 = 5,821,200 GB-s × $0.0000041667 = $24.2552… → $24.26.
    const pc = buildCostReport(settings("2026-11")).functions[0]!.lines.find((l) => l.id === "lambda.provisionedConcurrency")!;
    expect(pc.usd).to.equal(24.26);
  });

  it("prod: the page-view counter's business-hours schedule is priced in the plan's report (March 2026: 22 weekdays)", () => {
    // Asia/Kolkata (UTC+5:30, no DST), Mon–Fri 09:00–19:00 at min 5, else min 1. March 2026 has 22 weekdays
    // (2–6, 9–13, 16–20, 23–27, 30–31): 220 h at min 5, 744 − 220 = 524 h at min 1 → 1,100 + 524 = 1,624 concurrency-hours.
    // The month starts at 05:30 IST on Sunday 03-01, after Friday's 19:00 action: min 1. The last business
    // day ends 2026-03-31 13:30Z, inside the month.
    // 1,624 × 3,600 s × 1 GB (1,024 MB) = 5,846,400 GB-s; always-on max 20: 20 × 744 × 3,600 = 53,568,000 GB-s.
    const file = loadStackFile(ROOT, "prod");
    const pricing = { ...(JSON.parse(file.config["private-lambda:pricing"] as string) as object), billingMonth: "2026-03" };
    const r = settingsFromStackFile({ ...file, config: { ...file.config, "private-lambda:pricing": JSON.stringify(pricing) } }, "2026-11-25");
    expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
    const f = buildCostReport(r.settings!).functions.find((x) => x.name === "pageview-counter")!;
    const pc = f.lines.find((l) => l.id === "lambda.provisionedConcurrency")!;
    expect(pc.quantity).to.be.closeTo(5_846_400, 1e-6);
    expect(f.provisionedConcurrencyScaling).to.deep.include({ hoursInMonth: 744, concurrencyHours: 1624, peakMax: 20 });
    expect(f.provisionedConcurrencyScaling!.hoursAt).to.deep.equal([
      { min: 1, max: 5, hours: 524 },
      { min: 5, max: 20, hours: 220 },
    ]);
    // The catalog's ap-south-1 arm64 provisioned-concurrency price: $0.0000035988 per GB-s.
    // 5,846,400 × 0.0000035988 = $21.0400… → $21.04; 53,568,000 × 0.0000035988 = $192.7805… → $192.78.
    expect(pc.unitPriceUsd).to.equal(0.0000035988);
    expect(pc.usd).to.equal(21.04);
    expect(f.provisionedConcurrencyScaling).to.deep.include({ assumedUsd: 21.04, alwaysOnMaxUsd: 192.78, savingUsd: 171.74 });
  });
});
