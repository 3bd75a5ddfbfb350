/**
 * Function rules (PL-FN-*), fed with inputs recorded from real resources registered under the
 * mock engine: the PrivateFunction component as the compliant baseline, raw aws.lambda resources
 * for the violations.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { PrivateFunction, type PrivateFunctionArgs } from "../../components/private-function";
import { evaluateGuardrails, type GuardrailResource } from "../../guardrails/rules";
import { valueOf } from "../helpers/mocks";
import { privateFunctionArgs as fixtureArgs } from "../fixtures/private-function";
import { brief, DEV, errors, ofRule, PROD, record, TODAY } from "./support";

const FN = "aws:lambda/function:Function";
const LOG = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "arn:aws:iam::123456789012:role/guardrail-test";
const CODE = () => new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => 1;") });

function privateFunctionArgs(overrides: Partial<PrivateFunctionArgs> = {}): PrivateFunctionArgs {
  return fixtureArgs({ functionName: "gr-good", today: TODAY, ...overrides });
}

/** A raw function with everything right except what `overrides` changes. */
function rawFunction(name: string, overrides: Partial<aws.lambda.FunctionArgs> = {}): aws.lambda.Function {
  return new aws.lambda.Function(name, {
    name,
    role: ROLE,
    runtime: "nodejs24.x",
    handler: "index.handler",
    code: CODE(),
    tracingConfig: { mode: "Active" },
    vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-fn"] },
    reservedConcurrentExecutions: 10,
    ...overrides,
  });
}

/** A raw function plus its log group (14 days). */
function rawWithLogs(name: string, overrides: Partial<aws.lambda.FunctionArgs> = {}): void {
  rawFunction(name, overrides);
  new aws.cloudwatch.LogGroup(`${name}-log-group`, { name: `/aws/lambda/${name}`, retentionInDays: 14 });
}

