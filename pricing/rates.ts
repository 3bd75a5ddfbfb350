/**
 * Dated price data (USD list prices) and price lookup.
 *
 * Every number comes from `/work/shared/docs/aws-facts.md` §1, §2, §6 and §7, which cites its sources;
 * the source of each group of entries is named below and in {@link DEFAULT_PRICE_TABLE}`.source`.
 * A field that is absent means "no price known": the cost functions throw a `PriceNotFoundError` when
 * they need it, never a silent zero and never a us-east-1 fallback. Per-field caveats live in each
 * region's `notes` (keys are the dotted paths accepted by {@link withPriceOverrides}).
 *
 * Unit conventions (AWS Price List style, binary multiples of GB):
 * - 1 TB = {@link GB_PER_TB} = 1,024 GB, so the Lambda-logs tiers end at 10,240 / 30,720 / 51,200 GB.
 *   The Duckbill example (60 TB: $30,000 flat → $12,500 tiered, https://www.duckbillgroup.com/?p=9080)
 *   uses decimal TB (60 TB = 60,000 GB, tiers at 10,000 / 30,000 / 50,000 GB); with binary TB the same
 *   60 TB (61,440 GB) costs $30,720 flat → $12,800 tiered. `test/pricing/cost.test.ts` shows both.
 * - 1 PB = {@link GB_PER_PB} = 1,048,576 GB for the interface-endpoint data tiers.
 */
import type { Architecture, PriceTable, RegionPrices } from "./types";
import { ARCHITECTURES } from "./types";

/** GB in one TB for price-tier bounds (binary, as in the AWS Price List). */
export const GB_PER_TB = 1_024;
/** GB in one PB for price-tier bounds (binary, as in the AWS Price List). */
export const GB_PER_PB = 1_024 * 1_024;
/** Monthly on-demand duration tier bounds, GB-s (aws-facts §1, TIER, PL). Arm = x86 × 1.25. */
export const DURATION_TIER_BOUNDS_GB_SECONDS: Readonly<Record<Architecture, readonly [number, number]>> = {
  x86_64: [6e9, 15e9],
  arm64: [7.5e9, 18.75e9],
};

/** Monthly free tiers (aws-facts §2 and §7). Applied only when a cost function is told to. */
export const FREE_TIER = {
  /** Lambda requests per month, on-demand and PC-served together (LP). */
  lambdaRequests: 1_000_000,
  /** Lambda on-demand duration GB-s per month (never PC, PC duration or storage) (LP). */
  lambdaGbSeconds: 400_000,
  /** CloudWatch Logs GB ingested per month (CW; hylang bill). */
  logsIngestedGb: 5,
  /** CloudWatch Logs GB-month stored per month (CW; hylang bill). */
  logsStoredGbMonth: 5,
  /** X-Ray traces recorded per month (XR). */
  xrayTracesRecorded: 100_000,
  /** X-Ray traces retrieved or scanned per month (XR). */
  xrayTracesRetrievedOrScanned: 1_000_000,
} as const;

// ---------------------------------------------------------------------------------------------
// Errors (messages as exported functions, dinero.js style)
// ---------------------------------------------------------------------------------------------

/** Message of {@link UnknownRegionError}. */
export function unknownRegionMessage(region: string, knownRegions: readonly string[]): string {
  return (
    `Unknown region "${region}": the price table has no prices for it (known: ${knownRegions.join(", ")}). ` +
    `Add it to a custom price table; there is no fallback to us-east-1.`
  );
}

/** Message of {@link PriceNotFoundError} for a plain field. */
export function priceNotFoundMessage(region: string, field: string): string {
  return (
    `No price known for ${field} in ${region}: pass a price with ` +
    `withPriceOverrides(table, "${region}", { "${field}": <usd> }) or a custom price table.`
  );
}

