/**
 * Shapes of the generated price catalog (`prices.json`, `regions.json`) and of the sources it is
 * generated from. Pure types.
 */
import type { RegionPrices } from "../types";

/** A group of prices that comes from one AWS offer. Each maps to fields of {@link RegionPrices}. */
export type CatalogService = "lambda" | "vpc" | "natGateway" | "logs" | "xray" | "apiGateway" | "sqs" | "scheduler" | "dynamodb";

export const CATALOG_SERVICES: readonly CatalogService[] = ["lambda", "vpc", "natGateway", "logs", "xray", "apiGateway", "sqs", "scheduler", "dynamodb"];

/**
 * The dotted price fields each service fills (prefixes of the override keys). `natGateway` fills
 * `vpc.nat*` because the NAT gateway is priced in the EC2 offer, not the VPC one.
 */
export const SERVICE_FIELDS: Readonly<Record<CatalogService, readonly string[]>> = {
  lambda: ["lambda"],
  vpc: ["vpc.interfaceEndpointUsdPerAzHour", "vpc.interfaceEndpointDataTiers", "vpc.publicIpv4UsdPerHour"],
  natGateway: ["vpc.natGatewayUsdPerHour", "vpc.natGatewayUsdPerGb"],
  logs: ["logs"],
  xray: ["xray"],
  apiGateway: ["apiGateway"],
  sqs: ["sqs"],
  scheduler: ["scheduler"],
  dynamodb: ["dynamodb"],
};

/** How a service's prices were obtained. */
export type SourceKind = "price-list-bulk" | "price-list-query" | "calculator";

/** Where one service's prices come from, with the offer file's own date and version. */
export interface CatalogSource {
  readonly kind: SourceKind;
  /** AWS offer code, e.g. `AWSLambda`, `AmazonEC2`. */
  readonly offerCode: string;
  /** Public URL of the data (per-region files: the URL pattern with `{region}`). */
  readonly url: string;
  /** `publicationDate` of the offer file(s) (ISO 8601); the oldest one when several were read. */
  readonly publicationDate: string;
  /** Offer `version` (Price List) or index name (calculator). */
  readonly version: string;
  /** Where this copy was read from when not downloaded from `url` (e.g. a saved file in a public repository). */
  readonly retrievedFrom?: string;
}

/** The generated price catalog. */
export interface PriceCatalog {
  readonly schemaVersion: 1;
  /** ISO date the catalog was generated. */
  readonly generatedOn: string;
  /** One entry per service that has prices in at least one region. */
  readonly sources: Readonly<Partial<Record<CatalogService, CatalogSource>>>;
  /** Every commercial region, priced or not. */
  readonly regions: Readonly<Record<string, CatalogRegion>>;
}

export interface CatalogRegion {
  /** Location name as AWS prices use it, e.g. "EU (Ireland)". */
  readonly location: string;
  /** Services priced in this region (the rest are unpriced). */
  readonly services: readonly CatalogService[];
  readonly prices: RegionPrices;
}

/** The AWS partitions' regions (from the AWS SDK's partition data). */
export interface RegionCatalog {
  readonly source: string;
  readonly generatedOn: string;
  /** Region code → description, per partition id (`aws`, `aws-us-gov`, `aws-cn`, ...). */
  readonly partitions: Readonly<Record<string, Readonly<Record<string, string>>>>;
}
