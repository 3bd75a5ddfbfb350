/**
 * The price catalog: its transformers on hand-written files in AWS's exact formats, its assembly,
 * and the shipped data checked against prices worked out by hand from AWS's pricing pages.
 */
import { expect } from "chai";
import {
  buildCatalog,
  catalogAsOf,
  closestRegions,
  commercialRegions,
  offerFromGetProducts,
  partitionOfRegion,
  PRICE_CATALOG,
  priceLocationOf,
  serviceInputFromCalculator,
  serviceInputFromPriceList,
  SourceShapeError,
  transformCalculatorFeed,
  transformOfferFile,
  type RegionCatalog,
} from "../../pricing/catalog";
import { DEFAULT_PRICE_TABLE, regionPricesFor, UnknownRegionError } from "../../pricing/rates";

/**
 * us-east-1 Lambda prices as published on https://aws.amazon.com/lambda/pricing/ (checked 2025-10-01):
 * $0.20 per million requests; duration tiers by monthly GB-s; provisioned concurrency, its duration
 * and ephemeral storage per GB-s.
 */
const US_EAST_1_LAMBDA = {
  usdPerRequest: 0.0000002,
  durationTiers: {
    x86_64: [
      { upToGbSeconds: 6e9, usdPerGbSecond: 0.0000166667 },
      { upToGbSeconds: 15e9, usdPerGbSecond: 0.000015 },
      { upToGbSeconds: null, usdPerGbSecond: 0.0000133334 },
    ],
    arm64: [
      { upToGbSeconds: 7.5e9, usdPerGbSecond: 0.0000133334 },
      { upToGbSeconds: 18.75e9, usdPerGbSecond: 0.0000120001 },
      { upToGbSeconds: null, usdPerGbSecond: 0.0000106667 },
    ],
  },
  provisionedConcurrencyUsdPerGbSecond: { x86_64: 0.0000041667, arm64: 0.0000033334 },
  provisionedDurationUsdPerGbSecond: { x86_64: 0.0000097222, arm64: 0.0000077778 },
  ephemeralStorageUsdPerGbSecond: 0.0000000309,
};

/** A calculator feed in AWS's format (meteredUnitMaps), two locations, prices as strings. */
function lambdaFeed(overrides: Record<string, Record<string, string | undefined>> = {}): unknown {
  const meters = (prices: Record<string, string | undefined>) =>
    Object.fromEntries(
      Object.entries(prices)
        .filter(([, p]) => p !== undefined)
        .map(([name, price]) => [name, { rateCode: "SKU.JRTCKXETXF.RATE", price, RegionlessRateCode: "x" }]),
    );
  const virginia = {
    "Lambda Requests": "0.0000002000",
    "Lambda Requests-ARM": "0.0000002000",
    "Lambda Duration": "0.0000166667",
    "Lambda Duration Tier2": "0.0000150000",
    "Lambda Duration Tier3": "0.0000133334",
    "Lambda Duration-ARM": "0.0000133334",
    "Lambda Duration-ARM Tier2": "0.0000120001",
    "Lambda Duration-ARM Tier3": "0.0000106667",
    "Lambda Provisioned-Concurrency": "0.0000041667",
    "Lambda Provisioned-Concurrency-ARM": "0.0000033334",
    "Lambda Duration-Provisioned": "0.0000097222",
    "Lambda Duration-Provisioned-ARM": "0.0000077778",
    "Lambda Storage-Duration": "0.0000000309",
    "Lambda Storage-Duration-ARM": "0.0000000309",
    "Lambda Edge-Requests": "0.0000006000",
    ...overrides["US East (N. Virginia)"],
  };
  // A region whose feed stops at tier 1 and has no arm64 provisioned concurrency.
  const capeTown = {
    "Lambda Requests": "0.0000002700",
    "Lambda Duration": "0.0000221000",
    "Lambda Duration-ARM": "0.0000176800",
    "Lambda Provisioned-Concurrency": "0.0000055300",
    "Lambda Duration-Provisioned": "0.0000129000",
    "Lambda Storage-Duration": "0.0000000404",
    ...overrides["Africa (Cape Town)"],
  };
  return {
    manifest: { serviceId: "lambda", esIndex: "plc-lambda-usd-20251030182801", hawkFilePublicationDate: "2025-10-30T18:28:01Z", currencyCode: "USD", source: "lambda" },
    sets: {},
    regions: { "US East (N. Virginia)": meters(virginia), "Africa (Cape Town)": meters(capeTown), "AWS GovCloud (US)": meters(virginia), Any: meters({ "Lambda Requests": "0" }) },
  };
}

