/**
 * Right-sizing: in-process on prod's validated settings (recommendations checked point by point
 * against estimateFunctionCost), measurement parsing, the SVG chart, and one CLI run.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatPlan } from "../../plan/format-plan";
import { planVerdict } from "../../plan/plan";
import { CPU_SCALING_MODEL, MEMORY_GRID_MB, rightsize, type FunctionRightsize, type RightsizePoint } from "../../plan/rightsize";
import { decodeVisualizationUrl, MeasurementsError, parseMeasurements, type Measurements } from "../../plan/measurements";
import { costCurveSvg } from "../../plan/svg";
import { estimateFunctionCost, type Architecture } from "../../pricing";
import { priceTableFor } from "../../report/cost-report";
import type { StackSettings } from "../../config/validate";
import { HAND_CHECKED_PRICE_TABLE } from "../fixtures/hand-checked-prices";
import { POWER_TUNING_FIXTURE, settingsOf, sharedProdPlan, SPAWN_TIMEOUT_MS, type SharedProdPlan } from "./support";

const powerTuning = JSON.parse(fs.readFileSync(POWER_TUNING_FIXTURE, "utf8")) as Record<string, unknown>;
const prod = settingsOf("prod");
const FUNCTIONS = prod.functions.map((f) => ({ key: f.key, architecture: f.architecture }));

const fnOf = (r: { functions: FunctionRightsize[] }, name: string) => r.functions.find((f) => f.name === name)!;
const allPoints = (f: FunctionRightsize) => f.series.flatMap((s) => s.points);

/** hello's monthly cost at one setting, computed directly (hello has no provisioned concurrency). */
function helloCost(settings: StackSettings, architecture: Architecture, memoryMb: number, avgDurationMs: number): number {
  const hello = settings.functions.find((f) => f.key === "hello")!;
  return estimateFunctionCost(
    { region: settings.region, architecture, memoryMb, ephemeralStorageMb: hello.ephemeralStorageMb, requestsPerMonth: hello.usage!.requestsPerMonth, avgDurationMs },
    { freeTier: false, prices: priceTableFor(settings) },
  ).totalUsd;
}

/** The recommendation is a cheapest point: no eligible point costs less, checked with estimateFunctionCost. */
function expectTrueCheapest(settings: StackSettings, f: FunctionRightsize): void {
  const eligible = allPoints(f).filter((p) => p.notRecommended === null);
  const costs = eligible.map((p) => helloCost(settings, p.architecture, p.memoryMb, p.avgDurationMs));
  eligible.forEach((p, i) => expect(p.monthlyUsd, `${p.architecture} ${p.memoryMb}`).to.equal(costs[i]));
  expect(f.cheapest!.monthlyUsd).to.equal(Math.min(...costs));
}

