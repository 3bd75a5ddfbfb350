import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { PrivateFunction, type PrivateFunctionArgs } from "../../components/private-function";
import type { PcScalingSettings } from "../../components/private-function/pc-scaling-settings";
import { privateFunctionArgs } from "../fixtures/private-function";
import { functionVersions, one, registered, settle, valueOf } from "../helpers/mocks";

// Issue 18: provisioned concurrency that follows the load, under Pulumi's mock engine.

const TARGET = "aws:appautoscaling/target:Target";
const POLICY = "aws:appautoscaling/policy:Policy";
const ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const PC = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig";

const BUSINESS_HOURS: PcScalingSettings = {
  min: 1,
  max: 5,
  targetUtilization: 0.6,
  schedules: [
    { name: "open", expression: "cron(0 8 ? * MON-FRI *)", timezone: "America/New_York", min: 5, max: 20 },
    { name: "close", expression: "cron(0 18 ? * MON-FRI *)", timezone: "America/New_York", min: 1, max: 5 },
  ],
};

function args(overrides: Partial<PrivateFunctionArgs>): PrivateFunctionArgs {
  return privateFunctionArgs({ functionName: "proj-test-fn", today: "2026-11-24", reservedConcurrency: 50, ...overrides });
}

async function deploy(name: string, a: PrivateFunctionArgs): Promise<PrivateFunction> {
  const fn = new PrivateFunction(name, a);
  await valueOf(fn.aliasArn);
  await settle();
  return fn;
}

describe("PrivateFunction with scaling provisioned concurrency", () => {
  before(async () => {
    functionVersions["proj-as1"] = "4";
    await deploy("as1", args({ functionName: "proj-as1", provisionedConcurrencyScaling: BUSINESS_HOURS, release: { stableVersion: "3" } }));
  });

  it("registers the scalable target on the alias function:<name>:<alias> (never a version), with the target's min and max", () => {
    const t = one("as1", TARGET, "as1-pc-target");
    expect(t.inputs).to.deep.include({
      serviceNamespace: "lambda",
      scalableDimension: "lambda:function:ProvisionedConcurrency",
      resourceId: "function:proj-as1:live",
      minCapacity: 1,
      maxCapacity: 5,
    });
    expect(t.inputs.resourceId).to.not.match(/:(\d+|\$LATEST)$/);
    expect(t.parent).to.deep.equal({ type: PrivateFunction.type, name: "as1" });
    expect(t.ignoreChanges).to.equal(undefined);
    expect(t.inputs.suspendedState).to.equal(undefined);
  });

  it("adds a target-tracking policy on LambdaProvisionedConcurrencyUtilization at the configured target, on the same alias", () => {
    const p = one("as1", POLICY, "as1-pc-utilization").inputs as Record<string, any>;
    expect(p).to.deep.include({ policyType: "TargetTrackingScaling", resourceId: "function:proj-as1:live", scalableDimension: "lambda:function:ProvisionedConcurrency", serviceNamespace: "lambda" });
    expect(p.targetTrackingScalingPolicyConfiguration).to.deep.equal({ targetValue: 0.6, predefinedMetricSpecification: { predefinedMetricType: "LambdaProvisionedConcurrencyUtilization" } });
  });

  it("adds one scheduled action per schedule on the alias, with its expression, time zone and capacity", () => {
    const open = one("as1", ACTION, "as1-pc-schedule-open").inputs as Record<string, any>;
    expect(open).to.deep.include({ name: "proj-as1-live-open", resourceId: "function:proj-as1:live", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "America/New_York" });
    expect(open.scalableTargetAction).to.deep.equal({ minCapacity: 5, maxCapacity: 20 });
    const close = one("as1", ACTION, "as1-pc-schedule-close").inputs as Record<string, any>;
    expect(close.scalableTargetAction).to.deep.equal({ minCapacity: 1, maxCapacity: 5 });
  });

  it("creates no fixed provisioned-concurrency config and nothing that names a version", () => {
    expect(registered("as1").filter((r) => r.type === PC)).to.deep.equal([]);
    for (const r of registered("as1").filter((x) => x.type.startsWith("aws:appautoscaling/"))) {
      expect(r.inputs.resourceId, r.name).to.equal("function:proj-as1:live");
    }
  });

  it("while the config asks for weights: suspends scaling and holds capacity changes (ignoreChanges), like a fixed value", async () => {
    functionVersions["proj-as-w"] = "8";
    await deploy("as-w", args({ functionName: "proj-as-w", provisionedConcurrencyScaling: BUSINESS_HOURS, release: { stableVersion: "7", canaryWeight: 0.1 } }));
    const t = one("as-w", TARGET, "as-w-pc-target");
    expect(t.inputs.suspendedState).to.deep.equal({ dynamicScalingInSuspended: true, dynamicScalingOutSuspended: true, scheduledScalingSuspended: true });
    expect(t.ignoreChanges).to.deep.equal(["minCapacity", "maxCapacity"]);
    expect(one("as-w", POLICY, "as-w-pc-utilization").ignoreChanges).to.deep.equal(["targetTrackingScalingPolicyConfiguration"]);
    expect(one("as-w", ACTION, "as-w-pc-schedule-open").ignoreChanges).to.deep.equal(["scalableTargetAction", "schedule", "timezone"]);
  });

  it("refuses, before any child: an unpinned alias, max above reserved, min above max, a fixed value as well, with every problem listed", async () => {
    const bad: PcScalingSettings = { min: 9, max: 8, targetUtilization: 0.95, schedules: [{ name: "x", expression: "cron(0 8 * * MON-FRI *)", min: 1, max: 60 }] };
    let message = "";
    try {
      new PrivateFunction("as-bad", args({ functionName: "proj-as-bad", provisionedConcurrencyScaling: bad, provisionedConcurrency: 3 }));
    } catch (e) {
      expect(e).to.be.instanceOf(pulumi.ResourceError);
      message = (e as Error).message;
    }
    expect(message).to.match(/as-bad\.release\.stableVersion: got none with provisionedConcurrency 3/);
    expect(message).to.match(/as-bad\.provisionedConcurrencyScaling\.min: got 9, allowed at most max \(8\)/);
    expect(message).to.match(/as-bad\.provisionedConcurrencyScaling\.targetUtilization: got 0\.95, allowed a number 0\.1–0\.9/);
    expect(message).to.match(/as-bad\.provisionedConcurrencyScaling\.schedules\.0\.cron: got "cron\(0 8 \* \* MON-FRI \*\)"[\s\S]*exactly one of day-of-month \(\*\) and day-of-week \(MON-FRI\) must be \?/);
    expect(message).to.match(/as-bad\.provisionedConcurrencyScaling\.schedules\.0\.max: got 60, allowed an integer ≤ reservedConcurrency 50/);
    expect(message).to.match(/as-bad\.provisionedConcurrencyScaling: got it together with provisionedConcurrency 3, allowed one of them/);
    await settle();
    expect(registered("as-bad").filter((r) => r.type !== PrivateFunction.type)).to.deep.equal([]);
  });
});
