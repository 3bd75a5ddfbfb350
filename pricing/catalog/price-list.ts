/**
 * Transformer for the AWS Price List: a per-region offer file of the bulk API
 * (`https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<offerCode>/current/<region>/index.json`)
 * or the `PriceList` items of the Price List Query API's `GetProducts`, which carry the same
 * product and term objects one product at a time:
 *
 * ```json
 * { "offerCode": "AWSLambda", "version": "20251030182801", "publicationDate": "2025-10-30T18:28:01Z",
 *   "products": { "<sku>": { "sku": "<sku>", "productFamily": "Serverless",
 *                 "attributes": { "regionCode": "us-east-1", "group": "AWS-Lambda-Duration", "usagetype": "Lambda-GB-Second" } } },
 *   "terms": { "OnDemand": { "<sku>": { "<sku>.<term>": { "priceDimensions": { "<sku>.<term>.<rate>": {
 *     "unit": "Lambda-GB-Second", "beginRange": "0", "endRange": "6000000000", "pricePerUnit": { "USD": "0.0000166667" } } } } } } } }
 * ```
 *
 * Products are recognised by `attributes.group` (Lambda) or the suffix of `attributes.usagetype`
 * after the region prefix (`USE1-`, `EUW1-`, ...); `Global-` usage types are free tiers, which the
 * engine applies itself, and leading $0 price dimensions (a free allowance) are dropped likewise.
 * Tier bounds come from `beginRange`/`endRange`. Pure.
 */
import { PRICE_FIELDS, parseUsd, putField, SourceShapeError, type PriceField, type Tier } from "./fields";
import type { CatalogService } from "./types";

/** How to recognise the product behind one field in an offer. */
interface ProductMatcher {
  readonly field: PriceField;
  /** Exact `attributes.group`. */
  readonly group?: string;
  /** Usage type after the region prefix, e.g. `VpcEndpoint-Hours`. */
  readonly usagetype?: string;
  /** Looser usage type pattern, for offers whose exact names could not be checked here. */
  readonly usagetypePattern?: RegExp;
  /** Allowed `unit` of the price dimensions. */
  readonly unit: RegExp;
}

/** Offers the catalog reads from the Price List, and how. */
export const PRICE_LIST_OFFERS: Readonly<Record<string, { readonly service: CatalogService; readonly matchers: readonly ProductMatcher[] }>> = {
  AWSLambda: {
    service: "lambda",
    matchers: [
      { field: PRICE_FIELDS.lambdaRequest, group: "AWS-Lambda-Requests", unit: /request/i },
      { field: PRICE_FIELDS.lambdaDurationX86, group: "AWS-Lambda-Duration", unit: /second/i },
      { field: PRICE_FIELDS.lambdaDurationArm, group: "AWS-Lambda-Duration-ARM", unit: /second/i },
      { field: PRICE_FIELDS.lambdaPcX86, group: "AWS-Lambda-Provisioned-Concurrency", unit: /second/i },
      { field: PRICE_FIELDS.lambdaPcArm, group: "AWS-Lambda-Provisioned-Concurrency-ARM", unit: /second/i },
      { field: PRICE_FIELDS.lambdaPcDurationX86, group: "AWS-Lambda-Duration-Provisioned", unit: /second/i },
      { field: PRICE_FIELDS.lambdaPcDurationArm, group: "AWS-Lambda-Duration-Provisioned-ARM", unit: /second/i },
      { field: PRICE_FIELDS.lambdaStorage, group: "AWS-Lambda-Storage-Duration", unit: /second/i },
    ],
  },
  AmazonVPC: {
    service: "vpc",
    matchers: [
      { field: PRICE_FIELDS.endpointHour, usagetype: "VpcEndpoint-Hours", unit: /^hrs$/i },
      { field: PRICE_FIELDS.endpointData, usagetype: "VpcEndpoint-Bytes", unit: /^GB$/i },
      { field: PRICE_FIELDS.publicIpv4Hour, usagetype: "PublicIPv4:InUseAddress", unit: /^hrs$/i },
    ],
  },
  AmazonEC2: {
    service: "natGateway",
    matchers: [
      { field: PRICE_FIELDS.natHour, usagetype: "NatGateway-Hours", unit: /^hrs$/i },
      { field: PRICE_FIELDS.natGb, usagetype: "NatGateway-Bytes", unit: /^GB$/i },
    ],
  },
  AmazonCloudWatch: {
    service: "logs",
    matchers: [
      { field: PRICE_FIELDS.logsIngest, usagetype: "VendedLog-Bytes", unit: /^GB$/i },
      { field: PRICE_FIELDS.logsStorage, usagetype: "TimedStorage-ByteHrs", unit: /GB-Mo/i },
      { field: PRICE_FIELDS.logsInsights, usagetype: "DataScanned-Bytes", unit: /^GB$/i },
    ],
  },
  AWSXRay: {
    service: "xray",
    matchers: [
      { field: PRICE_FIELDS.xrayRecorded, usagetype: "XRay-TracesStored", unit: /trace/i },
      { field: PRICE_FIELDS.xrayRetrieved, usagetype: "XRay-TracesAccessed", unit: /trace/i },
      { field: PRICE_FIELDS.xrayInsights, usagetypePattern: /^([A-Z0-9]+-)?XRay-Insights/, unit: /trace/i },
    ],
  },
  AmazonApiGateway: {
    service: "apiGateway",
    matchers: [{ field: PRICE_FIELDS.apiRest, usagetype: "ApiGatewayRequest", unit: /request/i }],
  },
  AWSQueueService: {
    service: "sqs",
    matchers: [{ field: PRICE_FIELDS.sqsStandard, usagetype: "Requests-Tier1", unit: /request/i }],
  },
  AWSEvents: {
    service: "scheduler",
    matchers: [{ field: PRICE_FIELDS.schedulerInvocation, usagetypePattern: /^([A-Z0-9]+-)?(EventBridge-)?Scheduler-?Invocations?$/i, unit: /invocation|request|count/i }],
  },
  AmazonDynamoDB: {
    service: "dynamodb",
    matchers: [
      { field: PRICE_FIELDS.dynamoWrite, usagetype: "WriteRequestUnits", unit: /WriteRequestUnits|WRU/i },
      { field: PRICE_FIELDS.dynamoRead, usagetype: "ReadRequestUnits", unit: /ReadRequestUnits|RRU/i },
      { field: PRICE_FIELDS.dynamoStorage, usagetype: "TimedStorage-ByteHrs", unit: /GB-Mo/i },
      { field: PRICE_FIELDS.dynamoPitr, usagetype: "TimedPITRStorage-ByteHrs", unit: /GB-Mo/i },
    ],
  },
};

