/**
 * The real program (index.ts) for both shipped stacks, evaluated under the mock engine in child
 * processes (one per config variant), with assertions on what it registers.
 */
import { expect } from "chai";
import type { ProgramRun } from "../../plan/run";
import { loadStackFile } from "../../config/stack-file";
import { evaluateStack, find, ofType, ROOT } from "../helpers/program";

const FN = "aws:lambda/function:Function";
const EP = "aws:ec2/vpcEndpoint:VpcEndpoint";

const expectations = {
  dev: { region: "us-east-1", azs: 2, retention: 7 },
  prod: { region: "ap-south-1", azs: 3, retention: 90 },
} as const;

for (const stack of ["dev", "prod"] as const) {
  describe(`program, stack ${stack} (under mocks)`, function () {
    this.timeout(60_000);
    const want = expectations[stack];
    let run: ProgramRun;
    before(async () => {
      run = await evaluateStack({ stack });
    });

    it("evaluates without violations or failure", () => {
      expect(run.failure).to.equal(undefined);
      expect(run.violations.filter((v) => v.severity === "error")).to.deep.equal([]);
    });

    it("creates the Lambda interface endpoint with private DNS and a policy scoped to the stack's functions", () => {
      const ep = find(run, EP, "network-lambda-endpoint").inputs as Record<string, any>;
      expect(ep).to.include({ vpcEndpointType: "Interface", serviceName: `com.amazonaws.${want.region}.lambda`, privateDnsEnabled: true });
      const policy = JSON.parse(ep.policy);
      const names = ofType(run, FN).map((f) => f.inputs.name as string).sort();
      expect(names).to.deep.equal([`private-lambda-${stack}-hello`, `private-lambda-${stack}-pageview-counter`]);
      expect(policy.Statement[0].Action).to.deep.equal(["lambda:InvokeFunction"]);
      expect(policy.Statement[0].Resource).to.deep.equal(names.flatMap((n) => [`arn:aws:lambda:${want.region}:123456789012:function:${n}`, `arn:aws:lambda:${want.region}:123456789012:function:${n}:*`]));
    });

    it(`attaches every function to subnets in ${want.azs} AZs with tracing Active and publish on`, () => {
      const vpc = find(run, "awsx:ec2:Vpc", "network-vpc").inputs as Record<string, any>;
      // Explicit AZ names (the mocks' canned <region>a, b, …): awsx no longer picks the first N itself.
      expect(vpc.availabilityZoneNames).to.deep.equal(["a", "b", "c"].slice(0, want.azs).map((l) => `${want.region}${l}`));
      expect(vpc).to.not.have.property("numberOfAvailabilityZones");
      const fns = ofType(run, FN);
      expect(fns).to.have.length(2);
      for (const f of fns) {
        const i = f.inputs as Record<string, any>;
        expect(i.vpcConfig.subnetIds, f.name).to.have.length(want.azs);
        expect(i.tracingConfig).to.deep.equal({ mode: "Active" });
        expect(i.publish).to.equal(true);
        expect(i.architectures).to.deep.equal(["arm64"]);
        expect(i.runtime).to.equal("nodejs24.x");
        expect(i.replaceSecurityGroupsOnDestroy).to.equal(true);
      }
    });

    it(`gives every function a log group with ${want.retention} days retention`, () => {
      const groups = ofType(run, "aws:cloudwatch/logGroup:LogGroup");
      expect(groups.map((g) => g.inputs.retentionInDays)).to.deep.equal([want.retention, want.retention]);
    });

    it("gives every role a policy without `*` actions, and `*` resources only for ENI and X-Ray", () => {
      const policies = ofType(run, "aws:iam/rolePolicy:RolePolicy");
      expect(policies.map((p) => p.name).sort()).to.deep.equal(["hello-role-base-policy", "hello-role-policy", "pageview-counter-role-base-policy", "pageview-counter-role-policy"]);
      for (const p of policies) {
        const doc = JSON.parse(p.inputs.policy as string);
        for (const s of doc.Statement) {
          for (const a of s.Action) expect(a, p.name).to.not.include("*");
          if (s.Resource === "*") expect(["VpcNetworkInterfaces", "XRayWrite"]).to.include(s.Sid);
        }
      }
      const counter = JSON.parse(find(run, "aws:iam/rolePolicy:RolePolicy", "pageview-counter-role-policy").inputs.policy as string);
      expect(counter.Statement.find((s: any) => s.Sid === "Table0")).to.deep.equal({ Sid: "Table0", Effect: "Allow", Action: ["dynamodb:UpdateItem"], Resource: `arn:aws:dynamodb:${want.region}:123456789012:table/private-lambda-${stack}-pageviews` });
    });

    it("passes the table name to the page-view counter and reaches DynamoDB through a gateway endpoint", () => {
      const env = (find(run, FN, "pageview-counter-fn").inputs as Record<string, any>).environment.variables;
      expect(env.TABLE_NAME).to.equal(`private-lambda-${stack}-pageviews`);
      expect(find(run, EP, "network-dynamodb-endpoint").inputs).to.include({ vpcEndpointType: "Gateway" });
    });

    it("exports ids, the endpoint DNS name, per-function outputs and the cost report", () => {
      const o = run.outputs as Record<string, any>;
      expect(o.vpcId).to.match(/^vpc-/);
      expect(o.lambdaEndpointId).to.match(/^vpce-/);
      expect(o.lambdaEndpointDnsName).to.match(new RegExp(`^vpce-.*\\.lambda\\.${want.region}\\.vpce\\.amazonaws\\.com$`));
      expect(o.functionOutputs.hello.aliasArn).to.equal(`arn:aws:lambda:${want.region}:123456789012:function:private-lambda-${stack}-hello:live`);
      expect(o.functionOutputs.hello.logGroup).to.equal(`/aws/lambda/private-lambda-${stack}-hello`);
      expect(o.costReport.stack).to.equal(stack);
      expect(o.costReport.totalUsd).to.be.a("number").and.greaterThan(0);
    });
  });
}

