/**
 * Values unknown at preview are reported as "not evaluated" warnings, never as passes (and never
 * as errors).
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fc from "fast-check";
import { PrivateFunction } from "../../components/private-function";
import { LAMBDA_ASSUME_ROLE_POLICY } from "../../components/private-function/execution-policy";
import { evaluateGuardrails, isNotEvaluated, PULUMI_UNKNOWN_SENTINELS, UNKNOWN, type Finding, type GuardrailContext, type GuardrailResource } from "../../guardrails/rules";
import { valueOf } from "../helpers/mocks";
import { DEV, PROD, record, recordCompliantStack, res, TODAY } from "./support";

const FN = "aws:lambda/function:Function";
const U = UNKNOWN;

const goodFn = (extra: Record<string, unknown> = {}) => ({
  name: "f",
  runtime: "nodejs24.x",
  tracingConfig: { mode: "Active" },
  vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] },
  reservedConcurrentExecutions: 5,
  ...extra,
});
const logGroup = (extra: Record<string, unknown> = {}) => res("aws:cloudwatch/logGroup:LogGroup", "f-log-group", { name: "/aws/lambda/f", retentionInDays: 7, ...extra });
const policyOf = (Resource: unknown) => JSON.stringify({ Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource }] });
const lambdaEndpoint = (extra: Record<string, unknown>) =>
  res("aws:ec2/vpcEndpoint:VpcEndpoint", "ep", { serviceName: "com.amazonaws.us-east-1.lambda", vpcEndpointType: "Interface", privateDnsEnabled: true, policy: policyOf("arn:aws:lambda:us-east-1:1:function:f"), ...extra });

/** [rule, resources, context, resource key, property] of one unknown each. */
const CASES: [string, GuardrailResource[], GuardrailContext, string, string][] = [
  ["PL-FN-001", [res(FN, "f", goodFn({ vpcConfig: U })), logGroup()], DEV, `${FN}::f`, "vpcConfig"],
  ["PL-FN-001", [res(FN, "f", goodFn({ vpcConfig: { subnetIds: U, securityGroupIds: ["sg-1"] } })), logGroup()], DEV, `${FN}::f`, "vpcConfig.subnetIds"],
  ["PL-FN-002", [res(FN, "f", goodFn({ tracingConfig: { mode: U } })), logGroup()], DEV, `${FN}::f`, "tracingConfig.mode"],
  ["PL-FN-003", [res(FN, "f", goodFn({ runtime: U })), logGroup()], DEV, `${FN}::f`, "runtime"],
  ["PL-FN-004", [res(FN, "f", goodFn({ runtime: U })), logGroup()], DEV, `${FN}::f`, "runtime"],
  ["PL-FN-005", [res(FN, "f", goodFn()), logGroup({ retentionInDays: U })], DEV, "aws:cloudwatch/logGroup:LogGroup::f-log-group", "retentionInDays"],
  ["PL-FN-005", [res(FN, "f", goodFn({ name: U })), logGroup()], DEV, `${FN}::f`, "name"],
  ["PL-FN-005", [res(FN, "f", goodFn()), logGroup({ name: U })], DEV, `${FN}::f`, "name"],
  ["PL-FN-006", [res(FN, "f", goodFn({ reservedConcurrentExecutions: U })), logGroup()], PROD, `${FN}::f`, "reservedConcurrentExecutions"],
  ["PL-FN-007", [res(FN, "f", goodFn()), logGroup(), res("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "ic", { functionName: "f", destinationConfig: { onFailure: { destination: U } } })], DEV, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig::ic", "destinationConfig.onFailure.destination"],
  ["PL-FN-009", [res("aws:lambda/permission:Permission", "p", { function: "f", principal: "*", sourceArn: U })], DEV, "aws:lambda/permission:Permission::p", "principal"],
  ["PL-FN-010", [res("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc", { functionName: "f", qualifier: U, provisionedConcurrentExecutions: 2 })], DEV, "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig::pc", "qualifier"],
  ["PL-IAM-001", [res("aws:iam/rolePolicy:RolePolicy", "rp", { role: "r", policy: U })], DEV, "aws:iam/rolePolicy:RolePolicy::rp", "policy"],
  ["PL-IAM-002", [res("aws:iam/rolePolicy:RolePolicy", "rp", { role: "r", policy: { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: [U] }] } })], DEV, "aws:iam/rolePolicy:RolePolicy::rp", "policy.Statement.0.Resource"],
  ["PL-IAM-003", [res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "att", { role: "r", policyArn: U })], DEV, "aws:iam/rolePolicyAttachment:RolePolicyAttachment::att", "policyArn"],
  ["PL-IAM-004", [res("aws:iam/role:Role", "role", { assumeRolePolicy: U })], DEV, "aws:iam/role:Role::role", "assumeRolePolicy"],
  ["PL-NET-001", [res("aws:ec2/securityGroup:SecurityGroup", "sg", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [U] }] })], DEV, "aws:ec2/securityGroup:SecurityGroup::sg", "ingress.0.cidrBlocks.0"],
  ["PL-NET-002", [lambdaEndpoint({ privateDnsEnabled: U })], DEV, "aws:ec2/vpcEndpoint:VpcEndpoint::ep", "privateDnsEnabled"],
  ["PL-NET-003", [lambdaEndpoint({ policy: U })], DEV, "aws:ec2/vpcEndpoint:VpcEndpoint::ep", "policy"],
  ["PL-NET-004", [lambdaEndpoint({ policy: U })], DEV, "aws:ec2/vpcEndpoint:VpcEndpoint::ep", "policy"],
  ["PL-NET-005", [res("awsx:ec2:Vpc", "vpc", { enableDnsHostnames: U })], DEV, "awsx:ec2:Vpc::vpc", "enableDnsHostnames"],
  ["PL-COST-001", [], { ...DEV, cost: { totalUsd: Number.NaN, budgetUsd: 50 } }, "pulumi:pulumi:Stack::stack", "totalUsd"],
];