/** Message of {@link PriceNotFoundError} for a missing tier (`tierNumber` is 1-based). */
export function tierPriceNotFoundMessage(tierNumber: number, region: string, what: string, field: string): string {
  return `tier ${tierNumber} price not known for ${region} ${what} (${field}); usage beyond the last known tier bound needs an override or a custom price table.`;
}

/** Message of {@link PriceOverrideError} for a key that is not an overridable price. */
export function unknownOverrideKeyMessage(key: string): string {
  return `Unknown price override key "${key}". Allowed keys: ${OVERRIDE_KEY_PATTERNS.join(", ")} (<arch> is ${ARCHITECTURES.join(" or ")}, <i> a 0-based tier index).`;
}

/** Thrown when a region is not in the price table. */
export class UnknownRegionError extends Error {
  public readonly region: string;
  constructor(region: string, knownRegions: readonly string[]) {
    super(unknownRegionMessage(region, knownRegions));
    this.name = "UnknownRegionError";
    this.region = region;
  }
}

/** Thrown when an estimate needs a price the table does not have. `field` is a dotted price path. */
export class PriceNotFoundError extends Error {
  public readonly region: string;
  public readonly field: string;
  constructor(region: string, field: string, message: string = priceNotFoundMessage(region, field)) {
    super(message);
    this.name = "PriceNotFoundError";
    this.region = region;
    this.field = field;
  }
}

/** Thrown by {@link withPriceOverrides} for an unknown key, a bad value or inconsistent tiers. */
export class PriceOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceOverrideError";
  }
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

const LAMBDA_PL_URL =
  "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/current/us-east-1/index.json";
const CALC_URL = "https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json";

/** One row of aws-facts §6: tier-1 prices of a region (x86 PC columns only; arm PC is unknown there). */
interface RegionalLambdaRow {
  readonly region: string;
  readonly x86: number;
  readonly arm: number;
  readonly pcX86: number;
  readonly pcDurationX86: number;
  readonly storage: number;
  readonly perRequest: number;
}

const US_EAST_1_X86 = 0.0000166667;
const US_EAST_1_ARM = 0.0000133334;
const US_EAST_1_REQUEST = 0.0000002;

/** aws-facts §6, first table (CALC): on-demand as us-east-1, PC and storage differ. */
const SAME_ON_DEMAND_AS_US_EAST_1: readonly Omit<RegionalLambdaRow, "x86" | "arm" | "perRequest">[] = [
  { region: "us-west-1", pcX86: 0.0000049041, pcDurationX86: 0.000011443, storage: 0.000000037 },
  { region: "eu-west-1", pcX86: 0.000004646, pcDurationX86: 0.0000108407, storage: 0.000000034 },
  { region: "ca-central-1", pcX86: 0.000004646, pcDurationX86: 0.0000108407, storage: 0.000000034 },
  { region: "eu-west-2", pcX86: 0.0000048304, pcDurationX86: 0.0000112709, storage: 0.0000000358 },
  { region: "eu-central-1", pcX86: 0.0000050147, pcDurationX86: 0.0000117011, storage: 0.0000000367 },
  { region: "ap-south-1", pcX86: 0.0000044985, pcDurationX86: 0.0000104966, storage: 0.0000000352 },
  { region: "ap-southeast-1", pcX86: 0.0000051991, pcDurationX86: 0.0000121313, storage: 0.000000037 },
  { region: "ap-southeast-2", pcX86: 0.000005236, pcDurationX86: 0.0000122173, storage: 0.000000037 },
  { region: "ap-northeast-1", pcX86: 0.0000053835, pcDurationX86: 0.0000125615, storage: 0.000000037 },
  { region: "sa-east-1", pcX86: 0.0000066372, pcDurationX86: 0.0000154867, storage: 0.0000000586 },
];

