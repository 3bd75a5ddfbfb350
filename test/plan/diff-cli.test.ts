/**
 * Cost diff from the CLI: `--baseline <report.json>` and `--compare <stack>` (a child process in the real CLI; here
 * runCli runs it in-process, and errors.e2e.test.ts spawns a real one),
 * with `--fail-on-increase` as a CI guardrail. Amounts are checked against hand calculations at
 * ap-south-1 list prices (prod's region); the changes touch hello, whose cost does not depend on the
 * month (pageview-counter's provisioned-concurrency schedule does).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import type { PlanDocument } from "../../plan/plan";
import { runPlanJson, sharedProdPlan, SPAWN_TIMEOUT_MS, tempDir, writeStackCopy, type CliResult } from "./support";

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
    // GIVEN prod with hello at 2048 MB instead of 512, and prod with hello on x86_64.
    memoryFile = writeStackCopy(dir, "prod", (c) => void (c["private-lambda:functions"].hello.memoryMb = 2048), "memory.yaml");
    archFile = writeStackCopy(dir, "prod", (c) => void (c["private-lambda:functions"].hello.architecture = "x86_64"), "arch.yaml");
    // WHEN prod's plan is saved as a baseline (--out, shared with the other specs), and the arch
    // change is compared with stack prod (planned as a second stack; a child process in the real CLI, in-process here)
    let sharedRun;
    [sharedRun, arch] = await Promise.all([sharedProdPlan(), runPlanJson(["--stack", "prod", "--config-file", archFile, "--compare", "prod", "--fail-on-increase", "100"])]);
    saved = sharedRun.result;
    baselineFile = sharedRun.planFile;
    // AND the memory change is diffed against the saved baseline with a $1 guardrail.
    memory = await runPlanJson(["--stack", "prod", "--config-file", memoryFile, "--baseline", baselineFile, "--fail-on-increase", "1"]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--out writes the JSON to the file and a one-line summary to stdout", () => {
    expect(saved.code, saved.stderr).to.equal(0);
    const summary = /^Plan for private-lambda\/prod written to .*prod-plan\.json \(json\): (\d+) resources, ([\d.]+) USD\/month; OK\n$/.exec(saved.stdout);
    expect(summary, saved.stdout).to.not.equal(null);
    const written = JSON.parse(fs.readFileSync(baselineFile, "utf8")) as PlanDocument;
    expect(written).to.include({ project: "private-lambda", stack: "prod" });
    expect([written.resources.length, written.cost!.totalUsd]).to.deep.equal([Number(summary![1]), Number(summary![2])]);
  });

  it("hello 512 → 2048 MB: the increase is hello's duration cost, ×4, because memory changed", () => {
    // hello: 5,000,000 requests × 20 ms = 100,000 s. At 0.5 GB: 50,000 GB-s × $0.0000133334 (arm64, ap-south-1)
    // = $0.67; at 2 GB: 200,000 GB-s × $0.0000133334 = $2.67. Requests, logs and traces do not depend on memory.
    // Increase: 2.67 − 0.67 = $2.00.
    const d = memory.plan.diff!;
    expect(d.baseline).to.deep.equal({ label: `file ${baselineFile}`, project: "private-lambda", stack: "prod" });
    expect(d.totalUsd.deltaUsd).to.equal(2);
    const f = d.functions.find((x) => x.name === "hello")!;
    expect(f.deltaUsd).to.equal(2);
    expect(f.reasons[0]).to.deep.include({ kind: "memory", before: 512, after: 2048, message: "memory changed: 512 → 2,048 MB" });
    expect(d.functions.find((x) => x.name === "pageview-counter")!.change).to.equal("unchanged");
  });

  it("exits 1 when the increase exceeds --fail-on-increase, and says why on stderr", () => {
    expect(memory.result.code).to.equal(1);
    expect(memory.result.stderr).to.match(/plan: monthly cost rises by \$[\d.]+, more than --fail-on-increase 1/);
  });

  it("--compare prod: plans the other stack too; arm64 → x86_64 raises the cost, reason architecture", () => {
    // hello's 50,000 GB-s: arm64 × $0.0000133334 = $0.67, x86_64 × $0.0000166667 = $0.83 (ap-south-1); +$0.16.
    const d = arch.plan.diff!;
    expect(d.baseline).to.deep.equal({ label: "stack prod", project: "private-lambda", stack: "prod" });
    expect(d.totalUsd.deltaUsd).to.equal(0.16);
    const f = d.functions.find((x) => x.name === "hello")!;
    expect(f.deltaUsd).to.equal(0.16);
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
