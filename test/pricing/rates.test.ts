import { expect } from "chai";
import { DEFAULT_PRICE_TABLE, GB_PER_PB, GB_PER_TB, priceNoteFor, regionPricesFor, UnknownRegionError } from "../../pricing/rates";
import { OVERRIDE_KEY_PATTERNS, PriceOverrideError, withPriceOverrides } from "../../pricing/overrides";
import type { PriceTable, RegionPrices } from "../../pricing/types";
import { DURATION_TIER_BOUNDS_GB_SECONDS, HAND_CHECKED_PRICE_TABLE } from "../fixtures/hand-checked-prices";

/** The Lambda prices of `region`, failing the test if the table has none there. */
function lambdaOf(table: PriceTable, region: string): Required<NonNullable<RegionPrices["lambda"]>> {
  const lambda = table.regions[region]?.lambda;
  if (lambda?.durationTiers === undefined || lambda.provisionedConcurrencyUsdPerGbSecond === undefined || lambda.provisionedDurationUsdPerGbSecond === undefined) {
    throw new Error(`no Lambda duration or PC prices for ${region}`);
  }
  return lambda as Required<NonNullable<RegionPrices["lambda"]>>;
}

// Golden copy of the regional prices (docs/sources.md#regional-prices, https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json).
// [region, x86 tier 1, arm tier 1, PC x86, PC-duration x86, storage, per request]
const SECTION_6: readonly (readonly [string, number, number, number, number, number, number])[] = [
  ["us-east-1", 0.0000166667, 0.0000133334, 0.0000041667, 0.0000097222, 0.0000000309, 0.0000002],
  ["us-east-2", 0.0000166667, 0.0000133334, 0.0000041667, 0.0000097222, 0.0000000309, 0.0000002],
  ["us-west-2", 0.0000166667, 0.0000133334, 0.0000041667, 0.0000097222, 0.0000000309, 0.0000002],
  ["us-west-1", 0.0000166667, 0.0000133334, 0.0000049041, 0.000011443, 0.000000037, 0.0000002],
  ["eu-west-1", 0.0000166667, 0.0000133334, 0.000004646, 0.0000108407, 0.000000034, 0.0000002],
  ["ca-central-1", 0.0000166667, 0.0000133334, 0.000004646, 0.0000108407, 0.000000034, 0.0000002],
  ["eu-west-2", 0.0000166667, 0.0000133334, 0.0000048304, 0.0000112709, 0.0000000358, 0.0000002],
  ["eu-central-1", 0.0000166667, 0.0000133334, 0.0000050147, 0.0000117011, 0.0000000367, 0.0000002],
  ["ap-south-1", 0.0000166667, 0.0000133334, 0.0000044985, 0.0000104966, 0.0000000352, 0.0000002],
  ["ap-southeast-1", 0.0000166667, 0.0000133334, 0.0000051991, 0.0000121313, 0.000000037, 0.0000002],
  ["ap-southeast-2", 0.0000166667, 0.0000133334, 0.000005236, 0.0000122173, 0.000000037, 0.0000002],
  ["ap-northeast-1", 0.0000166667, 0.0000133334, 0.0000053835, 0.0000125615, 0.000000037, 0.0000002],
  ["sa-east-1", 0.0000166667, 0.0000133334, 0.0000066372, 0.0000154867, 0.0000000586, 0.0000002],
  ["af-south-1", 0.0000221, 0.00001768, 0.00000553, 0.0000129, 0.0000000404, 0.00000027],
  ["ap-east-1", 0.00002292, 0.0000183, 0.0000057153, 0.0000133358, 0.0000000407, 0.00000028],
  ["eu-south-1", 0.0000195172, 0.0000156138, 0.0000048783, 0.0000113827, 0.0000000357, 0.00000023],
  ["me-south-1", 0.0000206667, 0.0000165334, 0.0000051108, 0.0000119251, 0.0000000374, 0.00000025],
  ["eu-central-2", 0.0000183334, 0.0000146667, 0.0000055162, 0.0000128712, 0.0000000441, 0.00000022],
];
const FULL_TIER_REGIONS = ["us-east-1", "us-east-2", "us-west-2"];

