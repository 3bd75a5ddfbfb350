/**
 * The price fields the catalog fills, shared by the transformers: where each field lives in
 * {@link RegionPrices}, whether it is a tier list, and which service it belongs to.
 */
import type { CatalogService } from "./types";

export interface FlatField {
  readonly service: CatalogService;
  /** Dotted path in RegionPrices, e.g. `lambda.usdPerRequest`. */
  readonly path: string;
  readonly kind: "flat";
}

export interface TieredField {
  readonly service: CatalogService;
  readonly path: string;
  readonly kind: "tiers";
  /** Names of a tier's bound and price fields, e.g. `upToGbSeconds` / `usdPerGbSecond`. */
  readonly upTo: string;
  readonly price: string;
}

export type PriceField = FlatField | TieredField;

const flat = (service: CatalogService, path: string): FlatField => ({ service, path, kind: "flat" });
const tiers = (service: CatalogService, path: string, upTo: string, price: string): TieredField => ({ service, path, kind: "tiers", upTo, price });

/** Every field of the catalog. */
export const PRICE_FIELDS = {
  lambdaRequest: flat("lambda", "lambda.usdPerRequest"),
  lambdaDurationX86: tiers("lambda", "lambda.durationTiers.x86_64", "upToGbSeconds", "usdPerGbSecond"),
  lambdaDurationArm: tiers("lambda", "lambda.durationTiers.arm64", "upToGbSeconds", "usdPerGbSecond"),
  lambdaPcX86: flat("lambda", "lambda.provisionedConcurrencyUsdPerGbSecond.x86_64"),
  lambdaPcArm: flat("lambda", "lambda.provisionedConcurrencyUsdPerGbSecond.arm64"),
  lambdaPcDurationX86: flat("lambda", "lambda.provisionedDurationUsdPerGbSecond.x86_64"),
  lambdaPcDurationArm: flat("lambda", "lambda.provisionedDurationUsdPerGbSecond.arm64"),
  lambdaStorage: flat("lambda", "lambda.ephemeralStorageUsdPerGbSecond"),
  endpointHour: flat("vpc", "vpc.interfaceEndpointUsdPerAzHour"),
  endpointData: tiers("vpc", "vpc.interfaceEndpointDataTiers", "upToGb", "usdPerGb"),
  publicIpv4Hour: flat("vpc", "vpc.publicIpv4UsdPerHour"),
  natHour: flat("natGateway", "vpc.natGatewayUsdPerHour"),
  natGb: flat("natGateway", "vpc.natGatewayUsdPerGb"),
  logsIngest: tiers("logs", "logs.ingestTiers", "upToGb", "usdPerGb"),
  logsStorage: flat("logs", "logs.storageUsdPerGbMonth"),
  logsInsights: flat("logs", "logs.insightsUsdPerGbScanned"),
  xrayRecorded: flat("xray", "xray.usdPerTraceRecorded"),
  xrayRetrieved: flat("xray", "xray.usdPerTraceRetrievedOrScanned"),
  xrayInsights: flat("xray", "xray.insightsUsdPerTrace"),
  apiRest: tiers("apiGateway", "apiGateway.restRequestTiers", "upToRequests", "usdPerRequest"),
  sqsStandard: tiers("sqs", "sqs.standardRequestTiers", "upToRequests", "usdPerRequest"),
  schedulerInvocation: flat("scheduler", "scheduler.usdPerInvocation"),
  dynamoWrite: flat("dynamodb", "dynamodb.writeRequestUsdPerUnit"),
  dynamoRead: flat("dynamodb", "dynamodb.readRequestUsdPerUnit"),
  dynamoStorage: flat("dynamodb", "dynamodb.storageUsdPerGbMonth"),
  dynamoPitr: flat("dynamodb", "dynamodb.pitrUsdPerGbMonth"),
} as const satisfies Record<string, PriceField>;

export type PriceFieldName = keyof typeof PRICE_FIELDS;

/** One tier as the transformers produce it: `upTo` null means no upper bound. */
export interface Tier {
  readonly upTo: number | null;
  readonly price: number;
}

/** Thrown when a source file is not in the shape its transformer expects. Names what is wrong. */
export class SourceShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourceShapeError";
  }
}

type Mutable = Record<string, unknown>;

/** Sets a dotted path in a plain object tree, creating objects on the way. */
export function setPath(root: Mutable, path: string, value: unknown): void {
  const segments = path.split(".");
  let node = root;
  for (const segment of segments.slice(0, -1)) {
    if (typeof node[segment] !== "object" || node[segment] === null) node[segment] = {};
    node = node[segment] as Mutable;
  }
  node[segments[segments.length - 1]] = value;
}

/** Writes one field's value into a RegionPrices-shaped object. */
export function putField(root: Mutable, field: PriceField, value: number | readonly Tier[]): void {
  if (field.kind === "flat") {
    if (typeof value !== "number") throw new SourceShapeError(`Internal: ${field.path} is a flat price`);
    setPath(root, field.path, value);
    return;
  }
  if (typeof value === "number") throw new SourceShapeError(`Internal: ${field.path} is a tier list`);
  setPath(
    root,
    field.path,
    value.map((t) => ({ [field.upTo]: t.upTo, [field.price]: t.price })),
  );
}

/** A USD price string of an AWS price file as a number, or a {@link SourceShapeError}. */
export function parseUsd(text: unknown, where: string): number {
  const n = typeof text === "string" && /^\d+(\.\d+)?(E-?\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new SourceShapeError(`${where}: price ${JSON.stringify(text)} is not a USD amount`);
  return n;
}
