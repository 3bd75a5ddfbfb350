/**
 * plan/diff.ts in-process: cost reports built by the real report builder from edited copies of
 * prod's validated settings; every amount is checked against the two reports' own totals.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { BaselineError, diffCosts, parseBaseline, type CostDiff, type FunctionDiff } from "../../plan/diff";
import { formatPlan } from "../../plan/format-plan";
import { planVerdict, toPlanCost, type PlanDocument } from "../../plan/plan";
import { buildCostReport, type CostReport } from "../../report/cost-report";
import type { FunctionSetting, StackSettings } from "../../config/validate";
import { centsDelta, settingsOf } from "./support";

const BASE = { label: "test", project: "private-lambda", stack: "prod" };
// A fixed billing month, so that prod's provisioned-concurrency schedule prices the same every month the tests run.
const prodAsIs = settingsOf("prod");
const prod: StackSettings = { ...prodAsIs, pricing: { ...prodAsIs.pricing, billingMonth: "2026-03" } };
const before = buildCostReport(prod);

function withFunction(settings: StackSettings, key: string, edit: (f: FunctionSetting) => FunctionSetting): StackSettings {
  return { ...settings, functions: settings.functions.map((f) => (f.key === key ? edit(f) : f)) };
}

function fnDiff(d: CostDiff, name: string): FunctionDiff {
  const f = d.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no diff for ${name}`);
  return f;
}

const fnTotal = (r: CostReport, name: string) => r.functions.find((f) => f.name === name)!.totalUsd;

describe("plan/diff", () => {
  it("GIVEN more memory THEN shows an increase equal to the difference of the two reports, because memory changed", () => {
    const after = buildCostReport(withFunction(prod, "pageview-counter", (f) => ({ ...f, memoryMb: 2048 })));
    const d = diffCosts(before, after, BASE);
    const f = fnDiff(d, "pageview-counter");
    expect(f.change).to.equal("changed");
    expect(f.deltaUsd).to.equal(centsDelta(fnTotal(before, "pageview-counter"), fnTotal(after, "pageview-counter")));
    expect(f.deltaUsd).to.be.greaterThan(0);
    expect(f.reasons.map((r) => r.kind)).to.deep.equal(["memory"]);
    expect(f.reasons[0]).to.deep.include({ field: "functions.pageview-counter.memoryMb", before: 1024, after: 2048 });
    expect(f.lines.map((l) => l.id)).to.include("lambda.provisionedConcurrency");
    expect(d.totalUsd.deltaUsd).to.equal(centsDelta(before.totalUsd, after.totalUsd));
    expect(d.totalUsd).to.include({ before: before.totalUsd, after: after.totalUsd });
  });

  it("GIVEN arm64 → x86_64 THEN shows an increase because the architecture changed, not a 'price' change", () => {
    const after = buildCostReport(withFunction(prod, "hello", (f) => ({ ...f, architecture: "x86_64" })));
    const f = fnDiff(diffCosts(before, after, BASE), "hello");
    expect(f.deltaUsd).to.equal(centsDelta(fnTotal(before, "hello"), fnTotal(after, "hello")));
    expect(f.deltaUsd).to.be.greaterThan(0);
    expect(f.reasons.map((r) => r.kind)).to.deep.equal(["architecture"]);
    expect(f.reasons[0]!.message).to.equal("architecture changed: arm64 → x86_64");
  });

  it("GIVEN less memory THEN the delta is negative", () => {
    const after = buildCostReport(withFunction(prod, "pageview-counter", (f) => ({ ...f, memoryMb: 512 })));
    const f = fnDiff(diffCosts(before, after, BASE), "pageview-counter");
    expect(f.deltaUsd).to.be.lessThan(0);
    expect(f.deltaUsd).to.equal(centsDelta(fnTotal(before, "pageview-counter"), fnTotal(after, "pageview-counter")));
  });

  it("names provisioned concurrency added, removed and changed", () => {
    const added = diffCosts(before, buildCostReport(withFunction(prod, "hello", (f) => ({ ...f, provisionedConcurrency: 2 }))), BASE);
    expect(fnDiff(added, "hello").reasons.map((r) => r.kind)).to.include("provisionedConcurrency.added");
    // prod's page-view counter scales on a schedule (issue 18): removing it, or replacing it by a fixed value, is named too.
    const removed = diffCosts(before, buildCostReport(withFunction(prod, "pageview-counter", (f) => ({ ...f, provisionedConcurrencyScaling: undefined }))), BASE);
    expect(fnDiff(removed, "pageview-counter").reasons.map((r) => r.kind)).to.include("provisionedConcurrency.removed");
    expect(fnDiff(removed, "pageview-counter").reasons[0]!.message).to.equal("provisioned concurrency removed (was scheduled: 524 h at 1–5, 220 h at 5–20 (2026-03))");
    expect(fnDiff(removed, "pageview-counter").deltaUsd).to.be.lessThan(0);
    const fixed = (n: number) => withFunction(prod, "pageview-counter", (f) => ({ ...f, provisionedConcurrencyScaling: undefined, provisionedConcurrency: n }));
    const changed = diffCosts(buildCostReport(fixed(5)), buildCostReport(fixed(10)), BASE);
    expect(fnDiff(changed, "pageview-counter").reasons[0]).to.deep.include({ kind: "provisionedConcurrency.changed", before: 5, after: 10 });
    const toFixed = diffCosts(before, buildCostReport(fixed(5)), BASE);
    expect(fnDiff(toFixed, "pageview-counter").reasons[0]).to.deep.include({ kind: "provisionedConcurrency.changed", before: "scheduled: 524 h at 1–5, 220 h at 5–20 (2026-03)", after: 5 });
  });

  it("names requests, duration and ephemeral storage changes", () => {
    const after = buildCostReport(
      withFunction(prod, "hello", (f) => ({ ...f, ephemeralStorageMb: 2048, usage: { ...f.usage!, requestsPerMonth: 9_000_000, avgDurationMs: 30 } })),
    );
    const f = fnDiff(diffCosts(before, after, BASE), "hello");
    expect(f.reasons.map((r) => r.kind)).to.have.members(["ephemeralStorage", "requests", "duration"]);
    expect(f.lines.map((l) => l.id)).to.include("lambda.ephemeralStorage");
  });

  it("lists added and removed functions with their whole cost", () => {
    const extra = { ...prod.functions.find((f) => f.key === "hello")!, key: "extra", functionName: "private-lambda-prod-extra" };
    const grown = buildCostReport({ ...prod, functions: [...prod.functions, extra] });
    const d = diffCosts(before, grown, BASE);
    expect(fnDiff(d, "extra")).to.deep.include({ change: "added", beforeUsd: null, afterUsd: fnTotal(grown, "extra") });
    expect(fnDiff(d, "extra").reasons[0]!.kind).to.equal("function.added");
    const back = diffCosts(grown, before, BASE);
    expect(fnDiff(back, "extra")).to.deep.include({ change: "removed", afterUsd: null, deltaUsd: -fnTotal(grown, "extra") });
  });

  it("GIVEN another region THEN says the region changed, on the stack and on each function", () => {
    const after = buildCostReport({ ...prod, region: "us-east-1", pricing: { ...prod.pricing, overrides: {} } });
    const d = diffCosts(before, after, BASE);
    expect(d.stackReasons.map((r) => r.kind)).to.include("region");
    expect(d.stackReasons.filter((r) => r.kind === "priceTable")).to.have.length(Object.keys(prod.pricing.overrides).length);
    for (const f of d.functions.filter((x) => x.deltaUsd !== 0)) expect(f.reasons.map((r) => r.kind)).to.include("region");
    expect(d.infrastructure.reasons.map((r) => r.kind)).to.include("region");
  });

  it("GIVEN a changed price override THEN says the price changed on the line that uses it", () => {
    const overrides = { ...prod.pricing.overrides, "lambda.provisionedConcurrencyUsdPerGbSecond.arm64": 0.000004 };
    const after = buildCostReport({ ...prod, pricing: { ...prod.pricing, overrides } });
    const d = diffCosts(before, after, BASE);
    const f = fnDiff(d, "pageview-counter");
    expect(f.reasons.map((r) => r.kind)).to.deep.equal(["price"]);
    expect(f.reasons[0]).to.deep.include({ field: "lambda.provisionedConcurrency", before: 0.0000035988, after: 0.000004 });
    expect(d.stackReasons[0]).to.deep.include({ kind: "priceTable", field: "pricing.overrides.lambda.provisionedConcurrencyUsdPerGbSecond.arm64" });
    expect(fnDiff(d, "hello").change).to.equal("unchanged");
  });

  it("reports no change for identical reports", () => {
    const d = diffCosts(before, before, BASE);
    expect(d.totalUsd.deltaUsd).to.equal(0);
    expect(d.functions.every((f) => f.change === "unchanged" && f.reasons.length === 0)).to.equal(true);
    expect(d.infrastructure.lines).to.deep.equal([]);
  });

  it("property: deltas are cent-exact, add up to the total, and every changed function has a reason", () => {
    const arb = fc.record({
      fn: fc.constantFrom("hello", "pageview-counter"),
      memoryMb: fc.constantFrom(128, 256, 512, 1024, 1769, 3008),
      architecture: fc.constantFrom("x86_64" as const, "arm64" as const),
      requestsPerMonth: fc.integer({ min: 0, max: 50_000_000 }),
    });
    fc.assert(
      fc.property(arb, ({ fn, memoryMb, architecture, requestsPerMonth }) => {
        const after = buildCostReport(withFunction(prod, fn, (f) => ({ ...f, memoryMb, architecture, usage: { ...f.usage!, requestsPerMonth } })));
        const d = diffCosts(before, after, BASE);
        expect(d.totalUsd.deltaUsd).to.equal(centsDelta(before.totalUsd, after.totalUsd));
        const parts = [...d.functions.map((f) => f.deltaUsd), d.infrastructure.deltaUsd];
        expect(Math.round(parts.reduce((s, x) => s + x * 100, 0))).to.equal(Math.round(d.totalUsd.deltaUsd * 100));
        for (const f of d.functions) if (f.deltaUsd !== 0) expect(f.reasons, f.name).to.not.be.empty;
      }),
      { numRuns: 40 },
    );
  });

  describe("as text", () => {
    const after = buildCostReport(withFunction(prod, "pageview-counter", (f) => ({ ...f, memoryMb: 2048 })));
    const diff = diffCosts(before, after, { label: "stack prod", project: "private-lambda", stack: "prod" });
    const plan: PlanDocument = { project: "private-lambda", stack: "prod", resources: [], expandedResources: [], resourceCount: 0, violations: [], findings: [], cost: toPlanCost(after), formatVersion: 1, diff };
    const delta = fnDiff(diff, "pageview-counter").deltaUsd.toFixed(2);

    it("lists each changed function with its signed amount and reasons, like infracost diff", () => {
      const text = formatPlan(plan, "table", { configFile: "x.yaml", verdict: planVerdict(plan, 1) });
      expect(text).to.include("Cost diff against stack prod (private-lambda/prod):");
      expect(text).to.match(new RegExp(`~ pageview-counter\\s+\\+\\$${delta.replace(".", "\\.")}`));
      expect(text).to.include("      memory changed: 1,024 → 2,048 MB");
      // March 2026 (prod's schedule): 1,624 concurrency-hours × 3,600 s × 1 GB = 5,846,400 GB-s × $0.0000035988 = $21.04.
      expect(text).to.match(/· Provisioned concurrency: \$21\.04 → \$[\d.]+ \(\+\$[\d.]+\)/);
      expect(text).to.include("1 function unchanged");
      expect(text).to.match(/Result: FAILED: monthly cost rises by \$[\d.]+, more than --fail-on-increase 1/);
    });

    it("renders a Markdown table for pull-request comments", () => {
      const md = formatPlan(plan, "markdown", { configFile: "x.yaml", verdict: planVerdict(plan) });
      expect(md).to.include("#### Cost diff against stack prod (private-lambda/prod)");
      // Before: requests $6.00 + PC $21.04 + PC duration $8.82 (1,050,000 GB-s × $0.0000083973) = $35.86.
      expect(md).to.include(`| ~ | pageview-counter | $35.86 | `);
      expect(md).to.match(/\| \+\$[\d.]+ \| memory changed: 1,024 → 2,048 MB \|/);
    });
  });

  describe("baselines", () => {
    const plan: PlanDocument = { project: "private-lambda", stack: "prod", resources: [], expandedResources: [], resourceCount: 0, violations: [], findings: [], cost: toPlanCost(before), formatVersion: 1 };

    it("reads a previous --format json output", () => {
      const b = parseBaseline(JSON.stringify(plan), "base.json");
      expect(b).to.deep.include({ project: "private-lambda", stack: "prod" });
      expect(diffCosts(b.cost, before, BASE).totalUsd.deltaUsd).to.equal(0);
    });

    it("rejects text that is not JSON, JSON that is not a plan, and a plan without a cost report", () => {
      expect(() => parseBaseline("{", "base.json")).to.throw(BaselineError, /^base\.json is not JSON/);
      expect(() => parseBaseline(JSON.stringify({ project: "p" }), "base.json")).to.throw(BaselineError, /not a plan JSON.*stack/);
      expect(() => parseBaseline(JSON.stringify({ ...plan, cost: null }), "base.json")).to.throw(BaselineError, /has no cost report/);
    });
  });

  describe("planVerdict", () => {
    const base: PlanDocument = { project: "p", stack: "s", resources: [], expandedResources: [], resourceCount: 0, violations: [], findings: [], cost: toPlanCost(before), formatVersion: 1 };
    const withDiff = (deltaUsd: number): PlanDocument => ({ ...base, diff: { ...diffCosts(before, before, BASE), totalUsd: { before: 0, after: deltaUsd, deltaUsd, deltaPercent: null } } });

    it("fails on an increase above --fail-on-increase, not on one equal to it", () => {
      expect(planVerdict(withDiff(5.01), 5).exitCode).to.equal(1);
      expect(planVerdict(withDiff(5.01), 5).reasons[0]).to.match(/rises by \$5\.01, more than --fail-on-increase 5/);
      expect(planVerdict(withDiff(5), 5).exitCode).to.equal(0);
      expect(planVerdict(withDiff(-20), 0).exitCode).to.equal(0);
    });

    it("fails on error violations, a program failure and a cost over budget; warnings pass", () => {
      const warning = { path: "x", value: 1, rule: "r", message: "x: warn", severity: "warning" as const, allowed: null };
      expect(planVerdict({ ...base, violations: [warning] }).exitCode).to.equal(0);
      expect(planVerdict({ ...base, violations: [{ ...warning, severity: "error" }] }).reasons).to.deep.equal(["1 config error"]);
      expect(planVerdict({ ...base, cost: null, failure: "boom" }).reasons).to.deep.equal(["the program failed: boom"]);
      expect(planVerdict({ ...base, cost: { ...base.cost!, budgetUsd: 100, overBudgetUsd: 74.53 } }).reasons[0]).to.match(/over the stack's budget of \$100 by \$74\.53/);
    });
  });
});
