import { expect } from "chai";
import * as engine from "../../pricing/cost";
import { CEIL_AVERAGE_NOTE } from "../../pricing/cost";
import * as infrastructure from "../../pricing/infrastructure-cost";
import { InvalidUsageError } from "../../pricing/usage-checks";
import { DEFAULT_PRICE_TABLE, PriceNotFoundError, UnknownRegionError } from "../../pricing/rates";
import { withPriceOverrides } from "../../pricing/overrides";
import type { CostLine, CostOptions, FunctionUsage, InfrastructureUsage, NamedFunctionUsage, StackUsage } from "../../pricing/types";
import { HAND_CHECKED_PRICE_TABLE } from "../fixtures/hand-checked-prices";

// Every estimate in this file prices with the hand-checked 2025-10-01 table (test/fixtures/hand-checked-prices.ts)
// unless a test passes its own `prices`: the expected figures are AWS's published examples worked out
// with those unit prices, and the tests of notes, tier-1-only regions and missing prices rely on its
// gaps. The generated catalog is checked against the same prices in test/pricing/catalog.test.ts.
const HAND_CHECKED: CostOptions = { prices: HAND_CHECKED_PRICE_TABLE };
const estimateFunctionCost = (usage: FunctionUsage, options: CostOptions = {}) => engine.estimateFunctionCost(usage, { ...HAND_CHECKED, ...options });
const estimateInfrastructureCost = (usage: InfrastructureUsage, options: CostOptions = {}) => infrastructure.estimateInfrastructureCost(usage, { ...HAND_CHECKED, ...options });
const estimateStackCost = (usage: StackUsage, options: CostOptions = {}) => engine.estimateStackCost(usage, { ...HAND_CHECKED, ...options });

/** The lines reduced to what the published examples state: id → [quantity, usd]. */
function summary(lines: readonly CostLine[]): Record<string, [number, number]> {
  return Object.fromEntries(lines.map((l) => [l.id, [l.quantity, l.usd]]));
}

function lineById(lines: readonly CostLine[], id: string): CostLine {
  const found = lines.find((l) => l.id === id);
  if (found === undefined) throw new Error(`no line ${id} in ${lines.map((l) => l.id).join(", ")}`);
  return found;
}

const X86_US_EAST_1 = { region: "us-east-1", architecture: "x86_64" } as const;

