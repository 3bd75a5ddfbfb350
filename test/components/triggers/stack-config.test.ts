/**
 * `functions.<key>.triggers` through the stack config validator (config/validate.ts → trigger logic +
 * pricing/limits.ts) and into the cost report. Pure: no Pulumi engine.
 */
import { expect } from "chai";
import { rawConfigFromStackFile, loadStackFile } from "../../../config/stack-file";
import { buildCostReport, tryBuildCostReport } from "../../../report/cost-report";
import { validateStackSettings } from "../../../config/validate";
import { type RawStackConfig } from "../../../config/schema";
import { ROOT } from "../../helpers/program";

const opts = { project: "private-lambda", stack: "dev", today: "2026-11-24" };

/** The shipped dev stack as config/load.ts reads it (parsed JSON, namespace stripped), as a fresh copy. */
function devRaw(): Record<string, any> {
  return JSON.parse(JSON.stringify(rawConfigFromStackFile(loadStackFile(ROOT, "dev"))));
}

/** Dev with an SQS trigger on the page-view counter (timeout 10 s). */
function withQueue(sqs: Record<string, unknown>): Record<string, any> {
  const raw = devRaw();
  raw.functions["pageview-counter"].triggers.sqs = sqs;
  return raw;
}

const errorsOf = (raw: RawStackConfig) => validateStackSettings(raw, opts).problems.filter((p) => p.severity === "error");
const VIS = "functions.pageview-counter.triggers.sqs.visibilityTimeoutSeconds";

