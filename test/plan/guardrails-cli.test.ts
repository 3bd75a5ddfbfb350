/**
 * Guardrail findings in the offline plan (issue: "npm run plan prints findings next to limit
 * violations (JSON findings), and exits 1 on errors").
 */
import { expect } from "chai";
import * as fs from "node:fs";
import { runCli, runPlanJson, SPAWN_TIMEOUT_MS, tempDir, writeStackCopy } from "./support";

describe("plan CLI: guardrail findings", function () {
  this.timeout(SPAWN_TIMEOUT_MS * 2);

  for (const stack of ["dev", "prod"]) {
    it(`reports no guardrail error for the shipped ${stack} stack`, async () => {
      const { result, plan } = await runPlanJson(["--stack", stack]);
      expect(plan.findings.filter((f) => f.severity === "error"), JSON.stringify(plan.findings, null, 1)).to.deep.equal([]);
      expect(result.code).to.equal(0);
    });
  }

  it("GIVEN prod without reserved concurrency on hello THEN exits 1 with PL-FN-006 naming the function and property", async () => {
    const dir = tempDir();
    try {
      const file = writeStackCopy(dir, "prod", (c) => {
        delete c["private-lambda:functions"].hello.reservedConcurrency;
      });
      const { result, plan } = await runPlanJson(["--stack", "prod", "--config-file", file]);
      expect(result.code).to.equal(1);
      expect(plan.violations.filter((v) => v.severity === "error")).to.deep.equal([]);
      const f = plan.findings.find((x) => x.ruleId === "PL-FN-006");
      expect(f).to.deep.include({ severity: "error", resource: "aws:lambda/function:Function::hello-fn", property: "reservedConcurrentExecutions" });
      expect(result.stderr).to.match(/1 guardrail error/);

      const text = await runCli(["--stack", "prod", "--config-file", file]);
      expect(text.stdout).to.match(/Guardrail findings \(1 error[^)]*\):\n\s+- error PL-FN-006 aws:lambda\/function:Function::hello-fn reservedConcurrentExecutions/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