/** aws-facts §6, second table (CALC): regions with their own on-demand and request prices. */
const OWN_ON_DEMAND_PRICES: readonly RegionalLambdaRow[] = [
  { region: "af-south-1", x86: 0.0000221, arm: 0.00001768, pcX86: 0.00000553, pcDurationX86: 0.0000129, storage: 0.0000000404, perRequest: 0.00000027 },
  { region: "ap-east-1", x86: 0.00002292, arm: 0.0000183, pcX86: 0.0000057153, pcDurationX86: 0.0000133358, storage: 0.0000000407, perRequest: 0.00000028 },
  { region: "eu-south-1", x86: 0.0000195172, arm: 0.0000156138, pcX86: 0.0000048783, pcDurationX86: 0.0000113827, storage: 0.0000000357, perRequest: 0.00000023 },
  { region: "me-south-1", x86: 0.0000206667, arm: 0.0000165334, pcX86: 0.0000051108, pcDurationX86: 0.0000119251, storage: 0.0000000374, perRequest: 0.00000025 },
  { region: "eu-central-2", x86: 0.0000183334, arm: 0.0000146667, pcX86: 0.0000055162, pcDurationX86: 0.0000128712, storage: 0.0000000441, perRequest: 0.00000022 },
];

const TIER_1_ONLY_NOTES: Readonly<Record<string, string>> = {
  "lambda.durationTiers": `tier 1 only (CALC ${CALC_URL}); tier 2/3 prices not found for this region, so usage beyond tier 1 is an error`,
  "lambda.durationTiers.x86_64.0.upToGbSeconds": "bound assumed equal to us-east-1 (6e9 GB-s, TIER)",
  "lambda.durationTiers.arm64.0.upToGbSeconds": "bound assumed equal to us-east-1 (7.5e9 GB-s, TIER)",
  "lambda.provisionedConcurrencyUsdPerGbSecond.arm64": "not found (aws-facts §6); arm = x86 × 0.8 holds in us-east-1 but is not assumed here",
  "lambda.provisionedDurationUsdPerGbSecond.arm64": "not found (aws-facts §6)",
};

/** Prices of a region where only Lambda tier 1 and x86 PC are known, plus its {@link REGIONAL_INFRA}. */
function tier1OnlyRegion(row: RegionalLambdaRow): RegionPrices {
  const infra = REGIONAL_INFRA[row.region];
  return {
    lambda: {
      usdPerRequest: row.perRequest,
      durationTiers: {
        x86_64: [{ upToGbSeconds: DURATION_TIER_BOUNDS_GB_SECONDS.x86_64[0], usdPerGbSecond: row.x86 }],
        arm64: [{ upToGbSeconds: DURATION_TIER_BOUNDS_GB_SECONDS.arm64[0], usdPerGbSecond: row.arm }],
      },
      provisionedConcurrencyUsdPerGbSecond: { x86_64: row.pcX86 },
      provisionedDurationUsdPerGbSecond: { x86_64: row.pcDurationX86 },
      ephemeralStorageUsdPerGbSecond: row.storage,
    },
    ...(infra?.vpc !== undefined ? { vpc: infra.vpc } : {}),
    notes: { ...TIER_1_ONLY_NOTES, ...infra?.notes },
  };
}

/** aws-facts §1 (PL, effective 2025-10-01): all three tiers, x86 and arm, PC for both. */
const US_LAMBDA: RegionPrices["lambda"] = {
  usdPerRequest: US_EAST_1_REQUEST,
  durationTiers: {
    x86_64: [
      { upToGbSeconds: 6e9, usdPerGbSecond: US_EAST_1_X86 },
      { upToGbSeconds: 15e9, usdPerGbSecond: 0.000015 },
      { upToGbSeconds: null, usdPerGbSecond: 0.0000133334 },
    ],
    arm64: [
      { upToGbSeconds: 7.5e9, usdPerGbSecond: US_EAST_1_ARM },
      { upToGbSeconds: 18.75e9, usdPerGbSecond: 0.0000120001 },
      { upToGbSeconds: null, usdPerGbSecond: 0.0000106667 },
    ],
  },
  provisionedConcurrencyUsdPerGbSecond: { x86_64: 0.0000041667, arm64: 0.0000033334 },
  provisionedDurationUsdPerGbSecond: { x86_64: 0.0000097222, arm64: 0.0000077778 },
  ephemeralStorageUsdPerGbSecond: 0.0000000309,
};