describe("guardrails: function rules (recorded under the mock engine)", () => {
  let good: GuardrailResource[];
  let goodProd: GuardrailResource[];
  before(async () => {
    good = await record("grf-good", () => new PrivateFunction("grf-good", privateFunctionArgs()));
    goodProd = await record("grf-prod", () => new PrivateFunction("grf-prod", privateFunctionArgs({ functionName: "gr-prod", reservedConcurrency: 5 })));
  });

  it("finds nothing in a PrivateFunction (dev), nor in one with reserved concurrency (prod)", () => {
    expect(good.map((r) => r.type)).to.include.members([FN, LOG, "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"]);
    expect(evaluateGuardrails(good, DEV)).to.deep.equal([]);
    expect(evaluateGuardrails(goodProd, PROD)).to.deep.equal([]);
  });

  describe("PL-FN-001 VPC with at least two subnets", () => {
    it("rejects a function without vpcConfig (property vpcConfig)", async () => {
      const rs = await record("grf-novpc", () => rawWithLogs("grf-novpc", { vpcConfig: undefined }));
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-001"))).to.deep.equal([`PL-FN-001 ${FN}::grf-novpc vpcConfig error`]);
    });

    it("rejects one subnet (property vpcConfig.subnetIds) and says it can only count subnets", async () => {
      const rs = await record("grf-onesubnet", () => rawWithLogs("grf-onesubnet", { vpcConfig: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-fn"] } }));
      const [f, ...rest] = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-001");
      expect(rest).to.deep.equal([]);
      expect(f).to.include({ severity: "error", property: "vpcConfig.subnetIds", resource: `${FN}::grf-onesubnet` });
      expect(f!.message).to.match(/got 1 subnet, allowed at least 2 subnets .*counts subnets, it cannot see their AZs/);
    });

    it("rejects a function without security groups (property vpcConfig.securityGroupIds)", async () => {
      const rs = await record("grf-nosg", () => rawWithLogs("grf-nosg", { vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: [] } }));
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-001"))).to.deep.equal([`PL-FN-001 ${FN}::grf-nosg vpcConfig.securityGroupIds error`]);
    });

    it("rejects two subnets when the stack config says the network spans one AZ", () => {
      const f = ofRule(evaluateGuardrails(good, { ...DEV, availabilityZones: 1 }), "PL-FN-001");
      expect(brief(f)).to.deep.equal([`PL-FN-001 ${FN}::grf-good-fn vpcConfig.subnetIds error`]);
      expect(f[0]!.message).to.match(/spans 1 AZ/);
    });
  });

  describe("PL-FN-002 tracing Active", () => {
    it("rejects PassThrough (property tracingConfig.mode) and a missing tracingConfig", async () => {
      const rs = await record("grf-trace", () => {
        rawWithLogs("grf-trace-pass", { tracingConfig: { mode: "PassThrough" } });
        rawWithLogs("grf-trace-none", { tracingConfig: undefined });
      });
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-002");
      expect(brief(f)).to.deep.equal([`PL-FN-002 ${FN}::grf-trace-none tracingConfig.mode error`, `PL-FN-002 ${FN}::grf-trace-pass tracingConfig.mode error`]);
      expect(f[1]!.message).to.equal('got "PassThrough", allowed "Active"');
      expect(f[1]!.value).to.equal("PassThrough");
    });
  });

  describe("PL-FN-003 / PL-FN-004 runtime", () => {
    it("rejects a deprecated runtime (error) and warns on one deprecated within 180 days", async () => {
      const rs = await record("grf-rt", () => {
        rawWithLogs("grf-rt-old", { runtime: "nodejs20.x" });
        rawWithLogs("grf-rt-soon", { runtime: "nodejs22.x" });
        rawWithLogs("grf-rt-ok", { runtime: "nodejs24.x" });
      });
      const f = evaluateGuardrails(rs, DEV).filter((x) => x.ruleId === "PL-FN-003" || x.ruleId === "PL-FN-004");
      expect(brief(f)).to.deep.equal([`PL-FN-003 ${FN}::grf-rt-old runtime error`, `PL-FN-004 ${FN}::grf-rt-soon runtime warning`]);
      // AWS's runtimes page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html): nodejs20.x
      // deprecated 2026-04-30, create blocked 2027-02-01, update blocked 2027-03-03; nodejs22.x deprecated 2027-04-30.
      expect(f[0]!.message).to.match(/nodejs20\.x is deprecated since 2026-04-30; AWS blocks creating functions on it from 2027-02-01 and updating them from 2027-03-03; move to nodejs24\.x/);
      expect(f[1]!.message).to.match(/deprecated in 156 days \(on 2027-04-30; AWS blocks creating functions on it from 2027-06-01 and updating them from 2027-07-01\)/);
    });

    it("uses the context's today: nodejs22.x is fine a year earlier", async () => {
      const rs = await record("grf-rt2", () => rawWithLogs("grf-rt2", { runtime: "nodejs22.x" }));
      expect(ofRule(evaluateGuardrails(rs, { ...DEV, today: "2025-11-25" }), "PL-FN-004")).to.deep.equal([]);
    });
  });

  describe("PL-FN-005 log group with finite retention", () => {
    it("rejects a function without a log group named /aws/lambda/<name> (property name)", async () => {
      const rs = await record("grf-nolog", () => rawFunction("grf-nolog"));
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-005");
      expect(brief(f)).to.deep.equal([`PL-FN-005 ${FN}::grf-nolog name error`]);
      expect(f[0]!.message).to.match(/no aws:cloudwatch\/logGroup:LogGroup named "\/aws\/lambda\/grf-nolog"/);
    });

    it("rejects a log group that never expires (property retentionInDays of the log group)", async () => {
      const rs = await record("grf-forever", () => {
        rawFunction("grf-forever");
        new aws.cloudwatch.LogGroup("grf-forever-log-group", { name: "/aws/lambda/grf-forever" });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-005"))).to.deep.equal([`PL-FN-005 ${LOG}::grf-forever-log-group retentionInDays error`]);
    });

    it("follows loggingConfig.logGroup to a custom log group", async () => {
      const ok = await record("grf-custom", () => {
        rawFunction("grf-custom", { loggingConfig: { logFormat: "JSON", logGroup: "/shared/grf" } });
        new aws.cloudwatch.LogGroup("grf-custom-log-group", { name: "/shared/grf", retentionInDays: 30 });
      });
      expect(ofRule(evaluateGuardrails(ok, DEV), "PL-FN-005")).to.deep.equal([]);
      const bad = ok.filter((r) => r.type !== LOG);
      expect(brief(ofRule(evaluateGuardrails(bad, DEV), "PL-FN-005"))).to.deep.equal([`PL-FN-005 ${FN}::grf-custom loggingConfig.logGroup error`]);
    });
  });

  describe("PL-FN-006 reserved concurrency in prod", () => {
    it("rejects an unreserved function (-1) in prod only", () => {
      expect(brief(ofRule(evaluateGuardrails(good, PROD), "PL-FN-006"))).to.deep.equal([`PL-FN-006 ${FN}::grf-good-fn reservedConcurrentExecutions error`]);
      expect(ofRule(evaluateGuardrails(good, DEV), "PL-FN-006")).to.deep.equal([]);
      expect(ofRule(evaluateGuardrails(good, { ...PROD, env: "production" }), "PL-FN-006")).to.have.length(1);
    });

    it("accepts 0 (throttle everything is a valid reservation)", async () => {
      const rs = await record("grf-zero", () => rawWithLogs("grf-zero", { reservedConcurrentExecutions: 0 }));
      expect(ofRule(evaluateGuardrails(rs, PROD), "PL-FN-006")).to.deep.equal([]);
    });
  });

  describe("PL-FN-007 async failure handling", () => {
    it("rejects an event invoke config without on-failure destination (property destinationConfig.onFailure.destination)", async () => {
      const rs = await record("grf-async-bad", () => {
        const fn = rawFunction("grf-async-bad");
        new aws.lambda.FunctionEventInvokeConfig("grf-async-bad-invoke", { functionName: fn.name, maximumRetryAttempts: 1 });
      });
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-007");
      expect(brief(f)).to.deep.equal(["PL-FN-007 aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig::grf-async-bad-invoke destinationConfig.onFailure.destination error"]);
      expect(f[0]!.message).to.match(/no deadLetterConfig\.targetArn on grf-async-bad/);
    });

    it("accepts an on-failure destination, or a DLQ on the function", async () => {
      const rs = await record("grf-async-ok", () => {
        const q = new aws.sqs.Queue("grf-async-ok-dlq");
        const a = rawFunction("grf-async-ok-a");
        new aws.lambda.FunctionEventInvokeConfig("grf-async-ok-a-invoke", { functionName: a.name, destinationConfig: { onFailure: { destination: q.arn } } });
        const b = rawFunction("grf-async-ok-b", { deadLetterConfig: { targetArn: q.arn } });
        new aws.lambda.FunctionEventInvokeConfig("grf-async-ok-b-invoke", { functionName: b.arn, qualifier: "live" });
      });
      expect(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-007")).to.deep.equal([]);
    });

    it("rejects a deadLetterConfig without targetArn (property deadLetterConfig.targetArn)", () => {
      const rs = [{ type: FN, name: "dlq-empty", inputs: { name: "dlq-empty", deadLetterConfig: {} } }];
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-007"))).to.deep.equal([`PL-FN-007 ${FN}::dlq-empty deadLetterConfig.targetArn error`]);
    });
  });

  describe("PL-FN-008 no function URL", () => {
    it("rejects any function URL, even with AWS_IAM auth (property authorizationType)", async () => {
      const rs = await record("grf-url", () => {
        const fn = rawFunction("grf-url");
        new aws.lambda.FunctionUrl("grf-url-url", { functionName: fn.name, authorizationType: "AWS_IAM" });
      });
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-008");
      expect(brief(f)).to.deep.equal(["PL-FN-008 aws:lambda/functionUrl:FunctionUrl::grf-url-url authorizationType error"]);
      expect(f[0]!.message).to.match(/authorizationType "AWS_IAM"/);
      expect(ofRule(evaluateGuardrails(good, DEV), "PL-FN-008")).to.deep.equal([]);
    });
  });

  describe("PL-FN-009 no public permission", () => {
    it('rejects principal "*" without a source condition (property principal), accepts it with sourceAccount or a service principal', async () => {
      const rs = await record("grf-perm", () => {
        const fn = rawFunction("grf-perm");
        new aws.lambda.Permission("grf-perm-public", { action: "lambda:InvokeFunction", function: fn.name, principal: "*" });
        new aws.lambda.Permission("grf-perm-account", { action: "lambda:InvokeFunction", function: fn.name, principal: "*", sourceAccount: "123456789012" });
        new aws.lambda.Permission("grf-perm-s3", { action: "lambda:InvokeFunction", function: fn.name, principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::bucket" });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-009"))).to.deep.equal(["PL-FN-009 aws:lambda/permission:Permission::grf-perm-public principal error"]);
    });
  });

  describe("PL-FN-010 provisioned concurrency on an alias", () => {
    it("rejects a fixed config or a scalable target on a version or $LATEST (property qualifier / resourceId), accepts the alias", async () => {
      const rs = await record("grf-pc", () => {
        const fn = rawFunction("grf-pc");
        new aws.lambda.ProvisionedConcurrencyConfig("grf-pc-on-version", { functionName: fn.name, qualifier: "3", provisionedConcurrentExecutions: 2 });
        new aws.lambda.ProvisionedConcurrencyConfig("grf-pc-on-alias", { functionName: fn.name, qualifier: "live", provisionedConcurrentExecutions: 2 });
        const target = (name: string, resourceId: string) =>
          new aws.appautoscaling.Target(name, { serviceNamespace: "lambda", scalableDimension: "lambda:function:ProvisionedConcurrency", resourceId, minCapacity: 1, maxCapacity: 5 });
        target("grf-pc-target-version", "function:grf-pc:12");
        target("grf-pc-target-latest", "function:grf-pc:$LATEST");
        target("grf-pc-target-bare", "function:grf-pc");
        target("grf-pc-target-alias", "function:grf-pc:live");
        // Another service's target is not this rule's business.
        new aws.appautoscaling.Target("grf-ecs-target", { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/cluster/12", minCapacity: 1, maxCapacity: 2 });
      });
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-010");
      expect(brief(f).sort()).to.deep.equal([
        "PL-FN-010 aws:appautoscaling/target:Target::grf-pc-target-bare resourceId error",
        "PL-FN-010 aws:appautoscaling/target:Target::grf-pc-target-latest resourceId error",
        "PL-FN-010 aws:appautoscaling/target:Target::grf-pc-target-version resourceId error",
        "PL-FN-010 aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig::grf-pc-on-version qualifier error",
      ]);
      const messageOf = (name: string) => f.find((x) => x.resource.endsWith(`::${name}`))!.message;
      expect(messageOf("grf-pc-on-version")).to.match(/^got version 3: provisioned concurrency on a version stays there when the alias moves/);
      expect(messageOf("grf-pc-target-latest")).to.match(/^got version \$LATEST:/);
      expect(messageOf("grf-pc-target-bare")).to.equal('got "function:grf-pc": no alias qualifier; allowed function:<name>:<alias>');
    });

    it("the component's scaling target and fixed config are on the alias", async () => {
      const rs = await record("grf-pc-component", () => {
        new PrivateFunction("grf-pc-component", privateFunctionArgs({ functionName: "grf-pc-component", provisionedConcurrency: 2, release: { stableVersion: "1" } }));
      });
      expect(rs.some((r) => r.type === "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")).to.equal(true);
      expect(ofRule(evaluateGuardrails(rs, DEV), "PL-FN-010")).to.deep.equal([]);
    });
  });

  it("a raw function done right has no errors either (the rules are not tied to the component)", async () => {
    const rs = await record("grf-raw-ok", () => rawWithLogs("grf-raw-ok"));
    expect(errors(evaluateGuardrails(rs, PROD))).to.deep.equal([]);
  });

  it("cannot evaluate the log-group rule for an auto-named function (its physical name is computed): a warning, not a pass", async () => {
    const rs = await record("grf-auto", () => {
      const fn = new aws.lambda.Function("grf-auto", { role: ROLE, runtime: "nodejs24.x", handler: "index.handler", code: CODE(), tracingConfig: { mode: "Active" }, vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-fn"] } });
      void valueOf(fn.name);
    });
    // No `name` input: the physical name is computed, so the log-group rule cannot be evaluated.
    const f = ofRule(evaluateGuardrails(rs, DEV), "PL-FN-005");
    expect(f.map((x) => [x.property, x.severity, x.message])).to.deep.equal([["name", "warning", "not evaluated: name unknown at preview"]]);
  });
});
