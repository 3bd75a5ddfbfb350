/**
 * Shared plain-data types of the pricing engine and the limits validator.
 *
 * This folder is pure: no `@pulumi/*` imports, no `process`, no clock, no I/O. Rates and "today"
 * are parameters. See `test/lint/purity.test.ts`.
 */

/** Lambda instruction set architecture. */
export type Architecture = "x86_64" | "arm64";

export const ARCHITECTURES: readonly Architecture[] = ["x86_64", "arm64"];

// ---------------------------------------------------------------------------------------------
// Cost
// ---------------------------------------------------------------------------------------------

/** One priced line of a bill: what a report prints. `usd` is rounded to cents (half-up). */
export interface CostLine {
  /** Stable machine id, e.g. `lambda.requests`, `lambda.duration.tier1`, `vpc.interfaceEndpoint.hours`. */
  readonly id: string;
  /** Human label, e.g. "Requests", "Duration (tier 1)". */
  readonly item: string;
  /** Billable quantity after free tier, in `unit`. */
  readonly quantity: number;
  /** Unit of `quantity`, e.g. "requests", "GB-s", "endpoint-AZ-hours", "GB". */
  readonly unit: string;
  /** USD per one `unit` (full precision, as in the price table); null when unpriced. */
  readonly unitPriceUsd: number | null;
  /** `quantity × unitPriceUsd`, rounded to cents half-up; 0 when unpriced (see `unpriced`). */
  readonly usd: number;
  /**
   * Set when no price is known for this line (region or tier not in the price table): `usd` is 0
   * and totals that include it are lower bounds. `field` is the override key that would price it.
   */
  readonly unpriced?: { readonly field: string; readonly reason: string };
  /** Free-tier quantity subtracted before pricing, if any. */
  readonly freeQuantity?: number;
  /** Short remark printed next to the line (approximations, overrides, "free"). */
  readonly note?: string;
}

/** Requests served by provisioned concurrency (PC) and how long PC is enabled. */
export interface ProvisionedUsage {
  /** Configured provisioned concurrency (environments). */
  readonly concurrency: number;
  /** Hours per month PC is enabled (billed rounded up to 5 minutes). */
  readonly hoursPerMonth: number;
  /** Requests per month served inside PC. */
  readonly requestsPerMonth: number;
  /** Average billed duration (ms) of the requests served inside PC. */
  readonly avgDurationMs: number;
}

/** Expected monthly usage of one function. */
export interface FunctionUsage {
  readonly region: string;
  readonly architecture: Architecture;
  readonly memoryMb: number;
  /** @default 512 */
  readonly ephemeralStorageMb?: number;
  /** On-demand requests per month (not served by provisioned concurrency). */
  readonly requestsPerMonth: number;
  /** Average billed duration (ms) of those on-demand requests. Rounded up to 1 ms. */
  readonly avgDurationMs: number;
  /** @default - no provisioned concurrency */
  readonly provisioned?: ProvisionedUsage;
}

/** Monthly cost of one function. Every `*Usd` is a sum of lines rounded to cents. */
export interface CostBreakdown {
  readonly requestsUsd: number;
  /** On-demand duration, all tiers. */
  readonly computeUsd: number;
  readonly provisionedConcurrencyUsd: number;
  readonly provisionedDurationUsd: number;
  readonly ephemeralStorageUsd: number;
  /** Sum of the rounded lines. */
  readonly totalUsd: number;
  readonly lines: CostLine[];
}

export interface InfrastructureUsage {
  readonly region: string;
  /** Interface VPC endpoints: billed per endpoint per AZ-hour plus data processed. */
  readonly interfaceEndpoints?: {
    readonly count: number;
    readonly azs: number;
    /** @default 730 */
    readonly hoursPerMonth?: number;
    /** GB processed per month summed over all interface endpoints. @default 0 */
    readonly dataProcessedGb?: number;
  };
  /** Gateway endpoints (S3, DynamoDB) are free; listed so the report can say so. */
  readonly gatewayEndpoints?: { readonly count: number };
  readonly natGateways?: {
    readonly count: number;
    /** @default 730 */
    readonly hoursPerMonth?: number;
    /** @default 0 */
    readonly dataProcessedGb?: number;
  };
  /** Public IPv4 addresses, e.g. one Elastic IP per NAT gateway; billed per address-hour. */
  readonly publicIpv4Addresses?: {
    readonly count: number;
    /** @default 730 */
    readonly hoursPerMonth?: number;
  };
  /** Lambda logs to CloudWatch Logs (vended-log tiers since 2025-05-01). */
  readonly logs?: {
    readonly ingestedGb: number;
    /** @default 0 */
    readonly storedGb?: number;
    /** Logs Insights GB scanned. @default 0 */
    readonly scannedGb?: number;
  };
  readonly xray?: {
    readonly tracesRecorded: number;
    /** @default 0 */
    readonly tracesRetrievedOrScanned?: number;
    /** Traces stored and analysed by X-Ray Insights. @default 0 */
    readonly insightsTracesRecorded?: number;
  };
}