/** aws-facts §7, us-east-1 (PLK, https://aws.amazon.com/vpc/pricing/, CW, XR, cloudburn for IPv4). */
const US_EAST_1_INFRA: Pick<RegionPrices, "vpc" | "logs" | "xray"> = {
  vpc: {
    interfaceEndpointUsdPerAzHour: 0.01,
    interfaceEndpointDataTiers: [
      { upToGb: 1 * GB_PER_PB, usdPerGb: 0.01 },
      { upToGb: 5 * GB_PER_PB, usdPerGb: 0.006 },
      { upToGb: null, usdPerGb: 0.004 },
    ],
    natGatewayUsdPerHour: 0.045,
    natGatewayUsdPerGb: 0.045,
    publicIpv4UsdPerHour: 0.005,
  },
  logs: {
    // Lambda logs are vended logs since 2025-05-01 (Standard class).
    ingestTiers: [
      { upToGb: 10 * GB_PER_TB, usdPerGb: 0.5 },
      { upToGb: 30 * GB_PER_TB, usdPerGb: 0.25 },
      { upToGb: 50 * GB_PER_TB, usdPerGb: 0.1 },
      { upToGb: null, usdPerGb: 0.05 },
    ],
    storageUsdPerGbMonth: 0.03,
    insightsUsdPerGbScanned: 0.005,
  },
  xray: {
    usdPerTraceRecorded: 5 / 1_000_000,
    usdPerTraceRetrievedOrScanned: 0.5 / 1_000_000,
    insightsUsdPerTrace: 1 / 1_000_000,
  },
};

const INFRA_NOTES: Readonly<Record<string, string>> = {
  "logs.ingestTiers": "Lambda vended-log tiers (Standard), TB = 1,024 GB (Price List convention); Duckbill's $12,500 example uses TB = 1,000 GB",
  "vpc.interfaceEndpointDataTiers": "PB = 1,048,576 GB (Price List convention)",
  "vpc.publicIpv4UsdPerHour": "https://cloudburn.io/blog/aws-nat-gateway-pricing",
};

/**
 * aws-facts §7, other regions: only what is stated there. Logs, X-Ray and public IPv4 outside
 * us-east-1/us-west-2 are unknown (left out, so using them is an error).
 */
const REGIONAL_INFRA: Readonly<Record<string, Pick<RegionPrices, "vpc" | "notes">>> = {
  "ap-south-1": {
    vpc: { interfaceEndpointUsdPerAzHour: 0.013, natGatewayUsdPerHour: 0.056 },
    notes: {
      "vpc.interfaceEndpointUsdPerAzHour": "unconfirmed (aws-facts §7)",
      "vpc.natGatewayUsdPerHour": "unconfirmed (https://basavytix.com/blog/aws-nat-gateway-pricing); per-GB price unknown",
    },
  },
  "ap-southeast-1": {
    vpc: { natGatewayUsdPerHour: 0.059, natGatewayUsdPerGb: 0.059 },
    notes: { vpc: "NAT only, third-party source (https://basavytix.com/blog/aws-nat-gateway-pricing)" },
  },
};

const US_WEST_2_ASSUMED =
  "us-east-1 price; aws-facts §7 confirms us-west-2 only for the interface-endpoint hour, the rest is assumed identical";

