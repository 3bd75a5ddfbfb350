import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { createExecutionRole, PrivateFunction, type PrivateFunctionArgs } from "../../components/private-function";
import { alarmSpecs, DEFAULT_ALARM_SETTINGS, resolveAlarmSettings } from "../../components/private-function/alarms";
import { baseExecutionPolicy, executionRolePolicy } from "../../components/private-function/execution-policy";
import { resolveAliasRouting, resolveReleaseSettings, hasCanary, validateProvisionedRelease } from "../../components/private-function/release-routing";
import { redactSecrets } from "../../plan/mock-engine";
import { privateFunctionArgs, ZIP } from "../fixtures/private-function";
import { functionVersions, one, registered, settle, valueOf } from "../helpers/mocks";

function args(overrides: Partial<PrivateFunctionArgs> = {}): PrivateFunctionArgs {
  return privateFunctionArgs({ functionName: "proj-test-fn", today: "2026-11-24", ...overrides });
}

const FN = "aws:lambda/function:Function";
const ALIAS = "aws:lambda/alias:Alias";
const PC = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig";

async function deploy(name: string, a: PrivateFunctionArgs): Promise<PrivateFunction> {
  const fn = new PrivateFunction(name, a);
  await valueOf(fn.aliasArn);
  await valueOf(fn.alarmNames);
  await settle();
  return fn;
}