describe("stack config: functions.<key>.triggers", () => {
  it("the shipped dev stack has an http trigger on the page-view counter and async settings on hello, with no problem", () => {
    const r = validateStackSettings(devRaw(), opts);
    expect(r.problems).to.deep.equal([]);
    const [hello, counter] = r.settings!.functions;
    expect(counter!.triggers!.http).to.deep.equal({ routes: [{ method: "GET", path: "/visit/{page}" }], stageName: "v1", integrationTimeoutSeconds: 29, allowRaisedIntegrationTimeout: false });
    expect(hello!.triggers!.async).to.deep.equal({ maximumRetryAttempts: 1, maximumEventAgeSeconds: 3600, onFailure: "queue" });
    expect(hello!.triggers!.schedules).to.deep.equal([]);
  });

  describe("the SQS visibility rule (≥ 6 × function timeout + batching window), at the edge", () => {
    it("passes at exactly 6 × 10 s + 0 s = 60 s", () => {
      expect(errorsOf(withQueue({ visibilityTimeoutSeconds: 60 }))).to.deep.equal([]);
    });

    it("fails at 59 s, one second less, with the path and the required value", () => {
      const errors = errorsOf(withQueue({ visibilityTimeoutSeconds: 59 }));
      expect(errors.map((e) => [e.path, e.rule])).to.deep.equal([[VIS, "lambda.trigger.sqs.visibilityTimeout"]]);
      expect(errors[0]!.value).to.equal(59);
      expect(errors[0]!.message).to.match(/^functions\.pageview-counter\.triggers\.sqs\.visibilityTimeoutSeconds: got 59 seconds, allowed ≥ 60 seconds \(6 × timeoutSeconds 10 \+ batching window 0\)/);
    });

    it("adds the batching window: 6 × 10 + 20 = 80 s passes, 79 s fails", () => {
      expect(errorsOf(withQueue({ visibilityTimeoutSeconds: 80, batchingWindowSeconds: 20 }))).to.deep.equal([]);
      expect(errorsOf(withQueue({ visibilityTimeoutSeconds: 79, batchingWindowSeconds: 20 })).map((e) => e.path)).to.deep.equal([VIS]);
    });

    it("requires the visibility timeout (no silent default)", () => {
      const errors = errorsOf(withQueue({ batchSize: 5 }));
      expect(errors.map((e) => e.path)).to.deep.equal([VIS]);
      expect(errors[0]!.message).to.match(/got nothing, required/);
    });
  });

  it("reports every trigger problem at once, each with its path", () => {
    const raw = devRaw();
    const counter = raw.functions["pageview-counter"];
    counter.timeoutSeconds = 40; // > 29 s behind the REST API
    counter.triggers.sqs = { visibilityTimeoutSeconds: 200, batchSize: 50, maximumConcurrency: 1 };
    raw.functions.hello.triggers.async = { maximumRetryAttempts: 5, maximumEventAgeSeconds: 30, onFailure: { arn: "arn:aws:s3:::b" } };
    raw.functions.hello.triggers.schedules = [{ name: "tick", expression: "rate(1 minutes)" }];
    const errors = errorsOf(raw);
    expect(errors.map((e) => e.path).sort()).to.deep.equal(
      [
        "functions.pageview-counter.timeoutSeconds",
        "functions.pageview-counter.triggers.sqs.batchingWindowSeconds",
        "functions.pageview-counter.triggers.sqs.maximumConcurrency",
        VIS,
        "functions.hello.triggers.async.maximumRetryAttempts",
        "functions.hello.triggers.async.maximumEventAgeSeconds",
        "functions.hello.triggers.async.onFailure.arn",
        "functions.hello.triggers.schedules.0.expression",
      ].sort(),
    );
    expect(errors.find((e) => e.path === "functions.pageview-counter.timeoutSeconds")).to.deep.include({ rule: "lambda.trigger.apiGateway.timeout" });
    expect(errors.find((e) => e.path === VIS)!.message).to.match(/≥ 240 seconds/);
  });

  it("accepts a function timeout above 29 s only behind a declared, raised integration timeout it fits", () => {
    const raw = devRaw();
    const counter = raw.functions["pageview-counter"];
    counter.timeoutSeconds = 45;
    counter.triggers.http.integrationTimeoutSeconds = 60;
    // Undeclared: 60 s is not allowed, so the 29 s limit still applies to the 45 s function timeout.
    expect(errorsOf(raw).map((e) => e.path).sort()).to.deep.equal(["functions.pageview-counter.timeoutSeconds", "functions.pageview-counter.triggers.http.integrationTimeoutSeconds"]);
    counter.triggers.http.allowRaisedIntegrationTimeout = true;
    expect(errorsOf(raw)).to.deep.equal([]);
    counter.timeoutSeconds = 61;
    expect(errorsOf(raw).map((e) => [e.path, e.rule])).to.deep.equal([["functions.pageview-counter.timeoutSeconds", "trigger.http.timeout"]]);
  });

  it("rejects unknown keys and bad shapes inside triggers, naming the allowed keys", () => {
    const raw = devRaw();
    raw.functions.hello.triggers.async.onFailure = "dlq";
    raw.functions["pageview-counter"].triggers.http.routes[0].verb = "GET";
    raw.functions["pageview-counter"].triggers.kafka = {};
    const errors = errorsOf(raw);
    const paths = errors.map((e) => e.path);
    expect(paths).to.include.members(["functions.hello.triggers.async.onFailure", "functions.pageview-counter.triggers.http.routes.0.verb", "functions.pageview-counter.triggers.kafka"]);
    expect(errors.find((e) => e.path === "functions.pageview-counter.triggers.kafka")!.message).to.match(/allowed keys here: http, async, sqs, schedules/);
  });

  it("warns when an async function keeps no failed events (async without onFailure, or schedules without async)", () => {
    const raw = devRaw();
    delete raw.functions.hello.triggers.async.onFailure;
    raw.functions["pageview-counter"].triggers.schedules = [{ name: "nightly", expression: "cron(0 2 * * ? *)" }];
    const warnings = validateStackSettings(raw, opts).problems.filter((p) => p.severity === "warning");
    expect(warnings.map((w) => `${w.path} ${w.rule}`)).to.deep.equal([
      "functions.hello.triggers.async.onFailure trigger.async.noDestination",
      "functions.pageview-counter.triggers.async trigger.async.noDestination",
    ]);
  });

  describe("cost report", () => {
    it("prices the dev stack's private API requests and its third interface endpoint (execute-api)", () => {
      const report = buildCostReport(validateStackSettings(devRaw(), opts).settings!);
      const line = (id: string) => report.infrastructure.lines.find((l) => l.id === id)!;
      // https://aws.amazon.com/api-gateway/pricing/: 200,000 × $3.50 / 1,000,000 = $0.70
      expect(line("trigger.apiGateway.rest.tier1")).to.deep.include({ quantity: 200_000, unitPriceUsd: 0.0000035, usd: 0.7 });
      // https://aws.amazon.com/privatelink/pricing/: lambda + xray + execute-api = 3 × 2 AZs × 730 h × $0.01 = $43.80
      expect(line("vpc.interfaceEndpoint.hours")).to.deep.include({ quantity: 4_380, usd: 43.8 });
      expect(report.assumptions.map((a) => a.path)).to.include("functions.pageview-counter.triggers.http.requestsPerMonth");
      const sum = Math.round(report.infrastructure.lines.reduce((s, l) => s + l.usd * 100, 0)) / 100;
      expect(report.infrastructure.totalUsd).to.equal(sum);
      expect(report.totalUsd).to.equal(Math.round((report.infrastructure.totalUsd + report.functions.reduce((s, f) => s + f.totalUsd, 0)) * 100) / 100);
      expect(report.scenarios.expected.totalUsd).to.equal(report.totalUsd);
    });

    it("prices SQS polling and schedules from config, with the free tier only when freeTier is on", () => {
      const raw = withQueue({ visibilityTimeoutSeconds: 60, batchSize: 10, messagesPerMonth: 5_000_000, avgMessageKb: 8 });
      raw.functions.hello.triggers.schedules = [{ name: "every-minute", expression: "rate(1 minute)" }];
      raw.pricing.freeTier = false;
      // The catalog has no SQS or Scheduler price: the published us-east-1 prices as overrides.
      raw.pricing.overrides = { ...raw.pricing.overrides, "sqs.standardRequestTiers.0.usdPerRequest": 0.0000004, "scheduler.usdPerInvocation": 0.000001 };
      const line = (id: string) => buildCostReport(validateStackSettings(raw, opts).settings!).infrastructure.lines.find((l) => l.id === id)!;
      // SQS (https://aws.amazon.com/sqs/pricing/): 5M sends × 1 chunk + 500,000 receives × ceil(80/64) = 2 chunks
      // + 500,000 DeleteMessageBatch = 6,500,000 requests × $0.40/M = $2.60
      expect(line("trigger.sqs.requests.tier1")).to.deep.include({ quantity: 6_500_000, usd: 2.6 });
      // Scheduler (https://aws.amazon.com/eventbridge/pricing/): 730 h × 60 = 43,800 × $1.00/M = $0.0438 → $0.04
      expect(line("trigger.scheduler.invocations")).to.deep.include({ quantity: 43_800, usd: 0.04 });
      raw.pricing.freeTier = true;
      // (6.5M − 1M free) × $0.40/M = $2.20; 43,800 is inside the 14M free invocations → $0.00
      expect(line("trigger.sqs.requests.tier1")).to.deep.include({ quantity: 5_500_000, freeQuantity: 1_000_000, usd: 2.2 });
      expect(line("trigger.scheduler.invocations")).to.deep.include({ quantity: 0, freeQuantity: 43_800, usd: 0 });
    });

    it("shows an SQS queue as an unpriced line with its override key (no SQS price in the catalog), and prices it once the key is set", () => {
      const raw = withQueue({ visibilityTimeoutSeconds: 60, batchSize: 10, messagesPerMonth: 5_000_000, avgMessageKb: 8 });
      raw.pricing.freeTier = false;
      const settings = validateStackSettings(raw, opts).settings!;
      const missing = tryBuildCostReport(settings);
      expect(missing.problems).to.deep.equal([]);
      expect(missing.report!.complete).to.equal(false);
      expect(missing.report!.unpriced.map((u) => [u.path, u.overrideKey])).to.deep.equal([["infrastructure.trigger.sqs.requests.tier1", "sqs.standardRequestTiers.0.usdPerRequest"]]);
      // 6,500,000 requests (derivation above) shown, priced $0.
      expect(missing.report!.infrastructure.lines.find((l) => l.id === "trigger.sqs.requests.tier1")).to.deep.include({ quantity: 6_500_000, usd: 0, unitPriceUsd: null });
      settings.pricing.overrides["sqs.standardRequestTiers.0.usdPerRequest"] = 0.0000004;
      const priced = tryBuildCostReport(settings);
      expect(priced.problems).to.deep.equal([]);
      expect(priced.report!.complete).to.equal(true);
      // 6,500,000 × $0.40/M = $2.60, and the total grows by exactly that.
      expect(priced.report!.infrastructure.lines.find((l) => l.id === "trigger.sqs.requests.tier1")).to.deep.include({ usd: 2.6 });
      expect(Math.round((priced.report!.totalUsd - missing.report!.totalUsd) * 100)).to.equal(260);
    });
  });
});
