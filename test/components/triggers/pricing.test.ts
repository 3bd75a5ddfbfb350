/**
 * pricing/triggers.ts: trigger cost lines against hand-computed figures from the published prices,
 * exact to the cent, plus properties. Prices (us-east-1):
 * - API Gateway REST, https://aws.amazon.com/api-gateway/pricing/: $3.50/M first 333 M, $2.80/M next
 *   667 M, $2.38/M next 19 B, $1.51/M over 20 B.
 * - SQS standard, https://aws.amazon.com/sqs/pricing/: $0.40/M; 1 M free a month; each 64 KB chunk of a
 *   payload is one request.
 * - EventBridge Scheduler, https://aws.amazon.com/eventbridge/pricing/: $1.00/M; 14 M free a month.
 * - Lambda requests (async payload chunks above 256 KB), https://aws.amazon.com/lambda/pricing/: $0.20/M.
 * Each line is rounded to cents half-up, then added (docs/sources.md#billing-rules).
 */
import { expect } from "chai";
import * as fc from "fast-check";
import {
  asyncPayloadExtraRequests,
  DEFAULT_PRICE_TABLE,
  estimateTriggerCost as engineTriggerCost,
  InvalidUsageError,
  PriceNotFoundError,
  sqsPayloadChunks,
  sqsRequestsPerMonth,
  UnknownRegionError,
  withPriceOverrides,
  type CostLine,
  type CostOptions,
  type TriggerUsage,
} from "../../../pricing";
import { HAND_CHECKED_PRICE_TABLE } from "../../fixtures/hand-checked-prices";

// Every estimate here prices with the hand-checked 2025-10-01 table (test/fixtures/hand-checked-prices.ts),
// which holds the prices above for us-east-1/us-east-2/us-west-2 and none elsewhere, unless a test passes
// its own `prices`. The generated catalog has no SQS or Scheduler price anywhere (see the last tests).
const estimateTriggerCost = (usage: TriggerUsage, options: CostOptions = {}) => engineTriggerCost(usage, { prices: HAND_CHECKED_PRICE_TABLE, ...options });

const US = "us-east-1";
const api = (restRequests: number, freeTier = false) => estimateTriggerCost({ region: US, apiGateway: { restRequests } }, { freeTier });
const usd = (lines: readonly CostLine[]) => lines.map((l) => [l.id, l.quantity, l.usd]);

