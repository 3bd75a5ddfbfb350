/**
 * Trigger components under the in-process mock engine (test/setup/mocks.ts): every trigger targets
 * the alias (ARN or qualifier = alias name), never $LATEST or the unqualified function; children are
 * `<name>-<role>` under the component; invalid args register nothing.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { PrivateNetwork } from "../../../components/private-network";
import { AsyncInvokeConfig, PrivateHttpApi, QueueTrigger, ScheduleTrigger, type TriggerTarget } from "../../../components/triggers";
import { PrivateFunction } from "../../../components/private-function";
import { privateFunctionArgs } from "../../fixtures/private-function";
import { functionVersions, one, registered, settle, valueOf } from "../../helpers/mocks";

const ACCOUNT = "123456789012";
const FN = "app-test-worker";
const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FN}`;
const ALIAS_ARN = `${FN_ARN}:live`;
const target: TriggerTarget & { aliasInvokeArn: string } = {
  functionName: FN,
  aliasName: "live",
  aliasArn: ALIAS_ARN,
  aliasInvokeArn: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ALIAS_ARN}/invocations`,
};
const VPCE = "vpce-0123456789abcdef0";

/** Every child of component `name`: named `<name>-…` and parented to the component. */
function expectChildren(name: string, type: string): void {
  const children = registered(name).filter((r) => r.type !== type);
  expect(children.length).to.be.greaterThan(0);
  for (const c of children) {
    expect(c.name).to.match(new RegExp(`^${name}-[a-z0-9-]+$`));
    expect(c.parent).to.deep.equal({ type, name });
  }
}