export interface InfrastructureCost {
  readonly totalUsd: number;
  readonly lines: CostLine[];
}

/** One function's share of a stack estimate. */
export interface FunctionCost extends CostBreakdown {
  readonly name: string;
}

export interface StackCost {
  readonly functions: FunctionCost[];
  readonly infrastructure: InfrastructureCost;
  /** Sum of every function's and infrastructure line, each rounded to cents first. */
  readonly totalUsd: number;
  readonly freeTierApplied: boolean;
  readonly prices: { readonly source: string; readonly asOf: string };
}

/** A function of a stack: its usage plus a name unique within the stack. */
export interface NamedFunctionUsage extends FunctionUsage {
  readonly name: string;
}

/**
 * On-demand duration GB-s already billed in the account this month, outside the stack, per region and
 * architecture, e.g. `{ "us-east-1": { x86_64: 7e9 } }`. Pushes the stack into higher duration tiers.
 * Counted after any free tier.
 */
export type OtherLambdaUsage = Readonly<Record<string, Partial<Record<Architecture, number>>>>;

/** Input of a stack estimate. */
export interface StackUsage {
  readonly functions: readonly NamedFunctionUsage[];
  /** @default - no infrastructure lines */
  readonly infrastructure?: InfrastructureUsage;
  /** @default - no other usage: the stack starts at tier 1 */
  readonly otherUsage?: OtherLambdaUsage;
}

export interface CostOptions {
  /** Subtract the account's monthly free tier (1M requests, 400,000 GB-s). @default false */
  readonly freeTier?: boolean;
  /**
   * What a missing price does: `"error"` throws a PriceNotFoundError; `"unpriced"` prices the line
   * at $0 with `unpriced` set, so totals become lower bounds.
   * @default "error"
   */
  readonly missingPrices?: "error" | "unpriced";
  /** @default DEFAULT_PRICE_TABLE */
  readonly prices?: PriceTable;
}

// ---------------------------------------------------------------------------------------------
// Price tables
// ---------------------------------------------------------------------------------------------

/** A duration tier: price applies to monthly GB-s up to `upToGbSeconds` (null = no upper bound). */
export interface DurationTier {
  readonly upToGbSeconds: number | null;
  readonly usdPerGbSecond: number;
}

/** Prices for one region. A missing field means "no price known": using it is an error. */
export interface RegionPrices {
  /** Lambda prices. Any field may be missing in a region: lines that need it are unpriced. */
  readonly lambda?: {
    readonly usdPerRequest?: number;
    /** Tiers in ascending order; usage beyond the last bounded tier is unpriced. */
    readonly durationTiers?: Partial<Record<Architecture, readonly DurationTier[]>>;
    readonly provisionedConcurrencyUsdPerGbSecond?: Partial<Record<Architecture, number>>;
    readonly provisionedDurationUsdPerGbSecond?: Partial<Record<Architecture, number>>;
    readonly ephemeralStorageUsdPerGbSecond?: number;
  };
  /** DynamoDB on-demand (Standard table class). */
  readonly dynamodb?: {
    /** Per write request unit (1 KB). */
    readonly writeRequestUsdPerUnit?: number;
    /** Per read request unit (4 KB strongly consistent, 2 × 4 KB eventually consistent). */
    readonly readRequestUsdPerUnit?: number;
    readonly storageUsdPerGbMonth?: number;
    /** Point-in-time recovery (continuous backup) storage. */
    readonly pitrUsdPerGbMonth?: number;
  };
  readonly vpc?: {
    readonly interfaceEndpointUsdPerAzHour?: number;
    /** Data processed tiers, GB ascending. */
    readonly interfaceEndpointDataTiers?: readonly { readonly upToGb: number | null; readonly usdPerGb: number }[];
    readonly natGatewayUsdPerHour?: number;
    readonly natGatewayUsdPerGb?: number;
    /** Public IPv4 address (e.g. a NAT gateway's Elastic IP), per address-hour. */
    readonly publicIpv4UsdPerHour?: number;
  };
  readonly logs?: {
    readonly ingestTiers?: readonly { readonly upToGb: number | null; readonly usdPerGb: number }[];
    readonly storageUsdPerGbMonth?: number;
    readonly insightsUsdPerGbScanned?: number;
  };
  readonly xray?: {
    readonly usdPerTraceRecorded?: number;
    readonly usdPerTraceRetrievedOrScanned?: number;
    /** X-Ray Insights, per trace recorded. */
    readonly insightsUsdPerTrace?: number;
  };
  /** Per-field provenance notes, e.g. `{ "vpc.interfaceEndpointUsdPerAzHour": "unconfirmed" }`. */
  readonly notes?: Readonly<Record<string, string>>;
}