describe("program, dev specifics", function () {
  this.timeout(60_000);
  let run: ProgramRun;
  before(async () => {
    run = await evaluateStack({ stack: "dev" });
  });

  it("asks awsx for no NAT gateway and isolated subnets", () => {
    const vpc = find(run, "awsx:ec2:Vpc", "network-vpc").inputs as Record<string, any>;
    expect(vpc.natGateways).to.deep.equal({ strategy: "None" });
    expect(vpc.subnetSpecs.map((s: any) => s.type)).to.deep.equal(["Isolated"]);
    expect(run.resources.filter((r) => /NatGateway|Eip/i.test(r.type))).to.have.length(0);
  });

  it("has no provisioned concurrency", () => {
    expect(ofType(run, "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")).to.have.length(0);
  });
});

describe("program, destroy order", function () {
  this.timeout(60_000);
  let run: ProgramRun;
  before(async () => {
    run = await evaluateStack({ stack: "dev" });
  });

  it("makes every network resource depend on every execution role and base policy, so a destroy deletes the roles last", () => {
    const roles = ["hello", "pageview-counter"].flatMap((k) => [`aws:iam/role:Role::${k}-role`, `aws:iam/rolePolicy:RolePolicy::${k}-role-base-policy`]);
    const network = run.resources.filter((r) => r.parent === "private-lambda:network:PrivateNetwork::network");
    expect(network.map((r) => r.name)).to.include.members(["network-vpc", "network-fn-sg", "network-lambda-endpoint"]);
    for (const r of network) expect(r.dependsOn, r.name).to.include.members(roles);
  });

  it("creates each function only after its role's base policy (ENI permissions), its own policy and log group", () => {
    const fn = find(run, FN, "pageview-counter-fn");
    expect(fn.dependsOn).to.include.members([
      "aws:iam/rolePolicy:RolePolicy::pageview-counter-role-base-policy",
      "aws:iam/rolePolicy:RolePolicy::pageview-counter-role-policy",
      "aws:cloudwatch/logGroup:LogGroup::pageview-counter-log-group",
    ]);
  });
});

