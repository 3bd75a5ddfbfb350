/**
 * Both shipped stacks pass the guardrails: the real program evaluated under the mock engine in a
 * child process (test/helpers/program.ts), context from the stack file and the cost report.
 * Also the plan-run adapter the plan CLI uses (`withGuardrails`).
 */
import { expect } from "chai";
import type { ProgramRun } from "../../plan/run";
import { contextFromRun, evaluateRun, findingsToViolations, withGuardrails, type GuardedRun } from "../../guardrails/plan-run";
import { evaluateGuardrails, formatFindings } from "../../guardrails/rules";
import { evaluateStack } from "../helpers/program";
import { TODAY } from "./support";

const expected = {
  dev: { env: "dev", region: "us-east-1", azs: 2, budget: 75 },
  prod: { env: "prod", region: "ap-south-1", azs: 3, budget: 400 },
} as const;

for (const stack of ["dev", "prod"] as const) {
  describe(`guardrails: shipped stack ${stack} (program under mocks)`, function () {
    this.timeout(60_000);
    let run: ProgramRun;
    before(async () => {
      run = await evaluateStack({ stack });
    });

    it("builds the context from the stack file (private-lambda:env, aws:region, network) and the cost report", () => {
      const ctx = contextFromRun(run, { today: TODAY });
      const want = expected[stack];
      expect(run.stackFile.config["private-lambda:env"]).to.equal(want.env);
      expect(ctx).to.deep.include({ env: want.env, region: want.region, availabilityZones: want.azs, today: TODAY, stack: `private-lambda-${stack}` });
      expect(ctx.stackFunctionNames).to.deep.equal([`private-lambda-${stack}-hello`, `private-lambda-${stack}-pageview-counter`]);
      expect(ctx.cost!.budgetUsd).to.equal(want.budget);
      expect(ctx.cost!.totalUsd).to.be.greaterThan(0).and.at.most(want.budget);
    });

    it("produces zero error findings (and, with every value known under mocks, no warnings either)", () => {
      const env = run.stackFile.config["private-lambda:env"]!;
      const report = run.outputs.costReport as { totalUsd: number; budgetUsd?: number };
      const findings = evaluateGuardrails(run.resources, { env, today: TODAY, cost: { totalUsd: report.totalUsd, budgetUsd: report.budgetUsd } });
      expect(findings.filter((f) => f.severity === "error"), formatFindings(findings)).to.deep.equal([]);
      expect(evaluateRun(run, { today: TODAY }), formatFindings(evaluateRun(run, { today: TODAY }))).to.deep.equal([]);
    });

    it("turns on the prod-only rule by env: dev functions are unreserved, prod functions reserved", () => {
      const prodFindings = evaluateGuardrails(run.resources, { env: "prod", today: TODAY }).filter((f) => f.ruleId === "PL-FN-006");
      expect(prodFindings.length).to.equal(stack === "prod" ? 0 : 2);
    });

    it("leaves the run unchanged through withGuardrails (the plan's one-liner)", () => {
      expect(withGuardrails(run, { today: TODAY })).to.equal(run);
    });
  });
}

describe("guardrails: plan-run adapter", () => {
  const base: GuardedRun = {
    project: "private-lambda",
    stack: "prod",
    stackFile: { config: { "private-lambda:env": "prod", "aws:region": "eu-west-1", "private-lambda:network": JSON.stringify({ mode: "existing", subnets: [{ id: "s1", availabilityZone: "a" }, { id: "s2", availabilityZone: "a" }] }) } },
    resources: [{ type: "aws:lambda/function:Function", name: "api-fn", inputs: { name: "p-api", runtime: "nodejs24.x", tracingConfig: { mode: "Active" }, vpcConfig: { subnetIds: ["s1", "s2"], securityGroupIds: ["sg"] } } }],
    outputs: { costReport: { totalUsd: 410.5, budgetUsd: 400, functions: [{ functionName: "p-api" }] } },
    violations: [],
  };

  it("counts AZs of an existing VPC from its subnets, and appends findings as plan violations", () => {
    expect(contextFromRun(base).availabilityZones).to.equal(1);
    const out = withGuardrails(base, { today: TODAY });
    expect(out).to.not.equal(base);
    expect(out.violations.map((v) => `${v.rule} ${v.severity} ${v.path}`)).to.deep.equal([
      "PL-FN-001 error aws:lambda/function:Function::api-fn.vpcConfig.subnetIds",
      "PL-FN-005 error aws:lambda/function:Function::api-fn.name",
      "PL-FN-006 error aws:lambda/function:Function::api-fn.reservedConcurrentExecutions",
      "PL-COST-001 error pulumi:pulumi:Stack::private-lambda-prod.pricing.budgetUsd",
    ]);
    expect(out.violations[3]!.message).to.match(/^pulumi:pulumi:Stack::private-lambda-prod\.pricing\.budgetUsd: estimated 410\.50 USD\/month, over the budget .* \(fix: .+\)$/);
  });

  it("can skip rules the caller already enforces (the plan fails on the budget itself)", () => {
    const out = withGuardrails(base, { today: TODAY, disabledRules: ["PL-COST-001"] });
    expect(out.violations.map((v) => v.rule)).to.not.include("PL-COST-001");
  });

  it("adds nothing when the program stopped: its resources are partial", () => {
    const failed = { ...base, failure: "boom" };
    expect(withGuardrails(failed)).to.equal(failed);
    const invalid = { ...base, violations: [{ path: "functions", value: {}, rule: "config.noFunctions", message: "x", severity: "error" as const }] };
    expect(withGuardrails(invalid)).to.equal(invalid);
  });

  it("maps findings to violations with path, value, rule, severity and allowed", () => {
    const v = findingsToViolations([{ ruleId: "PL-FN-002", severity: "error", resource: "t::n", property: "tracingConfig.mode", message: 'got "PassThrough", allowed "Active"', value: "PassThrough", allowed: '"Active"', why: "w", fix: "f" }]);
    expect(v).to.deep.equal([{ path: "t::n.tracingConfig.mode", value: "PassThrough", rule: "PL-FN-002", message: 't::n.tracingConfig.mode: got "PassThrough", allowed "Active" (fix: f)', severity: "error", allowed: '"Active"' }]);
  });
});
