/**
 * Cost diff from the CLI: `--baseline <report.json>` and `--compare <stack>` (a child process in the real CLI; here
 * runCli runs it in-process, and errors.e2e.test.ts spawns a real one),
 * with `--fail-on-increase` as a CI guardrail. Amounts are checked against two cost reports
 * computed independently in this process.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import type { PlanDocument } from "../../plan/plan";
import { centsDelta, expectedReport, runPlanJson, sharedProdPlan, SPAWN_TIMEOUT_MS, tempDir, writeStackCopy, type CliResult } from "./support";

describe("plan CLI: cost diff and --fail-on-increase", function () {
  this.timeout(SPAWN_TIMEOUT_MS);
  let dir: string;
  let baselineFile: string;
  let memoryFile: string;
  let archFile: string;
  let saved: CliResult;
  let memory: { result: CliResult; plan: PlanDocument };
  let arch: { result: CliResult; plan: PlanDocument };

  before(async function () {
    this.timeout(3 * SPAWN_TIMEOUT_MS);
    dir = tempDir();
    // GIVEN prod with pageview-counter at 2048 MB instead of 1024, and prod with hello on x86_64.
    memoryFile = writeStackCopy(dir, "prod", (c) => void (c["private-lambda:functions"]["pageview-counter"].memoryMb = 2048), "memory.yaml");
    archFile = writeStackCopy(dir, "prod", (c) => void (c["private-lambda:functions"].hello.architecture = "x86_64"), "arch.yaml");
    // WHEN prod's plan is saved as a baseline (--out, shared with the other specs), and the arch
    // change is compared with stack prod (planned as a second stack; a child process in the real CLI, in-process here)
    let shared;
    [shared, arch] = await Promise.all([sharedProdPlan(), runPlanJson(["--stack", "prod", "--config-file", archFile, "--compare", "prod", "--fail-on-increase", "100"])]);
    saved = shared.result;
    baselineFile = shared.planFile;
    // AND the memory change is diffed against the saved baseline with a $1 guardrail.
    memory = await runPlanJson(["--stack", "prod", "--config-file", memoryFile, "--baseline", baselineFile, "--fail-on-increase", "1"]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--out writes the JSON to the file and a one-line summary to stdout", () => {
    expect(saved.code, saved.stderr).to.equal(0);
    expect(saved.stdout).to.match(/^Plan for private-lambda\/prod written to .*prod-plan\.json \(json\): \d+ resources, [\d.]+ USD\/month; OK\n$/);
    expect((JSON.parse(fs.readFileSync(baselineFile, "utf8")) as PlanDocument).cost!.totalUsd).to.equal(expectedReport("prod").totalUsd);
  });

  it("memory 1024 → 2048 MB: the increase equals the difference of the two totals, because memory changed", () => {
    const before = expectedReport("prod");
    const after = expectedReport("prod", memoryFile);
    const d = memory.plan.diff!;
    expect(d.baseline).to.deep.equal({ label: `file ${baselineFile}`, project: "private-lambda", stack: "prod" });
    expect(d.totalUsd.deltaUsd).to.equal(centsDelta(before.totalUsd, after.totalUsd));
    expect(d.totalUsd.deltaUsd).to.be.greaterThan(1);
    const f = d.functions.find((x) => x.name === "pageview-counter")!;
    const total = (r: typeof before) => r.functions.find((x) => x.name === "pageview-counter")!.totalUsd;
    expect(f.deltaUsd).to.equal(centsDelta(total(before), total(after)));
    expect(f.reasons[0]).to.deep.include({ kind: "memory", before: 1024, after: 2048, message: "memory changed: 1,024 → 2,048 MB" });
  });

  it("exits 1 when the increase exceeds --fail-on-increase, and says why on stderr", () => {
    expect(memory.result.code).to.equal(1);
    expect(memory.result.stderr).to.match(/plan: monthly cost rises by \$[\d.]+, more than --fail-on-increase 1/);
  });

  it("--compare prod: plans the other stack too; arm64 → x86_64 raises the cost, reason architecture", () => {
    const before = expectedReport("prod");
    const after = expectedReport("prod", archFile);
    const d = arch.plan.diff!;
    expect(d.baseline).to.deep.equal({ label: "stack prod", project: "private-lambda", stack: "prod" });
    expect(d.totalUsd.deltaUsd).to.equal(centsDelta(before.totalUsd, after.totalUsd));
    const f = d.functions.find((x) => x.name === "hello")!;
    expect(f.deltaUsd).to.be.greaterThan(0);
    expect(f.reasons.map((r) => r.kind)).to.deep.equal(["architecture"]);
    expect(d.functions.find((x) => x.name === "pageview-counter")!.change).to.equal("unchanged");
  });

  it("exits 0 when the increase stays within --fail-on-increase", () => {
    expect(arch.plan.diff!.totalUsd.deltaUsd).to.be.greaterThan(0).and.at.most(100);
    expect(arch.result.code, arch.result.stderr).to.equal(0);
  });

  it("keeps diff as the last key of the JSON", () => {
    expect(Object.keys(memory.plan)).to.deep.equal(["project", "stack", "resources", "expandedResources", "resourceCount", "violations", "findings", "cost", "formatVersion", "diff"]);
  });
});
