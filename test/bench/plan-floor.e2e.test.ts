/**
 * The plan bench's floor script (bench/plan-scale.ts, writeFloorScript) runs in its own Node
 * process against a plan's JSON: it once broke for months without anyone noticing (a relative
 * import it did not bundle), and the plan's speed target is judged against it. End to end: the
 * script is written and run as the bench runs it, on the dev stack's plan, in both modes.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { writeFloorScript, type FloorMode } from "../../bench/plan-scale";
import { runPlanJson, tempDir } from "../plan/support";

const ROOT = path.resolve(__dirname, "../..");

describe("bench/plan-scale.ts: the bare-registration floor", function () {
  this.timeout(120_000);
  let dir: string;
  let script: string;
  let planFile: string;
  let resources: number;

  before(async () => {
    dir = tempDir();
    script = writeFloorScript(dir);
    const { plan } = await runPlanJson(["--stack", "dev"]);
    resources = plan.resources.length;
    planFile = path.join(dir, "plan-dev.json");
    fs.writeFileSync(planFile, JSON.stringify(plan));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (file: string, mode: FloorMode | "other") => spawnSync(process.execPath, [script, file, mode], { cwd: ROOT, encoding: "utf8" });

  for (const mode of ["generic", "classes"] as const) {
    it(`registers every resource of the dev plan (${mode}), or fails saying how many it did`, () => {
      expect(resources).to.be.greaterThan(20);
      const r = run(planFile, mode);
      expect(r.stderr).to.equal("");
      expect(r.status).to.equal(0);
    });
  }

  it("classes: a resource type with no @pulumi/aws class is an error, not a bare registration", () => {
    const plan = JSON.parse(fs.readFileSync(planFile, "utf8")) as { resources: { type: string }[] };
    const custom = plan.resources.find((r) => r.type.startsWith("aws:lambda/function:"))!;
    custom.type = "aws:nosuchservice/thing:Thing";
    const file = path.join(dir, "plan-bad-type.json");
    fs.writeFileSync(file, JSON.stringify(plan));
    const r = run(file, "classes");
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include("no @pulumi/aws class for aws:nosuchservice/thing:Thing");
    expect(run(file, "generic").status).to.equal(0);
  });

  it("refuses a mode other than generic or classes", () => {
    const r = run(planFile, "other");
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.include("mode: got other, allowed generic or classes");
  });
});