/** What one offer file gave for one region. */
export interface PriceListResult {
  readonly service: CatalogService;
  readonly offerCode: string;
  readonly publicationDate: string;
  readonly version: string;
  /** Partial RegionPrices with the fields found. */
  readonly prices: Record<string, unknown>;
  /** Fields (dotted paths) the offer lacks for this region. */
  readonly missing: readonly string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

interface Dimension {
  readonly unit: string;
  readonly begin: number;
  readonly end: number | null;
  readonly price: number;
}

function dimensionsOf(terms: Record<string, unknown>, sku: string, where: string): Dimension[] {
  const byTerm = terms[sku];
  if (byTerm === undefined) return [];
  if (!isRecord(byTerm)) throw new SourceShapeError(`${where}: terms.OnDemand[${sku}] is not an object`);
  const out: Dimension[] = [];
  for (const term of Object.values(byTerm)) {
    if (!isRecord(term) || !isRecord(term.priceDimensions)) throw new SourceShapeError(`${where}: an OnDemand term of ${sku} has no priceDimensions`);
    for (const [rateCode, d] of Object.entries(term.priceDimensions)) {
      if (!isRecord(d) || !isRecord(d.pricePerUnit)) throw new SourceShapeError(`${where}: price dimension ${rateCode} has no pricePerUnit`);
      const begin = Number(d.beginRange ?? "0");
      const endText = d.endRange ?? "Inf";
      const end = endText === "Inf" ? null : Number(endText);
      if (!Number.isFinite(begin) || (end !== null && !Number.isFinite(end))) throw new SourceShapeError(`${where}: price dimension ${rateCode} has ranges ${JSON.stringify([d.beginRange, d.endRange])}`);
      out.push({ unit: String(d.unit ?? ""), begin, end, price: parseUsd(d.pricePerUnit.USD, `${where}: ${rateCode}`) });
    }
  }
  return out;
}

/** Strips a region prefix (`USE1-`, `EU-`, `APN1-`) from a usage type. */
function usagetypeSuffix(usagetype: string): string {
  return usagetype.replace(/^[A-Z0-9]{2,6}-(?=.)/, "");
}

/**
 * Transforms a per-region offer file (bulk API) for `regionCode`. Products of other regions (a file
 * that holds several) are ignored. A field the offer lacks is reported in `missing`.
 *
 * @throws SourceShapeError when the file is not an offer file, the offer is not one we read, or a
 *   matched product's prices are not in the expected shape (unit, ranges, ambiguous products).
 */
export function transformOfferFile(offer: unknown, regionCode: string): PriceListResult {
  if (!isRecord(offer) || !isRecord(offer.products) || !isRecord(offer.terms) || !isRecord(offer.terms.OnDemand)) {
    throw new SourceShapeError("not a Price List offer file: expected { offerCode, products: {...}, terms: { OnDemand: {...} } }");
  }
  const offerCode = String(offer.offerCode ?? "");
  const spec = PRICE_LIST_OFFERS[offerCode];
  if (spec === undefined) throw new SourceShapeError(`offer "${offerCode}" is not one the catalog reads (known: ${Object.keys(PRICE_LIST_OFFERS).join(", ")})`);
  const publicationDate = String(offer.publicationDate ?? "");
  if (!/^\d{4}-\d{2}-\d{2}T/.test(publicationDate)) throw new SourceShapeError(`offer ${offerCode}: publicationDate ${JSON.stringify(offer.publicationDate)} is not an ISO date`);
  const where = `offer ${offerCode} ${regionCode}`;
  const terms = offer.terms.OnDemand;
  const prices: Record<string, unknown> = {};
  const missing: string[] = [];
  const products = Object.entries(offer.products).filter(([, p]) => isRecord(p) && isRecord(p.attributes) && (p.attributes.regionCode === undefined || p.attributes.regionCode === regionCode));
  for (const m of spec.matchers) {
    const matched = products.filter(([, p]) => {
      const a = (p as { attributes: Record<string, unknown> }).attributes;
      const usagetype = typeof a.usagetype === "string" ? a.usagetype : "";
      if (usagetype.startsWith("Global-")) return false;
      if (m.group !== undefined) return a.group === m.group;
      if (m.usagetype !== undefined) return usagetypeSuffix(usagetype) === m.usagetype;
      return m.usagetypePattern !== undefined && m.usagetypePattern.test(usagetype);
    });
    const priced = matched.map(([sku]) => ({ sku, dims: dimensionsOf(terms, sku, where) })).filter((x) => x.dims.length > 0);
    if (priced.length === 0) {
      missing.push(m.field.path);
      continue;
    }
    if (priced.length > 1) {
      const distinct = new Set(priced.map((x) => JSON.stringify(x.dims.map((d) => [d.begin, d.end, d.price]))));
      if (distinct.size > 1) throw new SourceShapeError(`${where}: ${m.field.path} matches ${priced.length} products with different prices (${priced.map((x) => x.sku).join(", ")})`);
    }
    const dims = [...priced[0].dims].sort((a, b) => a.begin - b.begin);
    for (const d of dims) if (!m.unit.test(d.unit)) throw new SourceShapeError(`${where}: ${m.field.path} is priced per ${JSON.stringify(d.unit)}, expected a unit matching ${m.unit}`);
    // A leading $0 dimension from 0 is a free allowance: the engine applies free tiers itself.
    const paid = dims.length > 1 && dims[0].price === 0 && dims[0].begin === 0 ? dims.slice(1) : dims;
    if (m.field.kind === "flat") {
      if (paid.length !== 1) throw new SourceShapeError(`${where}: ${m.field.path} has ${paid.length} paid price dimensions, expected 1`);
      putField(prices, m.field, paid[0].price);
    } else {
      const tiers: Tier[] = paid.map((d) => ({ upTo: d.end, price: d.price }));
      tiers.forEach((t, i) => {
        if (t.upTo === null && i !== tiers.length - 1) throw new SourceShapeError(`${where}: ${m.field.path} has an unbounded tier before the last`);
      });
      putField(prices, m.field, tiers);
    }
  }
  return { service: spec.service, offerCode, publicationDate, version: String(offer.version ?? ""), prices, missing };
}

/**
 * The `PriceList` strings of `GetProducts` responses as one offer file (same product and term
 * objects), so {@link transformOfferFile} reads both.
 *
 * @throws SourceShapeError when an item is not JSON or not a price-list product.
 */
export function offerFromGetProducts(offerCode: string, priceList: readonly string[]): Record<string, unknown> {
  const products: Record<string, unknown> = {};
  const onDemand: Record<string, unknown> = {};
  let publicationDate = "";
  let version = "";
  priceList.forEach((text, i) => {
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      throw new SourceShapeError(`GetProducts ${offerCode}: PriceList[${i}] is not JSON`);
    }
    if (!isRecord(item) || !isRecord(item.product) || typeof item.product.sku !== "string" || !isRecord(item.terms)) {
      throw new SourceShapeError(`GetProducts ${offerCode}: PriceList[${i}] is not a product with terms`);
    }
    products[item.product.sku] = item.product;
    if (isRecord(item.terms.OnDemand)) onDemand[item.product.sku] = item.terms.OnDemand;
    if (typeof item.publicationDate === "string" && (publicationDate === "" || item.publicationDate < publicationDate)) publicationDate = item.publicationDate;
    if (typeof item.version === "string") version = item.version;
  });
  return { offerCode, version, publicationDate, products, terms: { OnDemand: onDemand } };
}