describe("trigger components", () => {
  describe("PrivateHttpApi", () => {
    let apiComponent: PrivateHttpApi;
    before(async () => {
      apiComponent = new PrivateHttpApi("th1", {
        target,
        functionTimeoutSeconds: 10,
        apiName: "app-test-worker-api",
        region: "us-east-1",
        vpcEndpointId: VPCE,
        routes: [
          { method: "GET", path: "/visit/{page}" },
          { method: "POST", path: "/visit" },
        ],
      });
      await valueOf(apiComponent.invokeUrl);
      await settle();
    });

    it("is a PRIVATE REST API associated with the execute-api endpoint", () => {
      const api = one("th1", "aws:apigateway/restApi:RestApi", "th1-api").inputs as Record<string, any>;
      expect(api.endpointConfiguration).to.deep.equal({ types: "PRIVATE", vpcEndpointIds: [VPCE] });
    });

    it("has a resource policy that allows Invoke only with aws:SourceVpce = the endpoint and denies the rest", async () => {
      const p = one("th1", "aws:apigateway/restApiPolicy:RestApiPolicy", "th1-policy").inputs as Record<string, any>;
      const executionArn = await valueOf(apiComponent.executionArn);
      expect(executionArn).to.match(/^arn:aws:execute-api:us-east-1:123456789012:[0-9a-f]{10}$/);
      expect(p.restApiId).to.equal(await valueOf(apiComponent.restApiId));
      const doc = JSON.parse(p.policy);
      expect(doc.Statement.map((s: any) => [s.Effect, s.Action, s.Resource, s.Condition])).to.deep.equal([
        ["Allow", "execute-api:Invoke", `${executionArn}/*`, { StringEquals: { "aws:SourceVpce": VPCE } }],
        ["Deny", "execute-api:Invoke", `${executionArn}/*`, { StringNotEquals: { "aws:SourceVpce": VPCE } }],
      ]);
    });

    it("integrates every route with the alias's invoke ARN (AWS_PROXY, POST, 29 s)", () => {
      for (const id of ["get-visit-page-param", "post-visit"]) {
        const i = one("th1", "aws:apigateway/integration:Integration", `th1-integration-${id}`).inputs as Record<string, any>;
        expect(i).to.include({ type: "AWS_PROXY", integrationHttpMethod: "POST", uri: target.aliasInvokeArn, timeoutMilliseconds: 29_000 });
        expect(i.uri).to.contain(":live/invocations");
      }
      const m = one("th1", "aws:apigateway/method:Method", "th1-method-get-visit-page-param").inputs as Record<string, any>;
      expect(m).to.deep.include({ httpMethod: "GET", authorization: "NONE", requestParameters: { "method.request.path.page": true } });
    });

    it("builds /visit and /visit/{page} under the root resource", async () => {
      const visit = one("th1", "aws:apigateway/resource:Resource", "th1-resource-visit").inputs as Record<string, any>;
      const page = one("th1", "aws:apigateway/resource:Resource", "th1-resource-visit-page-param").inputs as Record<string, any>;
      expect(visit.pathPart).to.equal("visit");
      expect(visit.parentId).to.be.a("string").and.not.equal("");
      expect(page).to.include({ pathPart: "{page}" });
      expect(page.parentId).to.not.equal(visit.parentId);
    });

    it("grants API Gateway invoke on the alias only (qualifier), per route, with the stage/method/path source ARN", async () => {
      const executionArn = await valueOf(apiComponent.executionArn);
      const get = one("th1", "aws:lambda/permission:Permission", "th1-permission-get-visit-page-param").inputs as Record<string, any>;
      expect(get).to.deep.equal({
        statementId: "private-api-get-visit-page-param",
        action: "lambda:InvokeFunction",
        function: FN,
        qualifier: "live",
        principal: "apigateway.amazonaws.com",
        sourceArn: `${executionArn}/v1/GET/visit/*`,
      });
      const post = one("th1", "aws:lambda/permission:Permission", "th1-permission-post-visit").inputs as Record<string, any>;
      expect(post).to.include({ qualifier: "live", sourceArn: `${executionArn}/v1/POST/visit` });
    });

    it("deploys after the methods and the policy to stage v1 and exports the private invoke URL", async () => {
      const d = one("th1", "aws:apigateway/deployment:Deployment", "th1-deployment").inputs as Record<string, any>;
      expect(Object.keys(d.triggers).sort()).to.deep.equal(["integrations", "policy", "routes"]);
      expect(one("th1", "aws:apigateway/stage:Stage", "th1-stage").inputs).to.include({ stageName: "v1" });
      const id = await valueOf(apiComponent.restApiId);
      expect(await valueOf(apiComponent.invokeUrl)).to.equal(`https://${id}-${VPCE}.execute-api.us-east-1.amazonaws.com/v1`);
      expect(apiComponent.routes).to.deep.equal(["GET /visit/{page}", "POST /visit"]);
    });

    it("names every child `th1-<role>` under the component", () => expectChildren("th1", PrivateHttpApi.type));

    it("redeploys when the integration target changes (alias or function renamed), not when a new version is published", async () => {
      // The stage serves the Deployment's snapshot: a renamed alias must produce new triggers, or the
      // stage keeps calling the old (deleted) alias. Versions live behind the alias: same triggers.
      const make = async (name: string, functionName: string, aliasName: string, version: string) => {
        functionVersions[functionName] = version;
        const fn = new PrivateFunction(`${name}-fn`, privateFunctionArgs({ functionName, today: "2026-06-01", release: { aliasName } }));
        const api = new PrivateHttpApi(name, {
          target: { functionName: fn.functionName, aliasName: fn.aliasName, aliasArn: fn.aliasArn, aliasInvokeArn: fn.aliasInvokeArn },
          apiName: name,
          region: "us-east-1",
          vpcEndpointId: VPCE,
          routes: [{ method: "GET", path: "/visit/{page}" }],
        });
        await valueOf(api.invokeUrl);
        await settle();
        return (one(name, "aws:apigateway/deployment:Deployment", `${name}-deployment`).inputs as Record<string, any>).triggers as Record<string, string>;
      };
      const v3 = await make("tr-a", "app-test-rd1", "live", "3");
      const v4 = await make("tr-b", "app-test-rd1", "live", "4");
      const renamedAlias = await make("tr-c", "app-test-rd1", "blue", "4");
      const renamedFn = await make("tr-d", "app-test-rd2", "live", "4");
      expect(Object.keys(v3).sort()).to.deep.equal(["integrations", "policy", "routes"]);
      // A new version: same integration hash (the routes hash too).
      expect(v4.integrations).to.equal(v3.integrations);
      expect(v4.routes).to.equal(v3.routes);
      // A new alias name or function name: a new integration hash, so a new Deployment.
      expect(renamedAlias.integrations).to.not.equal(v4.integrations);
      expect(renamedFn.integrations).to.not.equal(v4.integrations);
      expect(renamedAlias.routes).to.equal(v4.routes);
    });

    it("rejects a function timeout that does not fit the integration timeout, and $LATEST, before any child", async () => {
      expect(
        () =>
          new PrivateHttpApi("th-bad", {
            target: { ...target, aliasName: "$LATEST" },
            functionTimeoutSeconds: 20,
            integrationTimeoutSeconds: 10,
            apiName: "x",
            region: "us-east-1",
            vpcEndpointId: VPCE,
            routes: [{ method: "GET", path: "/" }],
          }),
      ).to.throw(pulumi.ResourceError, /th-bad\.target\.aliasName: got "\$LATEST"[\s\S]*th-bad\.functionTimeoutSeconds: got 20, allowed ≤ 10 seconds/);
      await settle();
      expect(registered("th-bad").filter((r) => r.type !== PrivateHttpApi.type)).to.deep.equal([]);
    });
  });

  describe("QueueTrigger", () => {
    let q: QueueTrigger;
    before(async () => {
      q = new QueueTrigger("tq2", {
        target,
        queueName: "app-test-worker2-queue",
        deadLetterQueueName: "app-test-worker2-dlq",
        functionTimeoutSeconds: 10,
        visibilityTimeoutSeconds: 61,
        batchSize: 25,
        batchingWindowSeconds: 1,
        reportBatchItemFailures: true,
        maximumConcurrency: 5,
        maxReceiveCount: 3,
      });
      await valueOf(q.mappingUuid);
      await settle();
    });

    it("maps the queue to the alias ARN (never the unqualified function)", async () => {
      const m = one("tq2", "aws:lambda/eventSourceMapping:EventSourceMapping", "tq2-mapping").inputs as Record<string, any>;
      expect(m).to.deep.equal({
        eventSourceArn: await valueOf(q.queueArn),
        functionName: ALIAS_ARN,
        batchSize: 25,
        maximumBatchingWindowInSeconds: 1,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: 5 },
        enabled: true,
      });
      expect(m.functionName).to.match(/:live$/);
    });

    it("redrives to its dead-letter queue after maxReceiveCount, and only this queue may redrive into it", async () => {
      const queue = one("tq2", "aws:sqs/queue:Queue", "tq2-queue").inputs as Record<string, any>;
      expect(queue).to.include({ name: "app-test-worker2-queue", visibilityTimeoutSeconds: 61, messageRetentionSeconds: 345_600, sqsManagedSseEnabled: true });
      expect(JSON.parse(queue.redrivePolicy)).to.deep.equal({ deadLetterTargetArn: await valueOf(q.deadLetterQueueArn), maxReceiveCount: 3 });
      expect(one("tq2", "aws:sqs/queue:Queue", "tq2-dlq").inputs).to.include({ name: "app-test-worker2-dlq", messageRetentionSeconds: 1_209_600 });
      const allow = one("tq2", "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "tq2-dlq-redrive-allow").inputs as Record<string, any>;
      expect(JSON.parse(allow.redriveAllowPolicy)).to.deep.equal({ redrivePermission: "byQueue", sourceQueueArns: [await valueOf(q.queueArn)] });
      expect(await valueOf(q.queueUrl)).to.equal("https://sqs.us-east-1.amazonaws.com/123456789012/app-test-worker2-queue");
    });

    it("names every child `tq2-<role>` under the component", () => expectChildren("tq2", QueueTrigger.type));

    it("applies the visibility rule at the edge: 6 × 10 s + 1 s = 61 s passes (above), 60 s fails", async () => {
      expect(
        () => new QueueTrigger("tq-bad", { target, queueName: "x-queue", deadLetterQueueName: "x-dlq", functionTimeoutSeconds: 10, visibilityTimeoutSeconds: 60, batchingWindowSeconds: 1 }),
      ).to.throw(pulumi.ResourceError, /tq-bad\.visibilityTimeoutSeconds: got 60, allowed ≥ 61 seconds \(6 × timeoutSeconds 10 \+ batching window 1\)/);
      await settle();
      expect(registered("tq-bad").filter((r) => r.type !== QueueTrigger.type)).to.deep.equal([]);
    });

    it("defaults the visibility timeout to exactly 6 × timeout + window", async () => {
      const d = new QueueTrigger("tq3", { target, queueName: "d-queue", deadLetterQueueName: "d-dlq", functionTimeoutSeconds: 30, batchingWindowSeconds: 5 });
      await valueOf(d.mappingUuid);
      await settle();
      expect(one("tq3", "aws:sqs/queue:Queue", "tq3-queue").inputs).to.include({ visibilityTimeoutSeconds: 185 });
      const m = one("tq3", "aws:lambda/eventSourceMapping:EventSourceMapping", "tq3-mapping").inputs as Record<string, any>;
      expect(m).to.not.have.property("functionResponseTypes");
      expect(m).to.not.have.property("scalingConfig");
      expect(m.batchSize).to.equal(10);
    });
  });

  describe("AsyncInvokeConfig", () => {
    it("configures retries and event age on the alias (qualifier) and sends failures to a queue made for them", async () => {
      const a = new AsyncInvokeConfig("ta1", { target, maximumRetryAttempts: 1, maximumEventAgeSeconds: 3600, onFailure: { queueName: "app-test-worker-async-failures" } });
      await valueOf(a.failureDestinationArn!);
      await settle();
      const q = one("ta1", "aws:sqs/queue:Queue", "ta1-failure-queue").inputs as Record<string, any>;
      expect(q).to.include({ name: "app-test-worker-async-failures", messageRetentionSeconds: 1_209_600 });
      const c = one("ta1", "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "ta1-config").inputs as Record<string, any>;
      expect(c).to.deep.equal({
        functionName: FN,
        qualifier: "live",
        maximumRetryAttempts: 1,
        maximumEventAgeInSeconds: 3600,
        destinationConfig: { onFailure: { destination: `arn:aws:sqs:us-east-1:${ACCOUNT}:app-test-worker-async-failures` } },
      });
      expect(await valueOf(a.failureQueueUrl!)).to.match(/app-test-worker-async-failures$/);
      expectChildren("ta1", AsyncInvokeConfig.type);
    });

    it("uses a given destination ARN as is, creating no queue", async () => {
      const arn = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
      const a = new AsyncInvokeConfig("ta2", { target, onFailure: { arn } });
      expect(await valueOf(a.failureDestinationArn!)).to.equal(arn);
      await settle();
      expect(registered("ta2").filter((r) => r.type === "aws:sqs/queue:Queue")).to.deep.equal([]);
      const c = one("ta2", "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "ta2-config").inputs as Record<string, any>;
      expect(c).to.deep.include({ qualifier: "live", maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600, destinationConfig: { onFailure: { destination: arn } } });
    });

    it("rejects 3 retries and an S3 destination before any child", async () => {
      expect(() => new AsyncInvokeConfig("ta-bad", { target, maximumRetryAttempts: 3, onFailure: { arn: "arn:aws:s3:::b" } })).to.throw(
        pulumi.ResourceError,
        /ta-bad\.maximumRetryAttempts: got 3, allowed integer 0–2[\s\S]*ta-bad\.onFailure\.arn/,
      );
      await settle();
      expect(registered("ta-bad").filter((r) => r.type !== AsyncInvokeConfig.type)).to.deep.equal([]);
    });
  });

  describe("ScheduleTrigger", () => {
    let s: ScheduleTrigger;
    before(async () => {
      s = new ScheduleTrigger("ts1", {
        target,
        accountId: ACCOUNT,
        roleName: "app-test-worker-scheduler",
        schedules: [
          { name: "every-5", physicalName: "app-test-worker-every-5", expression: "rate(5 minutes)", input: { name: "scheduler" } },
          { name: "nightly", physicalName: "app-test-worker-nightly", expression: "cron(0 2 * * ? *)" },
        ],
      });
      await valueOf(s.scheduleNames);
      await settle();
    });

    it("invokes the alias ARN from each schedule with its input, through the component's role", async () => {
      const roleArn = await valueOf(s.roleArn);
      const every5 = one("ts1", "aws:scheduler/schedule:Schedule", "ts1-schedule-every-5").inputs as Record<string, any>;
      expect(every5).to.deep.include({ name: "app-test-worker-every-5", groupName: "default", scheduleExpression: "rate(5 minutes)", scheduleExpressionTimezone: "UTC", flexibleTimeWindow: { mode: "OFF" }, state: "ENABLED" });
      expect(every5.target).to.deep.equal({ arn: ALIAS_ARN, roleArn, input: JSON.stringify({ name: "scheduler" }) });
      const nightly = one("ts1", "aws:scheduler/schedule:Schedule", "ts1-schedule-nightly").inputs as Record<string, any>;
      expect(nightly.target).to.deep.equal({ arn: ALIAS_ARN, roleArn });
      expect(await valueOf(s.scheduleNames)).to.deep.equal(["app-test-worker-every-5", "app-test-worker-nightly"]);
    });

    it("gives the role exactly lambda:InvokeFunction on the alias ARN, assumable by the scheduler of this account", () => {
      const role = one("ts1", "aws:iam/role:Role", "ts1-role").inputs as Record<string, any>;
      expect(role.name).to.equal("app-test-worker-scheduler");
      expect(JSON.parse(role.assumeRolePolicy).Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }]);
      expect(role.inlinePolicies).to.have.length(1);
      expect(JSON.parse(role.inlinePolicies[0].policy).Statement).to.deep.equal([{ Sid: "InvokeTheAlias", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: ALIAS_ARN }]);
      expect(registered("ts1").filter((r) => r.type === "aws:lambda/permission:Permission")).to.deep.equal([]);
    });

    it("names every child `ts1-<role>` under the component", () => expectChildren("ts1", ScheduleTrigger.type));

    it("rejects an invalid expression and a duplicate name before any child", async () => {
      expect(
        () =>
          new ScheduleTrigger("ts-bad", {
            target,
            accountId: ACCOUNT,
            roleName: "r",
            schedules: [
              { name: "a", physicalName: "a", expression: "cron(0 2 * * * *)" },
              { name: "a", physicalName: "a2", expression: "rate(1 hours)" },
            ],
          }),
      ).to.throw(pulumi.ResourceError, /ts-bad\.schedules\.0\.expression[\s\S]*ts-bad\.schedules\.1\.name[\s\S]*ts-bad\.schedules\.1\.expression/);
      await settle();
      expect(registered("ts-bad").filter((r) => r.type !== ScheduleTrigger.type)).to.deep.equal([]);
    });
  });

  describe("PrivateNetwork with privateApiEndpoint", () => {
    it("adds the execute-api interface endpoint, private DNS off, with a policy limited to this account's APIs", async () => {
      const net = new PrivateNetwork("tn1", { vpc: { mode: "create", availabilityZones: 2 }, region: "us-east-1", accountId: ACCOUNT, lambdaFunctionNames: [FN], interfaceEndpoints: ["xray"], privateApiEndpoint: true });
      const id = await valueOf(net.executeApiEndpointId!);
      await valueOf(net.endpointIds);
      await settle();
      const ep = one("tn1", "aws:ec2/vpcEndpoint:VpcEndpoint", "tn1-execute-api-endpoint").inputs as Record<string, any>;
      expect(ep).to.include({ serviceName: "com.amazonaws.us-east-1.execute-api", vpcEndpointType: "Interface", privateDnsEnabled: false });
      expect(ep.subnetIds).to.have.length(2);
      expect(JSON.parse(ep.policy).Statement).to.deep.equal([
        { Sid: "InvokeThisAccountsPrivateApis", Effect: "Allow", Principal: "*", Action: ["execute-api:Invoke"], Resource: [`arn:aws:execute-api:us-east-1:${ACCOUNT}:*`] },
      ]);
      expect(id).to.match(/^vpce-/);
      expect((await valueOf(net.endpointIds))["execute-api"]).to.equal(id);
      // The Lambda endpoint is unchanged.
      expect(one("tn1", "aws:ec2/vpcEndpoint:VpcEndpoint", "tn1-lambda-endpoint").inputs).to.include({ privateDnsEnabled: true });
    });

    it("creates no execute-api endpoint without it (existing behaviour)", async () => {
      const net = new PrivateNetwork("tn2", { vpc: { mode: "create", availabilityZones: 2 }, region: "us-east-1", accountId: ACCOUNT, lambdaFunctionNames: [FN] });
      await valueOf(net.endpointIds);
      await settle();
      expect(net.executeApiEndpointId).to.equal(undefined);
      expect(registered("tn2").filter((r) => r.name === "tn2-execute-api-endpoint")).to.deep.equal([]);
    });
  });
});