describe("guardrails: values unknown at preview", () => {
  for (const [rule, resources, ctx, resource, property] of CASES) {
    it(`${rule}: ${property} unknown → "not evaluated" warning, no error`, () => {
      const f = evaluateGuardrails(resources, { today: TODAY, ...ctx }).filter((x) => x.ruleId === rule);
      expect(f).to.have.length(1);
      expect(f[0]).to.include({ severity: "warning", resource, property, message: `not evaluated: ${property} unknown at preview` });
    });
  }

  it("recognizes every Pulumi sentinel and the SDK's `unknown` object", () => {
    for (const u of [...Object.values(PULUMI_UNKNOWN_SENTINELS), pulumi.unknown]) {
      const f = evaluateGuardrails([res(FN, "f", goodFn({ tracingConfig: { mode: u } })), logGroup()], DEV);
      expect(f.map((x) => [x.ruleId, x.severity, x.message])).to.deep.equal([["PL-FN-002", "warning", "not evaluated: tracingConfig.mode unknown at preview"]]);
    }
  });

  it("reports an input that was computed and dropped (recorded without subnetIds) as not evaluated", async () => {
    const rs = await record("gru-dropped", () => {
      // An Output that resolves to undefined vanishes from the recorded inputs (Pulumi mocks: https://www.pulumi.com/docs/iac/guides/testing/unit/).
      const fn = new PrivateFunction("gru-dropped", {
        functionName: "gru-dropped",
        code: { zipPath: "/tmp/x.zip", base64Sha256: "q83vEjRWeJA=", zippedBytes: 10, unzippedBytes: 10, upload: "direct" },
        runtime: "nodejs24.x",
        logRetentionDays: 14,
        subnetIds: pulumi.output(undefined as unknown as string[]),
        subnetCount: 2,
        securityGroupIds: ["sg-fn"],
        replacementSecurityGroupIds: ["sg-empty"],
        today: TODAY,
      });
      void valueOf(fn.aliasArn);
    });
    const fn = rs.find((r) => r.type === FN)!;
    expect((fn.inputs.vpcConfig as Record<string, unknown>).subnetIds).to.equal(undefined);
    const f = evaluateGuardrails(rs, DEV);
    expect(f.map((x) => [x.ruleId, x.property, x.severity, x.message])).to.deep.equal([["PL-FN-001", "vpcConfig.subnetIds", "warning", "not evaluated: vpcConfig.subnetIds unknown at preview"]]);
  });

  it("keeps a known list of unknown subnet ids countable: two unknown ids pass, one fails", () => {
    const two = evaluateGuardrails([res(FN, "f", goodFn({ vpcConfig: { subnetIds: [U, U], securityGroupIds: [U] } })), logGroup()], DEV);
    expect(two).to.deep.equal([]);
    const one = evaluateGuardrails([res(FN, "f", goodFn({ vpcConfig: { subnetIds: [U], securityGroupIds: ["sg"] } })), logGroup()], DEV);
    expect(one.map((x) => [x.ruleId, x.severity])).to.deep.equal([["PL-FN-001", "error"]]);
  });

  it("reports a redacted secret policy as not evaluated (secret), not as invalid JSON", () => {
    const f = evaluateGuardrails([res("aws:iam/rolePolicy:RolePolicy", "rp", { role: "r", policy: "[secret]" })], DEV);
    expect(f.map((x) => [x.ruleId, x.message])).to.deep.equal([
      ["PL-IAM-001", "not evaluated: policy is a secret (redacted)"],
      ["PL-IAM-002", "not evaluated: policy is a secret (redacted)"],
      ["PL-IAM-003", "not evaluated: policy is a secret (redacted)"],
    ]);
  });

  describe("property: making any one input of a compliant stack unknown", () => {
    let stack: GuardrailResource[];
    const ctx: GuardrailContext = { ...PROD, region: "us-east-1", stackFunctionNames: ["gru-api"] };
    before(async () => {
      stack = await recordCompliantStack("gru-stack", "gru-api", 5);
      stack.push(res("aws:iam/role:Role", "gru-stack-extra-role", { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY }));
    });

    /** Dotted paths of every leaf and container of a resource's inputs. */
    function paths(value: unknown, prefix = ""): string[] {
      if (value === null || typeof value !== "object") return prefix ? [prefix] : [];
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
      return [...(prefix ? [prefix] : []), ...entries.flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k))];
    }

    function withUnknown(inputs: Record<string, unknown>, path: string, marker: unknown): Record<string, unknown> {
      const copy = JSON.parse(JSON.stringify(inputs)) as Record<string, unknown>;
      const keys = path.split(".");
      let cur: any = copy;
      for (const k of keys.slice(0, -1)) cur = cur[k];
      cur[keys[keys.length - 1]!] = marker;
      return copy;
    }

    it("the compliant stack has no findings at all", () => {
      expect(evaluateGuardrails(stack, ctx)).to.deep.equal([]);
    });

    it("never produces an error, only passes or 'not evaluated' warnings", () => {
      const targets = stack.flatMap((r, i) => paths(r.inputs).map((p) => [i, p] as const));
      expect(targets.length).to.be.greaterThan(100);
      fc.assert(
        fc.property(fc.constantFrom(...targets), fc.constantFrom(UNKNOWN, PULUMI_UNKNOWN_SENTINELS.object!, PULUMI_UNKNOWN_SENTINELS.array!), ([i, path], marker) => {
          const changed = stack.map((r, j) => (j === i ? { ...r, inputs: withUnknown(r.inputs as Record<string, unknown>, path, marker) } : r));
          const f: Finding[] = evaluateGuardrails(changed, ctx);
          expect(f.filter((x) => !isNotEvaluated(x)), `${stack[i]!.name} ${path}`).to.deep.equal([]);
        }),
        { numRuns: 300 },
      );
    });

    it("reports the properties the rules read as not evaluated when they become unknown", () => {
      const read: [string, string, string][] = [
        [FN, "vpcConfig.subnetIds", "PL-FN-001"],
        [FN, "tracingConfig", "PL-FN-002"],
        [FN, "runtime", "PL-FN-003"],
        [FN, "reservedConcurrentExecutions", "PL-FN-006"],
        ["aws:cloudwatch/logGroup:LogGroup", "retentionInDays", "PL-FN-005"],
        ["aws:iam/rolePolicy:RolePolicy", "policy", "PL-IAM-001"],
        ["aws:iam/role:Role", "assumeRolePolicy", "PL-IAM-004"],
        ["aws:ec2/securityGroup:SecurityGroup", "ingress", "PL-NET-001"],
        ["aws:ec2/vpcEndpoint:VpcEndpoint", "policy", "PL-NET-003"],
        ["aws:ec2/vpcEndpoint:VpcEndpoint", "privateDnsEnabled", "PL-NET-002"],
        ["awsx:ec2:Vpc", "enableDnsHostnames", "PL-NET-005"],
      ];
      for (const [type, path, rule] of read) {
        const i = stack.findIndex((r) => r.type === type && (type !== "aws:ec2/vpcEndpoint:VpcEndpoint" || String(r.inputs.serviceName).endsWith(".lambda")) && (type !== "aws:ec2/securityGroup:SecurityGroup" || r.inputs.ingress !== undefined));
        expect(i, `${type}`).to.be.greaterThan(-1);
        const changed = stack.map((r, j) => (j === i ? { ...r, inputs: withUnknown(r.inputs as Record<string, unknown>, path, UNKNOWN) } : r));
        const f = evaluateGuardrails(changed, ctx).filter((x) => x.ruleId === rule);
        expect(f.length, `${type} ${path}`).to.be.greaterThan(0);
        expect(f.every(isNotEvaluated), `${type} ${path}`).to.equal(true);
      }
    });
  });
});
