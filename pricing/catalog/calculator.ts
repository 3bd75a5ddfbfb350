/**
 * Transformer for AWS's pricing-calculator price feed ("meteredUnitMaps", the JSON behind
 * https://calculator.aws and the service pricing pages), e.g.
 * `https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json`:
 *
 * ```json
 * { "manifest": { "serviceId": "lambda", "esIndex": "plc-lambda-usd-20251030182801",
 *                 "hawkFilePublicationDate": "2025-10-30T18:28:01Z", "currencyCode": "USD" },
 *   "regions": { "US East (N. Virginia)": {
 *     "Lambda Duration": { "rateCode": "<sku>.<term>.<rate>", "price": "0.0000166667" }, ... } } }
 * ```
 *
 * Regions are keyed by location name; a meter's name says what it prices and, for tiered prices,
 * its tier. The feed has no tier bounds: they are read from the meter names below (e.g. "Vended Logs
 * Next 20TB"), or, for Lambda's duration tiers, taken from the Lambda pricing page
 * (https://aws.amazon.com/lambda/pricing/: 6 and 15 billion GB-s for x86, 7.5 and 18.75 billion for
 * Arm), which the Price List's own ranges confirm. Pure.
 */
import { PRICE_FIELDS, parseUsd, putField, SourceShapeError, type PriceField, type Tier } from "./fields";
import type { CatalogService } from "./types";

/** GB in one TB for AWS's tier bounds (the Price List's ranges are binary). */
const TB = 1_024;

/** A meter name (or tiers of meter names with their bounds) for one field. */
type MeterSpec =
  | { readonly field: PriceField; readonly meter: string; readonly sameAs?: string }
  | { readonly field: PriceField; readonly tiers: readonly (readonly [string, number | null])[] };

/** Which feed (by `manifest.source`) prices which fields, by meter name. */
export const CALCULATOR_FEEDS: Readonly<Record<string, { readonly service: CatalogService; readonly offerCode: string; readonly meters: readonly MeterSpec[] }>> = {
  lambda: {
    service: "lambda",
    offerCode: "AWSLambda",
    meters: [
      { field: PRICE_FIELDS.lambdaRequest, meter: "Lambda Requests", sameAs: "Lambda Requests-ARM" },
      { field: PRICE_FIELDS.lambdaDurationX86, tiers: [["Lambda Duration", 6e9], ["Lambda Duration Tier2", 15e9], ["Lambda Duration Tier3", null]] },
      { field: PRICE_FIELDS.lambdaDurationArm, tiers: [["Lambda Duration-ARM", 7.5e9], ["Lambda Duration-ARM Tier2", 18.75e9], ["Lambda Duration-ARM Tier3", null]] },
      { field: PRICE_FIELDS.lambdaPcX86, meter: "Lambda Provisioned-Concurrency" },
      { field: PRICE_FIELDS.lambdaPcArm, meter: "Lambda Provisioned-Concurrency-ARM" },
      { field: PRICE_FIELDS.lambdaPcDurationX86, meter: "Lambda Duration-Provisioned" },
      { field: PRICE_FIELDS.lambdaPcDurationArm, meter: "Lambda Duration-Provisioned-ARM" },
      { field: PRICE_FIELDS.lambdaStorage, meter: "Lambda Storage-Duration", sameAs: "Lambda Storage-Duration-ARM" },
    ],
  },
  vpc: {
    service: "vpc",
    offerCode: "AmazonVPC",
    meters: [
      { field: PRICE_FIELDS.endpointHour, meter: "Hourly charge for VPC Endpoints per Hrs" },
      {
        field: PRICE_FIELDS.endpointData,
        tiers: [
          ["Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576", 1_048_576],
          ["Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880", 5_242_880],
          ["Charge for per GB data processed by VPC Endpoints per GB from 5242880 to Inf", null],
        ],
      },
      { field: PRICE_FIELDS.publicIpv4Hour, meter: "Hourly charge for In use Public IPv4 Addresses per Hrs" },
    ],
  },
  natgateway: {
    service: "natGateway",
    offerCode: "AmazonEC2",
    meters: [
      { field: PRICE_FIELDS.natHour, meter: "Hourly charge for NAT Gateways" },
      { field: PRICE_FIELDS.natGb, meter: "Charge for per GB data processed by NatGateways" },
    ],
  },
  cloudwatch: {
    service: "logs",
    offerCode: "AmazonCloudWatch",
    meters: [
      // Lambda's logs are "vended logs" (tiered since 2025-05-01, Standard class).
      {
        field: PRICE_FIELDS.logsIngest,
        tiers: [
          ["Vended Logs First 10TB", 10 * TB],
          ["Vended Logs Next 20TB", 30 * TB],
          ["Vended Logs Next Next 20TB", 50 * TB],
          ["Vended Logs over 50TB", null],
        ],
      },
      { field: PRICE_FIELDS.logsStorage, meter: "Stored Data" },
      { field: PRICE_FIELDS.logsInsights, meter: "Queried Logs Insights" },
    ],
  },
  apigateway: {
    service: "apiGateway",
    offerCode: "AmazonApiGateway",
    meters: [
      {
        field: PRICE_FIELDS.apiRest,
        tiers: [
          ["API Calls Number of up to 333 million", 333e6],
          ["API Calls Number of Request Next 667 million", 1e9],
          ["API Calls Number of Request Next 19 billion", 20e9],
          ["API Calls Number of Request Over 20 billion", null],
        ],
      },
    ],
  },
  dynamodb: {
    service: "dynamodb",
    offerCode: "AmazonDynamoDB",
    meters: [
      { field: PRICE_FIELDS.dynamoWrite, meter: "PayPerRequest Write Request Units" },
      { field: PRICE_FIELDS.dynamoRead, meter: "PayPerRequest Read Request Units" },
      { field: PRICE_FIELDS.dynamoStorage, meter: "Data Storage Indexed GB-Mo" },
      { field: PRICE_FIELDS.dynamoPitr, meter: "PITR Backup Storage GB-Mo" },
    ],
  },
};

