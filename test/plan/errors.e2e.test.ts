/**
 * Bad input from the CLI: usage errors exit 2 with a clean message on stderr (no stack trace);
 * invalid config values exit 1 and list every violation, with no resources.
 *
 * End to end: the unknown stack, the bad --format, the invalid config and the --compare of an
 * invalid stack run `node plan/cli.ts` in a child process (spawnCli), so the exit code and stderr
 * of the real process are checked, and the --compare child is a real one. The other cases call the
 * CLI in-process (runCli: same main(), exit code as returned).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildProgressReporter } from "../../plan/cli";
import { formatPlan } from "../../plan/format-plan";
import { planVerdict, type PlanDocument } from "../../plan/plan";
import { runCli, spawnCli, SPAWN_TIMEOUT_MS, tempDir, writeStackCopy, type CliResult } from "./support";

const noStackTrace = (r: CliResult) => expect(r.stderr).not.to.match(/\n\s+at .+\(.+:\d+:\d+\)/);

describe("plan CLI: bad input", function () {
  this.timeout(SPAWN_TIMEOUT_MS);
  let dir: string;
  let invalidFile: string;
  let unknownStack: CliResult;
  let malformed: CliResult;
  let badFormat: CliResult;
  let badThreshold: CliResult;
  let noBaseline: CliResult;
  let invalid: { result: CliResult; plan: PlanDocument };
  let compareInvalid: CliResult;
  let outIsDir: CliResult;
  let outDirIsFile: CliResult;
  let strayOutDir: CliResult;
  let failedMidRun: CliResult;

  before(async function () {
    this.timeout(2 * SPAWN_TIMEOUT_MS);
    dir = tempDir();
    const malformedFile = path.join(dir, "Pulumi.broken.yaml");
    fs.writeFileSync(malformedFile, "config:\n  private-lambda:functions: [unclosed\n    hello: {\n");
    // GIVEN dev with memory 20000 MB on one function and a 0 s timeout on the other.
    invalidFile = writeStackCopy(dir, "dev", (c) => {
      c["private-lambda:functions"].hello.memoryMb = 20000;
      c["private-lambda:functions"]["pageview-counter"].timeoutSeconds = 0;
    });
    const aFile = path.join(dir, "charts.txt");
    fs.writeFileSync(aFile, "not a directory\n");
    [unknownStack, malformed, badFormat, badThreshold, noBaseline, outIsDir, outDirIsFile, strayOutDir] = await Promise.all([
      spawnCli(["--stack", "staging"]),
      runCli(["--stack", "dev", "--config-file", malformedFile]),
      spawnCli(["--stack", "dev", "--format", "xml"]),
      runCli(["--stack", "dev", "--compare", "prod", "--fail-on-increase", "ten"]),
      runCli(["--stack", "dev", "--fail-on-increase", "10"]),
      runCli(["--stack", "dev", "--out", dir]),
      runCli(["--stack", "dev", "--rightsize", "--out-dir", aFile]),
      runCli(["--stack", "dev", "--out-dir", dir]),
    ]);
    // GIVEN dev on an existing VPC whose two subnets are in AZs that offer no endpoint service: 2
    // subnets × 3 interface endpoints (lambda, xray, execute-api for the private API) = 6 problems (the
    // component fails while the program runs, not the config check), with 12 more functions than
    // dev's two: more than one batch between the program's yields (components/shared/batches.ts).
    const failingFile = writeStackCopy(dir, "dev", (c) => {
      c["private-lambda:network"] = {
        mode: "existing",
        vpcId: "vpc-0123456789abcdef0",
        cidrBlock: "10.20.0.0/16",
        subnets: [
          { id: "subnet-0123456789abcdef0", availabilityZone: "us-east-1y" },
          { id: "subnet-0123456789abcdef1", availabilityZone: "us-east-1z" },
        ],
        routeTableIds: ["rtb-0123456789abcdef0"],
        interfaceEndpoints: ["xray"],
        gatewayEndpoints: ["dynamodb"],
      };
      const fns = c["private-lambda:functions"];
      for (let i = 0; i < 12; i++) fns[`extra${i}`] = { ...fns.hello };
    }, "Pulumi.dev-failing.yaml");
    let invalidResult: CliResult;
    [invalidResult, compareInvalid, failedMidRun] = await Promise.all([
      spawnCli(["--stack", "dev", "--config-file", invalidFile, "--format", "json"]),
      spawnCli(["--stack", "dev", "--compare", "dev", "--compare-config-file", invalidFile]),
      spawnCli(["--stack", "dev", "--config-file", failingFile]),
    ]);
    invalid = { result: invalidResult, plan: JSON.parse(invalidResult.stdout) as PlanDocument };
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("unknown stack: exit 2, and the message names the stacks that exist", () => {
    expect(unknownStack.code).to.equal(2);
    expect(unknownStack.stderr).to.match(/^plan: unknown stack "staging": no Pulumi\.staging\.yaml; stacks here: dev, prod$/m);
    expect(unknownStack.stdout).to.equal("");
    noStackTrace(unknownStack);
  });

  it("--out that is a directory, --out-dir that is a file: one clean message each, exit 2, nothing on stdout", () => {
    expect(outIsDir.code).to.equal(2);
    expect(outIsDir.stderr).to.match(/^plan: --out: .* is a directory; give a file name, e\.g\. .*plan\.txt\n$/);
    expect(outDirIsFile.code).to.equal(2);
    expect(outDirIsFile.stderr).to.match(/^plan: --out-dir: .*charts\.txt is a file; give a directory \(created if missing\) for the SVG charts\n$/);
    for (const r of [outIsDir, outDirIsFile]) {
      expect(r.stdout).to.equal("");
      noStackTrace(r);
    }
  });

  it("--out-dir without --rightsize: grammatical message, exit 2", () => {
    expect(strayOutDir.code).to.equal(2);
    expect(strayOutDir.stderr).to.match(/^plan: --out-dir applies only with --rightsize\.$/m);
  });

  it("malformed YAML: exit 2 with the file and the parser's position", () => {
    expect(malformed.code).to.equal(2);
    expect(malformed.stderr).to.match(/^plan: Pulumi\.broken\.yaml is not valid YAML: .*line \d+/m);
    noStackTrace(malformed);
  });

  it("bad flags: --format xml, a non-numeric --fail-on-increase, a guardrail without baseline: exit 2", () => {
    expect(badFormat.code).to.equal(2);
    expect(badFormat.stderr).to.match(/argument 'xml' is invalid\. Allowed choices are table, markdown, json/);
    expect(badThreshold.code).to.equal(2);
    expect(badThreshold.stderr).to.match(/--fail-on-increase needs an amount in USD ≥ 0, got "ten"/);
    expect(noBaseline.code).to.equal(2);
    expect(noBaseline.stderr).to.match(/--fail-on-increase needs a baseline: --compare <stack> or --baseline <report\.json>/);
    for (const r of [badFormat, badThreshold, noBaseline]) noStackTrace(r);
  });

  it("invalid values: exit 1, both violations with path, value and what is allowed, no resources, no cost", () => {
    expect(invalid.result.code).to.equal(1);
    expect(invalid.plan.resources).to.deep.equal([]);
    expect(invalid.plan.cost).to.equal(null);
    const errors = invalid.plan.violations.filter((v) => v.severity === "error");
    expect(errors.map((v) => [v.path, v.value])).to.have.deep.members([
      ["functions.hello.memoryMb", 20000],
      ["functions.pageview-counter.timeoutSeconds", 0],
    ]);
    expect(errors.find((v) => v.path.endsWith("memoryMb"))).to.include({ rule: "lambda.memory.range", allowed: "integer 128–10240 MB" });
    expect(errors.find((v) => v.path.endsWith("timeoutSeconds"))!.allowed).to.match(/1–900/);
    expect(invalid.result.stderr).to.match(/^plan: 2 config errors$/m);
    noStackTrace(invalid.result);
  });

  it("--compare with a stack whose config is invalid: exit 1 (errors found), not a usage error", () => {
    expect(compareInvalid.code).to.equal(1);
    expect(compareInvalid.stderr).to.match(/^plan: --compare dev: the plan of stack dev has no cost report \(its config was invalid or its program failed\)/m);
    noStackTrace(compareInvalid);
  });

  it("a component failing mid-run: exit 1, and one line on stderr with the root cause (not one per dependent input)", () => {
    expect(failedMidRun.code).to.equal(1);
    expect(failedMidRun.stderr.split("\n").filter((l) => l.startsWith("plan:"))).to.deep.equal(['plan: the program failed: PrivateNetwork "network": 6 subnet problem(s):']);
    expect(failedMidRun.stderr).not.to.include("unexpected error");
    expect(failedMidRun.stderr).not.to.include("error serializing property");
    expect(failedMidRun.stderr).not.to.include("Warning");
    expect(failedMidRun.stdout).to.include('Result: FAILED: the program failed: PrivateNetwork "network": 6 subnet problem(s):');
    noStackTrace(failedMidRun);
  });

  it("invalid values, as text: says no resources were registered because the program stops before the first one", () => {
    const text = formatPlan(invalid.plan, "table", { configFile: invalidFile, verdict: planVerdict(invalid.plan) });
    expect(text).to.include("Resources: none: the config is invalid, and the program stops at validation, before it registers the first resource.");
    expect(text).to.match(/ERROR\s+functions\.hello\.memoryMb: got 20000, allowed integer 128–10240 MB \[lambda\.memory\.range\]/);
    expect(text).to.match(/ERROR\s+functions\.pageview-counter\.timeoutSeconds: got 0, allowed integer 1–900 seconds/);
    expect(text).to.include("Cost: no report, the config is invalid");
    expect(text).to.match(/Result: FAILED: 2 config errors\n$/);
  });
});

describe("plan CLI: progress while bundling (issue 14)", () => {
  function capture(isTTY: boolean, format: "table" | "markdown" | "json") {
    const lines: string[] = [];
    const reporter = buildProgressReporter({ isTTY, write: (t: string) => lines.push(t) }, format);
    reporter?.({ name: "hello", phase: "bundling" });
    reporter?.({ name: "hello", phase: "done", cached: false, ms: 6240 });
    reporter?.({ name: "pageview-counter", phase: "done", cached: true, ms: 0 });
    return { reporter, lines };
  }

  it("on a terminal: which function is bundled, cached or not", () => {
    expect(capture(true, "table").lines).to.deep.equal(["plan: bundling hello (not cached)…\n", "plan: hello bundled in 6.2 s\n", "plan: pageview-counter: cached build\n"]);
  });

  it("nothing when stderr is not a terminal, nor with --format json", () => {
    expect(capture(false, "table").reporter).to.equal(undefined);
    expect(capture(true, "json").reporter).to.equal(undefined);
  });
});