describe("plan/rightsize", () => {
  describe("without measurements (CPU-scaling model)", () => {
    const report = rightsize(prod);
    const hello = fnOf(report, "hello");

    it("states the model it used", () => {
      expect(report.durationModel).to.equal(CPU_SCALING_MODEL);
      expect(report.durationModel).to.match(/1 vCPU at 1,769 MB/);
      expect(report.pricing).to.match(/without the free tier/);
    });

    it("prices every grid size plus the current one, on both architectures", () => {
      expect(hello.series.map((s) => [s.architecture, s.durationSource])).to.deep.equal([
        ["x86_64", "model"],
        ["arm64", "model"],
      ]);
      for (const s of hello.series) expect(s.points.map((p) => p.memoryMb)).to.deep.equal([...MEMORY_GRID_MB]);
      expect(hello.current).to.deep.include({ architecture: "arm64", memoryMb: 512, avgDurationMs: 20, durationSource: "config" });
    });

    it("scales duration with 1769/memory below 1,769 MB and keeps it flat above", () => {
      const arm = hello.series.find((s) => s.architecture === "arm64")!.points;
      const at = (mb: number) => arm.find((p) => p.memoryMb === mb)!.avgDurationMs;
      expect(at(128)).to.equal(80);
      expect(at(1024)).to.equal(10);
      expect(at(1769)).to.equal(5.789); // 20 ms × 512 / 1769, rounded to µs
      expect(at(4096)).to.equal(at(1769));
      expect(at(10240)).to.equal(at(1769));
    });

    it("recommends the true cheapest, and the fastest point within the current cost", () => {
      expectTrueCheapest(prod, hello);
      const budget = hello.current.monthlyUsd!;
      expect(hello.budgetUsd).to.equal(budget);
      const within = allPoints(hello).filter((p) => p.monthlyUsd! <= budget && p.notRecommended === null);
      expect(hello.fastestWithinBudget!.avgDurationMs).to.equal(Math.min(...within.map((p) => p.avgDurationMs)));
    });

    it("uses --budget-usd instead of the current cost when given", () => {
      const f = fnOf(rightsize(prod, { budgetUsd: 100 }), "hello");
      expect(f.budgetUsd).to.equal(100);
      expect(f.fastestWithinBudget!.monthlyUsd).to.be.at.most(100);
    });

    it("never recommends a setting whose duration exceeds the timeout or the account's memory quota", () => {
      const slow = { ...prod, account: { ...prod.account, maxMemoryMb: 3008 }, functions: prod.functions.map((f) => (f.key === "hello" ? { ...f, timeoutSeconds: 1, usage: { ...f.usage!, avgDurationMs: 400 } } : f)) };
      const f = fnOf(rightsize(slow), "hello");
      expect(Math.max(...allPoints(f).map((p) => p.memoryMb))).to.equal(3008);
      const tooSlow = allPoints(f).filter((p) => p.avgDurationMs > 1000);
      expect(tooSlow.map((p) => p.memoryMb)).to.include(128);
      for (const p of tooSlow) expect(p.notRecommended).to.match(/exceeds the 1 s timeout/);
      expect(f.cheapest!.avgDurationMs).to.be.at.most(1000);
    });
  });

  describe("with Power Tuning measurements", () => {
    const measurements = parseMeasurements(powerTuning, { label: "fixture", functionKey: "hello", functions: FUNCTIONS });
    const report = rightsize(prod, { measurements });
    const hello = fnOf(report, "hello");

    it("uses the measured durations on the measured architecture and says so", () => {
      const arm = hello.series.find((s) => s.architecture === "arm64")!;
      expect(arm.durationSource).to.equal("measured");
      expect(arm.points.map((p) => [p.memoryMb, p.avgDurationMs])).to.deep.equal([
        [128, 402.5],
        [256, 181.2],
        [512, 61.4],
        [1024, 28.1],
        [1536, 20.3],
        [3008, 15.2],
      ]);
      expect(hello.series.find((s) => s.architecture === "x86_64")!.durationSource).to.equal("other-architecture");
      expect(report.durationModel).to.match(/^Measured durations \(--measurements\) for hello/);
      expect(hello.notes.join(" ")).to.match(/x86_64: not measured; the durations measured on arm64 are assumed/);
    });

    it("recommends the true cheapest (checked with estimateFunctionCost): arm64 at 1024 MB", () => {
      expectTrueCheapest(prod, hello);
      expect(hello.cheapest).to.deep.include({ architecture: "arm64", memoryMb: 1024, durationSource: "measured" });
      expect(hello.savingsUsd).to.equal(Math.round((hello.current.monthlyUsd! - hello.cheapest!.monthlyUsd!) * 100) / 100);
    });

    it("leaves functions without measurements on the model", () => {
      expect(fnOf(report, "pageview-counter").series.map((s) => s.durationSource)).to.deep.equal(["model", "model"]);
    });
  });

  describe("missing prices", () => {
    // GIVEN prod priced with the hand-checked 2025-10-01 table, whose ap-south-1 has no arm64
    // provisioned-concurrency price (the generated catalog has one in every priced region).
    const counter = fnOf(rightsize(prod, { prices: HAND_CHECKED_PRICE_TABLE }), "pageview-counter");

    it("marks arm64 points 'no price' instead of guessing or crashing", () => {
      const arm = counter.series.find((s) => s.architecture === "arm64")!.points;
      expect(arm).to.have.length.greaterThan(0);
      for (const p of arm) expect(p).to.deep.include({ monthlyUsd: null, noPrice: "lambda.provisionedConcurrencyUsdPerGbSecond.arm64 (ap-south-1)" });
      expect(counter.series.find((s) => s.architecture === "x86_64")!.points.every((p) => p.monthlyUsd !== null)).to.equal(true);
      expect(counter.cheapest!.architecture).to.equal("x86_64");
      expect(counter.current.monthlyUsd).to.equal(null);
      expect(counter.fastestWithinBudget).to.equal(null);
      expect(counter.notes.join(" ")).to.match(/16 point\(s\) have no price/);
    });

    it("draws them as crosses on the axis, not on a cost", () => {
      const svg = costCurveSvg(counter, "private-lambda/prod: pageview-counter");
      expect(svg).to.include("arm64 (16 no price)");
      expect(svg.match(/no price \(lambda\.provisionedConcurrencyUsdPerGbSecond\.arm64/g)).to.have.length(16);
      expect(svg).not.to.match(/<polyline[^>]*stroke="#e6750a"/);
    });
  });

  describe("measurements files", () => {
    it("reads Power Tuning's stats (string or number values)", () => {
      expect(parseMeasurements({ ...powerTuning, stats: [{ value: 128, averageDuration: 10, averagePrice: 1 }] }, { label: "f", functionKey: "hello", functions: FUNCTIONS })).to.deep.equal({
        hello: { arm64: { 128: 10 } },
      });
    });

    it("decodes the visualization URL when there are no stats (sizes Int16, durations Float32)", () => {
      const { stats: _stats, ...winnerOnly } = powerTuning;
      const m = parseMeasurements(winnerOnly, { label: "f", functionKey: "hello", functions: FUNCTIONS });
      const decoded = m.hello!.arm64!;
      expect(Object.keys(decoded).map(Number)).to.deep.equal([128, 256, 512, 1024, 1536, 3008]);
      expect(decoded[1024]).to.be.closeTo(28.1, 1e-5);
      expect(decodeVisualizationUrl("https://lambda-power-tuning.show/#gAAAAQACAAQABsAL;AEDJQzMzNUOamXVCzczgQWZmokEzM3NB;x")[3008]).to.be.closeTo(15.2, 1e-5);
    });

    it("takes the winner alone when that is all there is", () => {
      const m = parseMeasurements({ power: 512, cost: 1e-7, duration: 33 }, { label: "f", functionKey: "pageview-counter", functions: FUNCTIONS });
      expect(m).to.deep.equal({ "pageview-counter": { arm64: { 512: 33 } } });
    });

    it("reads the simple table, per function and architecture", () => {
      const m: Measurements = parseMeasurements({ hello: { x86_64: { "256": 30, "1024": 9 }, arm64: powerTuning }, "pageview-counter": { arm64: { 512: 40 } } }, { label: "f", functions: FUNCTIONS });
      expect(m.hello!.x86_64).to.deep.equal({ 256: 30, 1024: 9 });
      expect(m.hello!.arm64![512]).to.equal(61.4);
      expect(m["pageview-counter"]!.arm64).to.deep.equal({ 512: 40 });
    });

    it("lists every problem: unknown function (with the stack's functions), bad memory, bad duration", () => {
      const bad = { nope: { arm64: { 512: 1 } }, hello: { arm64: { 64: 5, 512: -1 }, sparc: { 512: 1 } } };
      expect(() => parseMeasurements(bad, { label: "m.json", functions: FUNCTIONS }))
        .to.throw(MeasurementsError)
        .with.property("problems")
        .that.has.members([
          "nope: unknown function; functions of this stack: hello, pageview-counter",
          "hello.arm64.64: memory must be an integer 128–10240 MB",
          "hello.arm64.512: got -1, allowed a duration in ms above 0",
          "hello.sparc: unknown architecture; allowed x86_64, arm64",
        ]);
    });

    it("needs to be told which function a bare Power Tuning result measures", () => {
      expect(() => parseMeasurements(powerTuning, { label: "pt.json", functions: FUNCTIONS })).to.throw(MeasurementsError, /--measurements <function>=<file> \(functions: hello, pageview-counter\)/);
    });
  });

  describe("SVG", () => {
    const hello = fnOf(rightsize(prod), "hello");
    const svg = costCurveSvg(hello, "private-lambda/prod: hello <&>");

    it("has both series, labelled axes, and the current and recommended points", () => {
      expect(svg).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).to.include('data-architecture="x86_64"').and.include('data-architecture="arm64"');
      expect(svg.match(/<polyline /g)).to.have.length(2);
      expect(svg).to.include("Memory (MB, log scale)").and.include("Monthly cost (USD)");
      expect(svg).to.include('class="current"').and.include('class="recommended-cheapest"').and.include('class="recommended-fastest"');
      expect(svg).to.include("hello &lt;&amp;&gt;");
      expect(svg.trimEnd()).to.match(/<\/svg>$/);
      expect(svg.match(/<g[ >]/g)!.length).to.equal(svg.match(/<\/g>/g)!.length);
    });
  });
});

