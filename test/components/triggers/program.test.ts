/**
 * The real program (index.ts) with triggers, under the mock engine in child processes
 * (test/helpers/program.ts): the shipped dev stack, dev with an SQS trigger and schedules added,
 * the SQS visibility edge through the stack config, and the shipped prod stack (ap-south-1), also
 * without its X-Ray override (the catalog has no X-Ray, SQS or Scheduler price: unpriced, never fatal).
 */
import { expect } from "chai";
import type { PlannedResource, ProgramRun } from "../../../plan/run";
import { loadStackFile } from "../../../config/stack-file";
import { evaluateStack, find, ofType, ROOT } from "../../helpers/program";

const ACCOUNT = "123456789012";
const PERMISSION = "aws:lambda/permission:Permission";
const INVOKE_CONFIG = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig";
const MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
const SCHEDULE = "aws:scheduler/schedule:Schedule";

/** `functions` and `pricing` of a stack file, as objects. */
function stackConfig(stack: string): { functions: Record<string, any>; pricing: Record<string, any> } {
  const c = loadStackFile(ROOT, stack).config;
  return { functions: JSON.parse(c["private-lambda:functions"]!), pricing: JSON.parse(c["private-lambda:pricing"] ?? "{}") };
}

/**
 * Dev with an SQS trigger on the page-view counter (visibility exactly 6 × 10 s) and schedules on hello.
 * The catalog has no SQS or Scheduler price, so the published us-east-1 prices are set as overrides:
 * SQS $0.40 per million requests (https://aws.amazon.com/sqs/pricing/), Scheduler $1.00 per million
 * invocations (https://aws.amazon.com/eventbridge/pricing/).
 */
function devWithQueueAndSchedules(visibilityTimeoutSeconds: number): Record<string, string> {
  const { functions, pricing } = stackConfig("dev");
  pricing.overrides = { ...pricing.overrides, "sqs.standardRequestTiers.0.usdPerRequest": 0.0000004, "scheduler.usdPerInvocation": 0.000001 };
  functions["pageview-counter"].triggers.sqs = { visibilityTimeoutSeconds, batchSize: 10, reportBatchItemFailures: true, maximumConcurrency: 5, maxReceiveCount: 4, messagesPerMonth: 3_000_000, avgMessageKb: 2 };
  functions.hello.triggers.schedules = [
    { name: "heartbeat", expression: "rate(5 minutes)", input: { name: "scheduler" } },
    { name: "nightly", expression: "cron(0 2 * * ? *)" },
  ];
  return { "private-lambda:functions": JSON.stringify(functions), "private-lambda:pricing": JSON.stringify(pricing) };
}

/** The shipped prod stack without its X-Ray price override (the catalog has no X-Ray price). */
function prodWithoutXrayPrice(): Record<string, string> {
  const { pricing } = stackConfig("prod");
  delete pricing.overrides["xray.usdPerTraceRecorded"];
  return { "private-lambda:pricing": JSON.stringify(pricing) };
}