// Triggers (event sources). Unit prices as published on the AWS pricing pages for us-east-1 (USD):
// - API Gateway REST requests: $3.50 per million for the first 333 million, $2.80 per million for the
//   next 667 million, $2.38 per million for the next 19 billion, $1.51 per million over 20 billion
//   (https://aws.amazon.com/api-gateway/pricing/). Tiers count every REST API of the account in the
//   region. The 12-month free tier (1M REST calls) is never applied: it expires, and accounts created
//   since 2025-07-15 get credits instead.
// - SQS standard requests: $0.40 per million (1 million to 100 billion per month); 1 million free per
//   month, always (https://aws.amazon.com/sqs/pricing/). Each 64 KB chunk of a payload is one request.
//   The $0.30 (next 100 billion) and $0.24 (over 200 billion) tiers are from a third-party summary
//   (https://cloudburn.io/blog/amazon-sqs-pricing), unconfirmed.
// - EventBridge Scheduler invocations: $1.00 per million; 14 million free per month
//   (https://aws.amazon.com/eventbridge/pricing/).
// us-east-2 and us-west-2 are listed at the same prices on those pages (not machine-checked); other
// regions have no trigger prices here: a PriceNotFoundError names the override key to set.

const API_GATEWAY_PRICING_URL = "https://aws.amazon.com/api-gateway/pricing/";
const SQS_PRICING_URL = "https://aws.amazon.com/sqs/pricing/";
const EVENTBRIDGE_PRICING_URL = "https://aws.amazon.com/eventbridge/pricing/";

/** Monthly free tiers of the trigger services (applied only when a cost function is told to). */
export const TRIGGER_FREE_TIER = {
  /** SQS requests per month, standard and FIFO together, always free (SQS pricing page). */
  sqsRequests: 1_000_000,
  /** EventBridge Scheduler invocations per month (EventBridge pricing page). */
  schedulerInvocations: 14_000_000,
} as const;

const US_TRIGGER_PRICES: Pick<RegionPrices, "apiGateway" | "sqs" | "scheduler"> = {
  apiGateway: {
    restRequestTiers: [
      { upToRequests: 333e6, usdPerRequest: 0.0000035 },
      { upToRequests: 1e9, usdPerRequest: 0.0000028 },
      { upToRequests: 20e9, usdPerRequest: 0.00000238 },
      { upToRequests: null, usdPerRequest: 0.00000151 },
    ],
  },
  sqs: {
    standardRequestTiers: [
      { upToRequests: 100e9, usdPerRequest: 0.0000004 },
      { upToRequests: 200e9, usdPerRequest: 0.0000003 },
      { upToRequests: null, usdPerRequest: 0.00000024 },
    ],
  },
  scheduler: { usdPerInvocation: 0.000001 },
};

const US_TRIGGER_NOTES: Readonly<Record<string, string>> = {
  "sqs.standardRequestTiers.1.usdPerRequest": "third-party source (https://cloudburn.io/blog/amazon-sqs-pricing), unconfirmed",
  "sqs.standardRequestTiers.2.usdPerRequest": "third-party source (https://cloudburn.io/blog/amazon-sqs-pricing), unconfirmed",
};

const US_TRIGGER_NOTES_ASSUMED: Readonly<Record<string, string>> = {
  ...US_TRIGGER_NOTES,
  apiGateway: "us-east-1 price; the API Gateway pricing page lists the same US prices (not machine-checked)",
  "sqs.standardRequestTiers.0.usdPerRequest": "us-east-1 price; the SQS pricing page lists the same US prices (not machine-checked)",
  scheduler: "us-east-1 price; the EventBridge pricing page lists the same US prices (not machine-checked)",
};