export interface PriceTable {
  /** Where the prices come from (URLs). */
  readonly source: string;
  /** ISO date the prices were last checked, e.g. "2025-10-01". */
  readonly asOf: string;
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

export interface FunctionSettings {
  /** Config key of the function; also the prefix of every path in its violations. */
  readonly name: string;
  readonly runtime: string;
  readonly handler: string;
  readonly architecture: Architecture;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** @default 512 */
  readonly ephemeralStorageMb?: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly description?: string;
  readonly layers?: readonly { readonly arn: string; readonly unzippedBytes?: number }[];
  readonly package?: { readonly zippedBytes: number; readonly unzippedBytes: number; readonly upload: "direct" | "s3" };
  /** @default - none (unreserved) */
  readonly reservedConcurrency?: number;
  /** On the alias. @default - none */
  readonly provisionedConcurrency?: number;
  readonly snapStart?: boolean;
  /** The alias and its blue/green weights, named as in the stack config (`functions.<key>.release`). */
  readonly release?: {
    readonly aliasName: string;
    readonly stableVersion?: string;
    readonly canaryVersion?: string;
    readonly canaryWeight?: number;
  };
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  readonly triggers?: {
    readonly apiGateway?: "rest" | "http";
    readonly sqs?: { readonly visibilityTimeoutSeconds: number; readonly batchingWindowSeconds?: number };
  };
}

export interface AccountQuotas {
  /** Regional concurrent executions quota. @default 1000 */
  readonly concurrencyLimit?: number;
  /** Largest memory the account may configure (new accounts: 3008). @default 10240 */
  readonly maxMemoryMb?: number;
}

export interface ValidateOptions {
  /** ISO date used for runtime deprecation checks. @default - the runtime table's `asOf` */
  readonly today?: string;
  /**
   * Prefix of every violation path. For `validateStack` it is the prefix of the functions map, and each
   * function's paths start with `<pathPrefix>.<name>`.
   * @default "functions.<name>" (`validateFunction`), "functions" (`validateStack`)
   */
  readonly pathPrefix?: string;
  /**
   * The function's physical name is Pulumi's auto-name `<name>-<7 hex chars>` (no explicit `name` arg),
   * so `name` must stay ≤ 56 characters. Set `false` when `name` is the physical name itself.
   * @default true
   */
  readonly autoNamed?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Triggers (event sources): API Gateway REST, SQS, EventBridge Scheduler
// ---------------------------------------------------------------------------------------------

/** A request-priced tier: price applies to monthly requests up to `upToRequests` (null = no upper bound). */
export interface RequestTier {
  readonly upToRequests: number | null;
  readonly usdPerRequest: number;
}

/**
 * Trigger prices of a region (declaration merging: adds optional sections to {@link RegionPrices}
 * above without touching it). A missing field means "no price known": using it is an error.
 */
export interface RegionPrices {
  /** API Gateway REST API requests; tiers count every REST API of the account in the region. */
  readonly apiGateway?: { readonly restRequestTiers?: readonly RequestTier[] };
  /** SQS standard-queue requests (each 64 KB chunk of a payload is one request). */
  readonly sqs?: { readonly standardRequestTiers?: readonly RequestTier[] };
  /** EventBridge Scheduler invocations. */
  readonly scheduler?: { readonly usdPerInvocation?: number };
}

/** Monthly traffic of one SQS standard queue. */
export interface SqsQueueUsage {
  /** Label used in line notes, e.g. the queue's function key. */
  readonly name: string;
  /** Messages sent to the queue per month (one SendMessage each, unbatched). */
  readonly messagesPerMonth: number;
  /** Average message size, KB (1 KB = 1,024 bytes). */
  readonly avgMessageKb: number;
  /** A Lambda event source mapping consuming the queue. @default - none: only the sends are counted */
  readonly eventSourceMapping?: {
    /** The mapping's batch size (messages per invocation). */
    readonly batchSize: number;
    /** ReceiveMessage calls that return nothing (idle long polls). @default 0 */
    readonly emptyReceivesPerMonth?: number;
  };
}

/** Lambda asynchronous invocations with payloads above 256 KB (billed one request per further 64 KB). */
export interface AsyncPayloadUsage {
  readonly name: string;
  readonly eventsPerMonth: number;
  /** Average event payload, KB. */
  readonly avgPayloadKb: number;
}

/** Expected monthly usage of a stack's triggers. */
export interface TriggerUsage {
  readonly region: string;
  /** Requests to the stack's private REST APIs. @default - no API Gateway lines */
  readonly apiGateway?: { readonly restRequests: number; /** Labels for the note. */ readonly apis?: readonly string[] };
  /** @default - no SQS lines */
  readonly sqsQueues?: readonly SqsQueueUsage[];
  /** @default - no scheduler lines */
  readonly scheduler?: { readonly invocations: number; /** Labels for the note. */ readonly schedules?: readonly string[] };
  /** @default - no async payload lines */
  readonly asyncPayloads?: readonly AsyncPayloadUsage[];
}

/** Monthly cost of a stack's triggers. `totalUsd` is the sum of the rounded lines. */
export interface TriggerCost {
  readonly totalUsd: number;
  readonly lines: CostLine[];
}