describe("program, prod specifics", function () {
  this.timeout(60_000);
  let run: ProgramRun;
  before(async () => {
    run = await evaluateStack({ stack: "prod" });
  });

  it("puts provisioned concurrency on the live alias only, never on $LATEST or a version: a business-hours schedule (issue 18)", () => {
    expect(ofType(run, "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")).to.have.length(0);
    const scaling = [...ofType(run, "aws:appautoscaling/target:Target"), ...ofType(run, "aws:appautoscaling/policy:Policy"), ...ofType(run, "aws:appautoscaling/scheduledAction:ScheduledAction")];
    expect(scaling.map((r) => r.name)).to.deep.equal(["pageview-counter-pc-target", "pageview-counter-pc-utilization", "pageview-counter-pc-schedule-business-hours", "pageview-counter-pc-schedule-after-hours"]);
    for (const r of scaling) expect(r.inputs.resourceId, r.name).to.equal("function:private-lambda-prod-pageview-counter:live");
    expect(find(run, "aws:appautoscaling/scheduledAction:ScheduledAction", "pageview-counter-pc-schedule-business-hours").inputs).to.deep.include({ schedule: "cron(0 9 ? * MON-FRI *)", timezone: "Asia/Kolkata", scalableTargetAction: { minCapacity: 5, maxCapacity: 20 } });
    expect(find(run, FN, "pageview-counter-fn").inputs.reservedConcurrentExecutions).to.equal(100);
  });

  it("prints the price overrides it relied on in the cost report", () => {
    const report = (run.outputs as Record<string, any>).costReport;
    // The catalog prices everything prod uses but X-Ray; Pulumi.prod.yaml sets that one price.
    expect(report.prices.overrides).to.deep.equal({ "xray.usdPerTraceRecorded": 0.000005 });
    expect(report.infrastructure.lines.find((l: any) => l.id === "xray.recorded")).to.deep.include({ unitPriceUsd: 0.000005 });
    expect(report.infrastructure.lines.find((l: any) => l.id === "xray.recorded").note).to.match(/price: override/);
    expect(report.complete).to.equal(true);
  });
});

describe("program, invalid config", function () {
  this.timeout(60_000);

  it("GIVEN memory 20000 and timeout 0 THEN stops before registering any resource and lists both problems", async () => {
    const file = loadStackFile(ROOT, "dev");
    const functions = JSON.parse(file.config["private-lambda:functions"]!);
    functions.hello.memoryMb = 20000;
    functions.hello.timeoutSeconds = 0;
    const run = await evaluateStack({ stack: "dev", configOverrides: { "private-lambda:functions": JSON.stringify(functions) } });
    expect(run.resources).to.deep.equal([]);
    const errors = run.violations.filter((v) => v.severity === "error");
    expect(errors.map((e) => e.path)).to.include.members(["functions.hello.memoryMb", "functions.hello.timeoutSeconds"]);
    expect(errors.find((e) => e.path === "functions.hello.memoryMb")!.value).to.equal(20000);
  });

  it("GIVEN a missing price (prod without its X-Ray override) THEN registers the resources anyway and warns with the override key to set", async () => {
    const run = await evaluateStack({ stack: "prod", configOverrides: { "private-lambda:pricing": JSON.stringify({ overrides: {} }) } });
    expect(run.failure).to.equal(undefined);
    expect(run.violations.filter((v) => v.severity === "error")).to.deep.equal([]);
    expect(run.resources.length).to.be.greaterThan(0);
    const warning = run.violations.find((v) => v.rule === "pricing.unpriced");
    expect(warning).to.deep.include({ severity: "warning", path: "pricing.overrides" });
    expect(warning!.message).to.match(/set pricing\.overrides\.xray\.usdPerTraceRecorded \(USD\)/);
    expect((run.outputs as Record<string, any>).costReport.complete).to.equal(false);
  });
});