/** The default price table: every region of aws-facts §6, infrastructure for us-east-1 and us-west-2. */
export const DEFAULT_PRICE_TABLE: PriceTable = deepFreeze({
  source: [
    `Lambda: AWS Price List API AWSLambda us-east-1 effective 2025-10-01 (${LAMBDA_PL_URL})`,
    "https://aws.amazon.com/lambda/pricing/",
    "https://aws.amazon.com/blogs/compute/introducing-tiered-pricing-for-aws-lambda/",
    `other regions tier 1: ${CALC_URL}`,
    "VPC endpoints: https://aws.amazon.com/privatelink/pricing/",
    "NAT: https://aws.amazon.com/vpc/pricing/, https://basavytix.com/blog/aws-nat-gateway-pricing",
    "Logs: https://aws.amazon.com/cloudwatch/pricing/, https://aws.amazon.com/about-aws/whats-new/2025/05/amazon-cloudwatch-tiered-pricing-additional-destinations-aws-lambda-logs/",
    "X-Ray: https://aws.amazon.com/xray/pricing/",
    `Triggers: ${API_GATEWAY_PRICING_URL}, ${SQS_PRICING_URL}, ${EVENTBRIDGE_PRICING_URL}`,
  ].join("; "),
  asOf: "2025-10-01",
  regions: {
    "us-east-1": { lambda: US_LAMBDA, ...US_EAST_1_INFRA, ...US_TRIGGER_PRICES, notes: { ...INFRA_NOTES, ...US_TRIGGER_NOTES } },
    "us-east-2": { lambda: US_LAMBDA, ...US_TRIGGER_PRICES, notes: US_TRIGGER_NOTES_ASSUMED },
    "us-west-2": {
      lambda: US_LAMBDA,
      ...US_EAST_1_INFRA,
      notes: {
        ...INFRA_NOTES,
        "vpc.interfaceEndpointDataTiers": US_WEST_2_ASSUMED,
        "vpc.natGatewayUsdPerHour": US_WEST_2_ASSUMED,
        "vpc.natGatewayUsdPerGb": US_WEST_2_ASSUMED,
        "vpc.publicIpv4UsdPerHour": US_WEST_2_ASSUMED,
        "logs": US_WEST_2_ASSUMED,
        "xray": US_WEST_2_ASSUMED,
        ...US_TRIGGER_NOTES_ASSUMED,
      },
      ...US_TRIGGER_PRICES,
    },
    ...Object.fromEntries(
      SAME_ON_DEMAND_AS_US_EAST_1.map((row) => [
        row.region,
        tier1OnlyRegion({ ...row, x86: US_EAST_1_X86, arm: US_EAST_1_ARM, perRequest: US_EAST_1_REQUEST }),
      ]),
    ),
    ...Object.fromEntries(OWN_ON_DEMAND_PRICES.map((row) => [row.region, tier1OnlyRegion(row)])),
  },
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value as object).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Lookup
// ---------------------------------------------------------------------------------------------

/** The prices of `region`, or an {@link UnknownRegionError} listing the known regions. */
export function regionPricesFor(table: PriceTable, region: string): RegionPrices {
  const prices = Object.prototype.hasOwnProperty.call(table.regions, region) ? table.regions[region] : undefined;
  if (prices === undefined) throw new UnknownRegionError(region, Object.keys(table.regions).sort());
  return prices;
}

/**
 * The provenance note that applies to price `field` of a region: the note on the field itself or on
 * its nearest dotted parent (`logs` covers `logs.storageUsdPerGbMonth`). Undefined when none.
 */
export function priceNoteFor(prices: RegionPrices, field: string): string | undefined {
  const notes = prices.notes ?? {};
  const segments = field.split(".");
  for (let length = segments.length; length > 0; length--) {
    const note = notes[segments.slice(0, length).join(".")];
    if (note !== undefined) return note;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Overrides
// ---------------------------------------------------------------------------------------------

/** Every key accepted by {@link withPriceOverrides}; `<arch>` and `<i>` are placeholders. */
export const OVERRIDE_KEY_PATTERNS: readonly string[] = [
  "lambda.usdPerRequest",
  "lambda.ephemeralStorageUsdPerGbSecond",
  "lambda.provisionedConcurrencyUsdPerGbSecond.<arch>",
  "lambda.provisionedDurationUsdPerGbSecond.<arch>",
  "lambda.durationTiers.<arch>.<i>.usdPerGbSecond",
  "lambda.durationTiers.<arch>.<i>.upToGbSeconds",
  "vpc.interfaceEndpointUsdPerAzHour",
  "vpc.interfaceEndpointDataTiers.<i>.usdPerGb",
  "vpc.interfaceEndpointDataTiers.<i>.upToGb",
  "vpc.natGatewayUsdPerHour",
  "vpc.natGatewayUsdPerGb",
  "vpc.publicIpv4UsdPerHour",
  "logs.ingestTiers.<i>.usdPerGb",
  "logs.ingestTiers.<i>.upToGb",
  "logs.storageUsdPerGbMonth",
  "logs.insightsUsdPerGbScanned",
  "xray.usdPerTraceRecorded",
  "xray.usdPerTraceRetrievedOrScanned",
  "xray.insightsUsdPerTrace",
  // Triggers (event sources)
  "apiGateway.restRequestTiers.<i>.usdPerRequest",
  "apiGateway.restRequestTiers.<i>.upToRequests",
  "sqs.standardRequestTiers.<i>.usdPerRequest",
  "sqs.standardRequestTiers.<i>.upToRequests",
  "scheduler.usdPerInvocation",
];

const OVERRIDE_KEY_REGEXES = OVERRIDE_KEY_PATTERNS.map(
  (pattern) =>
    new RegExp(
      `^${pattern
        .replace(/\./g, "\\.")
        .replace("<arch>", `(?:${ARCHITECTURES.join("|")})`)
        .replace("<i>", "(?:0|[1-9][0-9]{0,2})")}$`,
    ),
);

/** Compares dotted keys segment by segment, numerically where both segments are numbers. */
function compareKeys(a: string, b: string): number {
  const as = a.split(".");
  const bs = b.split(".");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] === bs[i]) continue;
    const numeric = /^\d+$/.test(as[i]) && /^\d+$/.test(bs[i]);
    return numeric ? Number(as[i]) - Number(bs[i]) : as[i] < bs[i] ? -1 : 1;
  }
  return as.length - bs.length;
}