/** What one calculator feed gave: its metadata and each location's prices. */
export interface CalculatorResult {
  readonly service: CatalogService;
  readonly offerCode: string;
  readonly publicationDate: string;
  readonly version: string;
  /** Location name → partial RegionPrices with the fields found. */
  readonly byLocation: ReadonlyMap<string, Record<string, unknown>>;
  /** Location name → fields (dotted paths) the feed lacks there. */
  readonly missing: ReadonlyMap<string, readonly string[]>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Transforms one calculator feed. Locations not in `locations` (GovCloud, "Any", Local Zones) are
 * skipped. A field whose meter is missing in a location is left out there (reported in `missing`):
 * it will be unpriced, never borrowed from another region.
 *
 * @throws SourceShapeError when the file is not a calculator feed, the feed is not one we know, the
 *   currency is not USD, or a price is not a number.
 */
export function transformCalculatorFeed(feed: unknown, locations: ReadonlySet<string>): CalculatorResult {
  if (!isRecord(feed) || !isRecord(feed.manifest) || !isRecord(feed.regions)) {
    throw new SourceShapeError("not a calculator price feed: expected { manifest: {...}, regions: {...} }");
  }
  const m = feed.manifest;
  const source = String(m.source ?? m.serviceId ?? "");
  const spec = CALCULATOR_FEEDS[source];
  if (spec === undefined) throw new SourceShapeError(`calculator feed "${source}" is not one the catalog reads (known: ${Object.keys(CALCULATOR_FEEDS).join(", ")})`);
  if (m.currencyCode !== "USD") throw new SourceShapeError(`calculator feed "${source}": currency ${JSON.stringify(m.currencyCode)}, expected "USD"`);
  const publicationDate = typeof m.hawkFilePublicationDate === "string" ? m.hawkFilePublicationDate : "";
  if (!/^\d{4}-\d{2}-\d{2}T/.test(publicationDate)) throw new SourceShapeError(`calculator feed "${source}": manifest.hawkFilePublicationDate ${JSON.stringify(m.hawkFilePublicationDate)} is not an ISO date`);
  const byLocation = new Map<string, Record<string, unknown>>();
  const missing = new Map<string, string[]>();
  for (const [location, meters] of Object.entries(feed.regions)) {
    if (!locations.has(location)) continue;
    if (!isRecord(meters)) throw new SourceShapeError(`calculator feed "${source}": regions[${JSON.stringify(location)}] is not an object`);
    const priceOf = (meter: string): number | undefined => {
      const entry = meters[meter];
      if (entry === undefined) return undefined;
      if (!isRecord(entry)) throw new SourceShapeError(`calculator feed "${source}": ${location} / ${meter} is not an object`);
      return parseUsd(entry.price, `calculator feed "${source}": ${location} / ${meter}`);
    };
    const prices: Record<string, unknown> = {};
    const lacks: string[] = [];
    for (const s of spec.meters) {
      if ("meter" in s) {
        const price = priceOf(s.meter);
        if (price === undefined) {
          lacks.push(s.field.path);
          continue;
        }
        if (s.sameAs !== undefined) {
          const other = priceOf(s.sameAs);
          if (other !== undefined && other !== price) {
            throw new SourceShapeError(`calculator feed "${source}": ${location} prices "${s.meter}" (${price}) and "${s.sameAs}" (${other}) differently; the catalog has one ${s.field.path}`);
          }
        }
        putField(prices, s.field, price);
      } else {
        // Tiers in order; stop at the first missing one and bound the list there (beyond is unpriced).
        const tiers: Tier[] = [];
        for (const [meter, upTo] of s.tiers) {
          const price = priceOf(meter);
          if (price === undefined) break;
          tiers.push({ upTo, price });
        }
        if (tiers.length < s.tiers.length) lacks.push(`${s.field.path}.${tiers.length}`);
        if (tiers.length > 0) putField(prices, s.field, tiers);
      }
    }
    byLocation.set(location, prices);
    if (lacks.length > 0) missing.set(location, lacks);
  }
  return { service: spec.service, offerCode: spec.offerCode, publicationDate, version: String(m.esIndex ?? ""), byLocation, missing };
}
