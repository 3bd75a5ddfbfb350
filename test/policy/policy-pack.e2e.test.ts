/**
 * The CrossGuard glue (policy/policies.ts) with fake StackValidationArgs whose props are wrapped in
 * @pulumi/policy's real unknown-checking proxy, as the policy host wraps them; and the real pack
 * over gRPC (policy/index.ts under run-policy-pack, as the Pulumi CLI starts it).
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { expect } from "chai";
import { evaluateGuardrails, policyNameOf, RULES, UNKNOWN, type GuardrailResource } from "../../guardrails/rules";
import {
  contextFromArgs,
  enforcementLevelOf,
  guardrailPolicies,
  NOT_EVALUATED_POLICY,
  PACK_RULES,
  reportFindings,
  stackNameFromUrn,
  toRuleInputs,
  unwrapProps,
  validateNotEvaluated,
  validateRule,
} from "../../policy/policies";
import { startPack, type RunningPack } from "./pack-driver";
import { recordCompliantStack, TODAY } from "../guardrails/support";

const FN = "aws:lambda/function:Function";

interface FakeResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
}

/** A StackValidationArgs as the policy host builds it: props behind the unknown-checking proxy. */
function fakeArgs(resources: readonly FakeResource[], opts: { stack?: string; config?: object; tags?: ReadonlyMap<string, string>; region?: string } = {}): StackValidationArgs {
  const stack = opts.stack ?? "dev";
  const policyResources: PolicyResource[] = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: `urn:pulumi:${stack}::private-lambda::${r.type}::${r.name}`,
    props: unknownCheckingProxy(r.props) as Record<string, unknown>,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
    provider: r.type.startsWith("aws:")
      ? { type: "pulumi:providers:aws", name: "default", urn: `urn:pulumi:${stack}::private-lambda::pulumi:providers:aws::default`, props: unknownCheckingProxy({ region: opts.region ?? "us-east-1" }) as Record<string, unknown> }
      : undefined,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  return {
    resources: policyResources,
    stackTags: opts.tags ?? new Map(),
    getConfig: <T extends object>() => (opts.config ?? {}) as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

const asFake = (rs: readonly GuardrailResource[]): FakeResource[] => rs.map((r) => ({ type: r.type, name: r.name, props: JSON.parse(JSON.stringify(r.inputs)) }));

function collect(): { report: ReportViolation; calls: { message: string; urn?: string }[] } {
  const calls: { message: string; urn?: string }[] = [];
  const report: ReportViolation = (message: string, urn?: string) => {
    calls.push(urn === undefined ? { message } : { message, urn });
  };
  return { report, calls };
}

async function runAll(policies: StackValidationPolicy[], args: StackValidationArgs): Promise<{ policy: string; message: string; urn?: string }[]> {
  const out: { policy: string; message: string; urn?: string }[] = [];
  for (const p of policies) {
    const { report, calls } = collect();
    await p.validateStack(args, report);
    out.push(...calls.map((c) => ({ policy: p.name, ...c })));
  }
  return out;
}

const badFunction: FakeResource = {
  type: FN,
  name: "api-fn",
  props: { name: "api", runtime: "nodejs24.x", tracingConfig: { mode: "PassThrough" }, vpcConfig: { subnetIds: ["a", "b"], securityGroupIds: ["sg"] }, reservedConcurrentExecutions: -1 },
};
const apiLogs: FakeResource = { type: "aws:cloudwatch/logGroup:LogGroup", name: "api-log-group", props: { name: "/aws/lambda/api", retentionInDays: 14 } };

describe("policy pack glue (policy/policies.ts)", () => {
  let good: GuardrailResource[];
  before(async () => {
    good = await recordCompliantStack("grp", "grp-api", 3);
  });

  describe("toRuleInputs", () => {
    it("unwraps the unknown-checking proxy, which would otherwise throw on the first unknown", () => {
      const props = unknownCheckingProxy({ name: "api", role: UNKNOWN, vpcConfig: { subnetIds: UNKNOWN } }) as Record<string, unknown>;
      expect(() => props.role).to.throw(/can't be known during preview/);
      const [input] = toRuleInputs([{ type: FN, name: "api-fn", urn: "urn:pulumi:dev::p::t::api-fn", props }]);
      expect(input!.inputs.role).to.equal(UNKNOWN);
      expect(input).to.deep.equal({ type: FN, name: "api-fn", urn: "urn:pulumi:dev::p::t::api-fn", inputs: { name: "api", role: UNKNOWN, vpcConfig: { subnetIds: UNKNOWN } } });
    });

    it("skips awsx components, whose props in a pack are their outputs (no enableDnsHostnames), not their args", () => {
      // What the engine hands a stack policy for the awsx VPC: its declared outputs only.
      const awsxOutputs = { vpcId: "vpc-1", privateSubnetIds: [], isolatedSubnetIds: ["s-1", "s-2"], publicSubnetIds: [] };
      const vpcOutputs = { id: "vpc-1", cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true };
      const inputs = toRuleInputs([
        { type: "awsx:ec2:Vpc", name: "network-vpc", urn: "urn:pulumi:dev::p::awsx:ec2:Vpc::network-vpc", props: awsxOutputs },
        { type: "aws:ec2/vpc:Vpc", name: "network-vpc", urn: "urn:pulumi:dev::p::awsx:ec2:Vpc$aws:ec2/vpc:Vpc::network-vpc", props: vpcOutputs },
      ]);
      expect(inputs.map((i) => i.type)).to.deep.equal(["aws:ec2/vpc:Vpc"]);
      expect(evaluateGuardrails(inputs, { env: "dev", today: TODAY }).filter((f) => f.ruleId === "PL-NET-005")).to.deep.equal([]);
    });

    it("treats a role's placeholder inline policy output { name: \"\", policy: \"\" } as absent, not invalid JSON", () => {
      const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
      const inputs = toRuleInputs([{ type: "aws:iam/role:Role", name: "api-role", urn: "urn:pulumi:dev::p::aws:iam/role:Role::api-role", props: { assumeRolePolicy: trust, inlinePolicies: [{ name: "", policy: "" }] } }]);
      expect(evaluateGuardrails(inputs, { env: "dev", today: TODAY }).map((f) => f.ruleId)).to.not.include("PL-IAM-005");
    });

    it("passes plain (unproxied) props through", () => {
      expect(unwrapProps({ a: 1 })).to.deep.equal({ a: 1 });
      expect(unwrapProps(undefined)).to.deep.equal({});
    });
  });

  describe("context", () => {
    it("takes env from the policy config, else stack tag env, else the stack name in the URNs; region from the AWS provider", () => {
      const inputs = (args: StackValidationArgs) => toRuleInputs(args.resources);
      const a = fakeArgs([badFunction], { stack: "prod-eu", region: "eu-west-1" });
      expect(contextFromArgs(a, inputs(a), { today: TODAY })).to.deep.equal({ env: "prod-eu", region: "eu-west-1", stackFunctionNames: ["api"], today: TODAY, stack: "prod-eu" });
      const t = fakeArgs([badFunction], { stack: "blue", tags: new Map([["env", "production"]]) });
      expect(contextFromArgs(t, inputs(t), { today: TODAY }).env).to.equal("production");
      expect(contextFromArgs(t, inputs(t), { today: TODAY, env: "dev" }).env).to.equal("dev");
      expect(stackNameFromUrn("urn:pulumi:dev::private-lambda::aws:lambda/function:Function::x")).to.equal("dev");
    });

    it("gives no stack function names when one is unknown (the endpoint ARN check would be guesswork)", () => {
      const a = fakeArgs([badFunction, { ...badFunction, name: "other-fn", props: { ...badFunction.props, name: UNKNOWN } }]);
      expect(contextFromArgs(a, toRuleInputs(a.resources), { today: TODAY }).stackFunctionNames).to.equal(undefined);
    });
  });

  describe("reportFindings", () => {
    it("reports each finding on its resource's URN, stack-level findings without one", () => {
      const inputs = toRuleInputs(fakeArgs([badFunction]).resources);
      const { report, calls } = collect();
      const n = reportFindings(
        [
          { ruleId: "PL-FN-002", severity: "error", resource: `${FN}::api-fn`, property: "tracingConfig.mode", message: 'got "PassThrough", allowed "Active"', why: "w", fix: "f" },
          { ruleId: "PL-COST-001", severity: "error", resource: "pulumi:pulumi:Stack::s", property: "pricing.budgetUsd", message: "over", why: "w", fix: "f" },
        ],
        inputs,
        report,
      );
      expect(n).to.equal(2);
      expect(calls).to.deep.equal([
        { message: '[PL-FN-002] tracingConfig.mode: got "PassThrough", allowed "Active"\nWhy: w\nFix: f', urn: `urn:pulumi:dev::private-lambda::${FN}::api-fn` },
        { message: "[PL-COST-001] pricing.budgetUsd: over\nWhy: w\nFix: f" },
      ]);
    });
  });

  describe("guardrailPolicies", () => {
    const policies = guardrailPolicies({ today: () => TODAY });

    it("has one stack policy per rule the pack can evaluate, plus the advisory not-evaluated policy", () => {
      expect(policies.map((p) => p.name)).to.deep.equal([...PACK_RULES.map(policyNameOf), NOT_EVALUATED_POLICY]);
      expect(PACK_RULES.map((r) => r.id)).to.not.include.members(["PL-COST-001", "PL-COST-002"]);
      expect(PACK_RULES).to.have.length(RULES.length - 2);
      for (const [i, r] of PACK_RULES.entries()) {
        expect(policies[i]!.enforcementLevel, r.id).to.equal(r.severity === "error" ? "mandatory" : "advisory");
        expect(enforcementLevelOf(r)).to.equal(policies[i]!.enforcementLevel);
        expect(policies[i]!.description).to.include(r.id);
        expect(policies[i]!.remediationSteps).to.equal(r.fix);
      }
      expect(policies.at(-1)!.enforcementLevel).to.equal("advisory");
      expect(policies.find((p) => p.name.startsWith("pl-fn-006"))!.configSchema!.properties).to.have.property("env");
    });

    it("reports nothing for the components' resources (recorded under mocks)", async () => {
      expect(await runAll(policies, fakeArgs(asFake(good), { stack: "prod" }))).to.deep.equal([]);
    });

    it("reports each violation only from its rule's policy, on the resource's URN", async () => {
      const reports = await runAll(policies, fakeArgs([badFunction, apiLogs], { stack: "prod" }));
      expect(reports.map((r) => `${r.policy} ${r.urn}`)).to.deep.equal([
        `pl-fn-002-tracing-active urn:pulumi:prod::private-lambda::${FN}::api-fn`,
        `pl-fn-006-prod-reserved-concurrency urn:pulumi:prod::private-lambda::${FN}::api-fn`,
      ]);
    });

    it("applies the prod rule by stack name, overridable with the policy's env config", async () => {
      const fn6 = policies.find((p) => p.name.startsWith("pl-fn-006"))!;
      expect(await runAll([fn6], fakeArgs([badFunction, apiLogs], { stack: "dev" }))).to.deep.equal([]);
      expect(await runAll([fn6], fakeArgs([badFunction, apiLogs], { stack: "dev", config: { env: "prod" } }))).to.have.length(1);
    });

    it("reads trustedServicePrincipals from the pl-iam-004 policy config", async () => {
      const iam4 = policies.find((p) => p.name.startsWith("pl-iam-004"))!;
      expect(iam4.configSchema!.properties).to.have.property("trustedServicePrincipals");
      const role: FakeResource = { type: "aws:iam/role:Role", name: "sched-role", props: { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } };
      expect(await runAll([iam4], fakeArgs([role]))).to.have.length(1);
      expect(await runAll([iam4], fakeArgs([role], { config: { trustedServicePrincipals: ["scheduler.amazonaws.com"] } }))).to.deep.equal([]);
    });

    it("reports unknowns through the advisory policy only, never as violations of the rule", async () => {
      const unknownFn: FakeResource = { type: FN, name: "api-fn", props: { name: "api", runtime: "nodejs24.x", role: UNKNOWN, tracingConfig: { mode: "Active" }, vpcConfig: { subnetIds: UNKNOWN, securityGroupIds: [UNKNOWN] } } };
      const reports = await runAll(policies, fakeArgs([unknownFn, apiLogs]));
      expect(reports.map((r) => [r.policy, r.message.split("\n")[0]])).to.deep.equal([[NOT_EVALUATED_POLICY, "[PL-FN-001] vpcConfig.subnetIds: not evaluated: vpcConfig.subnetIds unknown at preview"]]);
      const { report, calls } = collect();
      validateNotEvaluated(fakeArgs([unknownFn, apiLogs], { config: { ignoreRules: ["PL-FN-001"] } }), report, TODAY);
      expect(calls).to.deep.equal([]);
      const direct = collect();
      expect(validateRule(RULES[0], fakeArgs([unknownFn, apiLogs]), direct.report, TODAY)).to.equal(0);
    });
  });
});

describe("policy pack over gRPC (policy/ run as the Pulumi CLI runs it)", function () {
  this.timeout(60_000);
  let pack: RunningPack;
  before(async () => {
    pack = await startPack();
  });
  after(() => pack?.stop());

  it("loads with type checking and announces every policy", () => {
    expect(pack.info.name).to.equal("private-lambda-guardrails");
    expect(pack.info.policies).to.deep.equal([...PACK_RULES.map(policyNameOf), NOT_EVALUATED_POLICY]);
  });

  it("reports violations as mandatory and preview unknowns as advisory 'not evaluated', without aborting a policy", async () => {
    const diagnostics = await pack.analyzeStack("prod", [
      { type: FN, name: "api-fn", props: { name: "api", runtime: "nodejs24.x", role: UNKNOWN, tracingConfig: { mode: "PassThrough" }, reservedConcurrentExecutions: 5, vpcConfig: { subnetIds: UNKNOWN, securityGroupIds: [UNKNOWN] } } },
      { type: "aws:cloudwatch/logGroup:LogGroup", name: "api-log-group", props: { name: "/aws/lambda/api", retentionInDays: 14 } },
      { type: "aws:iam/rolePolicy:RolePolicy", name: "api-role-policy", props: { role: UNKNOWN, policy: UNKNOWN } },
    ]);
    const seen = diagnostics.map((d) => `${d.policyName} ${d.enforcementLevel === 1 ? "mandatory" : "advisory"} ${d.urn.split("::").pop()}`);
    expect(seen).to.deep.equal([
      "pl-fn-002-tracing-active mandatory api-fn",
      "pl-not-evaluated advisory api-fn",
      "pl-not-evaluated advisory api-role-policy",
      "pl-not-evaluated advisory api-role-policy",
      "pl-not-evaluated advisory api-role-policy",
    ]);
    expect(diagnostics.some((d) => /can't run policy/.test(d.message))).to.equal(false);
    expect(diagnostics[1]!.message).to.include("[PL-FN-001] vpcConfig.subnetIds: not evaluated: vpcConfig.subnetIds unknown at preview");
  });

  it("is silent on a compliant stack", async () => {
    const resources = [
      { type: FN, name: "ok-fn", props: { name: "ok", runtime: "nodejs24.x", tracingConfig: { mode: "Active" }, reservedConcurrentExecutions: 5, vpcConfig: { subnetIds: ["a", "b"], securityGroupIds: ["sg"] } } },
      { type: "aws:cloudwatch/logGroup:LogGroup", name: "ok-log-group", props: { name: "/aws/lambda/ok", retentionInDays: 14 } },
    ];
    expect(await pack.analyzeStack("prod", resources)).to.deep.equal([]);
  });
});