type MutableTier = { upTo: number | null; price: number | undefined };
type Mutable = Record<string, unknown>;

/**
 * A copy of `table` with some prices of `region` replaced or added.
 *
 * Keys are dotted price paths (see {@link OVERRIDE_KEY_PATTERNS}), e.g.
 * `"lambda.provisionedConcurrencyUsdPerGbSecond.arm64"`, `"lambda.durationTiers.arm64.1.usdPerGbSecond"`,
 * `"logs.ingestTiers.0.usdPerGb"`. A tier index may equal the current number of tiers, which appends
 * a tier (unbounded unless `upTo…` is also given); on a region without that tier list, index 0 creates
 * a single unbounded tier. Keys are applied in tier order, then the tiers are checked (ascending
 * bounds, only the last unbounded, every tier priced). Each overridden key gets the note `"override"`
 * in the region's `notes`, so reports can flag it. `table` itself is not changed.
 *
 * @throws UnknownRegionError if `region` is not in `table`.
 * @throws PriceOverrideError for an unknown key (the message lists the allowed ones), a value that is
 *   not a finite number ≥ 0 (bounds > 0), or inconsistent tiers.
 */
export function withPriceOverrides(table: PriceTable, region: string, overrides: Readonly<Record<string, number>>): PriceTable {
  const original = regionPricesFor(table, region);
  const keys = Object.keys(overrides).sort(compareKeys);
  for (const key of keys) {
    if (!OVERRIDE_KEY_REGEXES.some((re) => re.test(key))) throw new PriceOverrideError(unknownOverrideKeyMessage(key));
    const value = overrides[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new PriceOverrideError(`Price override "${key}" for ${region}: got ${String(value)}, allowed a finite number ≥ 0 (USD).`);
    }
  }
  const copy = structuredClone(original) as unknown as Mutable;
  const tierLists = new Map<string, MutableTier[]>();
  for (const key of keys) applyOverride(copy, tierLists, key, overrides[key], region);
  for (const [listKey, tiers] of tierLists) setTierList(copy, listKey, checkedTiers(tiers, listKey, region));
  const notes = { ...(original.notes ?? {}), ...Object.fromEntries(keys.map((key) => [key, "override"])) };
  const regionPrices = { ...(copy as unknown as RegionPrices), notes };
  return { ...table, regions: { ...table.regions, [region]: regionPrices } };
}