describe("pricing/rates", () => {
  // The generated catalog's coverage and its agreement with these prices are tested in
  // test/pricing/catalog.test.ts. Here: the 2025-10-01 fixture that the engine tests price with
  // matches the golden copy above, so their exact-cent figures rest on the published prices.
  describe("HAND_CHECKED_PRICE_TABLE (test fixture, the pre-catalog table)", () => {
    it("is dated 2025-10-01 and names its sources", () => {
      expect(HAND_CHECKED_PRICE_TABLE.asOf).to.equal("2025-10-01");
      for (const url of [
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/current/us-east-1/index.json",
        "https://aws.amazon.com/lambda/pricing/",
        "https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json",
        "https://aws.amazon.com/privatelink/pricing/",
        "https://aws.amazon.com/vpc/pricing/",
        "https://aws.amazon.com/cloudwatch/pricing/",
        "https://aws.amazon.com/xray/pricing/",
      ]) {
        expect(HAND_CHECKED_PRICE_TABLE.source).to.contain(url);
      }
    });

    it("covers exactly the regions of docs/sources.md#regional-prices", () => {
      expect(Object.keys(HAND_CHECKED_PRICE_TABLE.regions).sort()).to.deep.equal(SECTION_6.map((r) => r[0]).sort());
    });

    for (const [region, x86, arm, pcX86, pcDurationX86, storage, perRequest] of SECTION_6) {
      it(`has the tier-1 prices (docs/sources.md#regional-prices) of ${region}`, () => {
        const lambda = lambdaOf(HAND_CHECKED_PRICE_TABLE, region);
        expect(lambda.durationTiers.x86_64?.[0].usdPerGbSecond).to.equal(x86);
        expect(lambda.durationTiers.arm64?.[0].usdPerGbSecond).to.equal(arm);
        expect(lambda.provisionedConcurrencyUsdPerGbSecond.x86_64).to.equal(pcX86);
        expect(lambda.provisionedDurationUsdPerGbSecond.x86_64).to.equal(pcDurationX86);
        expect(lambda.ephemeralStorageUsdPerGbSecond).to.equal(storage);
        expect(lambda.usdPerRequest).to.equal(perRequest);
      });
    }

    it("has all three tiers for x86 and arm in us-east-1, us-east-2 and us-west-2 (docs/sources.md#lambda-prices)", () => {
      for (const region of FULL_TIER_REGIONS) {
        const { durationTiers, provisionedConcurrencyUsdPerGbSecond, provisionedDurationUsdPerGbSecond } = lambdaOf(HAND_CHECKED_PRICE_TABLE, region);
        expect(durationTiers.x86_64).to.deep.equal([
          { upToGbSeconds: 6e9, usdPerGbSecond: 0.0000166667 },
          { upToGbSeconds: 15e9, usdPerGbSecond: 0.000015 },
          { upToGbSeconds: null, usdPerGbSecond: 0.0000133334 },
        ]);
        expect(durationTiers.arm64).to.deep.equal([
          { upToGbSeconds: 7.5e9, usdPerGbSecond: 0.0000133334 },
          { upToGbSeconds: 18.75e9, usdPerGbSecond: 0.0000120001 },
          { upToGbSeconds: null, usdPerGbSecond: 0.0000106667 },
        ]);
        expect(provisionedConcurrencyUsdPerGbSecond.arm64).to.equal(0.0000033334);
        expect(provisionedDurationUsdPerGbSecond.arm64).to.equal(0.0000077778);
      }
    });

    it("uses arm bounds = x86 bounds × 1.25, never the x86 bounds", () => {
      const [x1, x2] = DURATION_TIER_BOUNDS_GB_SECONDS.x86_64;
      expect(DURATION_TIER_BOUNDS_GB_SECONDS.arm64).to.deep.equal([x1 * 1.25, x2 * 1.25]);
    });

    it("knows only a bounded tier 1 and no arm PC price outside the three US regions", () => {
      for (const [region] of SECTION_6.filter(([r]) => !FULL_TIER_REGIONS.includes(r))) {
        const lambda = lambdaOf(HAND_CHECKED_PRICE_TABLE, region);
        expect(lambda.durationTiers.x86_64, region).to.have.length(1);
        expect(lambda.durationTiers.x86_64?.[0].upToGbSeconds, region).to.equal(6e9);
        expect(lambda.durationTiers.arm64?.[0].upToGbSeconds, region).to.equal(7.5e9);
        expect(lambda.provisionedConcurrencyUsdPerGbSecond.arm64, region).to.equal(undefined);
        expect(lambda.provisionedDurationUsdPerGbSecond.arm64, region).to.equal(undefined);
        expect(priceNoteFor(HAND_CHECKED_PRICE_TABLE.regions[region], "lambda.durationTiers.x86_64.0.usdPerGbSecond"), region).to.match(/tier 1 only/);
      }
    });

    it("has the infrastructure prices (docs/sources.md#infrastructure-prices) in us-east-1 and us-west-2", () => {
      for (const region of ["us-east-1", "us-west-2"]) {
        const { vpc, logs, xray } = HAND_CHECKED_PRICE_TABLE.regions[region];
        expect(vpc).to.deep.equal({
          interfaceEndpointUsdPerAzHour: 0.01,
          interfaceEndpointDataTiers: [
            { upToGb: 1_048_576, usdPerGb: 0.01 },
            { upToGb: 5 * 1_048_576, usdPerGb: 0.006 },
            { upToGb: null, usdPerGb: 0.004 },
          ],
          natGatewayUsdPerHour: 0.045,
          natGatewayUsdPerGb: 0.045,
          publicIpv4UsdPerHour: 0.005,
        });
        expect(logs).to.deep.equal({
          ingestTiers: [
            { upToGb: 10_240, usdPerGb: 0.5 },
            { upToGb: 30_720, usdPerGb: 0.25 },
            { upToGb: 51_200, usdPerGb: 0.1 },
            { upToGb: null, usdPerGb: 0.05 },
          ],
          storageUsdPerGbMonth: 0.03,
          insightsUsdPerGbScanned: 0.005,
        });
        expect(xray).to.deep.equal({ usdPerTraceRecorded: 0.000005, usdPerTraceRetrievedOrScanned: 0.0000005, insightsUsdPerTrace: 0.000001 });
      }
      expect(GB_PER_TB).to.equal(1024);
      expect(GB_PER_PB).to.equal(1_048_576);
    });

    it("flags the us-west-2 infrastructure prices that are assumed from us-east-1", () => {
      const usWest2 = HAND_CHECKED_PRICE_TABLE.regions["us-west-2"];
      expect(priceNoteFor(usWest2, "vpc.interfaceEndpointUsdPerAzHour")).to.equal(undefined);
      expect(priceNoteFor(usWest2, "vpc.natGatewayUsdPerHour")).to.match(/assumed/);
      expect(priceNoteFor(usWest2, "logs.storageUsdPerGbMonth")).to.match(/assumed/);
    });

    it("marks the ap-south-1 endpoint and NAT hour prices unconfirmed and has no NAT GB price there", () => {
      const apSouth1 = HAND_CHECKED_PRICE_TABLE.regions["ap-south-1"];
      expect(apSouth1.vpc).to.deep.equal({ interfaceEndpointUsdPerAzHour: 0.013, natGatewayUsdPerHour: 0.056 });
      expect(apSouth1.notes?.["vpc.interfaceEndpointUsdPerAzHour"]).to.match(/unconfirmed/);
      expect(apSouth1.notes?.["vpc.natGatewayUsdPerHour"]).to.match(/unconfirmed/);
    });

    it("has no logs or X-Ray prices outside us-east-1 and us-west-2", () => {
      for (const [region, prices] of Object.entries(HAND_CHECKED_PRICE_TABLE.regions)) {
        if (region === "us-east-1" || region === "us-west-2") continue;
        expect(prices.logs, region).to.equal(undefined);
        expect(prices.xray, region).to.equal(undefined);
      }
    });

  });

  describe("DEFAULT_PRICE_TABLE", () => {
    it("is deeply frozen", () => {
      expect(Object.isFrozen(DEFAULT_PRICE_TABLE)).to.equal(true);
      expect(Object.isFrozen(lambdaOf(DEFAULT_PRICE_TABLE, "us-east-1").durationTiers.x86_64)).to.equal(true);
    });
  });

  describe("regionPricesFor", () => {
    it("throws UnknownRegionError naming the region and listing the known ones", () => {
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "mars-north-1"))
        .to.throw(UnknownRegionError, /^Unknown region "mars-north-1": not a commercial AWS region .*Known: .*us-east-1.*; there is no fallback to us-east-1\.$/)
        .with.property("region", "mars-north-1");
    });

    it("suggests the closest real region names for a typo", () => {
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "eu-wset-1")).to.throw(UnknownRegionError, /^Unknown region "eu-wset-1": not a commercial AWS region \(did you mean eu-west-1, /);
    });

    it("says plainly that GovCloud and China regions are not supported", () => {
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "us-gov-west-1")).to.throw(
        UnknownRegionError,
        /^Region "us-gov-west-1" belongs to the aws-us-gov partition, which this project does not support/,
      );
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "cn-north-1")).to.throw(UnknownRegionError, /^Region "cn-north-1" belongs to the aws-cn partition, which this project does not support/);
    });

    it("does not treat Object.prototype keys as regions", () => {
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "constructor")).to.throw(UnknownRegionError);
    });
  });

  describe("withPriceOverrides", () => {
    it("replaces a price, records an 'override' note and leaves the original table alone", () => {
      const table = withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "vpc.natGatewayUsdPerGb": 0.05 });
      expect(table.regions["us-east-1"].vpc?.natGatewayUsdPerGb).to.equal(0.05);
      expect(table.regions["us-east-1"].notes?.["vpc.natGatewayUsdPerGb"]).to.equal("override");
      expect(DEFAULT_PRICE_TABLE.regions["us-east-1"].vpc?.natGatewayUsdPerGb).to.equal(0.045);
      expect(table.regions["us-west-2"]).to.equal(DEFAULT_PRICE_TABLE.regions["us-west-2"]);
      expect(table.asOf).to.equal(DEFAULT_PRICE_TABLE.asOf);
    });

    it("adds a missing arm64 PC price and replaces the 'not found' note", () => {
      const table = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "ap-south-1", { "lambda.provisionedConcurrencyUsdPerGbSecond.arm64": 0.0000036 });
      const prices = table.regions["ap-south-1"];
      expect(lambdaOf(table, "ap-south-1").provisionedConcurrencyUsdPerGbSecond).to.deep.equal({ x86_64: 0.0000044985, arm64: 0.0000036 });
      expect(priceNoteFor(prices, "lambda.provisionedConcurrencyUsdPerGbSecond.arm64")).to.equal("override");
    });

    it("replaces a tier price by index", () => {
      const table = withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "lambda.durationTiers.arm64.0.usdPerGbSecond": 0.00001 });
      const tiers = lambdaOf(table, "us-east-1").durationTiers.arm64;
      expect(tiers?.[0]).to.deep.equal({ upToGbSeconds: 7.5e9, usdPerGbSecond: 0.00001 });
      expect(tiers?.[1]).to.deep.equal({ upToGbSeconds: 18.75e9, usdPerGbSecond: 0.0000120001 });
    });

    it("creates a single unbounded tier on a region with no tier list (logs in eu-west-1)", () => {
      const table = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "eu-west-1", { "logs.ingestTiers.0.usdPerGb": 0.57, "logs.storageUsdPerGbMonth": 0.03 });
      expect(table.regions["eu-west-1"].logs).to.deep.equal({ ingestTiers: [{ upToGb: null, usdPerGb: 0.57 }], storageUsdPerGbMonth: 0.03 });
      expect(table.regions["eu-west-1"].notes?.["logs.ingestTiers.0.usdPerGb"]).to.equal("override");
    });

    it("appends a tier 2 after a bounded tier 1, applying tier indexes in numeric order", () => {
      const table = withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "eu-west-1", {
        "lambda.durationTiers.x86_64.2.usdPerGbSecond": 0.0000133334,
        "lambda.durationTiers.x86_64.1.upToGbSeconds": 15e9,
        "lambda.durationTiers.x86_64.1.usdPerGbSecond": 0.000015,
      });
      expect(lambdaOf(table, "eu-west-1").durationTiers.x86_64).to.deep.equal([
        { upToGbSeconds: 6e9, usdPerGbSecond: 0.0000166667 },
        { upToGbSeconds: 15e9, usdPerGbSecond: 0.000015 },
        { upToGbSeconds: null, usdPerGbSecond: 0.0000133334 },
      ]);
    });

    it("rejects an unknown key and lists the allowed keys", () => {
      expect(() => withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "lambda.gpuUsdPerHour": 1 }))
        .to.throw(PriceOverrideError, /Unknown price override key "lambda\.gpuUsdPerHour"\. Allowed keys: lambda\.usdPerRequest, .*xray\.usdPerTraceRecorded/);
      expect(() => withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "lambda.provisionedConcurrencyUsdPerGbSecond.mips": 1 })).to.throw(PriceOverrideError, /Unknown price override key/);
      expect(OVERRIDE_KEY_PATTERNS).to.include("lambda.durationTiers.<arch>.<i>.usdPerGbSecond");
    });

    it("rejects negative, NaN and infinite prices", () => {
      for (const value of [-1, Number.NaN, Infinity]) {
        expect(() => withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "lambda.usdPerRequest": value })).to.throw(
          PriceOverrideError,
          /"lambda\.usdPerRequest" for us-east-1: got .*, allowed a finite number ≥ 0/,
        );
      }
    });

    it("rejects tier indexes that skip a tier and tier lists that would be inconsistent", () => {
      expect(() => withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "eu-west-1", { "lambda.durationTiers.x86_64.2.usdPerGbSecond": 0.00001 })).to.throw(
        PriceOverrideError,
        /tier index 2 skips tiers; lambda\.durationTiers\.x86_64 has 1 tier\(s\)/,
      );
      expect(() => withPriceOverrides(HAND_CHECKED_PRICE_TABLE, "eu-west-1", { "logs.ingestTiers.0.upToGb": 100 })).to.throw(PriceOverrideError, /tier index 0 has no price/);
      expect(() => withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "logs.ingestTiers.1.upToGb": 5_000 })).to.throw(PriceOverrideError, /tier index 1 ends at 5000, not above the previous bound/);
      expect(() => withPriceOverrides(DEFAULT_PRICE_TABLE, "us-east-1", { "logs.ingestTiers.4.usdPerGb": 0.01 })).to.throw(PriceOverrideError, /tier index 3 is unbounded but is not the last tier/);
    });

    it("rejects an unknown region (no implicit region creation)", () => {
      expect(() => withPriceOverrides(DEFAULT_PRICE_TABLE, "mars-north-1", { "lambda.usdPerRequest": 0.0000002 })).to.throw(UnknownRegionError, /mars-north-1/);
    });
  });
});
