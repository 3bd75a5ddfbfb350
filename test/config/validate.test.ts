import { expect } from "chai";
import { rawConfigFromStackFile, loadStackFile } from "../../config/stack-file";
import { physicalResourceName } from "../../config/names";
import { validateStackSettings } from "../../config/validate";
import { type RawStackConfig } from "../../config/schema";
import { ROOT } from "../helpers/program";

/** Raw config as config/load.ts reads it (config/stack-file.ts does the same for the offline plan). */
function rawFromStack(stack: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(rawConfigFromStackFile(loadStackFile(ROOT, stack)))) as Record<string, unknown>;
}

const opts = { project: "private-lambda", stack: "dev", today: "2026-11-24" };

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

describe("validateStackSettings", () => {
  for (const stack of ["dev", "prod"]) {
    it(`accepts the shipped ${stack} stack with no errors and no warnings`, () => {
      const r = validateStackSettings(rawFromStack(stack), { ...opts, stack });
      expect(r.problems, JSON.stringify(r.problems, null, 1)).to.deep.equal([]);
      expect(r.settings!.functions.map((f) => f.key)).to.deep.equal(["hello", "pageview-counter"]);
    });
  }

  it("refuses provisionedConcurrency on an alias that follows each new version: prod without its pinned stableVersion (its schedule scales up to 20)", () => {
    const raw = rawFromStack("prod") as { functions: Record<string, { release?: Record<string, unknown> }> };
    delete raw.functions["pageview-counter"]!.release!.stableVersion;
    const errors = validateStackSettings(raw, { ...opts, stack: "prod" }).problems.filter((p) => p.severity === "error");
    expect(errors).to.have.length(1);
    expect(errors[0]!.path).to.equal("functions.pageview-counter.release.stableVersion");
    expect(errors[0]!.message).to.match(/got none with provisionedConcurrency 20[\s\S]*"1" for a function not deployed yet/);
  });

  it("fills defaults: arm64, 512 MB, 10 s, 512 MB storage, alias live, retention from the stack", () => {
    const raw = { region: "us-east-1", logRetentionDays: 30, functions: { api: { source: "functions/hello" } } };
    const f = validateStackSettings(raw, opts).settings!.functions[0]!;
    expect(f).to.deep.include({ architecture: "arm64", memoryMb: 512, timeoutSeconds: 10, ephemeralStorageMb: 512, runtime: "nodejs24.x", handler: "index.handler", logRetentionDays: 30, functionName: "private-lambda-dev-api" });
    expect(f.release).to.deep.equal({ aliasName: "live", canaryWeight: 0 });
  });

  it("GIVEN memory 20000 and timeout 0 THEN reports both, with paths, values and what is allowed", () => {
    const raw = rawFromStack("dev") as { functions: Record<string, Record<string, unknown>> };
    raw.functions.hello!.memoryMb = 20000;
    raw.functions.hello!.timeoutSeconds = 0;
    const errors = validateStackSettings(raw, opts).problems.filter((p) => p.severity === "error");
    expect(errors.map((e) => e.path)).to.include.members(["functions.hello.memoryMb", "functions.hello.timeoutSeconds"]);
    const mem = errors.find((e) => e.path === "functions.hello.memoryMb")!;
    expect(mem.value).to.equal(20000);
    expect(mem.message).to.match(/functions\.hello\.memoryMb.*20000.*10240/);
    expect(errors.find((e) => e.path === "functions.hello.timeoutSeconds")!.message).to.match(/timeoutSeconds.*0.*1/);
  });

  it("reports shape problems all at once: wrong type, bad enum, unknown key with the allowed keys", () => {
    const raw = clone(rawFromStack("dev")) as Record<string, any>;
    raw.functions.hello.memoryMb = "lots";
    raw.functions.hello.architecture = "sparc";
    raw.functions.hello.memroyMb = 1024;
    const r = validateStackSettings(raw, opts);
    expect(r.settings).to.equal(undefined);
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(byPath["functions.hello.memoryMb"]).to.match(/got "lots", allowed a number/);
    expect(byPath["functions.hello.architecture"]).to.match(/got "sparc", allowed one of "x86_64", "arm64"/);
    // Since issue 14 a near miss gets a suggestion before the list.
    expect(byPath["functions.hello.memroyMb"]).to.match(/unknown key \(did you mean memoryMb\?\); allowed keys here: source, zip, runtime, .*memoryMb/);
  });

  it("requires aws:region and says how to set it", () => {
    const r = validateStackSettings({ functions: { a: { source: "x" } } } as RawStackConfig, opts);
    expect(r.problems.map((p) => p.message).join("\n")).to.match(/^aws:region: got nothing, required \(a string\); set it with `pulumi config set aws:region <region>`/m);
  });

  it("rejects an existing VPC whose subnets span one AZ and gateway endpoints without route tables", () => {
    const raw = clone(rawFromStack("dev")) as Record<string, any>;
    raw.network = { mode: "existing", vpcId: "vpc-1", cidrBlock: "10.0.0.0/16", subnets: [{ id: "a", availabilityZone: "us-east-1a" }, { id: "b", availabilityZone: "us-east-1a" }], gatewayEndpoints: ["dynamodb"], interfaceEndpoints: ["xray"] };
    const errors = validateStackSettings(raw, opts).problems.filter((p) => p.severity === "error");
    expect(errors.map((e) => e.rule)).to.include.members(["network.azCount", "network.gatewayRoutes"]);
  });

  it("requires a route to DynamoDB for a function using a table in subnets without NAT", () => {
    const raw = clone(rawFromStack("dev")) as Record<string, any>;
    raw.network.gatewayEndpoints = [];
    const p = validateStackSettings(raw, opts).problems.find((x) => x.rule === "network.dynamodbRoute");
    expect(p?.severity).to.equal("error");
    expect(p?.message).to.match(/add "dynamodb" \(free\)/);
  });

  it("warns when tracing has no route out (no NAT, no xray endpoint)", () => {
    const raw = clone(rawFromStack("dev")) as Record<string, any>;
    raw.network.interfaceEndpoints = [];
    expect(validateStackSettings(raw, opts).problems.map((p) => `${p.severity} ${p.rule}`)).to.include("warning network.xrayRoute");
  });

  it("rejects 1 AZ, a bad CIDR and an unknown table at once", () => {
    const raw = clone(rawFromStack("dev")) as Record<string, any>;
    raw.network.availabilityZones = 1;
    raw.network.cidrBlock = "10.0.0.0/8";
    raw.functions["pageview-counter"].tables[0].table = "visits";
    const rules = validateStackSettings(raw, opts).problems.filter((p) => p.severity === "error").map((p) => p.path);
    expect(rules).to.include.members(["network.availabilityZones", "network.cidrBlock", "functions.pageview-counter.tables.0.table"]);
  });

  it("requires exactly one of source and zip", () => {
    const both = validateStackSettings({ region: "us-east-1", functions: { a: { source: "x", zip: "y.zip" } } }, opts);
    const neither = validateStackSettings({ region: "us-east-1", functions: { a: {} } }, opts);
    for (const r of [both, neither]) expect(r.problems.find((p) => p.rule === "config.codeSource")?.message).to.match(/mutually exclusive/);
  });

  it("accepts a 48-character function key and rejects 49 characters or upper case", () => {
    const key48 = "a".repeat(48);
    expect(validateStackSettings({ region: "us-east-1", functions: { [key48]: { source: "x" } } }, opts).problems.filter((p) => p.rule === "config.functionKey")).to.deep.equal([]);
    for (const bad of ["a".repeat(49), "Api"]) {
      expect(validateStackSettings({ region: "us-east-1", functions: { [bad]: { source: "x" } } }, opts).problems.map((p) => p.rule)).to.include("config.functionKey");
    }
  });

  it("accepts usage scenarios with only one of low and peak", () => {
    const raw = { region: "us-east-1", functions: { a: { source: "x", usage: { requestsPerMonth: 10, avgDurationMs: 5, scenarios: { peak: { requestsPerMonth: 100 } } } } } };
    const r = validateStackSettings(raw, opts);
    expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
    expect(r.settings!.functions[0]!.usage!.scenarios).to.deep.equal({ peak: { requestsPerMonth: 100 } });
  });

  it("rejects wildcard actions in extra policy statements", () => {
    const r = validateStackSettings({ region: "us-east-1", functions: { a: { source: "x", policyStatements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b/*"] }] } } }, opts);
    expect(r.problems.find((p) => p.rule === "iam.wildcardAction")?.path).to.equal("functions.a.policyStatements.0.actions");
  });

  it("defaults table access to read (least privilege) and rejects alarms that can never fire", () => {
    const raw = { region: "us-east-1", tables: { t: { partitionKey: "id" } }, functions: { a: { source: "x", tables: [{ table: "t" }], alarms: { errorsThreshold: 0, evaluationPeriods: 0 } } } };
    const r = validateStackSettings(raw, opts);
    expect(r.settings!.functions[0]!.tables[0]!.access).to.equal("read");
    expect(r.problems.filter((p) => p.severity === "error" && p.path.startsWith("functions.")).map((p) => p.path)).to.deep.equal(["functions.a.alarms.evaluationPeriods", "functions.a.alarms.errorsThreshold"]);
  });

  it("reports release, secret and table variable problems at the keys the user wrote", () => {
    const raw = {
      region: "us-east-1",
      tables: { t: { partitionKey: "id" } },
      network: { mode: "create", gatewayEndpoints: ["dynamodb"], interfaceEndpoints: ["xray"] },
      functions: { a: { source: "x", release: { aliasName: "123", stableVersion: "$LATEST", canaryWeight: 1.5 }, secretEnvironment: { AWS_REGION: "k" }, tables: [{ table: "t", envVar: "1bad" }] } },
    };
    const paths = validateStackSettings(raw, opts).problems.filter((p) => p.severity === "error").map((p) => p.path);
    expect(paths).to.include.members([
      "functions.a.release.aliasName",
      "functions.a.release.stableVersion",
      "functions.a.release.canaryWeight",
      "functions.a.secretEnvironment.AWS_REGION",
      "functions.a.tables.0.envVar",
    ]);
    expect(paths.filter((p) => /\.alias\.|\.environment\./.test(p))).to.deep.equal([]);
  });

  it("rejects negative usage, a negative budget, a bad table key and an empty partition key", () => {
    const raw = {
      region: "us-east-1",
      account: { otherUsageGbSeconds: { arm64: -1 } },
      pricing: { budgetUsd: -5 },
      tables: { "Bad Key!": { partitionKey: "" } },
      network: { mode: "create", usage: { endpointDataGbPerMonth: -2 } },
      functions: { a: { source: "x" } },
    };
    const paths = validateStackSettings(raw, opts).problems.filter((p) => p.severity === "error").map((p) => p.path);
    expect(paths).to.include.members(["account.otherUsageGbSeconds.arm64", "pricing.budgetUsd", "tables.Bad Key!", "tables.Bad Key!.partitionKey", "network.usage.endpointDataGbPerMonth"]);
  });

  it("rejects a log retention AWS does not accept (\"never expire\" is not offered)", () => {
    const r = validateStackSettings({ region: "us-east-1", logRetentionDays: 10, functions: { a: { source: "x" } } }, opts);
    expect(r.problems.map((p) => p.path)).to.include("logRetentionDays");
  });
});

describe("physicalResourceName", () => {
  it("keeps short names readable and shortens long ones to exactly 64 with a stable hash", () => {
    expect(physicalResourceName("p", "dev", "api")).to.equal("p-dev-api");
    const long = physicalResourceName("private-lambda", "production-eu", "a-very-long-function-key-that-goes-on-and-on");
    expect(long).to.have.length(64);
    expect(long).to.equal(physicalResourceName("private-lambda", "production-eu", "a-very-long-function-key-that-goes-on-and-on"));
    expect(long).to.not.equal(physicalResourceName("private-lambda", "production-eu", "a-very-long-function-key-that-goes-on-and-ox"));
  });
});