describe("PrivateFunction", () => {
  describe("GIVEN minimal args", () => {
    let fn: PrivateFunction;
    before(async () => {
      fn = await deploy("pf1", args({ functionName: "proj-test-pf1" }));
    });

    it("names every child `pf1-<role>` and parents it to the component", () => {
      const children = registered("pf1").filter((r) => r.type !== PrivateFunction.type);
      expect(children.length).to.be.greaterThan(5);
      for (const c of children) {
        expect(c.name).to.match(/^pf1-[a-z0-9-]+$/);
        expect(c.parent).to.deep.equal({ type: PrivateFunction.type, name: "pf1" });
      }
    });

    it("publishes, traces Active, runs arm64 in the given subnets and swaps SGs before destroy", () => {
      const f = one("pf1", FN, "pf1-fn").inputs as Record<string, any>;
      expect(f.publish).to.equal(true);
      expect(f.tracingConfig).to.deep.equal({ mode: "Active" });
      expect(f.architectures).to.deep.equal(["arm64"]);
      expect(f.vpcConfig.subnetIds).to.deep.equal(["subnet-a", "subnet-b"]);
      expect(f.vpcConfig.securityGroupIds).to.deep.equal(["sg-fn"]);
      expect(f.replaceSecurityGroupsOnDestroy).to.equal(true);
      expect(f.replacementSecurityGroupIds).to.deep.equal(["sg-empty"]);
      expect(f.memorySize).to.equal(512);
      expect(f.timeout).to.equal(10);
      expect(f.reservedConcurrentExecutions).to.equal(-1);
      expect(f.sourceCodeHash).to.equal(ZIP.base64Sha256);
      expect(f.role).to.match(/^arn:aws:iam::123456789012:role\//);
    });

    it("creates the log group /aws/lambda/<name> with the given retention", () => {
      const lg = one("pf1", "aws:cloudwatch/logGroup:LogGroup", "pf1-log-group").inputs;
      expect(lg).to.include({ name: "/aws/lambda/proj-test-pf1", retentionInDays: 14 });
    });

    it("gives the role a trust policy for lambda.amazonaws.com only and no `*` action", () => {
      const role = one("pf1", "aws:iam/role:Role", "pf1-role").inputs as { assumeRolePolicy: string };
      const trust = JSON.parse(role.assumeRolePolicy);
      expect(trust.Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
      const policy = JSON.parse((one("pf1", "aws:iam/rolePolicy:RolePolicy", "pf1-role-policy").inputs as { policy: string }).policy);
      for (const s of policy.Statement) for (const a of s.Action) expect(a).to.not.match(/\*/);
      const logs = policy.Statement.find((s: any) => s.Sid === "OwnLogGroup");
      expect(logs.Resource).to.equal("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/proj-test-pf1:*");
      const base = JSON.parse((one("pf1", "aws:iam/rolePolicy:RolePolicy", "pf1-role-base-policy").inputs as { policy: string }).policy);
      expect(base.Statement.map((s: any) => s.Sid)).to.deep.equal(["VpcNetworkInterfaces", "XRayWrite"]);
    });

    it("uses a role created beforehand when one is given, creating none of its own", async () => {
      const pre = createExecutionRole("pre1", { functionName: "proj-pre1" });
      await deploy("pre1-fn-owner", args({ functionName: "proj-pre1", executionRole: pre }));
      expect(registered("pre1-fn-owner").filter((r) => r.type === "aws:iam/role:Role")).to.deep.equal([]);
      const f = one("pre1-fn-owner", FN, "pre1-fn-owner-fn").inputs as Record<string, any>;
      expect(f.role).to.match(/^arn:aws:iam::123456789012:role\/pre1-role-[0-9a-f]{7}$/);
    });

    it("points the alias `live` at the published version on first deploy, with no weights", async () => {
      const alias = one("pf1", ALIAS, "pf1-alias").inputs as Record<string, any>;
      expect(alias.name).to.equal("live");
      expect(alias.functionVersion).to.equal("1");
      expect(alias).to.not.have.property("routingConfig");
      expect(await valueOf(fn.aliasArn)).to.equal("arn:aws:lambda:us-east-1:123456789012:function:proj-test-pf1:live");
      expect((await valueOf(fn.routing)).state).to.equal("first-deploy");
    });

    it("creates errors, throttles and p99-duration alarms on the alias, p99 at 80 % of the timeout", () => {
      const alarms = registered("pf1").filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(alarms.map((a) => a.name).sort()).to.deep.equal(["pf1-alarm-errors", "pf1-alarm-p99-duration", "pf1-alarm-throttles"]);
      const p99 = alarms.find((a) => a.name === "pf1-alarm-p99-duration")!.inputs as Record<string, any>;
      expect(p99).to.include({ metricName: "Duration", extendedStatistic: "p99", threshold: 8000 });
      expect(p99.dimensions).to.deep.equal({ FunctionName: "proj-test-pf1", Resource: "proj-test-pf1:live" });
    });

    it("creates no provisioned concurrency config when none is asked for", () => {
      expect(registered("pf1").filter((r) => r.type === PC)).to.have.length(0);
    });
  });

  describe("release model (alias routing) under mocks", () => {
    // Each case: the version `publish` produced and the release settings → alias state.
    const cases: { name: string; published: string; release: PrivateFunctionArgs["release"]; version: string; weights: Record<string, number>; state: string }[] = [
      { name: "rm-first", published: "1", release: { aliasName: "live", canaryWeight: 0 }, version: "1", weights: {}, state: "first-deploy" },
      { name: "rm-canary", published: "4", release: { aliasName: "live", stableVersion: "3", canaryWeight: 0.1 }, version: "3", weights: { "4": 0.1 }, state: "canary" },
      { name: "rm-dark", published: "4", release: { aliasName: "live", stableVersion: "3", canaryWeight: 0 }, version: "3", weights: {}, state: "dark" },
      { name: "rm-promote", published: "4", release: { aliasName: "live", stableVersion: "4", canaryWeight: 0 }, version: "4", weights: {}, state: "unchanged" },
      // rollback after a promote: 9 was promoted, the operator goes back to 5 (the new version stays dark)
      { name: "rm-rollback", published: "9", release: { aliasName: "live", stableVersion: "5", canaryWeight: 0 }, version: "5", weights: {}, state: "dark" },
      { name: "rm-to", published: "7", release: { aliasName: "live", stableVersion: "2", canaryWeight: 0 }, version: "2", weights: {}, state: "dark" },
    ];
    for (const c of cases) {
      it(`${c.name}: published ${c.published}, stable ${c.release?.stableVersion ?? "-"}, weight ${c.release?.canaryWeight} → alias on ${c.version} with weights ${JSON.stringify(c.weights)}`, async () => {
        functionVersions[`proj-${c.name}`] = c.published;
        const fn = await deploy(c.name, args({ functionName: `proj-${c.name}`, release: c.release }));
        const alias = one(c.name, ALIAS, `${c.name}-alias`).inputs as Record<string, any>;
        expect(alias.functionVersion).to.equal(c.version);
        if (Object.keys(c.weights).length === 0) expect(alias).to.not.have.property("routingConfig");
        else expect(alias.routingConfig).to.deep.equal({ additionalVersionWeights: c.weights });
        expect((await valueOf(fn.routing)).state).to.equal(c.state);
      });
    }

    it("partial release and alarm args: every field not given takes its default, every field given wins", async () => {
      functionVersions["proj-rm-partial"] = "4";
      const fn = await deploy("rm-partial", args({ functionName: "proj-rm-partial", release: { stableVersion: "3", canaryWeight: 0.25 }, alarms: { errorsThreshold: 5 } }));
      const alias = one("rm-partial", ALIAS, "rm-partial-alias").inputs as Record<string, any>;
      expect(alias.name).to.equal("live");
      expect(alias.routingConfig).to.deep.equal({ additionalVersionWeights: { "4": 0.25 } });
      expect(fn.aliasName).to.equal("live");
      const errors = one("rm-partial", "aws:cloudwatch/metricAlarm:MetricAlarm", "rm-partial-alarm-errors").inputs as Record<string, any>;
      expect([errors.threshold, errors.period, errors.evaluationPeriods]).to.deep.equal([5, 60, 3]);
    });

    it("adds canary alarms on the canary version through the alias's ExecutedVersion during a canary", () => {
      const alarms = registered("rm-canary").filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(alarms).to.have.length(5);
      expect(alarms.map((a) => a.name)).to.not.include("rm-canary-canary-alarm-throttles");
      const canary = alarms.find((a) => a.name === "rm-canary-canary-alarm-errors")!.inputs as Record<string, any>;
      expect(canary.dimensions).to.deep.equal({ FunctionName: "proj-rm-canary", Resource: "proj-rm-canary:live", ExecutedVersion: "4" });
    });
  });

  describe("canary alarms follow the routing result", () => {
    it("creates none when the version just published is the stable one, even with a weight (nothing to watch but stable)", async () => {
      functionVersions["proj-ca-same"] = "3";
      const fn = await deploy("ca-same", args({ functionName: "proj-ca-same", release: { stableVersion: "3", canaryWeight: 0.1 } }));
      await valueOf(fn.alarmNames);
      await settle();
      const alarms = registered("ca-same").filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => r.name).sort();
      // errors, throttles, p99 on the alias only: 3 alarms, no canary-*.
      expect(alarms).to.deep.equal(["ca-same-alarm-errors", "ca-same-alarm-p99-duration", "ca-same-alarm-throttles"]);
      expect((one("ca-same", ALIAS, "ca-same-alias").inputs as Record<string, any>)).to.not.have.property("routingConfig");
    });

    it("creates errors and p99 alarms on the canary version (ExecutedVersion = the new version) when it differs, and lists them in alarmNames", async () => {
      functionVersions["proj-ca-new"] = "4";
      const fn = await deploy("ca-new", args({ functionName: "proj-ca-new", release: { stableVersion: "3", canaryWeight: 0.1 } }));
      const names = await valueOf(fn.alarmNames);
      await settle();
      // 3 alias alarms + 2 canary alarms (throttles have no ExecutedVersion) = 5.
      expect(names).to.have.length(5);
      expect(names).to.include("proj-ca-new-live-canary-alarm-errors");
      const canary = one("ca-new", "aws:cloudwatch/metricAlarm:MetricAlarm", "ca-new-canary-alarm-p99-duration").inputs as Record<string, any>;
      expect(canary.dimensions).to.deep.equal({ FunctionName: "proj-ca-new", Resource: "proj-ca-new:live", ExecutedVersion: "4" });
    });

    it("exports where the alias points as the provider reports it (functionVersion, weights)", async () => {
      functionVersions["proj-ca-out"] = "6";
      const fn = await deploy("ca-out", args({ functionName: "proj-ca-out", release: { stableVersion: "5", canaryWeight: 0.25 } }));
      expect(await valueOf(fn.aliasFunctionVersion)).to.equal("5");
      expect(await valueOf(fn.aliasRoutingConfig)).to.deep.equal({ additionalVersionWeights: { "6": 0.25 } });
      functionVersions["proj-ca-out2"] = "6";
      const plain = await deploy("ca-out2", args({ functionName: "proj-ca-out2" }));
      expect(await valueOf(plain.aliasFunctionVersion)).to.equal("6");
      expect(await valueOf(plain.aliasRoutingConfig)).to.equal(null);
    });
  });

  describe("provisioned concurrency", () => {
    it("is configured on the alias name, never on $LATEST or a version number", async () => {
      await deploy("pc1", args({ functionName: "proj-pc1", reservedConcurrency: 20, provisionedConcurrency: 5, release: { stableVersion: "1" } }));
      const pc = one("pc1", PC, "pc1-pc").inputs as Record<string, any>;
      expect(pc).to.include({ functionName: "proj-pc1", qualifier: "live", provisionedConcurrentExecutions: 5 });
      expect(pc.qualifier).to.not.match(/^(\$LATEST|[0-9]+)$/);
      expect((one("pc1", FN, "pc1-fn").inputs as Record<string, any>).reservedConcurrentExecutions).to.equal(20);
    });
  });

  describe("provisioned concurrency on an alias that moves", () => {
    it("requires a pinned stableVersion, with the first-deploy value and the release CLI in the message, before any child", async () => {
      expect(() => new PrivateFunction("pc-unpinned", args({ functionName: "proj-pc-unpinned", provisionedConcurrency: 5 }))).to.throw(
        pulumi.ResourceError,
        /pc-unpinned\.release\.stableVersion: got none with provisionedConcurrency 5, allowed a published version number[\s\S]*"1" for a function not deployed yet[\s\S]*release -- status/,
      );
      await settle();
      expect(registered("pc-unpinned").filter((r) => r.type !== PrivateFunction.type)).to.deep.equal([]);
    });

    it("holds a PC change back while the config asks for weights (ignoreChanges), and applies it otherwise", async () => {
      functionVersions["proj-pc-w"] = "8";
      await deploy("pc-w", args({ functionName: "proj-pc-w", provisionedConcurrency: 5, release: { stableVersion: "7", canaryWeight: 0.1 } }));
      expect(one("pc-w", PC, "pc-w-pc").ignoreChanges).to.deep.equal(["provisionedConcurrentExecutions"]);
      functionVersions["proj-pc-s"] = "8";
      await deploy("pc-s", args({ functionName: "proj-pc-s", provisionedConcurrency: 5, release: { stableVersion: "8", canaryWeight: 0 } }));
      expect(one("pc-s", PC, "pc-s-pc").ignoreChanges).to.equal(undefined);
    });
  });

  describe("secrets", () => {
    it("keeps secret environment values secret in the registered inputs", async () => {
      await deploy("sec1", args({ functionName: "proj-sec1", environment: { PLAIN: "x" }, secretEnvironment: { TOKEN: pulumi.secret("s3cr3t") } }));
      // Secretness propagates to the enclosing input: the whole environment is recorded secret.
      const env = (one("sec1", FN, "sec1-fn").inputs as Record<string, any>).environment;
      const wrapped = env["4dabf18193072939515e22adb298388d"] ? env : env.variables;
      expect(wrapped).to.have.property("4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270");
      expect(JSON.stringify(env)).to.include("s3cr3t"); // the engine gets the value, marked secret
      expect(redactSecrets(env)).to.satisfy((v: unknown) => !JSON.stringify(v).includes("s3cr3t"));
    });
  });

  describe("S3 upload for large packages", () => {
    it("uploads the zip as an S3 object keyed by hash and points the function at it", async () => {
      await deploy("big1", args({ functionName: "proj-big1", code: { ...ZIP, zippedBytes: 60_000_000, unzippedBytes: 100_000_000, upload: "s3", s3: { bucket: "artifacts-bucket", key: "big1/abc.zip" } } }));
      const obj = one("big1", "aws:s3/bucketObjectv2:BucketObjectv2", "big1-code").inputs as Record<string, any>;
      expect(obj).to.include({ bucket: "artifacts-bucket", key: "big1/abc.zip" });
      const f = one("big1", FN, "big1-fn").inputs as Record<string, any>;
      expect(f).to.include({ s3Bucket: "artifacts-bucket", s3Key: "big1/abc.zip" });
      expect(f).to.not.have.property("code");
    });
  });

  describe("GIVEN invalid args", () => {
    it("throws one ResourceError listing every problem and registers no child", async () => {
      let error: Error | undefined;
      try {
        new PrivateFunction("bad1", args({ functionName: "proj-bad1", memoryMb: 20000, timeoutSeconds: 0 }));
      } catch (e) {
        error = e as Error;
      }
      expect(error).to.be.instanceOf(pulumi.ResourceError);
      expect(error!.message).to.match(/memoryMb[^\n]*20000/);
      expect(error!.message).to.match(/timeoutSeconds[^\n]*0/);
      await settle();
      expect(registered("bad1").filter((r) => r.type !== PrivateFunction.type)).to.have.length(0);
    });

    it("also rejects a retention AWS does not offer, a `*` action and alarms that can never be evaluated, all at once", () => {
      const make = () =>
        new PrivateFunction("bad3", args({
          functionName: "proj-bad3",
          logRetentionDays: 2,
          policyStatements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"] }],
          alarms: { enabled: true, errorsThreshold: 1, throttlesThreshold: 1, p99DurationPercentOfTimeout: 80, periodSeconds: 7, evaluationPeriods: 0 },
        }));
      // Issue 14: no "keep logs forever" advice: the component always sets a retention.
      expect(make).to.throw(pulumi.ResourceError, /bad3\.logRetentionDays: got 2, .*; a retention is required \(logs that never expire are not allowed here\)[\s\S]*bad3\.policyStatements\.0\.actions: got "s3:\*"[\s\S]*bad3\.alarms\.periodSeconds: got 7[\s\S]*bad3\.alarms\.evaluationPeriods: got 0/);
    });

    it("rejects an S3-sized package without an S3 location", () => {
      expect(() => new PrivateFunction("bad2", args({ functionName: "proj-bad2", code: { ...ZIP, zippedBytes: 60_000_000, upload: "s3" } }))).to.throw(pulumi.ResourceError, /bad2\.code\.s3/);
    });
  });
});

describe("private-function logic", () => {
  it("resolveAliasRouting never gives more than one additional version, and never the primary", () => {
    for (const [stable, published, weight] of [["1", "2", 0.5], ["2", "2", 0.5], ["3", "9", 1]] as const) {
      const r = resolveAliasRouting({ aliasName: "live", stableVersion: stable, canaryWeight: weight }, published);
      const extra = Object.keys(r.additionalVersionWeights ?? {});
      expect(extra.length).to.be.at.most(1);
      expect(extra).to.not.include(r.functionVersion);
    }
  });

  it("puts the `*`-resource ENI and X-Ray actions in the base policy only, and names resources in the function's own", () => {
    expect(baseExecutionPolicy().Statement.map((s) => [s.Sid, s.Resource])).to.deep.equal([
      ["VpcNetworkInterfaces", "*"],
      ["XRayWrite", "*"],
    ]);
    const p = executionRolePolicy({ logGroupArn: "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/x", tables: [{ arn: "arn:aws:dynamodb:us-east-1:1:table/t", access: "increment" }] });
    expect(p.Statement.filter((s) => s.Resource === "*")).to.deep.equal([]);
    expect(p.Statement.find((s) => s.Sid === "Table0")).to.deep.include({ Action: ["dynamodb:UpdateItem"], Resource: "arn:aws:dynamodb:us-east-1:1:table/t" });
  });

  it("resolves release and alarm options with the defaults first: given fields win, undefined ones do not erase a default", () => {
    expect(resolveReleaseSettings(undefined)).to.deep.equal({ aliasName: "live", canaryWeight: 0 });
    expect(resolveReleaseSettings({ aliasName: "prod", stableVersion: undefined })).to.deep.equal({ aliasName: "prod", canaryWeight: 0 });
    expect(resolveAlarmSettings({ enabled: undefined, periodSeconds: 300 })).to.deep.equal({ ...DEFAULT_ALARM_SETTINGS, periodSeconds: 300 });
    expect(resolveAlarmSettings({ enabled: false })).to.deep.equal({ ...DEFAULT_ALARM_SETTINGS, enabled: false });
  });

  it("alarmSpecs returns nothing when alarms are disabled", () => {
    expect(alarmSpecs({ enabled: false, errorsThreshold: 1, throttlesThreshold: 1, p99DurationPercentOfTimeout: 80, periodSeconds: 60, evaluationPeriods: 3 }, 10, true)).to.deep.equal([]);
  });
});

describe("release rules for provisioned concurrency and canary alarms (pure)", () => {
  it("validateProvisionedRelease: PC needs a pinned stableVersion; without PC, or pinned, nothing", () => {
    expect(validateProvisionedRelease(undefined, undefined, "functions.a")).to.deep.equal([]);
    expect(validateProvisionedRelease(5, { stableVersion: "1" }, "functions.a")).to.deep.equal([]);
    expect(validateProvisionedRelease(5, { stableVersion: "7", canaryWeight: 0.1 }, "functions.a")).to.deep.equal([]);
    const [v, ...rest] = validateProvisionedRelease(5, { aliasName: "live" }, "functions.a");
    expect(rest).to.deep.equal([]);
    expect(v!.path).to.equal("functions.a.release.stableVersion");
    expect(v!.severity).to.equal("error");
    expect(v!.message).to.match(/^functions\.a\.release\.stableVersion: got none with provisionedConcurrency 5, allowed a published version number/);
  });

  it("hasCanary: only the canary state with a canary version (published ≠ stable and a weight)", () => {
    const r = (stable: string | undefined, weight: number, published: string) => hasCanary(resolveAliasRouting({ aliasName: "live", stableVersion: stable, canaryWeight: weight }, published));
    expect(r("3", 0.1, "4")).to.equal(true);
    expect(r("3", 0.1, "3")).to.equal(false); // unchanged: the "canary" would be the stable version
    expect(r("3", 0, "4")).to.equal(false); // dark
    expect(r(undefined, 0.1, "4")).to.equal(false); // first deploy: the alias follows 4
  });
});