describe("pricing/cost", () => {
  describe("worked examples (docs/sources.md#billing-rules), us-east-1 x86_64", () => {
    it("E1 mobile backend: 3M req × 120 ms × 1536 MB with free tier = $2.73", () => {
      // Source E1: Lambda pricing page example "Mobile application backend", https://aws.amazon.com/lambda/pricing/
      const cost = estimateFunctionCost({ ...X86_US_EAST_1, memoryMb: 1536, requestsPerMonth: 3_000_000, avgDurationMs: 120 }, { freeTier: true });
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [2_000_000, 0.4],
        "lambda.duration.tier1": [140_000, 2.33],
      });
      expect(lineById(cost.lines, "lambda.requests").freeQuantity).to.equal(1_000_000);
      expect(lineById(cost.lines, "lambda.duration.tier1").freeQuantity).to.equal(400_000);
      expect(cost).to.include({ requestsUsd: 0.4, computeUsd: 2.33, provisionedConcurrencyUsd: 0, provisionedDurationUsd: 0, ephemeralStorageUsd: 0, totalUsd: 2.73 });
    });

    it("E2 streaming telemetry: 7.44M req × 2 s × 1024 MB, no free tier = $249.49", () => {
      // Source E2: Lambda pricing page example "Streaming telemetry", https://aws.amazon.com/lambda/pricing/
      const cost = estimateFunctionCost({ ...X86_US_EAST_1, memoryMb: 1024, requestsPerMonth: 10_000 * 24 * 31, avgDurationMs: 2000 }, { freeTier: false });
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [7_440_000, 1.49],
        "lambda.duration.tier1": [14_880_000, 248.0],
      });
      expect(cost.totalUsd).to.equal(249.49);
    });

    it("E3 ML on support tickets: 6M req × 280 ms × 4096 MB, 2048 MB ephemeral, free tier = $106.41", () => {
      // Source E3: Lambda pricing page example "ML on customer support tickets", https://aws.amazon.com/lambda/pricing/
      const cost = estimateFunctionCost(
        { ...X86_US_EAST_1, memoryMb: 4096, ephemeralStorageMb: 2048, requestsPerMonth: 6_000_000, avgDurationMs: 280 },
        { freeTier: true },
      );
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [5_000_000, 1.0],
        "lambda.duration.tier1": [6_320_000, 105.33],
        "lambda.ephemeralStorage": [2_520_000, 0.08],
      });
      expect(lineById(cost.lines, "lambda.ephemeralStorage").freeQuantity).to.equal(undefined);
      expect(cost.totalUsd).to.equal(106.41);
    });

    it("P1 PC app launch: PC 100 × 8 h, 500k req in PC, 2.5M on demand, free tier = $19.96", () => {
      // Source P1: Lambda pricing page, provisioned concurrency example 1, https://aws.amazon.com/lambda/pricing/
      const cost = estimateFunctionCost(
        {
          ...X86_US_EAST_1,
          memoryMb: 1536,
          requestsPerMonth: 2_500_000,
          avgDurationMs: 120,
          provisioned: { concurrency: 100, hoursPerMonth: 8, requestsPerMonth: 500_000, avgDurationMs: 100 },
        },
        { freeTier: true },
      );
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [2_000_000, 0.4],
        "lambda.duration.tier1": [50_000, 0.83],
        "lambda.provisionedConcurrency": [4_320_000, 18.0],
        "lambda.provisionedDuration": [75_000, 0.73],
      });
      expect(lineById(cost.lines, "lambda.requests").freeQuantity).to.equal(1_000_000);
      expect(lineById(cost.lines, "lambda.provisionedConcurrency").freeQuantity).to.equal(undefined);
      expect(cost).to.include({ provisionedConcurrencyUsd: 18, provisionedDurationUsd: 0.73, totalUsd: 19.96 });
    });

    it("P2 PC Cyber Monday NLP: PC 7 × 24 h × 4096 MB, 2M req all in PC, no free tier = $32.26", () => {
      // Source P2: Lambda pricing page, provisioned concurrency example 2, https://aws.amazon.com/lambda/pricing/
      const cost = estimateFunctionCost(
        {
          ...X86_US_EAST_1,
          memoryMb: 4096,
          requestsPerMonth: 0,
          avgDurationMs: 0,
          provisioned: { concurrency: 7, hoursPerMonth: 24, requestsPerMonth: 2_000_000, avgDurationMs: 280 },
        },
        { freeTier: false },
      );
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [2_000_000, 0.4],
        "lambda.duration.tier1": [0, 0],
        "lambda.provisionedConcurrency": [2_419_200, 10.08],
        "lambda.provisionedDuration": [2_240_000, 21.78],
      });
      expect(cost.totalUsd).to.equal(32.26);
    });

    it("O1 old page example 1 at the old $0.00001667/GB-s: 3M req × 1 s × 512 MB, free tier = $18.74", () => {
      // Source O1: pre-Dec-2020 Lambda pricing page, example 1 (LP-old), https://aws.amazon.com/lambda/pricing/ (archived)
      const oldPrices = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "us-east-1", { "lambda.durationTiers.x86_64.0.usdPerGbSecond": 0.00001667 });
      const usage: FunctionUsage = { ...X86_US_EAST_1, memoryMb: 512, requestsPerMonth: 3_000_000, avgDurationMs: 1000 };
      const cost = estimateFunctionCost(usage, { freeTier: true, prices: oldPrices });
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [2_000_000, 0.4],
        "lambda.duration.tier1": [1_100_000, 18.34],
      });
      expect(cost.totalUsd).to.equal(18.74);
      expect(lineById(cost.lines, "lambda.duration.tier1").note).to.match(/price: override/);
      // At today's rate (derived from https://aws.amazon.com/lambda/pricing/): $18.33 + $0.40.
      expect(estimateFunctionCost(usage, { freeTier: true }).totalUsd).to.equal(18.73);
    });

    it("X-Ray: 148,800 recorded, 775,000 retrieved/scanned, 148,800 Insights, free tier = $0.39", () => {
      // Source XR: X-Ray pricing page example, https://aws.amazon.com/xray/pricing/
      const traces = 2_000 * 24 * 31 * 0.1;
      const cost = estimateInfrastructureCost(
        { region: "us-east-1", xray: { tracesRecorded: traces, tracesRetrievedOrScanned: 620_000 + 155_000, insightsTracesRecorded: traces } },
        { freeTier: true },
      );
      expect(summary(cost.lines)).to.deep.equal({
        "xray.recorded": [48_800, 0.24],
        "xray.retrievedOrScanned": [0, 0],
        "xray.insights": [148_800, 0.15],
      });
      expect(lineById(cost.lines, "xray.recorded").freeQuantity).to.equal(100_000);
      expect(lineById(cost.lines, "xray.retrievedOrScanned").freeQuantity).to.equal(775_000);
      expect(cost.totalUsd).to.equal(0.39);
    });

    it("Lambda logs 60 TB: $30,000 flat → $12,500 tiered with decimal TB; $30,720 → $12,800 with the table's binary TB", () => {
      // Source: Duckbill Group on the 2025-05-01 Lambda-logs tiers, https://www.duckbillgroup.com/?p=9080
      // and https://aws.amazon.com/about-aws/whats-new/2025/05/amazon-cloudwatch-tiered-pricing-additional-destinations-aws-lambda-logs/
      // Duckbill counts 1 TB = 1,000 GB; the default table uses the Price List's 1 TB = 1,024 GB.
      const decimalTb = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "us-east-1", {
        "logs.ingestTiers.0.upToGb": 10_000,
        "logs.ingestTiers.1.upToGb": 30_000,
        "logs.ingestTiers.2.upToGb": 50_000,
      });
      const tiered = estimateInfrastructureCost({ region: "us-east-1", logs: { ingestedGb: 60_000 } }, { prices: decimalTb });
      expect(summary(tiered.lines)).to.deep.equal({
        "logs.ingest.tier1": [10_000, 5_000],
        "logs.ingest.tier2": [20_000, 5_000],
        "logs.ingest.tier3": [20_000, 2_000],
        "logs.ingest.tier4": [10_000, 500],
      });
      expect(tiered.totalUsd).to.equal(12_500);

      const flat = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "eu-west-1", { "logs.ingestTiers.0.usdPerGb": 0.5 });
      expect(estimateInfrastructureCost({ region: "eu-west-1", logs: { ingestedGb: 60_000 } }, { prices: flat }).totalUsd).to.equal(30_000);

      const binary = estimateInfrastructureCost({ region: "us-east-1", logs: { ingestedGb: 60 * 1024 } });
      expect(binary.totalUsd).to.equal(12_800);
      expect(estimateInfrastructureCost({ region: "eu-west-1", logs: { ingestedGb: 60 * 1024 } }, { prices: flat }).totalUsd).to.equal(30_720);
    });

    it("awsx.ec2.Vpc defaults: 3 NAT gateways × 730 h = $98.55, plus 3 EIPs = $10.95", () => {
      // Source: derived from https://aws.amazon.com/vpc/pricing/ $0.045/h and
      // https://cloudburn.io/blog/aws-nat-gateway-pricing $0.005/h public IPv4; awsx defaults from pulumi/pulumi-awsx awsx/ec2/vpc.ts)
      const cost = estimateInfrastructureCost({ region: "us-east-1", natGateways: { count: 3 }, publicIpv4Addresses: { count: 3 } });
      expect(summary(cost.lines)).to.deep.equal({
        "vpc.natGateway.hours": [2_190, 98.55],
        "vpc.publicIpv4.hours": [2_190, 10.95],
      });
      expect(cost.totalUsd).to.equal(109.5);
    });
  });

  // Sources for the exact-cent expectations below (prices as of 2025-10-01, pricing/rates.ts):
  // - Lambda rules, 1 ms rounding, PC billed in 5-minute steps, ephemeral storage per GB-s above 512 MB:
  //   https://aws.amazon.com/lambda/pricing/ (docs/sources.md#billing-rules)
  // - duration tiers and bounds: AWS Price List AWSLambda us-east-1, https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/current/us-east-1/index.json,
  //   and https://aws.amazon.com/blogs/compute/introducing-tiered-pricing-for-aws-lambda/ (docs/sources.md#lambda-prices)
  // - regional rates (eu-central-2, ap-south-1): https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json (docs/sources.md#regional-prices)
  // - endpoints, NAT, logs, X-Ray: https://aws.amazon.com/privatelink/pricing/, https://aws.amazon.com/vpc/pricing/,
  //   https://aws.amazon.com/cloudwatch/pricing/, https://aws.amazon.com/xray/pricing/ (docs/sources.md#infrastructure-prices)
  // Each expectation is quantity × the cited unit price, rounded half-up to cents per line.
  describe("Lambda rules", () => {
    it("bills ceil(avgDurationMs) per request and says it approximates per-invocation rounding", () => {
      const cost = estimateFunctionCost({ ...X86_US_EAST_1, memoryMb: 1024, requestsPerMonth: 1_000_000, avgDurationMs: 99.2 });
      const duration = lineById(cost.lines, "lambda.duration.tier1");
      expect(duration.quantity).to.equal(100_000);
      expect(duration.note).to.contain(CEIL_AVERAGE_NOTE);
    });

    it("rounds PC hours up to 5 minutes", () => {
      const cost = estimateFunctionCost({
        ...X86_US_EAST_1,
        memoryMb: 1024,
        requestsPerMonth: 0,
        avgDurationMs: 0,
        provisioned: { concurrency: 1, hoursPerMonth: 1 + 1 / 60, requestsPerMonth: 0, avgDurationMs: 0 },
      });
      expect(lineById(cost.lines, "lambda.provisionedConcurrency").quantity).to.equal(3_900);
      expect(cost.lines.map((l) => l.id)).to.deep.equal(["lambda.requests", "lambda.duration.tier1", "lambda.provisionedConcurrency"]);
    });

    it("prices ephemeral storage per second above 512 MB, independent of memory", () => {
      const at = (memoryMb: number) =>
        lineById(estimateFunctionCost({ ...X86_US_EAST_1, memoryMb, ephemeralStorageMb: 10_240, requestsPerMonth: 1_000_000, avgDurationMs: 1000 }).lines, "lambda.ephemeralStorage");
      expect(at(128).quantity).to.equal(9.5 * 1_000_000);
      expect(at(10_240).quantity).to.equal(at(128).quantity);
      const noStorage = estimateFunctionCost({ ...X86_US_EAST_1, memoryMb: 128, ephemeralStorageMb: 512, requestsPerMonth: 1_000_000, avgDurationMs: 1000 });
      expect(noStorage.lines.map((l) => l.id)).to.deep.equal(["lambda.requests", "lambda.duration.tier1"]);
    });

    it("counts PC-served seconds in ephemeral storage", () => {
      const cost = estimateFunctionCost({
        ...X86_US_EAST_1,
        memoryMb: 1024,
        ephemeralStorageMb: 1536,
        requestsPerMonth: 1000,
        avgDurationMs: 1000,
        provisioned: { concurrency: 1, hoursPerMonth: 1, requestsPerMonth: 1000, avgDurationMs: 2000 },
      });
      expect(lineById(cost.lines, "lambda.ephemeralStorage").quantity).to.equal(3000);
    });

    it("uses the free tier only for requests and on-demand duration", () => {
      const usage: FunctionUsage = {
        ...X86_US_EAST_1,
        memoryMb: 2048,
        ephemeralStorageMb: 1024,
        requestsPerMonth: 100_000,
        avgDurationMs: 100,
        provisioned: { concurrency: 2, hoursPerMonth: 730, requestsPerMonth: 400_000, avgDurationMs: 100 },
      };
      const free = estimateFunctionCost(usage, { freeTier: true });
      const paid = estimateFunctionCost(usage, { freeTier: false });
      expect(lineById(free.lines, "lambda.requests")).to.include({ quantity: 0, freeQuantity: 500_000 });
      expect(lineById(free.lines, "lambda.duration.tier1")).to.include({ quantity: 0, freeQuantity: 20_000 });
      for (const id of ["lambda.provisionedConcurrency", "lambda.provisionedDuration", "lambda.ephemeralStorage"]) {
        expect(lineById(free.lines, id)).to.deep.equal(lineById(paid.lines, id));
      }
    });
  });

  describe("duration tiers", () => {
    // 1,000 ms × 1,024 MB = 1 GB-s per request, so requests = GB-s.
    const gbSeconds = (architecture: "x86_64" | "arm64", n: number) =>
      estimateFunctionCost({ region: "us-east-1", architecture, memoryMb: 1024, requestsPerMonth: n, avgDurationMs: 1000 });

    it("keeps exactly 6e9 x86 GB-s in tier 1", () => {
      const cost = gbSeconds("x86_64", 6e9);
      expect(summary(cost.lines)).to.deep.equal({ "lambda.requests": [6e9, 1_200], "lambda.duration.tier1": [6e9, 100_000.2] });
    });

    it("splits x86 usage just above 6e9 GB-s into tier 2", () => {
      const cost = gbSeconds("x86_64", 6e9 + 1000);
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [6e9 + 1000, 1_200],
        "lambda.duration.tier1": [6e9, 100_000.2],
        "lambda.duration.tier2": [1000, 0.02],
      });
    });

    it("uses all three x86 tiers at 20e9 GB-s", () => {
      const cost = gbSeconds("x86_64", 20e9);
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [20e9, 4_000],
        "lambda.duration.tier1": [6e9, 100_000.2],
        "lambda.duration.tier2": [9e9, 135_000],
        "lambda.duration.tier3": [5e9, 66_667],
      });
      expect(cost.computeUsd).to.equal(301_667.2);
    });

    it("uses arm bounds 1.25 × x86: 7.5e9 GB-s all in tier 1, above splits", () => {
      expect(summary(gbSeconds("arm64", 7.5e9).lines)).to.deep.equal({ "lambda.requests": [7.5e9, 1_500], "lambda.duration.tier1": [7.5e9, 100_000.5] });
      expect(summary(gbSeconds("arm64", 7.5e9 + 1e6).lines)).to.deep.equal({
        "lambda.requests": [7.5e9 + 1e6, 1_500.2],
        "lambda.duration.tier1": [7.5e9, 100_000.5],
        "lambda.duration.tier2": [1e6, 12],
      });
      expect(Object.keys(summary(gbSeconds("arm64", 6e9 + 1000).lines))).to.deep.equal(["lambda.requests", "lambda.duration.tier1"]);
    });

    it("fails instead of guessing tier 2 in a region that only knows tier 1", () => {
      expect(() => estimateFunctionCost({ region: "eu-west-1", architecture: "arm64", memoryMb: 1024, requestsPerMonth: 7.5e9 + 1, avgDurationMs: 1000 }))
        .to.throw(PriceNotFoundError, /^tier 2 price not known for eu-west-1 arm64/)
        .that.includes({ region: "eu-west-1", field: "lambda.durationTiers.arm64.1.usdPerGbSecond" });
      expect(estimateFunctionCost({ region: "eu-west-1", architecture: "arm64", memoryMb: 1024, requestsPerMonth: 7.5e9, avgDurationMs: 1000 }).computeUsd).to.equal(100_000.5);
    });
  });

  describe("regions", () => {
    it("throws UnknownRegionError naming an unknown region", () => {
      expect(() => estimateFunctionCost({ region: "eu-nowhere-9", architecture: "x86_64", memoryMb: 128, requestsPerMonth: 1, avgDurationMs: 1 }))
        .to.throw(UnknownRegionError, /^Unknown region "eu-nowhere-9": not a commercial AWS region.*Known: af-south-1, .*us-east-1.*no fallback to us-east-1\.$/)
        .with.property("region", "eu-nowhere-9");
      expect(() => estimateInfrastructureCost({ region: "eu-nowhere-9", natGateways: { count: 1 } })).to.throw(UnknownRegionError, /eu-nowhere-9/);
    });

    it("has no arm64 PC price in ap-south-1 until one is given with withPriceOverrides", () => {
      const usage: FunctionUsage = {
        region: "ap-south-1",
        architecture: "arm64",
        memoryMb: 1024,
        requestsPerMonth: 0,
        avgDurationMs: 0,
        provisioned: { concurrency: 1, hoursPerMonth: 730, requestsPerMonth: 1000, avgDurationMs: 1000 },
      };
      expect(() => estimateFunctionCost(usage))
        .to.throw(PriceNotFoundError, /No price known for lambda\.provisionedConcurrencyUsdPerGbSecond\.arm64 in ap-south-1.*withPriceOverrides.*Note: not found/)
        .that.includes({ region: "ap-south-1", field: "lambda.provisionedConcurrencyUsdPerGbSecond.arm64" });

      const onlyPc = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "ap-south-1", { "lambda.provisionedConcurrencyUsdPerGbSecond.arm64": 0.0000036 });
      expect(() => estimateFunctionCost(usage, { prices: onlyPc }))
        .to.throw(PriceNotFoundError)
        .with.property("field", "lambda.provisionedDurationUsdPerGbSecond.arm64");

      const prices = withPriceOverrides(onlyPc, "ap-south-1", { "lambda.provisionedDurationUsdPerGbSecond.arm64": 0.0000084 });
      const cost = estimateFunctionCost(usage, { prices });
      expect(summary(cost.lines)).to.deep.equal({
        "lambda.requests": [1000, 0],
        "lambda.duration.tier1": [0, 0],
        "lambda.provisionedConcurrency": [2_628_000, 9.46],
        "lambda.provisionedDuration": [1000, 0.01],
      });
      expect(lineById(cost.lines, "lambda.provisionedConcurrency").note).to.match(/price: override/);
    });

    it("with missingPrices 'unpriced', prices usage beyond the last known tier as an unpriced $0 line naming the override key", () => {
      // eu-west-1 arm64 in the hand-checked table: tier 1 only (up to 7.5e9 GB-s at $0.0000133334).
      // 7.5e9 + 1 requests × 1 s × 1 GB: tier 1 = 7.5e9 × 0.0000133334 = $100,000.50; the last GB-s is unpriced.
      const cost = estimateFunctionCost(
        { region: "eu-west-1", architecture: "arm64", memoryMb: 1024, requestsPerMonth: 7.5e9 + 1, avgDurationMs: 1000 },
        { missingPrices: "unpriced" },
      );
      expect(lineById(cost.lines, "lambda.duration.tier1")).to.include({ quantity: 7.5e9, usd: 100_000.5 });
      const beyond = cost.lines.filter((l) => l.unpriced !== undefined);
      expect(beyond).to.have.length(1);
      expect(beyond[0]).to.include({ quantity: 1, usd: 0, unitPriceUsd: null });
      expect(beyond[0].unpriced).to.deep.include({ field: "lambda.durationTiers.arm64.1.usdPerGbSecond" });
      expect(beyond[0].unpriced?.reason).to.match(/no tier 2 price for eu-west-1/);
      expect(cost.computeUsd).to.equal(100_000.5);
    });

    it("prices with the generated catalog by default, where X-Ray has no price: an error, or an unpriced line on request", () => {
      const usage: InfrastructureUsage = { region: "us-east-1", xray: { tracesRecorded: 200_000 } };
      expect(() => infrastructure.estimateInfrastructureCost(usage))
        .to.throw(PriceNotFoundError, /No price known for xray\.usdPerTraceRecorded in us-east-1: pass a price with withPriceOverrides/)
        .that.includes({ region: "us-east-1", field: "xray.usdPerTraceRecorded" });
      const cost = infrastructure.estimateInfrastructureCost(usage, { missingPrices: "unpriced" });
      expect(cost.totalUsd).to.equal(0);
      expect(lineById(cost.lines, "xray.recorded")).to.deep.include({ quantity: 200_000, usd: 0, unitPriceUsd: null });
      expect(lineById(cost.lines, "xray.recorded").unpriced).to.deep.include({ field: "xray.usdPerTraceRecorded" });
      // With the override the stacks ship ($5.00 per million traces): 200,000 × $0.000005 = $1.00.
      const priced = infrastructure.estimateInfrastructureCost(usage, { prices: withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "xray.usdPerTraceRecorded": 0.000005 }) });
      expect(summary(priced.lines)).to.deep.equal({ "xray.recorded": [200_000, 1] });
    });

    it("prices eu-central-2 requests at $0.00000022 and its own duration rate", () => {
      const cost = estimateFunctionCost({ region: "eu-central-2", architecture: "x86_64", memoryMb: 1024, requestsPerMonth: 1_000_000, avgDurationMs: 100 });
      expect(lineById(cost.lines, "lambda.requests")).to.include({ unitPriceUsd: 0.00000022, usd: 0.22 });
      expect(lineById(cost.lines, "lambda.duration.tier1")).to.include({ quantity: 100_000, unitPriceUsd: 0.0000183334, usd: 1.83 });
      expect(cost.totalUsd).to.equal(2.05);
    });
  });

  describe("invalid usage", () => {
    it("lists every negative, NaN or infinite input with its path", () => {
      const bad = { region: "us-east-1", architecture: "sparc", memoryMb: -1, requestsPerMonth: Number.NaN, avgDurationMs: Infinity, provisioned: { concurrency: -2, hoursPerMonth: 1, requestsPerMonth: 0, avgDurationMs: 0 } };
      expect(() => estimateFunctionCost(bad as unknown as FunctionUsage))
        .to.throw(InvalidUsageError, /Invalid usage \(5 problems\)/)
        .with.property("problems")
        .that.deep.equals([
          { path: "usage.architecture", value: "sparc", allowed: "x86_64 or arm64" },
          { path: "usage.memoryMb", value: -1, allowed: "a finite number ≥ 0" },
          { path: "usage.requestsPerMonth", value: Number.NaN, allowed: "a finite number ≥ 0" },
          { path: "usage.avgDurationMs", value: Infinity, allowed: "a finite number ≥ 0" },
          { path: "usage.provisioned.concurrency", value: -2, allowed: "a finite number ≥ 0" },
        ]);
    });

    it("rejects negative infrastructure quantities, duplicate function names and bad other usage in a stack", () => {
      const fn: NamedFunctionUsage = { name: "api", ...X86_US_EAST_1, memoryMb: 128, requestsPerMonth: 1, avgDurationMs: 1 };
      expect(() =>
        estimateStackCost({
          functions: [fn, fn],
          infrastructure: { region: "us-east-1", natGateways: { count: -1 } },
          otherUsage: { "us-east-1": { x86_64: -5 } },
        }),
      ).to.throw(InvalidUsageError, /functions\.api\.name: got "api", allowed a unique, non-empty name[\s\S]*otherUsage\.us-east-1\.x86_64: got -5[\s\S]*infrastructure\.natGateways\.count: got -1/);
      expect(() => estimateInfrastructureCost({ region: "us-east-1", logs: { ingestedGb: -1 } })).to.throw(InvalidUsageError, /infrastructure\.logs\.ingestedGb: got -1/);
    });
  });

  describe("infrastructure", () => {
    it("bills interface endpoints per endpoint per AZ per started hour, plus data tiers", () => {
      const cost = estimateInfrastructureCost({
        region: "us-east-1",
        interfaceEndpoints: { count: 2, azs: 3, hoursPerMonth: 729.2, dataProcessedGb: 1_048_576 + 1000 },
      });
      expect(summary(cost.lines)).to.deep.equal({
        "vpc.interfaceEndpoint.hours": [4_380, 43.8],
        "vpc.interfaceEndpoint.data.tier1": [1_048_576, 10_485.76],
        "vpc.interfaceEndpoint.data.tier2": [1000, 6],
      });
      expect(cost.totalUsd).to.equal(10_535.56);
    });

    it("defaults to 730 hours and shows gateway endpoints as a free $0 line", () => {
      const cost = estimateInfrastructureCost({ region: "us-east-1", interfaceEndpoints: { count: 1, azs: 3 }, gatewayEndpoints: { count: 2 } });
      expect(lineById(cost.lines, "vpc.interfaceEndpoint.hours")).to.include({ quantity: 2_190, usd: 21.9 });
      expect(lineById(cost.lines, "vpc.gatewayEndpoint")).to.include({ quantity: 2, usd: 0, note: "free" });
    });

    it("bills NAT gateway data per GB", () => {
      const cost = estimateInfrastructureCost({ region: "us-east-1", natGateways: { count: 1, hoursPerMonth: 744, dataProcessedGb: 100 } });
      expect(summary(cost.lines)).to.deep.equal({ "vpc.natGateway.hours": [744, 33.48], "vpc.natGateway.data": [100, 4.5] });
    });

    it("flags unconfirmed ap-south-1 prices and fails on its unknown NAT GB price", () => {
      const cost = estimateInfrastructureCost({ region: "ap-south-1", interfaceEndpoints: { count: 1, azs: 2 }, natGateways: { count: 1 } });
      expect(summary(cost.lines)).to.deep.equal({ "vpc.interfaceEndpoint.hours": [1_460, 18.98], "vpc.natGateway.hours": [730, 40.88] });
      expect(lineById(cost.lines, "vpc.interfaceEndpoint.hours").note).to.match(/price: unconfirmed/);
      expect(lineById(cost.lines, "vpc.natGateway.hours").note).to.match(/price: unconfirmed/);
      expect(() => estimateInfrastructureCost({ region: "ap-south-1", natGateways: { count: 1, dataProcessedGb: 1 } }))
        .to.throw(PriceNotFoundError)
        .that.includes({ region: "ap-south-1", field: "vpc.natGatewayUsdPerGb" });
    });

    it("fails on logs and X-Ray outside us-east-1 and us-west-2 rather than pricing them at $0", () => {
      expect(() => estimateInfrastructureCost({ region: "eu-west-1", logs: { ingestedGb: 1 } }))
        .to.throw(PriceNotFoundError)
        .that.includes({ region: "eu-west-1", field: "logs.ingestTiers.0.usdPerGb" });
      expect(() => estimateInfrastructureCost({ region: "eu-west-1", xray: { tracesRecorded: 1 } }))
        .to.throw(PriceNotFoundError)
        .that.includes({ field: "xray.usdPerTraceRecorded" });
    });

    it("applies the logs free tier (5 GB ingested, 5 GB-month stored) only when asked", () => {
      const usage = { region: "us-east-1", logs: { ingestedGb: 20, storedGb: 100, scannedGb: 1000 } };
      expect(summary(estimateInfrastructureCost(usage, { freeTier: true }).lines)).to.deep.equal({
        "logs.ingest.tier1": [15, 7.5],
        "logs.storage": [95, 2.85],
        "logs.insights": [1000, 5],
      });
      expect(estimateInfrastructureCost(usage).totalUsd).to.equal(18);
    });
  });

  describe("stacks", () => {
    const fn = (name: string, over: Partial<NamedFunctionUsage> = {}): NamedFunctionUsage => ({
      name,
      ...X86_US_EAST_1,
      memoryMb: 1024,
      requestsPerMonth: 1_000_000,
      avgDurationMs: 100,
      ...over,
    });

    it("reports the price table's source and date and whether the free tier was applied", () => {
      const stack = estimateStackCost({ functions: [fn("a")] }, { freeTier: true });
      expect(stack.prices).to.deep.equal({ source: HAND_CHECKED_PRICE_TABLE.source, asOf: "2025-10-01" });
      expect(stack.freeTierApplied).to.equal(true);
      expect(stack.infrastructure).to.deep.equal({ totalUsd: 0, lines: [] });
    });

    it("applies the free tier once, to functions in input order, across architectures", () => {
      const stack = estimateStackCost(
        { functions: [fn("a", { requestsPerMonth: 600_000 }), fn("b", { architecture: "arm64", requestsPerMonth: 600_000, avgDurationMs: 1000 })] },
        { freeTier: true },
      );
      const [a, b] = stack.functions;
      expect(lineById(a.lines, "lambda.requests")).to.include({ quantity: 0, freeQuantity: 600_000 });
      expect(lineById(a.lines, "lambda.duration.tier1")).to.include({ quantity: 0, freeQuantity: 60_000 });
      expect(lineById(b.lines, "lambda.requests")).to.include({ quantity: 200_000, freeQuantity: 400_000 });
      expect(lineById(b.lines, "lambda.duration.tier1")).to.include({ quantity: 260_000, freeQuantity: 340_000, usd: 3.47 });
      expect(stack.totalUsd).to.equal(3.51);
    });

    it("pushes the stack into tier 2 with otherUsage and splits each tier's cents across functions", () => {
      // 100,000 GB-s each; 50,000 GB-s left in tier 1 after other usage.
      const stack = estimateStackCost({
        functions: [fn("a"), fn("b")],
        otherUsage: { "us-east-1": { x86_64: 6e9 - 50_000 } },
      });
      const [a, b] = stack.functions;
      // Bill lines: tier 1 50,000 × 0.0000166667 = $0.83; tier 2 150,000 × 0.000015 = $2.25.
      expect(summary(a.lines)).to.deep.equal({ "lambda.requests": [1_000_000, 0.2], "lambda.duration.tier1": [25_000, 0.42], "lambda.duration.tier2": [75_000, 1.13] });
      expect(summary(b.lines)).to.deep.equal({ "lambda.requests": [1_000_000, 0.2], "lambda.duration.tier1": [25_000, 0.41], "lambda.duration.tier2": [75_000, 1.12] });
      expect(lineById(a.lines, "lambda.duration.tier2").note).to.match(/share of a \$2\.25 stack line split across 2 functions/);
      expect(stack.totalUsd).to.equal(3.48);
    });

    it("keeps tiers apart per region and architecture", () => {
      const stack = estimateStackCost({
        functions: [fn("x", { requestsPerMonth: 6e6, avgDurationMs: 1000 }), fn("arm", { architecture: "arm64", requestsPerMonth: 6e6, avgDurationMs: 1000 }), fn("west", { region: "us-west-2", requestsPerMonth: 6e6, avgDurationMs: 1000 })],
        otherUsage: { "us-east-1": { x86_64: 6e9 } },
      });
      expect(stack.functions.map((f) => f.lines[1].id)).to.deep.equal(["lambda.duration.tier2", "lambda.duration.tier1", "lambda.duration.tier1"]);
    });

    it("adds the infrastructure and equals Σ functions + infrastructure", () => {
      const stack = estimateStackCost({
        functions: [fn("a", { requestsPerMonth: 3_333_333, avgDurationMs: 37.3 }), fn("b", { requestsPerMonth: 1_234_567, memoryMb: 1769 }), fn("c", { region: "us-west-2" })],
        infrastructure: { region: "us-east-1", interfaceEndpoints: { count: 1, azs: 3 }, natGateways: { count: 1 } },
      });
      const cents = (usd: number) => Math.round(usd * 100);
      expect(cents(stack.totalUsd)).to.equal(stack.functions.reduce((sum, f) => sum + cents(f.totalUsd), 0) + cents(stack.infrastructure.totalUsd));
      expect(stack.infrastructure.totalUsd).to.equal(54.75);
    });
  });
});