const LOCATIONS = new Set(["US East (N. Virginia)", "Africa (Cape Town)", "EU (Ireland)"]);

describe("pricing/catalog", () => {
  describe("transformCalculatorFeed (AWS pricing-calculator feed)", () => {
    it("reads every Lambda price of a location, tier bounds from the Lambda pricing page (6 B / 15 B GB-s x86, 7.5 B / 18.75 B arm)", () => {
      const r = transformCalculatorFeed(lambdaFeed(), LOCATIONS);
      expect(r.service).to.equal("lambda");
      expect(r.publicationDate).to.equal("2025-10-30T18:28:01Z");
      expect(r.version).to.equal("plc-lambda-usd-20251030182801");
      expect(r.byLocation.get("US East (N. Virginia)")).to.deep.equal({ lambda: US_EAST_1_LAMBDA });
      expect(r.missing.has("US East (N. Virginia)")).to.equal(false);
    });

    it("keeps only the tiers a location has, bounded, and reports what is missing instead of borrowing another region's price", () => {
      const r = transformCalculatorFeed(lambdaFeed(), LOCATIONS);
      const cape = r.byLocation.get("Africa (Cape Town)") as { lambda: Record<string, unknown> };
      expect(cape.lambda.durationTiers).to.deep.equal({
        x86_64: [{ upToGbSeconds: 6e9, usdPerGbSecond: 0.0000221 }],
        arm64: [{ upToGbSeconds: 7.5e9, usdPerGbSecond: 0.00001768 }],
      });
      expect(cape.lambda.provisionedConcurrencyUsdPerGbSecond).to.deep.equal({ x86_64: 0.00000553 });
      expect(r.missing.get("Africa (Cape Town)")).to.deep.equal([
        "lambda.durationTiers.x86_64.1",
        "lambda.durationTiers.arm64.1",
        "lambda.provisionedConcurrencyUsdPerGbSecond.arm64",
        "lambda.provisionedDurationUsdPerGbSecond.arm64",
      ]);
    });

    it("skips locations that are not commercial regions (GovCloud, Any) and lists none for a region the feed lacks", () => {
      const r = transformCalculatorFeed(lambdaFeed(), LOCATIONS);
      expect([...r.byLocation.keys()].sort()).to.deep.equal(["Africa (Cape Town)", "US East (N. Virginia)"]);
    });

    it("refuses a file that is not a feed, a feed it does not read, a non-USD feed, or a price that is not a number", () => {
      expect(() => transformCalculatorFeed({ products: {} }, LOCATIONS)).to.throw(SourceShapeError, /not a calculator price feed/);
      const feed = lambdaFeed() as { manifest: Record<string, unknown> };
      expect(() => transformCalculatorFeed({ ...feed, manifest: { ...feed.manifest, source: "ec2-instances" } }, LOCATIONS)).to.throw(SourceShapeError, /"ec2-instances" is not one the catalog reads/);
      expect(() => transformCalculatorFeed({ ...feed, manifest: { ...feed.manifest, currencyCode: "CNY" } }, LOCATIONS)).to.throw(SourceShapeError, /currency "CNY", expected "USD"/);
      expect(() => transformCalculatorFeed(lambdaFeed({ "US East (N. Virginia)": { "Lambda Duration": "n/a" } }), LOCATIONS)).to.throw(SourceShapeError, /US East \(N\. Virginia\) \/ Lambda Duration: price "n\/a" is not a USD amount/);
    });

    it("refuses a feed whose x86 and arm request prices differ (the catalog has one request price)", () => {
      expect(() => transformCalculatorFeed(lambdaFeed({ "US East (N. Virginia)": { "Lambda Requests-ARM": "0.0000001" } }), LOCATIONS)).to.throw(SourceShapeError, /prices "Lambda Requests" .* and "Lambda Requests-ARM" .* differently/);
    });
  });

  describe("transformOfferFile (AWS Price List offer file)", () => {
    /** An AWSLambda per-region offer file in the bulk API's format. */
    function lambdaOffer(extraProducts: Record<string, unknown> = {}, extraTerms: Record<string, unknown> = {}): Record<string, unknown> {
      const product = (sku: string, group: string, usagetype: string, regionCode = "eu-west-1") => ({
        sku,
        productFamily: "Serverless",
        attributes: { servicecode: "AWSLambda", location: "EU (Ireland)", regionCode, group, usagetype },
      });
      const term = (sku: string, dims: readonly [string, string, string, string][]) => ({
        [sku]: { [`${sku}.JRTCKXETXF`]: {
          offerTermCode: "JRTCKXETXF",
          sku,
          effectiveDate: "2025-10-01T00:00:00Z",
          priceDimensions: Object.fromEntries(
            dims.map(([unit, begin, end, usd], i) => [`${sku}.JRTCKXETXF.R${i}`, { rateCode: `${sku}.JRTCKXETXF.R${i}`, unit, beginRange: begin, endRange: end, pricePerUnit: { USD: usd } }]),
          ),
        } },
      });
      return {
        formatVersion: "v1.0",
        offerCode: "AWSLambda",
        version: "20251001000000",
        publicationDate: "2025-10-01T00:00:00Z",
        products: {
          REQ: product("REQ", "AWS-Lambda-Requests", "EU-Request"),
          DUR: product("DUR", "AWS-Lambda-Duration", "EU-Lambda-GB-Second"),
          FREE: product("FREE", "AWS-Lambda-Duration", "Global-Lambda-GB-Second"),
          OTHER: product("OTHER", "AWS-Lambda-Duration", "USE1-Lambda-GB-Second", "us-east-1"),
          ...extraProducts,
        },
        terms: {
          OnDemand: {
            ...term("REQ", [["Requests", "0", "Inf", "0.0000002000"]]),
            ...term("DUR", [
              ["Lambda-GB-Second", "0", "6000000000", "0.0000166667"],
              ["Lambda-GB-Second", "6000000000", "15000000000", "0.0000150000"],
              ["Lambda-GB-Second", "15000000000", "Inf", "0.0000133334"],
            ]),
            ...term("FREE", [["Lambda-GB-Second", "0", "400000", "0.0000000000"]]),
            ...term("OTHER", [["Lambda-GB-Second", "0", "Inf", "9.99"]]),
            ...extraTerms,
          },
        },
      };
    }

    it("reads tiers from beginRange/endRange, ignores free-tier (Global-) usage types and other regions' products", () => {
      const r = transformOfferFile(lambdaOffer(), "eu-west-1");
      expect(r.service).to.equal("lambda");
      expect(r.publicationDate).to.equal("2025-10-01T00:00:00Z");
      expect(r.prices).to.deep.equal({
        lambda: {
          usdPerRequest: 0.0000002,
          durationTiers: {
            x86_64: [
              { upToGbSeconds: 6e9, usdPerGbSecond: 0.0000166667 },
              { upToGbSeconds: 15e9, usdPerGbSecond: 0.000015 },
              { upToGbSeconds: null, usdPerGbSecond: 0.0000133334 },
            ],
          },
        },
      });
      expect(r.missing).to.include.members(["lambda.durationTiers.arm64", "lambda.provisionedConcurrencyUsdPerGbSecond.x86_64", "lambda.ephemeralStorageUsdPerGbSecond"]);
    });

    it("drops a leading $0 dimension (a free allowance the engine applies itself): SQS's first million requests", () => {
      const offer = {
        offerCode: "AWSQueueService",
        version: "20251001000000",
        publicationDate: "2025-10-01T00:00:00Z",
        products: { Q: { sku: "Q", productFamily: "API Request", attributes: { regionCode: "us-east-1", usagetype: "USE1-Requests-Tier1", group: "SQS-APIRequest-Tier1" } } },
        terms: {
          OnDemand: {
            Q: {
              "Q.T": {
                priceDimensions: {
                  a: { unit: "Requests", beginRange: "0", endRange: "1000000", pricePerUnit: { USD: "0.0000000000" } },
                  b: { unit: "Requests", beginRange: "1000000", endRange: "100000000000", pricePerUnit: { USD: "0.0000004000" } },
                  c: { unit: "Requests", beginRange: "100000000000", endRange: "200000000000", pricePerUnit: { USD: "0.0000003000" } },
                  d: { unit: "Requests", beginRange: "200000000000", endRange: "Inf", pricePerUnit: { USD: "0.0000002400" } },
                },
              },
            },
          },
        },
      };
      expect(transformOfferFile(offer, "us-east-1").prices).to.deep.equal({
        sqs: {
          standardRequestTiers: [
            { upToRequests: 100e9, usdPerRequest: 0.0000004 },
            { upToRequests: 200e9, usdPerRequest: 0.0000003 },
            { upToRequests: null, usdPerRequest: 0.00000024 },
          ],
        },
      });
    });

    it("refuses an unexpected unit, ambiguous products and files that are not offer files", () => {
      const wrongUnit = lambdaOffer({}, { REQ: { "REQ.T": { priceDimensions: { a: { unit: "GB", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: "1" } } } } } });
      expect(() => transformOfferFile(wrongUnit, "eu-west-1")).to.throw(SourceShapeError, /lambda\.usdPerRequest is priced per "GB"/);
      const twice = lambdaOffer(
        { REQ2: { sku: "REQ2", attributes: { regionCode: "eu-west-1", group: "AWS-Lambda-Requests", usagetype: "EU-Request-2" } } },
        { REQ2: { "REQ2.T": { priceDimensions: { a: { unit: "Requests", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: "0.0000003" } } } } } },
      );
      expect(() => transformOfferFile(twice, "eu-west-1")).to.throw(SourceShapeError, /matches 2 products with different prices \(REQ, REQ2\)/);
      expect(() => transformOfferFile({ regions: {} }, "eu-west-1")).to.throw(SourceShapeError, /not a Price List offer file/);
      expect(() => transformOfferFile({ ...lambdaOffer(), offerCode: "AmazonRDS" }, "eu-west-1")).to.throw(SourceShapeError, /offer "AmazonRDS" is not one the catalog reads/);
    });

    it("reads GetProducts PriceList items (Price List Query API) as one offer file", () => {
      const item = {
        product: { sku: "NAT", productFamily: "NAT Gateway", attributes: { regionCode: "eu-west-1", usagetype: "EU-NatGateway-Hours" } },
        serviceCode: "AmazonEC2",
        terms: { OnDemand: { "NAT.T": { priceDimensions: { a: { unit: "Hrs", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: "0.0480000000" } } } } } },
        version: "20251101000000",
        publicationDate: "2025-11-01T00:00:00Z",
      };
      const offer = offerFromGetProducts("AmazonEC2", [JSON.stringify(item)]);
      const r = transformOfferFile(offer, "eu-west-1");
      expect(r.prices).to.deep.equal({ vpc: { natGatewayUsdPerHour: 0.048 } });
      expect(r.missing).to.deep.equal(["vpc.natGatewayUsdPerGb"]);
      expect(() => offerFromGetProducts("AmazonEC2", ["{not json"])).to.throw(SourceShapeError, /PriceList\[0\] is not JSON/);
    });
  });

  describe("buildCatalog", () => {
    const regionCatalog: RegionCatalog = {
      source: "test",
      generatedOn: "2026-12-06",
      partitions: { aws: { "us-east-1": "US East (N. Virginia)", "af-south-1": "Africa (Cape Town)", "eu-west-1": "Europe (Ireland)" }, "aws-us-gov": { "us-gov-west-1": "AWS GovCloud (US-West)" } },
    };
    const lambdaInput = () => serviceInputFromCalculator(transformCalculatorFeed(lambdaFeed(), LOCATIONS), regionCatalog.partitions.aws, { url: "https://example.test/lambda.json" });

    it("lists every commercial region, priced or not, with the services priced in each and each service's source", () => {
      const c = buildCatalog({ generatedOn: "2026-12-06", regionCatalog, inputs: [lambdaInput()] });
      expect(Object.keys(c.regions)).to.deep.equal(["af-south-1", "eu-west-1", "us-east-1"]);
      expect(c.regions["eu-west-1"]).to.deep.equal({ location: "EU (Ireland)", services: [], prices: {} });
      expect(c.regions["us-east-1"].services).to.deep.equal(["lambda"]);
      expect(c.sources.lambda).to.deep.include({ kind: "calculator", offerCode: "AWSLambda", publicationDate: "2025-10-30T18:28:01Z", version: "plc-lambda-usd-20251030182801" });
      expect(catalogAsOf(c)).to.equal("2025-10-30");
    });

    it("a refresh of one service replaces only that service's fields and keeps the others", () => {
      const first = buildCatalog({ generatedOn: "2026-12-01", regionCatalog, inputs: [lambdaInput()] });
      const withNat = { ...first, regions: { ...first.regions, "us-east-1": { ...first.regions["us-east-1"], services: ["lambda", "natGateway"] as const, prices: { ...first.regions["us-east-1"].prices, vpc: { natGatewayUsdPerHour: 0.045, interfaceEndpointUsdPerAzHour: 0.01 } } } } };
      const offer = {
        offerCode: "AWSLambda",
        version: "2",
        publicationDate: "2026-12-01T00:00:00Z",
        products: { R: { sku: "R", attributes: { regionCode: "us-east-1", group: "AWS-Lambda-Requests", usagetype: "USE1-Request" } } },
        terms: { OnDemand: { R: { "R.T": { priceDimensions: { a: { unit: "Requests", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: "0.0000002500" } } } } } } },
      };
      const refreshed = serviceInputFromPriceList([{ region: "us-east-1", result: transformOfferFile(offer, "us-east-1") }], { kind: "price-list-bulk", url: "https://example.test/{region}" });
      const c = buildCatalog({ generatedOn: "2026-12-06", regionCatalog, inputs: [refreshed], previous: withNat as never });
      expect(c.regions["us-east-1"].prices).to.deep.equal({ lambda: { usdPerRequest: 0.00000025 }, vpc: { natGatewayUsdPerHour: 0.045, interfaceEndpointUsdPerAzHour: 0.01 } });
      expect(c.regions["af-south-1"].services).to.deep.equal([]);
      expect(c.sources.lambda?.kind).to.equal("price-list-bulk");
    });

    it("maps the SDK's region descriptions to the price files' location names (Europe → EU)", () => {
      expect(priceLocationOf("Europe (Ireland)")).to.equal("EU (Ireland)");
      expect(priceLocationOf("Asia Pacific (Malaysia)")).to.equal("Asia Pacific (Malaysia)");
    });
  });

  describe("the shipped catalog", () => {
    it("covers every commercial region of the AWS SDK's partition data, from af-south-1 to us-west-2", () => {
      const regions = commercialRegions();
      // 36 commercial regions as of the SDK's partition data in December 2026.
      expect(regions).to.include.members(["us-east-1", "eu-west-1", "ap-south-1", "eu-north-1", "ap-southeast-5", "ca-west-1", "me-west-1", "sa-west-1", "mx-central-1"]);
      expect(Object.keys(PRICE_CATALOG.regions).sort()).to.deep.equal(regions);
      expect(Object.keys(DEFAULT_PRICE_TABLE.regions).sort()).to.deep.equal(regions);
    });

    it("dates every service's prices with the offer's own publication date and names where they were read", () => {
      for (const [service, source] of Object.entries(PRICE_CATALOG.sources)) {
        expect(source.publicationDate, service).to.match(/^\d{4}-\d{2}-\d{2}T/);
        expect(source.url, service).to.match(/^https:\/\//);
        expect(source.version, service).to.not.equal("");
      }
      expect(DEFAULT_PRICE_TABLE.asOf).to.equal(catalogAsOf());
    });

    /**
     * Regression: the prices this project used to hand-copy (checked on 2025-10-01 against the Lambda
     * pricing page and its Price List file, the calculator JSON, and the PrivateLink, VPC, CloudWatch
     * and API Gateway pricing pages) must come out of the generated catalog unchanged.
     */
    describe("reproduces every hand-checked price of 2025-10-01", () => {
      const lambda = (region: string) => regionPricesFor(DEFAULT_PRICE_TABLE, region).lambda!;

      it("us-east-1 Lambda: $0.20/M requests; x86 tiers 0.0000166667 / 0.000015 / 0.0000133334 at 6 B and 15 B GB-s; arm 0.0000133334 / 0.0000120001 / 0.0000106667 at 7.5 B and 18.75 B; PC and PC duration both archs; storage", () => {
        for (const region of ["us-east-1", "us-east-2", "us-west-2"]) {
          expect(lambda(region), region).to.deep.equal(US_EAST_1_LAMBDA);
        }
      });

      // [region, x86 tier 1, arm tier 1, per request, PC x86, PC duration x86, storage] as hand-copied.
      const ROWS: readonly [string, number, number, number, number, number, number][] = [
        ["us-west-1", 0.0000166667, 0.0000133334, 0.0000002, 0.0000049041, 0.000011443, 0.000000037],
        ["eu-west-1", 0.0000166667, 0.0000133334, 0.0000002, 0.000004646, 0.0000108407, 0.000000034],
        ["ca-central-1", 0.0000166667, 0.0000133334, 0.0000002, 0.000004646, 0.0000108407, 0.000000034],
        ["eu-west-2", 0.0000166667, 0.0000133334, 0.0000002, 0.0000048304, 0.0000112709, 0.0000000358],
        ["eu-central-1", 0.0000166667, 0.0000133334, 0.0000002, 0.0000050147, 0.0000117011, 0.0000000367],
        ["ap-south-1", 0.0000166667, 0.0000133334, 0.0000002, 0.0000044985, 0.0000104966, 0.0000000352],
        ["ap-southeast-1", 0.0000166667, 0.0000133334, 0.0000002, 0.0000051991, 0.0000121313, 0.000000037],
        ["ap-southeast-2", 0.0000166667, 0.0000133334, 0.0000002, 0.000005236, 0.0000122173, 0.000000037],
        ["ap-northeast-1", 0.0000166667, 0.0000133334, 0.0000002, 0.0000053835, 0.0000125615, 0.000000037],
        ["sa-east-1", 0.0000166667, 0.0000133334, 0.0000002, 0.0000066372, 0.0000154867, 0.0000000586],
        ["af-south-1", 0.0000221, 0.00001768, 0.00000027, 0.00000553, 0.0000129, 0.0000000404],
        ["ap-east-1", 0.00002292, 0.0000183, 0.00000028, 0.0000057153, 0.0000133358, 0.0000000407],
        ["eu-south-1", 0.0000195172, 0.0000156138, 0.00000023, 0.0000048783, 0.0000113827, 0.0000000357],
        ["me-south-1", 0.0000206667, 0.0000165334, 0.00000025, 0.0000051108, 0.0000119251, 0.0000000374],
        ["eu-central-2", 0.0000183334, 0.0000146667, 0.00000022, 0.0000055162, 0.0000128712, 0.0000000441],
      ];
      for (const [region, x86, arm, request, pc, pcDuration, storage] of ROWS) {
        it(`${region}: tier 1 ${x86} (x86) / ${arm} (arm), ${request} per request, PC ${pc}, PC duration ${pcDuration}, storage ${storage}`, () => {
          const l = lambda(region);
          expect(l.durationTiers?.x86_64?.[0]).to.deep.equal({ upToGbSeconds: 6e9, usdPerGbSecond: x86 });
          expect(l.durationTiers?.arm64?.[0]).to.deep.equal({ upToGbSeconds: 7.5e9, usdPerGbSecond: arm });
          expect(l.usdPerRequest).to.equal(request);
          expect(l.provisionedConcurrencyUsdPerGbSecond?.x86_64).to.equal(pc);
          expect(l.provisionedDurationUsdPerGbSecond?.x86_64).to.equal(pcDuration);
          expect(l.ephemeralStorageUsdPerGbSecond).to.equal(storage);
        });
      }

      it("prices arm64 provisioned concurrency outside the US now (it was unknown before): ap-south-1 0.0000035988 = 0.8 × 0.0000044985", () => {
        // 0.8 × 0.0000044985 = 0.0000035988: the ratio AWS uses in us-east-1, now published for ap-south-1 too.
        expect(lambda("ap-south-1").provisionedConcurrencyUsdPerGbSecond?.arm64).to.equal(0.0000035988);
      });

      it("us-east-1 infrastructure: endpoint $0.01/AZ-h, data $0.01 / $0.006 / $0.004 at 1 and 5 PB (binary), NAT $0.045/h + $0.045/GB, public IPv4 $0.005/h, logs $0.50 / $0.25 / $0.10 / $0.05 at 10, 30, 50 TB (binary), storage $0.03, Insights $0.005", () => {
        const p = regionPricesFor(DEFAULT_PRICE_TABLE, "us-east-1");
        expect(p.vpc).to.deep.equal({
          interfaceEndpointUsdPerAzHour: 0.01,
          interfaceEndpointDataTiers: [
            { upToGb: 1_048_576, usdPerGb: 0.01 },
            { upToGb: 5_242_880, usdPerGb: 0.006 },
            { upToGb: null, usdPerGb: 0.004 },
          ],
          publicIpv4UsdPerHour: 0.005,
          natGatewayUsdPerHour: 0.045,
          natGatewayUsdPerGb: 0.045,
        });
        expect(p.logs).to.deep.equal({
          ingestTiers: [
            { upToGb: 10_240, usdPerGb: 0.5 },
            { upToGb: 30_720, usdPerGb: 0.25 },
            { upToGb: 51_200, usdPerGb: 0.1 },
            { upToGb: null, usdPerGb: 0.05 },
          ],
          storageUsdPerGbMonth: 0.03,
          insightsUsdPerGbScanned: 0.005,
        });
      });

      it("us-east-1 API Gateway REST: $3.50 / $2.80 / $2.38 / $1.51 per million at 333 M, 1 B and 20 B requests", () => {
        expect(regionPricesFor(DEFAULT_PRICE_TABLE, "us-east-1").apiGateway).to.deep.equal({
          restRequestTiers: [
            { upToRequests: 333e6, usdPerRequest: 0.0000035 },
            { upToRequests: 1e9, usdPerRequest: 0.0000028 },
            { upToRequests: 20e9, usdPerRequest: 0.00000238 },
            { upToRequests: null, usdPerRequest: 0.00000151 },
          ],
        });
      });

      it("documents what it cannot reproduce: X-Ray ($5/M traces), SQS ($0.40/M) and Scheduler ($1/M) were hand-copied from their pricing pages; no machine-readable AWS source for them could be read here, so they are unpriced everywhere until `npm run catalog -- refresh` reads the Price List", () => {
        for (const region of commercialRegions()) {
          const p = regionPricesFor(DEFAULT_PRICE_TABLE, region);
          expect(p.xray, region).to.equal(undefined);
          expect(p.sqs, region).to.equal(undefined);
          expect(p.scheduler, region).to.equal(undefined);
        }
      });

      it("us-east-1 DynamoDB on demand: $0.625 per million writes, $0.125 per million reads, $0.25 per GB-month, PITR $0.20 per GB-month (https://aws.amazon.com/dynamodb/pricing/on-demand/)", () => {
        expect(regionPricesFor(DEFAULT_PRICE_TABLE, "us-east-1").dynamodb).to.deep.equal({
          writeRequestUsdPerUnit: 0.000000625,
          readRequestUsdPerUnit: 0.000000125,
          storageUsdPerGbMonth: 0.25,
          pitrUsdPerGbMonth: 0.2,
        });
      });
    });

    it("prices the regions the old table refused: eu-north-1, eu-west-3, ap-northeast-2/3, ap-southeast-4/5, ca-west-1", () => {
      for (const region of ["eu-north-1", "eu-west-3", "ap-northeast-2", "ap-northeast-3", "ap-southeast-4", "ap-southeast-5", "ca-west-1"]) {
        const p = regionPricesFor(DEFAULT_PRICE_TABLE, region);
        expect(p.lambda?.usdPerRequest, region).to.be.a("number");
        expect(p.vpc?.interfaceEndpointUsdPerAzHour, region).to.be.a("number");
      }
    });

    it("has no prices at all for the regions newer than its data (me-west-1, sa-west-1): unpriced, never another region's", () => {
      expect(PRICE_CATALOG.regions["me-west-1"]).to.deep.include({ services: [], prices: {} });
      expect(PRICE_CATALOG.regions["sa-west-1"]).to.deep.include({ services: [], prices: {} });
    });
  });

  describe("regions", () => {
    it("suggests the closest commercial regions for a typo", () => {
      expect(closestRegions("eu-west-l", 1)).to.deep.equal(["eu-west-1"]);
      expect(closestRegions("us-esat-1", 3)).to.include("us-east-1");
    });

    it("knows GovCloud and China as other partitions", () => {
      expect(partitionOfRegion("us-gov-west-1")).to.equal("aws-us-gov");
      expect(partitionOfRegion("cn-north-1")).to.equal("aws-cn");
      expect(partitionOfRegion("eu-west-1")).to.equal("aws");
      expect(partitionOfRegion("mars-1")).to.equal(undefined);
    });

    it("regionPricesFor: a typo is an UnknownRegionError with suggestions; GovCloud says it is not supported", () => {
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "eu-west-l")).to.throw(UnknownRegionError, /Unknown region "eu-west-l": not a commercial AWS region \(did you mean eu-west-1/);
      expect(() => regionPricesFor(DEFAULT_PRICE_TABLE, "cn-north-1")).to.throw(UnknownRegionError, /belongs to the aws-cn partition, which this project does not support/);
    });
  });
});