describe("plan CLI: --rightsize", function () {
  this.timeout(SPAWN_TIMEOUT_MS);
  let run: SharedProdPlan;

  before(async function () {
    // `--rightsize --measurements hello=<fixture> --out-dir <dir>` on prod (shared run, see support.ts).
    run = await sharedProdPlan();
  });

  it("adds the right-sizing report, with the measured cheapest setting", () => {
    expect(run.result.code, run.result.stderr).to.equal(0);
    const hello = fnOf(run.plan.rightsize!, "hello");
    expectTrueCheapest(prod, hello);
    expect(hello.cheapest).to.deep.include({ architecture: "arm64", memoryMb: 1024 });
    expect(Object.keys(run.plan).slice(-2)).to.deep.equal(["formatVersion", "rightsize"]);
  });

  it("writes one SVG per function into --out-dir, each with both series", () => {
    for (const name of ["hello", "pageview-counter"]) {
      const svg = fs.readFileSync(path.join(run.chartsDir, `prod-${name}.svg`), "utf8");
      expect(svg).to.include('data-architecture="x86_64"').and.include('data-architecture="arm64"');
      expect(svg).to.include('class="current"');
    }
  });

  it("prints the table per function with its recommendations (Markdown)", () => {
    const md = formatPlan(run.plan, "markdown", { configFile: "Pulumi.prod.yaml", verdict: planVerdict(run.plan), charts: { hello: "charts/prod-hello.svg" } });
    expect(md).to.include("#### Right-sizing");
    expect(md).to.match(/##### hello: now arm64 512 MB, 61\.4 ms/);
    expect(md).to.match(/\| 1024 \| 28\.1 \(o\) \| \$[\d.]+ \| 28\.1 \(m\) \| \$[\d.]+ \| cheapest \(arm64\)/);
    expect(md).to.include("- Chart: charts/prod-hello.svg");
    const point: RightsizePoint = fnOf(run.plan.rightsize!, "hello").cheapest!;
    expect(md).to.include(`- Cheapest: arm64 1024 MB, 28.1 ms, $${point.monthlyUsd!.toFixed(2)}/month`);
  });
});
