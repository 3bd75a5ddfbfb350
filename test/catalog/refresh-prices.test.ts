/**
 * `npm run catalog -- refresh` on saved files: writes the catalog only when everything was read, and
 * leaves it untouched, naming the file, when one is not in the expected shape.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { refreshPrices, RefreshError } from "../../catalog/refresh-prices";
import type { PriceCatalog } from "../../pricing/catalog";

function feed(source: string, meters: Record<string, string>): unknown {
  return {
    manifest: { serviceId: source, source, esIndex: `plc-${source}-usd-20251104012650`, hawkFilePublicationDate: "2025-11-04T01:26:50Z", currencyCode: "USD" },
    regions: { "EU (Ireland)": Object.fromEntries(Object.entries(meters).map(([m, price]) => [m, { rateCode: "S.T.R", price }])) },
  };
}

describe("catalog refresh (saved files)", () => {
  let dir: string;
  let from: string;
  const logs: string[] = [];
  const log = (s: string) => logs.push(s);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-"));
    from = path.join(dir, "saved");
    fs.mkdirSync(path.join(from, "nat"), { recursive: true });
    fs.writeFileSync(path.join(from, "nat", "natgateway.json"), JSON.stringify(feed("natgateway", { "Hourly charge for NAT Gateways": "0.0480000000", "Charge for per GB data processed by NatGateways": "0.0480000000" })));
    fs.writeFileSync(path.join(from, "PROVENANCE.json"), JSON.stringify({ [path.join("nat", "natgateway.json")]: "saved by hand on 2026-12-06" }));
    logs.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes prices.json and regions.json with the NAT prices of eu-west-1 only, dated and sourced", async () => {
    const catalogDir = path.join(dir, "catalog");
    fs.mkdirSync(catalogDir);
    const c = await refreshPrices({ services: ["natGateway"], from, source: "calculator", dryRun: false, catalogDir, today: "2026-12-06" }, log);
    const written = JSON.parse(fs.readFileSync(path.join(catalogDir, "prices.json"), "utf8")) as PriceCatalog;
    expect(written).to.deep.equal(c);
    expect(written.regions["eu-west-1"]).to.deep.equal({ location: "EU (Ireland)", services: ["natGateway"], prices: { vpc: { natGatewayUsdPerHour: 0.048, natGatewayUsdPerGb: 0.048 } } });
    expect(written.regions["us-east-1"].services).to.deep.equal([]);
    expect(written.sources.natGateway).to.deep.equal({
      kind: "calculator",
      offerCode: "AmazonEC2",
      url: "https://calculator.aws/pricing/2.0/meteredUnitMaps/ec2/USD/current/natgateway.json",
      publicationDate: "2025-11-04T01:26:50Z",
      version: "plc-natgateway-usd-20251104012650",
      retrievedFrom: "saved by hand on 2026-12-06",
    });
    const regions = JSON.parse(fs.readFileSync(path.join(catalogDir, "regions.json"), "utf8")) as { partitions: Record<string, Record<string, string>> };
    expect(regions.partitions.aws["eu-west-1"]).to.equal("Europe (Ireland)");
    expect(regions.partitions["aws-us-gov"]).to.have.property("us-gov-west-1");
    expect(logs.join("\n")).to.match(/natGateway\s+calculator feed plc-natgateway-usd-20251104012650 \(2025-11-04\): 1 regions priced/);
  });

  it("leaves the existing catalog byte for byte when a file has an unexpected shape, and names the file", async () => {
    const catalogDir = path.join(dir, "catalog");
    fs.mkdirSync(catalogDir);
    fs.writeFileSync(path.join(catalogDir, "prices.json"), "previous catalog");
    fs.writeFileSync(path.join(from, "nat", "natgateway.json"), JSON.stringify({ products: {} }));
    let error: unknown;
    try {
      await refreshPrices({ services: ["natGateway"], from, source: "calculator", dryRun: false, catalogDir, today: "2026-12-06" }, log);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RefreshError);
    expect((error as Error).message).to.match(/^natGateway: nat\/natgateway\.json: not a calculator price feed/);
    expect(fs.readFileSync(path.join(catalogDir, "prices.json"), "utf8")).to.equal("previous catalog");
    expect(fs.readdirSync(catalogDir)).to.deep.equal(["prices.json"]);
  });

  it("reads per-region Price List offer files saved as <offer>/<region>/index.json, and marks regions without one unpriced", async () => {
    const offerDir = path.join(from, "AWSXRay", "eu-west-1");
    fs.mkdirSync(offerDir, { recursive: true });
    const dims = (usd: string) => ({ "T": { priceDimensions: { R: { unit: "Traces", beginRange: "0", endRange: "Inf", pricePerUnit: { USD: usd } } } } });
    fs.writeFileSync(
      path.join(offerDir, "index.json"),
      JSON.stringify({
        offerCode: "AWSXRay",
        version: "20251101000000",
        publicationDate: "2025-11-01T00:00:00Z",
        products: {
          A: { sku: "A", attributes: { regionCode: "eu-west-1", usagetype: "EU-XRay-TracesStored" } },
          B: { sku: "B", attributes: { regionCode: "eu-west-1", usagetype: "EU-XRay-TracesAccessed" } },
          G: { sku: "G", attributes: { usagetype: "Global-XRay-TracesStored" } },
        },
        terms: { OnDemand: { A: dims("0.0000050000"), B: dims("0.0000005000"), G: dims("0.0000000000") } },
      }),
    );
    const catalogDir = path.join(dir, "catalog");
    fs.mkdirSync(catalogDir);
    const c = await refreshPrices({ services: ["xray"], regions: ["eu-west-1", "us-east-1"], from, source: "price-list", dryRun: true, catalogDir, today: "2026-12-06" }, log);
    expect(c.regions["eu-west-1"].prices).to.deep.equal({ xray: { usdPerTraceRecorded: 0.000005, usdPerTraceRetrievedOrScanned: 0.0000005 } });
    expect(c.regions["us-east-1"].services).to.deep.equal([]);
    expect(logs.join("\n")).to.match(/xray\s+us-east-1\s+no saved AWSXRay\/us-east-1\/index\.json: unpriced/);
    expect(fs.readdirSync(catalogDir), "dry run writes nothing").to.deep.equal([]);
  });
});