describe("pricing/triggers", () => {
  describe("API Gateway REST requests (tiered)", () => {
    it("prices 1,234,567 requests in tier 1: × $3.50/M = $4.3209845 → $4.32", () => {
      expect(usd(api(1_234_567).lines)).to.deep.equal([["trigger.apiGateway.rest.tier1", 1_234_567, 4.32]]);
    });

    it("prices exactly 333 M in tier 1 only: 333,000,000 × $3.50/M = $1,165.50", () => {
      const c = api(333_000_000);
      expect(usd(c.lines)).to.deep.equal([["trigger.apiGateway.rest.tier1", 333_000_000, 1165.5]]);
      expect(c.totalUsd).to.equal(1165.5);
    });

    it("crosses the 333 M boundary: 400 M = 333 M × $3.50/M ($1,165.50) + 67 M × $2.80/M ($187.60) = $1,353.10", () => {
      const c = api(400_000_000);
      expect(usd(c.lines)).to.deep.equal([
        ["trigger.apiGateway.rest.tier1", 333_000_000, 1165.5],
        ["trigger.apiGateway.rest.tier2", 67_000_000, 187.6],
      ]);
      expect(c.totalUsd).to.equal(1353.1);
    });

    it("prices one request past 333 M at the tier-2 rate (a $0.00 line)", () => {
      expect(usd(api(333_000_001).lines)).to.deep.equal([
        ["trigger.apiGateway.rest.tier1", 333_000_000, 1165.5],
        ["trigger.apiGateway.rest.tier2", 1, 0],
      ]);
    });

    it("uses all four tiers at 21 B: $1,165.50 + 667 M × $2.80/M ($1,867.60) + 19 B × $2.38/M ($45,220.00) + 1 B × $1.51/M ($1,510.00) = $49,763.10", () => {
      const c = api(21_000_000_000);
      expect(usd(c.lines)).to.deep.equal([
        ["trigger.apiGateway.rest.tier1", 333_000_000, 1165.5],
        ["trigger.apiGateway.rest.tier2", 667_000_000, 1867.6],
        ["trigger.apiGateway.rest.tier3", 19_000_000_000, 45220],
        ["trigger.apiGateway.rest.tier4", 1_000_000_000, 1510],
      ]);
      expect(c.totalUsd).to.equal(49763.1);
    });

    it("never applies API Gateway's 12-month free tier, even with freeTier on", () => {
      expect(api(1_000_000, true).lines[0]).to.deep.include({ quantity: 1_000_000, usd: 3.5 });
      expect(api(1_000_000, true).lines[0]!.note).to.match(/12-month free tier is not applied/);
    });

    it("shows a $0.00 line at the tier-1 price for zero requests", () => {
      expect(api(0).lines).to.deep.equal([
        { id: "trigger.apiGateway.rest.tier1", item: "API Gateway REST requests (tier 1)", quantity: 0, unit: "requests", unitPriceUsd: 0.0000035, usd: 0, note: "tiers count every REST API in the account and region; the 12-month free tier is not applied" },
      ]);
    });
  });

  describe("SQS requests (64 KB chunks, event source mapping polls)", () => {
    it("counts one request per 64 KB chunk of a payload", () => {
      expect([1, 64, 64.5, 128, 256, 1024].map(sqsPayloadChunks)).to.deep.equal([1, 1, 2, 2, 4, 16]);
      expect(sqsPayloadChunks(0)).to.equal(1);
    });

    it("models sends + receives (≤ 10 messages per call, chunked) + one DeleteMessageBatch per call", () => {
      // 2,000,000 messages of 100 KB, batch size 5:
      //   sends    = 2,000,000 × ceil(100/64) = 2,000,000 × 2           = 4,000,000
      //   receives = 400,000 calls × ceil(5 × 100/64) = 400,000 × 8      = 3,200,000
      //   deletes  = 400,000 calls                                       =   400,000
      expect(sqsRequestsPerMonth({ name: "q", messagesPerMonth: 2_000_000, avgMessageKb: 100, eventSourceMapping: { batchSize: 5 } })).to.deep.equal({
        sends: 4_000_000,
        receives: 3_200_000,
        deletes: 400_000,
        emptyReceives: 0,
        total: 7_600_000,
      });
      // Batch size 100: Lambda still reads ≤ 10 per ReceiveMessage: 200,000 calls × ceil(1000/64) = 16 → 3,200,000
      expect(sqsRequestsPerMonth({ name: "q", messagesPerMonth: 2_000_000, avgMessageKb: 100, eventSourceMapping: { batchSize: 100, emptyReceivesPerMonth: 100_000 } }).total).to.equal(4_000_000 + 3_200_000 + 200_000 + 100_000);
      // Sends only (a failure queue nobody polls)
      expect(sqsRequestsPerMonth({ name: "q", messagesPerMonth: 10, avgMessageKb: 2 }).total).to.equal(10);
    });

    it("prices 7,600,000 requests at $0.40/M = $3.04, or (7.6 M − 1 M free) × $0.40/M = $2.64 with the free tier", () => {
      const usage: TriggerUsage = { region: US, sqsQueues: [{ name: "worker", messagesPerMonth: 2_000_000, avgMessageKb: 100, eventSourceMapping: { batchSize: 5 } }] };
      const paid = estimateTriggerCost(usage);
      expect(usd(paid.lines)).to.deep.equal([["trigger.sqs.requests.tier1", 7_600_000, 3.04]]);
      expect(paid.lines[0]!.note).to.match(/^worker: 4,000,000 sends \+ 3,200,000 receives \+ 400,000 deletes; each 64 KB chunk is a request/);
      const free = estimateTriggerCost(usage, { freeTier: true });
      expect(free.lines[0]).to.deep.include({ quantity: 6_600_000, freeQuantity: 1_000_000, usd: 2.64 });
    });

    it("sums every queue against one free tier: 600,000 + 300,000 requests are all free", () => {
      const c = estimateTriggerCost(
        { region: US, sqsQueues: [{ name: "a", messagesPerMonth: 600_000, avgMessageKb: 1 }, { name: "b", messagesPerMonth: 300_000, avgMessageKb: 1 }] },
        { freeTier: true },
      );
      expect(c.lines[0]).to.deep.include({ quantity: 0, freeQuantity: 900_000, usd: 0 });
    });

    it("moves to the (unconfirmed) $0.30/M tier above 100 B: 101 B sends = $40,000.00 + $300.00", () => {
      const c = estimateTriggerCost({ region: US, sqsQueues: [{ name: "firehose", messagesPerMonth: 101e9, avgMessageKb: 1 }] });
      expect(usd(c.lines)).to.deep.equal([
        ["trigger.sqs.requests.tier1", 100e9, 40000],
        ["trigger.sqs.requests.tier2", 1e9, 300],
      ]);
      expect(c.lines[1]!.note).to.match(/unconfirmed/);
    });
  });

  describe("EventBridge Scheduler invocations", () => {
    it("prices 20,000,000 invocations: $20.00, or (20 M − 14 M free) × $1.00/M = $6.00 with the free tier", () => {
      const usage: TriggerUsage = { region: US, scheduler: { invocations: 20_000_000, schedules: ["hello/tick"] } };
      expect(usd(estimateTriggerCost(usage).lines)).to.deep.equal([["trigger.scheduler.invocations", 20_000_000, 20]]);
      expect(estimateTriggerCost(usage, { freeTier: true }).lines[0]).to.deep.include({ quantity: 6_000_000, freeQuantity: 14_000_000, usd: 6, note: "hello/tick" });
    });

    it("prices a 1-minute schedule in a 730 h month (43,800 invocations) at $0.0438 → $0.04", () => {
      expect(estimateTriggerCost({ region: US, scheduler: { invocations: 43_800 } }).totalUsd).to.equal(0.04);
    });
  });

  describe("Lambda async payloads above 256 KB", () => {
    it("adds one request per further 64 KB chunk: 1 M events of 300 KB → 1 M × 1 × $0.20/M = $0.20; of 1,024 KB → 12 M → $2.40", () => {
      expect(asyncPayloadExtraRequests(1_000_000, 256)).to.equal(0);
      expect(asyncPayloadExtraRequests(1_000_000, 300)).to.equal(1_000_000);
      expect(asyncPayloadExtraRequests(1_000_000, 1024)).to.equal(12_000_000);
      const c = estimateTriggerCost({ region: US, asyncPayloads: [{ name: "ingest", eventsPerMonth: 1_000_000, avgPayloadKb: 1024 }] });
      expect(usd(c.lines)).to.deep.equal([["trigger.async.payloadRequests", 12_000_000, 2.4]]);
      expect(estimateTriggerCost({ region: US, asyncPayloads: [{ name: "small", eventsPerMonth: 1e9, avgPayloadKb: 200 }] }).lines).to.deep.equal([]);
    });
  });

  describe("regions and errors", () => {
    it("has the same trigger prices in us-east-2 and us-west-2, flagged as not machine-checked", () => {
      for (const region of ["us-east-2", "us-west-2"]) {
        const c = estimateTriggerCost({ region, apiGateway: { restRequests: 400_000_000 }, scheduler: { invocations: 1_000_000 } });
        expect(c.totalUsd, region).to.equal(1353.1 + 1);
        expect(c.lines[0]!.note, region).to.match(/not machine-checked/);
      }
    });

    it("has no trigger price in ap-south-1: a PriceNotFoundError names the override key; an override prices it", () => {
      expect(() => estimateTriggerCost({ region: "ap-south-1", apiGateway: { restRequests: 1 } }))
        .to.throw(PriceNotFoundError, /apiGateway\.restRequestTiers\.0\.usdPerRequest/)
        .with.property("field", "apiGateway.restRequestTiers.0.usdPerRequest");
      expect(() => estimateTriggerCost({ region: "ap-south-1", scheduler: { invocations: 1 } })).to.throw(PriceNotFoundError).with.property("field", "scheduler.usdPerInvocation");
      expect(() => estimateTriggerCost({ region: "ap-south-1", sqsQueues: [{ name: "q", messagesPerMonth: 1, avgMessageKb: 1 }] })).to.throw(PriceNotFoundError).with.property("field", "sqs.standardRequestTiers.0.usdPerRequest");
      const prices = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "ap-south-1", { "apiGateway.restRequestTiers.0.usdPerRequest": 0.0000035, "scheduler.usdPerInvocation": 0.000001 });
      const c = estimateTriggerCost({ region: "ap-south-1", apiGateway: { restRequests: 400_000_000 }, scheduler: { invocations: 2_000_000 } }, { prices });
      // One flat override tier: 400 M × $3.50/M = $1,400.00 (no tier 2 known), + 2 M × $1.00/M = $2.00
      expect(usd(c.lines)).to.deep.equal([
        ["trigger.apiGateway.rest.tier1", 400_000_000, 1400],
        ["trigger.scheduler.invocations", 2_000_000, 2],
      ]);
      expect(c.lines[0]!.note).to.match(/price: override$/);
    });

    it("with the generated catalog, SQS and Scheduler are unpriced everywhere: an error, or $0 lines naming the override key", () => {
      const usage: TriggerUsage = { region: US, sqsQueues: [{ name: "q", messagesPerMonth: 2_000_000, avgMessageKb: 1 }], scheduler: { invocations: 3_000_000 } };
      expect(() => engineTriggerCost(usage)).to.throw(PriceNotFoundError, /No price known for sqs\.standardRequestTiers\.0\.usdPerRequest in us-east-1/);
      const c = engineTriggerCost(usage, { missingPrices: "unpriced" });
      expect(c.totalUsd).to.equal(0);
      expect(c.lines.map((l) => [l.id, l.quantity, l.usd, l.unitPriceUsd, l.unpriced?.field])).to.deep.equal([
        ["trigger.sqs.requests.tier1", 2_000_000, 0, null, "sqs.standardRequestTiers.0.usdPerRequest"],
        ["trigger.scheduler.invocations", 3_000_000, 0, null, "scheduler.usdPerInvocation"],
      ]);
      // An override prices them: 2 M × $0.40/M = $0.80, 3 M × $1.00/M = $3.00.
      const prices = withPriceOverrides(DEFAULT_PRICE_TABLE, US, { "sqs.standardRequestTiers.0.usdPerRequest": 0.0000004, "scheduler.usdPerInvocation": 0.000001 });
      expect(engineTriggerCost(usage, { prices }).totalUsd).to.equal(3.8);
    });

    it("rejects an unknown region and invalid usage, listing every problem", () => {
      expect(() => estimateTriggerCost({ region: "mars-north-1", scheduler: { invocations: 1 } })).to.throw(UnknownRegionError);
      expect(() => estimateTriggerCost({ region: US, apiGateway: { restRequests: -1 }, sqsQueues: [{ name: "q", messagesPerMonth: Number.NaN, avgMessageKb: 1, eventSourceMapping: { batchSize: 0 } }] }))
        .to.throw(InvalidUsageError, /3 problems/)
        .with.property("problems")
        .that.has.length(3);
    });
  });

  describe("properties", () => {
    const usageArb = fc.record({
      restRequests: fc.integer({ min: 0, max: 25_000_000_000 }),
      messages: fc.integer({ min: 0, max: 50_000_000 }),
      kb: fc.integer({ min: 1, max: 1024 }),
      batchSize: fc.integer({ min: 1, max: 10_000 }),
      invocations: fc.integer({ min: 0, max: 50_000_000 }),
    });
    const toUsage = (u: { restRequests: number; messages: number; kb: number; batchSize: number; invocations: number }): TriggerUsage => ({
      region: US,
      apiGateway: { restRequests: u.restRequests },
      sqsQueues: [{ name: "q", messagesPerMonth: u.messages, avgMessageKb: u.kb, eventSourceMapping: { batchSize: u.batchSize } }],
      scheduler: { invocations: u.invocations },
    });

    it("total = sum of the rounded lines; no negative line; the free tier never increases the cost", () => {
      fc.assert(
        fc.property(usageArb, (u) => {
          const paid = estimateTriggerCost(toUsage(u));
          const free = estimateTriggerCost(toUsage(u), { freeTier: true });
          expect(paid.totalUsd).to.equal(Math.round(paid.lines.reduce((s, l) => s + Math.round(l.usd * 100), 0)) / 100);
          for (const l of [...paid.lines, ...free.lines]) expect(l.usd).to.be.at.least(0);
          expect(free.totalUsd).to.be.at.most(paid.totalUsd);
        }),
      );
    });

    it("is monotone in API requests and continuous across the tier boundaries (unrounded)", () => {
      const unrounded = (n: number) => api(n).lines.reduce((s, l) => s + l.quantity * (l.unitPriceUsd ?? Number.NaN), 0);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 25_000_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
          expect(api(n + d).totalUsd).to.be.at.least(api(n).totalUsd);
          const step = unrounded(n + d) - unrounded(n);
          expect(step).to.be.at.least(d * 0.00000151 - 1e-6).and.at.most(d * 0.0000035 + 1e-6);
        }),
      );
      for (const bound of [333e6, 1e9, 20e9]) expect(unrounded(bound + 1) - unrounded(bound)).to.be.lessThan(0.0000036);
    });

    it("counts at least one send, one receive share and one delete share per message batch (SQS)", () => {
      fc.assert(
        fc.property(usageArb, (u) => {
          const r = sqsRequestsPerMonth({ name: "q", messagesPerMonth: u.messages, avgMessageKb: u.kb, eventSourceMapping: { batchSize: u.batchSize } });
          expect(r.sends).to.be.at.least(u.messages);
          expect(r.deletes).to.equal(Math.ceil(u.messages / Math.min(u.batchSize, 10)));
          expect(r.receives).to.be.at.least(r.deletes);
        }),
      );
    });
  });
});
