/**
 * Pure trigger decisions (components/triggers/: validate, http-routes, schedule-expression, iam; config/names): schedule expressions, routes, policies,
 * the execution-role statements, validation with paths. No Pulumi engine involved.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { apiResourcePaths, deploymentTriggerInputs, privateApiInvokeUrl, privateApiResourcePolicy, routeId, routePathProblem, routeSlug, routeSourceArn, routeStatementId } from "../../../components/triggers/http-routes";
import { destinationService, schedulerAssumeRolePolicy, schedulerInvokePolicy, triggerInterfaceEndpoints, triggerRoleStatements } from "../../../components/triggers/iam";
import { parseScheduleExpression, scheduleInvocationsPerMonth, validateScheduleExpression } from "../../../components/triggers/schedule-expression";
import { toLimitTriggers, validateAsyncTrigger, validateFunctionTriggers, validateHttpTrigger, validateQueueTrigger } from "../../../components/triggers/validate";
import { type FunctionTriggers, type HttpTriggerSettings, type QueueTriggerSettings } from "../../../components/triggers/settings";
import { schedulePhysicalName, shortenName, triggerNames } from "../../../config/names";
import { resolvePage } from "../../../functions/pageview-counter/counter";

const EXEC = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";
const http = (o: Partial<HttpTriggerSettings> = {}): HttpTriggerSettings => ({
  routes: [{ method: "GET", path: "/visit/{page}" }],
  stageName: "v1",
  integrationTimeoutSeconds: 29,
  allowRaisedIntegrationTimeout: false,
  ...o,
});
const sqs = (o: Partial<QueueTriggerSettings> = {}): QueueTriggerSettings => ({
  batchSize: 10,
  batchingWindowSeconds: 0,
  reportBatchItemFailures: true,
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  ...o,
});

describe("components/triggers rules", () => {
  describe("schedule expressions (EventBridge rate/cron rules)", () => {
    const valid = [
      "rate(1 minute)",
      "rate(5 minutes)",
      "rate(1 hour)",
      "rate(12 hours)",
      "rate(1 day)",
      "rate(7 days)",
      "cron(0 12 * * ? *)",
      "cron(0/15 8-17 ? * MON-FRI *)",
      "cron(0 18 ? * 2-6 *)",
      "cron(15 10 L * ? *)",
      "cron(0 9 ? * 6#3 *)",
      "cron(0 0 1,15 JAN,JUL ? 2026-2030)",
      "cron(30 2 15W * ? *)",
    ];
    for (const e of valid) it(`accepts ${e}`, () => expect(validateScheduleExpression(e, "p")).to.deep.equal([]));

    const invalid: [string, RegExp][] = [
      ["rate(1 minutes)", /value of 1 takes the singular unit \(rate\(1 minute\)\)/],
      ["rate(5 minute)", /value above 1 takes the plural unit \(rate\(5 minutes\)\)/],
      ["rate(1 hours)", /singular/],
      ["rate(0 minutes)", /not an integer ≥ 1/],
      ["rate(1.5 hours)", /not an integer ≥ 1/],
      ["rate(2 weeks)", /not minute\(s\), hour\(s\) or day\(s\)/],
      ["rate(5  minutes)", /exactly one value and one unit/],
      ["cron(0 12 * * *)", /got 5 fields, need 6/],
      ["cron(0 12 * * * *)", /exactly one of day-of-month \(\*\) and day-of-week \(\*\) must be \?/],
      ["cron(0 12 ? * ? *)", /exactly one of day-of-month/],
      ["cron(60 12 * * ? *)", /minutes field "60"/],
      ["cron(0 24 * * ? *)", /hours field "24"/],
      ["cron(0 12 32 * ? *)", /day-of-month field "32"/],
      ["cron(0 12 ? FOO MON *)", /month field "FOO"/],
      ["cron(0 12 ? * 8 *)", /day-of-week field "8"/],
      ["cron(0 12 * * ? 1969)", /year field "1969"/],
      ["cron(0 ? * * ? *)", /\? is only allowed in day-of-month or day-of-week/],
      ["at(2026-01-01T00:00:00)", /one-time at\(\.\.\.\) schedules are not supported/],
      ["every 5 minutes", /not a rate\(\.\.\.\) or cron\(\.\.\.\) expression/],
    ];
    for (const [e, why] of invalid) {
      it(`rejects ${e} and says why`, () => {
        const [p, ...rest] = validateScheduleExpression(e, "functions.hello.triggers.schedules.0.expression");
        expect(rest).to.deep.equal([]);
        expect(p).to.deep.include({ path: "functions.hello.triggers.schedules.0.expression", rule: "trigger.schedule.expression", severity: "error", value: e });
        expect(p!.message).to.match(new RegExp(`^functions\\.hello\\.triggers\\.schedules\\.0\\.expression: got "${e.replace(/[()?*.]/g, "\\$&")}", allowed `));
        expect(p!.message).to.match(why);
      });
    }

    it("counts invocations per month: rate exactly, cron from its fields (730 h month)", () => {
      expect(scheduleInvocationsPerMonth("rate(1 minute)", 730)).to.equal(43_800); // 730 × 60
      expect(scheduleInvocationsPerMonth("rate(5 minutes)", 730)).to.equal(8_760); // 730 × 12
      expect(scheduleInvocationsPerMonth("rate(1 hour)", 730)).to.equal(730);
      expect(scheduleInvocationsPerMonth("rate(1 day)", 744)).to.equal(31);
      expect(scheduleInvocationsPerMonth("cron(0 12 * * ? *)", 744)).to.equal(31); // once a day, 31 days
      expect(scheduleInvocationsPerMonth("cron(0/15 * * * ? *)", 744)).to.equal(2_976); // 4 × 24 × 31
      expect(scheduleInvocationsPerMonth("cron(0 9 ? * MON-FRI *)", 728)).to.equal(22); // 5/7 × 30.33 days ≈ 21.67
      expect(scheduleInvocationsPerMonth("cron(0 0 1 * ? *)", 730)).to.equal(1);
      expect(scheduleInvocationsPerMonth("cron(0 0 1 JAN ? *)", 730)).to.equal(0); // once a year → 1/12 a month, rounds to 0
      expect(scheduleInvocationsPerMonth("cron(15 10 L * ? *)", 730)).to.equal(1);
      expect(() => scheduleInvocationsPerMonth("rate(1 minutes)", 730)).to.throw(/invalid schedule expression/);
    });

    it("parses every rate(n unit) with the right number: singular exactly for 1 (property)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom("minute", "hour", "day"), fc.boolean(), (n, unit, plural) => {
          const ok = plural === n > 1;
          const r = parseScheduleExpression(`rate(${n} ${unit}${plural ? "s" : ""})`);
          expect(r.schedule !== undefined).to.equal(ok);
          if (ok) expect(r.schedule).to.deep.equal({ kind: "rate", value: n, unit });
        }),
      );
    });
  });

  describe("routes", () => {
    it("names routes in kebab case and maps path parameters to * in the permission's source ARN", () => {
      expect(routeSlug("/")).to.equal("root");
      expect(routeSlug("/visit/{page}")).to.equal("visit-page-param");
      expect(routeSlug("/files/{proxy+}")).to.equal("files-proxy-greedy");
      expect(routeId({ method: "GET", path: "/visit/{page}" })).to.equal("get-visit-page-param");
      expect(routeSourceArn(EXEC, "v1", { method: "GET", path: "/visit/{page}" })).to.equal(`${EXEC}/v1/GET/visit/*`);
      expect(routeSourceArn(EXEC, "v1", { method: "ANY", path: "/" })).to.equal(`${EXEC}/v1/*/`);
      expect(routeStatementId({ method: "POST", path: "/a/{b}" })).to.equal("private-api-post-a-b-param");
    });

    it("creates each path prefix once, parents first", () => {
      expect(apiResourcePaths([{ method: "GET", path: "/visit/{page}" }, { method: "POST", path: "/visit" }, { method: "GET", path: "/" }])).to.deep.equal([
        { path: "/visit", parentPath: "/", pathPart: "visit" },
        { path: "/visit/{page}", parentPath: "/visit", pathPart: "{page}" },
      ]);
    });

    it("rejects malformed paths", () => {
      expect(routePathProblem("/visit/{page}")).to.equal(undefined);
      expect(routePathProblem("visit")).to.match(/starts with \//);
      expect(routePathProblem("/visit/")).to.match(/trailing/);
      expect(routePathProblem("/{a+}/b")).to.match(/greedy/);
      expect(routePathProblem("/{a}/{a}")).to.match(/once/);
      expect(routePathProblem("/a b")).to.match(/segments of/);
    });

    it("builds the private invoke URL from the API id, the endpoint id, the region and the stage", () => {
      expect(privateApiInvokeUrl("a1b2c3d4e5", "vpce-0123", "us-east-1", "v1")).to.equal("https://a1b2c3d4e5-vpce-0123.execute-api.us-east-1.amazonaws.com/v1");
    });

    it("the pageview counter reads the page from the route's path parameter (an API Gateway proxy event)", () => {
      const event = { resource: "/visit/{page}", path: "/visit/home", httpMethod: "GET", pathParameters: { page: "home" } };
      expect(resolvePage(event)).to.deep.equal({ ok: true, page: "home" });
    });
  });

  describe("policies", () => {
    it("the private API's resource policy allows Invoke only through the endpoint and denies the rest", () => {
      const p = JSON.parse(privateApiResourcePolicy(EXEC, "vpce-0abc"));
      expect(p.Statement).to.deep.equal([
        { Sid: "AllowInvokeThroughTheVpcEndpoint", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: `${EXEC}/*`, Condition: { StringEquals: { "aws:SourceVpce": "vpce-0abc" } } },
        { Sid: "DenyInvokeFromAnywhereElse", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: `${EXEC}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0abc" } } },
      ]);
    });

    it("the scheduler role is assumable by the scheduler for this account and may only invoke the alias", () => {
      const trust = JSON.parse(schedulerAssumeRolePolicy("123456789012"));
      expect(trust.Statement).to.deep.equal([{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }]);
      const alias = "arn:aws:lambda:us-east-1:123456789012:function:app-dev-hello:live";
      expect(JSON.parse(schedulerInvokePolicy(alias)).Statement).to.deep.equal([{ Sid: "InvokeTheAlias", Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: alias }]);
    });
  });

  describe("execution-role statements", () => {
    const names = triggerNames("app-dev-worker");

    it("grants the SQS consume actions on the source queue only, and SendMessage on the failure queue only", () => {
      const t: FunctionTriggers = { sqs: sqs(), async: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600, onFailure: "queue" }, schedules: [] };
      expect(triggerRoleStatements(t, names)).to.deep.equal([
        { sid: "SqsTriggerConsume", actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], resource: { queueName: "app-dev-worker-queue" } },
        { sid: "AsyncOnFailureDestination", actions: ["sqs:SendMessage"], resource: { queueName: "app-dev-worker-async-failures" } },
      ]);
    });

    it("infers the one action a given destination needs from its service", () => {
      const cases: [string, string[]][] = [
        ["arn:aws:sqs:us-east-1:123456789012:failures", ["sqs:SendMessage"]],
        ["arn:aws:sns:us-east-1:123456789012:alerts", ["sns:Publish"]],
        ["arn:aws:lambda:us-east-1:123456789012:function:on-failure", ["lambda:InvokeFunction"]],
        ["arn:aws:events:us-east-1:123456789012:event-bus/default", ["events:PutEvents"]],
      ];
      for (const [arn, actions] of cases) {
        const t: FunctionTriggers = { async: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60, onFailure: { arn } }, schedules: [] };
        expect(triggerRoleStatements(t, names), arn).to.deep.equal([{ sid: "AsyncOnFailureDestination", actions, resource: { arn } }]);
      }
      expect(destinationService("arn:aws:s3:::bucket")).to.equal(undefined);
      expect(destinationService("arn:aws:dynamodb:us-east-1:123456789012:table/t")).to.equal(undefined);
    });

    it("needs nothing on the execution role for http and schedules", () => {
      expect(triggerRoleStatements({ http: http(), schedules: [{ name: "tick", expression: "rate(1 hour)" }] }, names)).to.deep.equal([]);
      expect(triggerRoleStatements(undefined, names)).to.deep.equal([]);
    });

    it("derives physical names from the function name within AWS limits", () => {
      expect(names).to.deep.equal({ queue: "app-dev-worker-queue", deadLetterQueue: "app-dev-worker-dlq", asyncFailureQueue: "app-dev-worker-async-failures", schedulerRole: "app-dev-worker-scheduler", api: "app-dev-worker-api" });
      const long = "x".repeat(64);
      expect(triggerNames(long).schedulerRole).to.have.length(64);
      expect(triggerNames(long).asyncFailureQueue.length).to.be.at.most(80);
      expect(schedulePhysicalName(long, "nightly")).to.have.length(64);
      expect(shortenName("abc", 64)).to.equal("abc");
      expect(shortenName(long + "a", 64)).to.not.equal(shortenName(long + "b", 64));
    });

    it("asks for the execute-api endpoint only when a function has an http trigger", () => {
      expect(triggerInterfaceEndpoints([{ triggers: { schedules: [] } }, {}])).to.deep.equal([]);
      expect(triggerInterfaceEndpoints([{}, { triggers: { http: http(), schedules: [] } }])).to.deep.equal(["execute-api"]);
    });
  });

  describe("validation", () => {
    it("reports every http problem at once with its path", () => {
      const problems = validateHttpTrigger(
        http({ routes: [{ method: "GET", path: "visit" }, { method: "GET", path: "/a" }, { method: "GET", path: "/a" }, { method: "GET", path: "/A" }], stageName: "v 1", integrationTimeoutSeconds: 0 }),
        "functions.api.triggers.http",
      );
      expect(problems.map((p) => `${p.path} ${p.rule}`)).to.deep.equal([
        "functions.api.triggers.http.routes.0.path trigger.http.path",
        "functions.api.triggers.http.routes.2 trigger.http.duplicateRoute",
        "functions.api.triggers.http.routes.3.path trigger.http.routeName",
        "functions.api.triggers.http.stageName trigger.http.stageName",
        "functions.api.triggers.http.integrationTimeoutSeconds trigger.http.integrationTimeout",
      ]);
    });

    it("keeps the integration timeout at ≤ 29 s unless the raised quota is declared", () => {
      const [p] = validateHttpTrigger(http({ integrationTimeoutSeconds: 60 }), "h");
      expect(p!.message).to.match(/^h\.integrationTimeoutSeconds: got 60, allowed integer 1–29 seconds; .*allowRaisedIntegrationTimeout: true/);
      expect(validateHttpTrigger(http({ integrationTimeoutSeconds: 60, allowRaisedIntegrationTimeout: true }), "h")).to.deep.equal([]);
    });

    it("requires the function timeout to fit the integration timeout (lowered or raised)", () => {
      const lowered = validateHttpTrigger(http({ integrationTimeoutSeconds: 5 }), "functions.api.triggers.http", { timeoutSeconds: 10, timeoutPath: "functions.api.timeoutSeconds" });
      expect(lowered.map((p) => [p.path, p.rule])).to.deep.equal([["functions.api.timeoutSeconds", "trigger.http.timeout"]]);
      expect(lowered[0]!.message).to.match(/got 10, allowed ≤ 5 seconds \(functions\.api\.triggers\.http\.integrationTimeoutSeconds\)/);
      expect(validateHttpTrigger(http({ integrationTimeoutSeconds: 60, allowRaisedIntegrationTimeout: true }), "h", { timeoutSeconds: 60 })).to.deep.equal([]);
      expect(validateHttpTrigger(http({ integrationTimeoutSeconds: 60, allowRaisedIntegrationTimeout: true }), "h", { timeoutSeconds: 61 })).to.have.length(1);
      // Above 29 s behind a default integration: the limits validator reports it (toLimitTriggers), not this rule.
      expect(validateHttpTrigger(http(), "h", { timeoutSeconds: 30 })).to.deep.equal([]);
      expect(toLimitTriggers({ http: http(), schedules: [] })).to.deep.equal({ apiGateway: "rest" });
      expect(toLimitTriggers({ http: http({ integrationTimeoutSeconds: 60, allowRaisedIntegrationTimeout: true }), schedules: [] })).to.deep.equal({});
    });

    it("checks async retries 0–2, event age 60–21600 s and the destination's service; warns without a destination", () => {
      const bad = validateAsyncTrigger({ maximumRetryAttempts: 3, maximumEventAgeSeconds: 59, onFailure: { arn: "arn:aws:s3:::bucket" } }, "functions.w.triggers.async");
      expect(bad.map((p) => `${p.severity} ${p.path}`)).to.deep.equal([
        "error functions.w.triggers.async.maximumRetryAttempts",
        "error functions.w.triggers.async.maximumEventAgeSeconds",
        "error functions.w.triggers.async.onFailure.arn",
      ]);
      expect(bad[0]!.message).to.equal("functions.w.triggers.async.maximumRetryAttempts: got 3, allowed integer 0–2");
      expect(validateAsyncTrigger({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 21600 }, "a")).to.deep.equal([
        {
          path: "a.onFailure",
          value: undefined,
          rule: "trigger.async.noDestination",
          allowed: `"queue" or { arn }`,
          severity: "warning",
          message: `a.onFailure: got nothing, allowed "queue" or { arn }, but events that still fail after the retries are dropped; set onFailure: queue to keep them in an SQS queue`,
        },
      ]);
      expect(validateAsyncTrigger({ maximumRetryAttempts: 0, maximumEventAgeSeconds: 60, onFailure: "queue" }, "a")).to.deep.equal([]);
    });

    it("checks SQS batch size, window, concurrency 2–1000, max receive count and the 12 h visibility cap", () => {
      const problems = validateQueueTrigger(sqs({ batchSize: 100, batchingWindowSeconds: 0, maximumConcurrency: 1, maxReceiveCount: 0, visibilityTimeoutSeconds: 50_000 }), "q");
      expect(problems.map((p) => `${p.path} ${p.rule}`)).to.deep.equal([
        "q.batchingWindowSeconds trigger.sqs.batchingWindow",
        "q.maximumConcurrency trigger.sqs.maximumConcurrency",
        "q.visibilityTimeoutSeconds trigger.sqs.visibilityTimeoutMax",
        "q.maxReceiveCount trigger.sqs.maxReceiveCount",
      ]);
      expect(validateQueueTrigger(sqs({ maximumConcurrency: 2 }), "q")).to.deep.equal([]);
      expect(validateQueueTrigger(sqs({ maximumConcurrency: 1000 }), "q")).to.deep.equal([]);
      expect(validateQueueTrigger(sqs({ maximumConcurrency: 1001 }), "q")).to.have.length(1);
      const w = validateQueueTrigger(sqs({ maximumConcurrency: 50 }), "q", { reservedConcurrency: 20 });
      expect(w.map((p) => `${p.severity} ${p.rule}`)).to.deep.equal(["warning trigger.sqs.maximumConcurrency"]);
    });

    it("applies the visibility rule at the edge when given the function timeout (components)", () => {
      // 6 × 10 s + 5 s window = 65 s
      expect(validateQueueTrigger(sqs({ batchingWindowSeconds: 5, visibilityTimeoutSeconds: 65 }), "q", { timeoutSeconds: 10 })).to.deep.equal([]);
      const [p] = validateQueueTrigger(sqs({ batchingWindowSeconds: 5, visibilityTimeoutSeconds: 64 }), "q", { timeoutSeconds: 10 });
      expect(p).to.deep.include({ path: "q.visibilityTimeoutSeconds", rule: "lambda.trigger.sqs.visibilityTimeout", value: 64 });
      expect(p!.message).to.match(/got 64, allowed ≥ 65 seconds \(6 × timeoutSeconds 10 \+ batching window 5\)/);
    });

    it("validates the whole triggers block: paths under functions.<key>.triggers, schedules and the no-destination warning", () => {
      const problems = validateFunctionTriggers(
        { schedules: [{ name: "Nightly", expression: "cron(0 2 * * * *)" }, { name: "tick", expression: "rate(1 minute)" }, { name: "tick", expression: "rate(2 minutes)" }] },
        { functionPath: "functions.worker", timeoutSeconds: 10 },
      );
      expect(problems.map((p) => `${p.severity} ${p.path} ${p.rule}`)).to.deep.equal([
        "warning functions.worker.triggers.async trigger.async.noDestination",
        "error functions.worker.triggers.schedules.0.name trigger.schedule.name",
        "error functions.worker.triggers.schedules.0.expression trigger.schedule.expression",
        "error functions.worker.triggers.schedules.2.name trigger.schedule.name",
      ]);
      expect(validateFunctionTriggers(undefined, { functionPath: "functions.x", timeoutSeconds: 3 })).to.deep.equal([]);
    });
  });

  // The API model's ranges (pricing/facts/lambda-api.json, read through LAMBDA_LIMITS), stated here from
  // the API reference: PutFunctionEventInvokeConfig MaximumRetryAttempts 0–2 and MaximumEventAgeInSeconds
  // 60–21600; CreateEventSourceMapping BatchSize 1–10000 and MaximumBatchingWindowInSeconds 0–300;
  // ScalingConfig MaximumConcurrency 2–1000 (https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html).
  describe("API ranges at the limit and one past, with config paths", () => {
    const P = "functions.w.triggers";
    const asyncAt = (maximumRetryAttempts: number, maximumEventAgeSeconds: number) =>
      validateAsyncTrigger({ maximumRetryAttempts, maximumEventAgeSeconds, onFailure: "queue" }, `${P}.async`).map((v) => v.message);

    it("async retries 0–2 and event age 60–21600 s", () => {
      expect(asyncAt(0, 60)).to.deep.equal([]);
      expect(asyncAt(2, 21_600)).to.deep.equal([]);
      expect(asyncAt(-1, 59)).to.deep.equal([
        `${P}.async.maximumRetryAttempts: got -1, allowed integer 0–2`,
        `${P}.async.maximumEventAgeSeconds: got 59, allowed integer 60–21600 seconds`,
      ]);
      expect(asyncAt(3, 21_601)).to.deep.equal([
        `${P}.async.maximumRetryAttempts: got 3, allowed integer 0–2`,
        `${P}.async.maximumEventAgeSeconds: got 21601, allowed integer 60–21600 seconds`,
      ]);
    });

    it("async payload up to 1,024 KB (1 MB)", () => {
      const payload = (avgPayloadKb: number) => validateAsyncTrigger({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 60, onFailure: "queue", avgPayloadKb }, `${P}.async`).map((v) => v.message);
      expect(payload(1_024)).to.deep.equal([]);
      expect(payload(1_025)).to.deep.equal([`${P}.async.avgPayloadKb: got 1025, allowed a number 0–1024 KB (Lambda's async payload limit)`]);
    });

    const queue = (o: Partial<QueueTriggerSettings>) => validateQueueTrigger(sqs({ visibilityTimeoutSeconds: 43_200, ...o }), `${P}.sqs`).map((v) => v.message);

    it("SQS batch size 1–10000", () => {
      expect(queue({ batchSize: 1 })).to.deep.equal([]);
      expect(queue({ batchSize: 10_000, batchingWindowSeconds: 1 })).to.deep.equal([]);
      expect(queue({ batchSize: 0 })).to.deep.equal([`${P}.sqs.batchSize: got 0, allowed integer 1–10000 messages`]);
      expect(queue({ batchSize: 10_001, batchingWindowSeconds: 1 })).to.deep.equal([`${P}.sqs.batchSize: got 10001, allowed integer 1–10000 messages`]);
    });

    it("SQS batching window 0–300 s", () => {
      expect(queue({ batchingWindowSeconds: 0 })).to.deep.equal([]);
      expect(queue({ batchingWindowSeconds: 300 })).to.deep.equal([]);
      expect(queue({ batchingWindowSeconds: -1 })).to.deep.equal([`${P}.sqs.batchingWindowSeconds: got -1, allowed integer 0–300 seconds`]);
      expect(queue({ batchingWindowSeconds: 301 })).to.deep.equal([`${P}.sqs.batchingWindowSeconds: got 301, allowed integer 0–300 seconds`]);
    });

    it("SQS maximum concurrency 2–1000", () => {
      expect(queue({ maximumConcurrency: 2 })).to.deep.equal([]);
      expect(queue({ maximumConcurrency: 1_000 })).to.deep.equal([]);
      expect(queue({ maximumConcurrency: 1 })).to.deep.equal([`${P}.sqs.maximumConcurrency: got 1, allowed integer 2–1000`]);
      expect(queue({ maximumConcurrency: 1_001 })).to.deep.equal([`${P}.sqs.maximumConcurrency: got 1001, allowed integer 2–1000`]);
    });
  });

  describe("deploymentTriggerInputs", () => {
    const routes = [{ method: "GET" as const, path: "/visit/{page}" }];
    const uri = (fn: string, alias: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}:${alias}/invocations`;

    it("keeps the routes key as before (the routes and the integration timeout) and adds each route's integration URI", () => {
      const t = deploymentTriggerInputs({ routes, integrationTimeoutSeconds: 29, integrationUris: [uri("f", "live")] });
      expect(t.routes).to.equal('{"routes":[{"method":"GET","path":"/visit/{page}"}],"integrationTimeoutSeconds":29}');
      expect(JSON.parse(t.integrations)).to.deep.equal([["GET /visit/{page}", uri("f", "live")]]);
    });

    it("changes the integrations key with the alias or function name, not the routes key", () => {
      const live = deploymentTriggerInputs({ routes, integrationTimeoutSeconds: 29, integrationUris: [uri("f", "live")] });
      const blue = deploymentTriggerInputs({ routes, integrationTimeoutSeconds: 29, integrationUris: [uri("f", "blue")] });
      const other = deploymentTriggerInputs({ routes, integrationTimeoutSeconds: 29, integrationUris: [uri("g", "live")] });
      expect(blue.integrations).to.not.equal(live.integrations);
      expect(other.integrations).to.not.equal(live.integrations);
      expect(blue.routes).to.equal(live.routes);
    });
  });
});