const inputs = (r: PlannedResource) => r.inputs as Record<string, any>;
const errors = (run: ProgramRun) => run.violations.filter((v) => v.severity === "error");
const aliasArn = (region: string, stack: string, key: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:private-lambda-${stack}-${key}:live`;

/** Every invocation path the program registered targets an alias: never $LATEST, never unqualified. */
function expectEveryTriggerOnTheAlias(run: ProgramRun): void {
  expect(JSON.stringify(run.resources)).to.not.include("$LATEST");
  for (const p of ofType(run, PERMISSION)) expect(inputs(p).qualifier, p.name).to.equal("live");
  for (const c of ofType(run, INVOKE_CONFIG)) expect(inputs(c).qualifier, c.name).to.equal("live");
  for (const m of ofType(run, MAPPING)) expect(inputs(m).functionName, m.name).to.match(/:function:[^:]+:live$/);
  for (const s of ofType(run, SCHEDULE)) expect(inputs(s).target.arn, s.name).to.match(/:function:[^:]+:live$/);
  for (const i of ofType(run, "aws:apigateway/integration:Integration")) expect(inputs(i).uri, i.name).to.match(/:function:[^:/]+:live\/invocations$/);
}

describe("program with triggers (under mocks)", function () {
  this.timeout(120_000);
  let dev: ProgramRun;
  let devPlus: ProgramRun;
  let devEdgeFail: ProgramRun;
  let prodNoXray: ProgramRun;
  let prod: ProgramRun;
  before(async () => {
    [dev, devPlus, devEdgeFail, prodNoXray, prod] = await Promise.all([
      evaluateStack({ stack: "dev" }),
      evaluateStack({ stack: "dev", configOverrides: devWithQueueAndSchedules(60) }),
      evaluateStack({ stack: "dev", configOverrides: devWithQueueAndSchedules(59) }),
      evaluateStack({ stack: "prod", configOverrides: prodWithoutXrayPrice() }),
      evaluateStack({ stack: "prod" }),
    ]);
  });

  describe("the shipped dev stack", () => {
    it("evaluates with zero errors and no failure", () => {
      expect(dev.failure).to.equal(undefined);
      expect(errors(dev)).to.deep.equal([]);
    });

    it("wires every trigger to the live alias, never $LATEST or the unqualified function", () => expectEveryTriggerOnTheAlias(dev));

    it("puts GET /visit/{page} on a PRIVATE API whose policy names the network's execute-api endpoint", () => {
      const endpoint = find(dev, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-execute-api-endpoint");
      expect(inputs(endpoint)).to.include({ serviceName: "com.amazonaws.us-east-1.execute-api", vpcEndpointType: "Interface", privateDnsEnabled: false });
      const vpce = dev.outputs.executeApiEndpointId as string;
      expect(vpce).to.match(/^vpce-/);
      const api = inputs(find(dev, "aws:apigateway/restApi:RestApi", "pageview-counter-http-api"));
      expect(api.endpointConfiguration).to.deep.equal({ types: "PRIVATE", vpcEndpointIds: [vpce] });
      const policy = JSON.parse(inputs(find(dev, "aws:apigateway/restApiPolicy:RestApiPolicy", "pageview-counter-http-policy")).policy);
      expect(policy.Statement.map((s: any) => [s.Effect, s.Condition])).to.deep.equal([
        ["Allow", { StringEquals: { "aws:SourceVpce": vpce } }],
        ["Deny", { StringNotEquals: { "aws:SourceVpce": vpce } }],
      ]);
      const integration = inputs(find(dev, "aws:apigateway/integration:Integration", "pageview-counter-http-integration-get-visit-page-param"));
      expect(integration.uri).to.equal(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${aliasArn("us-east-1", "dev", "pageview-counter")}/invocations`);
    });

    it("limits API Gateway's permission to the alias and to this API's stage, method and path", () => {
      const permissions = ofType(dev, PERMISSION);
      expect(permissions.map((p) => p.name)).to.deep.equal(["pageview-counter-http-permission-get-visit-page-param"]);
      const p = inputs(permissions[0]!);
      expect(p).to.include({ function: "private-lambda-dev-pageview-counter", qualifier: "live", principal: "apigateway.amazonaws.com", action: "lambda:InvokeFunction" });
      expect(p.sourceArn).to.match(/^arn:aws:execute-api:us-east-1:123456789012:[0-9a-f]{10}\/v1\/GET\/visit\/\*$/);
    });

    it("configures hello's async invocations on the alias, with the failure queue as destination", () => {
      const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:private-lambda-dev-hello-async-failures`;
      expect(inputs(find(dev, "aws:sqs/queue:Queue", "hello-async-failure-queue")).name).to.equal("private-lambda-dev-hello-async-failures");
      expect(inputs(find(dev, INVOKE_CONFIG, "hello-async-config"))).to.deep.equal({
        functionName: "private-lambda-dev-hello",
        qualifier: "live",
        maximumRetryAttempts: 1,
        maximumEventAgeInSeconds: 3600,
        destinationConfig: { onFailure: { destination: queueArn } },
      });
    });

    it("grants hello's role exactly sqs:SendMessage on its failure queue, and the counter's role nothing for its API", () => {
      const statementsOf = (key: string) => JSON.parse(inputs(find(dev, "aws:iam/rolePolicy:RolePolicy", `${key}-role-policy`)).policy).Statement as any[];
      const trigger = (s: any) => !["OwnLogGroup", "VpcNetworkInterfaces", "XRayWrite"].includes(s.Sid) && !/^Table\d+$/.test(s.Sid);
      expect(statementsOf("hello").filter(trigger)).to.deep.equal([
        { Sid: "AsyncOnFailureDestination", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [`arn:aws:sqs:us-east-1:${ACCOUNT}:private-lambda-dev-hello-async-failures`] },
      ]);
      expect(statementsOf("pageview-counter").filter(trigger)).to.deep.equal([]);
    });

    it("exports the private invoke URL for callers in the VPC and the failure queue URL", () => {
      const out = dev.outputs.triggerOutputs as Record<string, any>;
      const vpce = dev.outputs.executeApiEndpointId as string;
      expect(out["pageview-counter"].http.invokeUrl).to.match(new RegExp(`^https://[0-9a-f]{10}-${vpce}\\.execute-api\\.us-east-1\\.amazonaws\\.com/v1$`));
      expect(out["pageview-counter"].http.routes).to.deep.equal(["GET /visit/{page}"]);
      expect(out.hello.async.failureQueueUrl).to.equal(`https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/private-lambda-dev-hello-async-failures`);
      expect((dev.outputs.endpointIds as Record<string, string>)["execute-api"]).to.equal(dev.outputs.executeApiEndpointId);
    });

    it("prices the API requests and the execute-api endpoint in the cost report", () => {
      const lines = (dev.outputs.costReport as any).infrastructure.lines as { id: string; usd: number; quantity: number }[];
      expect(lines.find((l) => l.id === "trigger.apiGateway.rest.tier1")).to.deep.include({ quantity: 200_000, usd: 0.7 });
      expect(lines.find((l) => l.id === "vpc.interfaceEndpoint.hours")).to.deep.include({ quantity: 3 * 2 * 730 });
    });
  });

  describe("dev with an SQS trigger (visibility exactly 6 × timeout) and schedules", () => {
    it("evaluates with zero errors: exactly 6 × 10 s = 60 s passes", () => {
      expect(devPlus.failure).to.equal(undefined);
      expect(errors(devPlus)).to.deep.equal([]);
    });

    it("wires every trigger to the live alias", () => expectEveryTriggerOnTheAlias(devPlus));

    it("maps the queue to the counter's alias ARN with a dead-letter queue", () => {
      const m = inputs(find(devPlus, MAPPING, "pageview-counter-sqs-mapping"));
      expect(m).to.deep.include({
        eventSourceArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:private-lambda-dev-pageview-counter-queue`,
        functionName: aliasArn("us-east-1", "dev", "pageview-counter"),
        batchSize: 10,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: 5 },
      });
      const q = inputs(find(devPlus, "aws:sqs/queue:Queue", "pageview-counter-sqs-queue"));
      expect(q).to.include({ visibilityTimeoutSeconds: 60 });
      expect(JSON.parse(q.redrivePolicy)).to.deep.equal({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:private-lambda-dev-pageview-counter-dlq`, maxReceiveCount: 4 });
    });

    it("grants the counter's role the three consume actions on its own queue only", () => {
      const doc = JSON.parse(inputs(find(devPlus, "aws:iam/rolePolicy:RolePolicy", "pageview-counter-role-policy")).policy);
      expect(doc.Statement.find((s: any) => s.Sid === "SqsTriggerConsume")).to.deep.equal({
        Sid: "SqsTriggerConsume",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        Resource: [`arn:aws:sqs:us-east-1:${ACCOUNT}:private-lambda-dev-pageview-counter-queue`],
      });
    });

    it("schedules hello's alias through a role that may only invoke that alias", () => {
      const alias = aliasArn("us-east-1", "dev", "hello");
      const heartbeat = inputs(find(devPlus, SCHEDULE, "hello-scheduler-schedule-heartbeat"));
      expect(heartbeat).to.deep.include({ name: "private-lambda-dev-hello-heartbeat", scheduleExpression: "rate(5 minutes)" });
      expect(heartbeat.target).to.deep.include({ arn: alias, roleArn: `arn:aws:iam::${ACCOUNT}:role/private-lambda-dev-hello-scheduler`, input: '{"name":"scheduler"}' });
      const role = inputs(find(devPlus, "aws:iam/role:Role", "hello-scheduler-role"));
      expect(JSON.parse(role.inlinePolicies[0].policy).Statement).to.deep.equal([{ Sid: "InvokeTheAlias", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: alias }]);
    });

    it("exports the queue URLs and schedule names, and prices SQS and the scheduler", () => {
      const out = devPlus.outputs.triggerOutputs as Record<string, any>;
      expect(out["pageview-counter"].queue).to.deep.include({
        url: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/private-lambda-dev-pageview-counter-queue`,
        deadLetterQueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/private-lambda-dev-pageview-counter-dlq`,
      });
      expect(out.hello.schedules).to.deep.equal(["private-lambda-dev-hello-heartbeat", "private-lambda-dev-hello-nightly"]);
      const lines = (devPlus.outputs.costReport as any).infrastructure.lines as { id: string; usd: number; quantity: number; freeQuantity?: number }[];
      // 3,000,000 sends + 300,000 receives (10 × 2 KB = 20 KB, one chunk) + 300,000 deletes = 3,600,000;
      // dev has freeTier on: (3.6 M − 1 M) × $0.40/M = $1.04 (https://aws.amazon.com/sqs/pricing/)
      expect(lines.find((l) => l.id === "trigger.sqs.requests.tier1")).to.deep.include({ quantity: 2_600_000, freeQuantity: 1_000_000, usd: 1.04 });
      // 730 × 12 + round(730 / 24) = 8,760 + 30 = 8,790 invocations, inside the 14 M free (https://aws.amazon.com/eventbridge/pricing/)
      expect(lines.find((l) => l.id === "trigger.scheduler.invocations")).to.deep.include({ quantity: 0, freeQuantity: 8_790, usd: 0 });
    });
  });

  it("stops before any resource when the queue's visibility timeout is one second below 6 × the function timeout", () => {
    expect(devEdgeFail.resources).to.deep.equal([]);
    expect(errors(devEdgeFail).map((e) => [e.path, e.rule, e.value])).to.deep.equal([["functions.pageview-counter.triggers.sqs.visibilityTimeoutSeconds", "lambda.trigger.sqs.visibilityTimeout", 59]]);
  });

  describe("the shipped prod stack (ap-south-1)", () => {
    it("without its X-Ray override, still evaluates every resource: the X-Ray line is unpriced, with its override key in a warning", () => {
      expect(prodNoXray.failure).to.equal(undefined);
      expect(errors(prodNoXray)).to.deep.equal([]);
      expect(prodNoXray.resources.length).to.equal(prod.resources.length);
      const warning = prodNoXray.violations.find((v) => v.rule === "pricing.unpriced");
      expect(warning).to.deep.include({ severity: "warning", path: "pricing.overrides" });
      expect(warning!.message).to.match(/lower bound; set pricing\.overrides\.xray\.usdPerTraceRecorded \(USD\)/);
      const report = prodNoXray.outputs.costReport as any;
      expect(report.complete).to.equal(false);
      expect(report.unpriced.map((u: any) => [u.path, u.overrideKey])).to.deep.equal([["infrastructure.xray.recorded", "xray.usdPerTraceRecorded"]]);
    });

    it("evaluates with zero errors, on the alias, and prices 30 M requests at $105.00 from the catalog", () => {
      expect(prod.failure).to.equal(undefined);
      expect(errors(prod)).to.deep.equal([]);
      expectEveryTriggerOnTheAlias(prod);
      const report = prod.outputs.costReport as any;
      // Catalog, ap-south-1 API Gateway REST tier 1: $3.50 per million. 30,000,000 × $0.0000035 = $105.00
      expect(report.infrastructure.lines.find((l: any) => l.id === "trigger.apiGateway.rest.tier1")).to.deep.include({ quantity: 30_000_000, unitPriceUsd: 0.0000035, usd: 105 });
      expect(report.complete).to.equal(true);
      expect(report.totalUsd).to.be.at.most(report.budgetUsd);
      expect(inputs(find(prod, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-execute-api-endpoint")).serviceName).to.equal("com.amazonaws.ap-south-1.execute-api");
      expect(inputs(find(prod, INVOKE_CONFIG, "hello-async-config"))).to.deep.include({ qualifier: "live", maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21600 });
      expect(inputs(find(prod, PERMISSION, "pageview-counter-http-permission-get-visit-page-param")).sourceArn).to.match(/^arn:aws:execute-api:ap-south-1:123456789012:[0-9a-f]{10}\/v1\/GET\/visit\/\*$/);
      expect(report.prices.overrides).to.deep.equal({ "xray.usdPerTraceRecorded": 0.000005 });
    });
  });
});