/** Tier list paths and the names of their bound and price fields. */
const TIER_FIELDS: readonly { readonly prefix: RegExp; readonly upTo: string; readonly price: string }[] = [
  { prefix: /^lambda\.durationTiers\.[^.]+$/, upTo: "upToGbSeconds", price: "usdPerGbSecond" },
  { prefix: /^vpc\.interfaceEndpointDataTiers$/, upTo: "upToGb", price: "usdPerGb" },
  { prefix: /^logs\.ingestTiers$/, upTo: "upToGb", price: "usdPerGb" },
  { prefix: /^apiGateway\.restRequestTiers$/, upTo: "upToRequests", price: "usdPerRequest" },
  { prefix: /^sqs\.standardRequestTiers$/, upTo: "upToRequests", price: "usdPerRequest" },
];

function tierFieldsOf(listKey: string): (typeof TIER_FIELDS)[number] {
  const fields = TIER_FIELDS.find((f) => f.prefix.test(listKey));
  if (fields === undefined) throw new PriceOverrideError(`Internal: ${listKey} is not a tier list.`);
  return fields;
}

function getPath(root: Mutable, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, segment) => (node as Mutable | undefined)?.[segment], root);
}

function setPath(root: Mutable, path: readonly string[], value: unknown): void {
  let node = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof node[segment] !== "object" || node[segment] === null) node[segment] = {};
    node = node[segment] as Mutable;
  }
  node[path[path.length - 1]] = value;
}

function applyOverride(root: Mutable, tierLists: Map<string, MutableTier[]>, key: string, value: number, region: string): void {
  const segments = key.split(".");
  const indexAt = segments.findIndex((s) => /^\d+$/.test(s));
  if (indexAt < 0) {
    setPath(root, segments, value);
    return;
  }
  const listKey = segments.slice(0, indexAt).join(".");
  const fields = tierFieldsOf(listKey);
  let tiers = tierLists.get(listKey);
  if (tiers === undefined) {
    const existing = (getPath(root, segments.slice(0, indexAt)) ?? []) as readonly Record<string, number | null>[];
    tiers = existing.map((t) => ({ upTo: t[fields.upTo] as number | null, price: t[fields.price] as number }));
    tierLists.set(listKey, tiers);
  }
  const index = Number(segments[indexAt]);
  if (index > tiers.length) {
    throw new PriceOverrideError(
      `Price override "${key}" for ${region}: tier index ${index} skips tiers; ${listKey} has ${tiers.length} tier(s), so the next index is ${tiers.length}.`,
    );
  }
  if (index === tiers.length) tiers.push({ upTo: null, price: undefined });
  if (segments[indexAt + 1] === fields.upTo) tiers[index].upTo = value;
  else tiers[index].price = value;
}

function checkedTiers(tiers: readonly MutableTier[], listKey: string, region: string): MutableTier[] {
  const problem = (detail: string) => new PriceOverrideError(`Price overrides for ${region} give inconsistent ${listKey}: ${detail}.`);
  tiers.forEach((tier, i) => {
    if (tier.price === undefined) throw problem(`tier index ${i} has no price`);
    if (tier.upTo === null && i !== tiers.length - 1) throw problem(`tier index ${i} is unbounded but is not the last tier`);
    if (tier.upTo !== null && tier.upTo <= (i === 0 ? 0 : (tiers[i - 1].upTo ?? Infinity))) {
      throw problem(`tier index ${i} ends at ${tier.upTo}, not above the previous bound`);
    }
  });
  return [...tiers];
}

function setTierList(root: Mutable, listKey: string, tiers: readonly MutableTier[]): void {
  const fields = tierFieldsOf(listKey);
  setPath(
    root,
    listKey.split("."),
    tiers.map((t) => ({ [fields.upTo]: t.upTo, [fields.price]: t.price })),
  );
}
