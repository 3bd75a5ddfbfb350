/**
 * Stack settings → monthly cost report. Pure: maps validated config to the pricing engine's
 * inputs, marks every usage figure that came from a default as assumed, prices the scenarios.
 */
import type { CostLine, FunctionUsage, InfrastructureUsage, PriceTable, StackCost, Violation } from "../pricing";
import { DEFAULT_PRICE_TABLE, estimateStackCost, InvalidUsageError, PriceOverrideError, UnknownRegionError, withPriceOverrides } from "../pricing";
import { PRICE_CATALOG, type CatalogService } from "../pricing/catalog";
import { interfaceEndpointServices } from "../components/private-network/endpoints";
import { natGatewayCount } from "../components/private-network/subnets";
import { triggerInterfaceEndpoints } from "../components/triggers/iam";
import type { Assumption, ScenarioName, UsageFigureSource } from "./assumptions";
import { triggerCost, withTriggerCost } from "./trigger-cost";
import { dynamoDbCost } from "./dynamodb-cost";
import type { FunctionSetting, StackSettings } from "../config/validate";
import type { UsageConfig } from "../config/schema";
// issue 18 hook: provisioned concurrency that follows a schedule, priced by the hours of the billing month.
import { scaledPcUsage, scaledPcReport, withScaledPcNote, type ScaledPcReport, type ScaledPcUsage } from "./pc-scaling-cost";

/** Default traffic when a function has no `usage` block (marked assumed in the report). */
export const DEFAULT_USAGE: UsageConfig = { requestsPerMonth: 100_000, avgDurationMs: 100 };
/** Log bytes per request when `logGbPerMonth` is not given (Powertools JSON line + START/END/REPORT). */
export const DEFAULT_LOG_BYTES_PER_REQUEST = 1024;
const GB = 1024 ** 3;


export interface FunctionReport {
  readonly name: string;
  readonly functionName: string;
  readonly architecture: string;
  readonly memoryMb: number;
  readonly ephemeralStorageMb: number;
  readonly provisionedConcurrency?: number;
  /** Scheduled/target-tracked provisioned concurrency: hours at each capacity, assumed and always-on-max cost (issue 18). */
  readonly provisionedConcurrencyScaling?: ScaledPcReport;
  readonly requestsPerMonth: number;
  readonly avgDurationMs: number;
  readonly totalUsd: number;
  readonly lines: CostLine[];
}

/** A cost line without a known price: shown with its quantity, priced by setting `overrideKey`. */
export interface UnpricedLine {
  /** Where the line is in the report, e.g. `functions.hello.lambda.duration.tier1`, `infrastructure.xray.recorded`. */
  readonly path: string;
  /** The key under `pricing.overrides` that would price it, e.g. `xray.usdPerTraceRecorded`. */
  readonly overrideKey: string;
  readonly reason: string;
}

/** The price catalog behind a report: when each service's prices were published. */
export interface CatalogInfo {
  readonly generatedOn: string;
  /** Oldest publication date among the sources (YYYY-MM-DD). */
  readonly asOf: string;
  readonly sources: Readonly<Partial<Record<CatalogService, { readonly offerCode: string; readonly kind: string; readonly publicationDate: string; readonly url: string }>>>;
}

export interface CostReport {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly currency: "USD";
  readonly freeTierApplied: boolean;
  readonly hoursPerMonth: number;
  readonly prices: { readonly source: string; readonly asOf: string; readonly overrides: Readonly<Record<string, number>>; readonly catalog: CatalogInfo };
  /** Sum of the priced lines: a lower bound when `complete` is false. */
  readonly totalUsd: number;
  /** Every line has a price. */
  readonly complete: boolean;
  /** Lines without a price (expected scenario), each with the override key that would price it. */
  readonly unpriced: UnpricedLine[];
  readonly functions: FunctionReport[];
  readonly infrastructure: { readonly totalUsd: number; readonly lines: CostLine[] };
  readonly assumptions: Assumption[];
  /** Totals of each scenario present in config; `expected` always. */
  readonly scenarios: Partial<Record<ScenarioName, { readonly totalUsd: number }>> & { readonly expected: { readonly totalUsd: number } };
  readonly budgetUsd?: number;
  /**
   * issue 17: per usage figure, whether it was measured (usage/<stack>.yaml, with its window),
   * configured or assumed. Absent when the report was built without the usage file step.
   */
  readonly usageSources?: readonly UsageFigureSource[];
  /** `totalUsd − budgetUsd` when over budget. */
  readonly overBudgetUsd?: number;
}

export interface ResolvedUsage {
  readonly requests: number;
  readonly durationMs: number;
  readonly pcRequests: number;
  readonly pcHours: number;
  readonly logGb: number;
  readonly traces: number;
  /** Scaling provisioned concurrency (issue 18): the month's expansion and the average allocation. */
  readonly pcScaled?: ScaledPcUsage;
}

/** Resolve one function's usage for a scenario, recording assumptions. */
export function resolveFunctionUsage(f: FunctionSetting, hoursPerMonth: number, scenario: ScenarioName, assumptions: Assumption[] | undefined, billingMonth?: string): ResolvedUsage {
  const base = `functions.${f.key}.usage`;
  const note = (path: string, value: number, why: string) => assumptions?.push({ path, value, note: why });
  const given = f.usage;
  const override = scenario === "expected" ? {} : (given?.scenarios?.[scenario] ?? {});
  if (!given) {
    note(`${base}.requestsPerMonth`, DEFAULT_USAGE.requestsPerMonth, "no usage in config: default traffic");
    note(`${base}.avgDurationMs`, DEFAULT_USAGE.avgDurationMs, "no usage in config: default duration");
  }
  const requests = override.requestsPerMonth ?? given?.requestsPerMonth ?? DEFAULT_USAGE.requestsPerMonth;
  const durationMs = override.avgDurationMs ?? given?.avgDurationMs ?? DEFAULT_USAGE.avgDurationMs;
  const secondsInMonth = hoursPerMonth * 3600;

  let pcRequests = 0;
  let pcHours = 0;
  // issue 18 hook: scaling provisioned concurrency, from the schedules over the billing month.
  let pcScaled: ScaledPcUsage | undefined;
  if (f.provisionedConcurrencyScaling) {
    pcScaled = scaledPcUsage(f, { requests, durationMs, hoursPerMonth, billingMonth, explicitPcRequests: override.provisionedRequestsPerMonth ?? given?.provisionedRequestsPerMonth }, note);
    pcRequests = pcScaled.pcRequests;
    pcHours = pcScaled.month.hours;
  } else if (f.provisionedConcurrency !== undefined && f.provisionedConcurrency > 0) {
    pcHours = override.provisionedHoursPerMonth ?? given?.provisionedHoursPerMonth ?? hoursPerMonth;
    if ((override.provisionedHoursPerMonth ?? given?.provisionedHoursPerMonth) === undefined) {
      note(`${base}.provisionedHoursPerMonth`, pcHours, "provisioned concurrency enabled all month");
    }
    const explicit = override.provisionedRequestsPerMonth ?? given?.provisionedRequestsPerMonth;
    if (explicit !== undefined) {
      pcRequests = Math.min(explicit, requests);
    } else {
      // Steady traffic: average concurrency = requests × duration / time; PC serves up to its size.
      const avgConcurrency = secondsInMonth > 0 ? (requests * durationMs) / 1000 / secondsInMonth : 0;
      const share = avgConcurrency <= f.provisionedConcurrency ? 1 : f.provisionedConcurrency / avgConcurrency;
      pcRequests = Math.floor(requests * share * (pcHours / hoursPerMonth));
      note(`${base}.provisionedRequestsPerMonth`, pcRequests, "steady traffic: requests up to the provisioned concurrency are served by it");
    }
  }

  const logGbGiven = override.logGbPerMonth ?? given?.logGbPerMonth;
  const logGb = logGbGiven ?? (requests * DEFAULT_LOG_BYTES_PER_REQUEST) / GB;
  if (logGbGiven === undefined) note(`${base}.logGbPerMonth`, round6(logGb), `${DEFAULT_LOG_BYTES_PER_REQUEST} bytes of logs per request`);

  const tracesGiven = override.tracesPerMonth ?? given?.tracesPerMonth;
  // Lambda's fixed X-Ray sampling: the first request each second, then 5 % (docs/sources.md#xray).
  const reservoir = Math.min(requests, secondsInMonth);
  const traces = tracesGiven ?? Math.round(reservoir + 0.05 * (requests - reservoir));
  if (tracesGiven === undefined) note(`${base}.tracesPerMonth`, traces, "Lambda's fixed sampling (1 request/s + 5 % of the rest), traffic spread evenly");

  return { requests, durationMs, pcRequests, pcHours, logGb, traces, ...(pcScaled ? { pcScaled } : {}) };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The price table for a stack: defaults plus the stack's explicit overrides. */
export function priceTableFor(settings: StackSettings): PriceTable {
  const overrides = settings.pricing.overrides;
  return Object.keys(overrides).length > 0 ? withPriceOverrides(DEFAULT_PRICE_TABLE, settings.region, overrides) : DEFAULT_PRICE_TABLE;
}

/** Pricing-engine inputs for one scenario. */
export function stackUsage(
  settings: StackSettings,
  scenario: ScenarioName,
  assumptions?: Assumption[],
): { functions: (FunctionUsage & { name: string })[]; infrastructure: InfrastructureUsage; resolved: ReadonlyMap<string, ResolvedUsage> } {
  const hours = settings.pricing.hoursPerMonth;
  const resolved = settings.functions.map((f) => ({ f, u: resolveFunctionUsage(f, hours, scenario, assumptions, settings.pricing.billingMonth) }));
  const functions = resolved.map(({ f, u }) => ({
    name: f.key,
    region: settings.region,
    architecture: f.architecture,
    memoryMb: f.memoryMb,
    ephemeralStorageMb: f.ephemeralStorageMb,
    requestsPerMonth: u.requests - u.pcRequests,
    avgDurationMs: u.durationMs,
    provisioned: u.pcScaled
      ? // issue 18 hook: the month's average allocation over its hours (= Σ min × hours, in GB-s at the memory).
        u.pcScaled.averageConcurrency > 0
        ? { concurrency: u.pcScaled.averageConcurrency, hoursPerMonth: u.pcHours, requestsPerMonth: u.pcRequests, avgDurationMs: u.durationMs }
        : undefined
      : f.provisionedConcurrency !== undefined && f.provisionedConcurrency > 0
        ? { concurrency: f.provisionedConcurrency, hoursPerMonth: u.pcHours, requestsPerMonth: u.pcRequests, avgDurationMs: u.durationMs }
        : undefined,
  }));

  const n = settings.network;
  const azs = n.mode === "create" ? n.availabilityZones : new Set(n.subnets.map((s) => s.availabilityZone)).size;
  const nat = n.mode === "create" ? natGatewayCount(n.natGateways, n.availabilityZones) : n.natGateways;
  const logGb = resolved.reduce((s, r) => s + r.u.logGb, 0);
  // Steady state: stored GB = monthly ingest × retention in months (compressed size not modelled).
  const storedGb = resolved.reduce((s, r) => s + r.u.logGb * Math.min(r.f.logRetentionDays / 30, 120), 0);
  if (scenario === "expected") assumptions?.push({ path: "logs.storedGb", value: round6(storedGb), note: "steady state: monthly ingest × retention (months), uncompressed" });

  const infrastructure: InfrastructureUsage = {
    region: settings.region,
    // Triggers add the interface endpoints they need (execute-api for private APIs).
    interfaceEndpoints: { count: interfaceEndpointServices([...n.interfaceEndpoints, ...triggerInterfaceEndpoints(settings.functions)]).length, azs, hoursPerMonth: hours, dataProcessedGb: n.usage.endpointDataGbPerMonth },
    gatewayEndpoints: n.gatewayEndpoints.length > 0 ? { count: n.gatewayEndpoints.length } : undefined,
    natGateways: nat > 0 ? { count: nat, hoursPerMonth: hours, dataProcessedGb: n.usage.natDataGbPerMonth } : undefined,
    logs: { ingestedGb: logGb, storedGb },
    xray: { tracesRecorded: resolved.reduce((s, r) => s + r.u.traces, 0) },
  };
  return { functions, infrastructure, resolved: new Map(resolved.map(({ f, u }) => [f.key, u])) };
}

/** Price one scenario; also returns the usage it resolved per function (by key). */
function price(settings: StackSettings, scenario: ScenarioName, assumptions?: Assumption[]): { cost: StackCost; resolved: ReadonlyMap<string, ResolvedUsage> } {
  const { functions, infrastructure, resolved } = stackUsage(settings, scenario, assumptions);
  const other = settings.account.otherUsageGbSeconds;
  const prices = priceTableFor(settings);
  const cost = estimateStackCost(
    {
      functions,
      infrastructure,
      otherUsage: other.x86_64 || other.arm64 ? { [settings.region]: { ...other } } : undefined,
    },
    { freeTier: settings.pricing.freeTier, prices, missingPrices: "unpriced" },
  );
  // Trigger lines (API Gateway, SQS, Scheduler): their defaults follow this scenario's requests.
  const requestsOf = (key: string) => resolved.get(key)?.requests ?? 0;
  const withTriggers = withTriggerCost(cost, triggerCost(settings, prices, requestsOf, assumptions));
  // issue 17 hook: DynamoDB lines (per account and region, like the trigger lines).
  return { cost: withTriggerCost(withTriggers, dynamoDbCost(settings, prices, requestsOf, assumptions)), resolved };
}

/** Build the stack's monthly cost report (expected usage, plus low/peak when configured). */
export function buildCostReport(settings: StackSettings): CostReport {
  const assumptions: Assumption[] = [];
  const { cost: expected, resolved } = price(settings, "expected", assumptions);
  const scenarios: CostReport["scenarios"] = { expected: { totalUsd: expected.totalUsd } };
  const has = (s: "low" | "peak") => settings.functions.some((f) => f.usage?.scenarios?.[s] !== undefined);
  for (const s of ["low", "peak"] as const) if (has(s)) (scenarios as Record<string, { totalUsd: number }>)[s] = { totalUsd: price(settings, s).cost.totalUsd };

  const byKey = new Map(settings.functions.map((f) => [f.key, f]));
  const functions: FunctionReport[] = expected.functions.map((fc) => {
    const f = byKey.get(fc.name)!;
    const u = resolved.get(fc.name)!;
    // issue 18 hook: the schedule's hours and the always-on-max cost beside the assumed one.
    const scaled = u.pcScaled ? scaledPcReport(f, u.pcScaled, fc.lines, priceTableFor(settings), settings.region) : undefined;
    return {
      name: fc.name,
      functionName: f.functionName,
      architecture: f.architecture,
      memoryMb: f.memoryMb,
      ephemeralStorageMb: f.ephemeralStorageMb,
      provisionedConcurrency: f.provisionedConcurrency,
      ...(scaled ? { provisionedConcurrencyScaling: scaled } : {}),
      requestsPerMonth: u.requests,
      avgDurationMs: u.durationMs,
      totalUsd: fc.totalUsd,
      lines: scaled ? withScaledPcNote(fc.lines, scaled) : fc.lines,
    };
  });
  const budget = settings.pricing.budgetUsd;
  const unpriced: UnpricedLine[] = [
    ...functions.flatMap((f) => f.lines.filter((l) => l.unpriced).map((l) => unpricedLine(`functions.${f.name}.${l.id}`, l))),
    ...expected.infrastructure.lines.filter((l) => l.unpriced).map((l) => unpricedLine(`infrastructure.${l.id}`, l)),
  ];
  return {
    project: settings.project,
    stack: settings.stack,
    region: settings.region,
    currency: "USD",
    freeTierApplied: expected.freeTierApplied,
    hoursPerMonth: settings.pricing.hoursPerMonth,
    prices: { source: expected.prices.source, asOf: expected.prices.asOf, overrides: { ...settings.pricing.overrides }, catalog: catalogInfo() },
    totalUsd: expected.totalUsd,
    complete: unpriced.length === 0,
    unpriced,
    functions,
    infrastructure: { totalUsd: expected.infrastructure.totalUsd, lines: expected.infrastructure.lines },
    assumptions,
    scenarios,
    budgetUsd: budget,
    overBudgetUsd: budget !== undefined && expected.totalUsd > budget ? Math.round((expected.totalUsd - budget) * 100) / 100 : undefined,
  };
}

function unpricedLine(path: string, l: CostLine): UnpricedLine {
  const field = l.unpriced?.field ?? "";
  return { path, overrideKey: field, reason: l.unpriced?.reason ?? "no price" };
}

/** The shipped catalog's dates and sources, for the report header. */
export function catalogInfo(): CatalogInfo {
  const sources = Object.fromEntries(
    Object.entries(PRICE_CATALOG.sources).map(([service, src]) => [service, { offerCode: src.offerCode, kind: src.kind, publicationDate: src.publicationDate, url: src.url }]),
  );
  return { generatedOn: PRICE_CATALOG.generatedOn, asOf: DEFAULT_PRICE_TABLE.asOf, sources };
}

/**
 * Build the report, turning an unknown region or a bad override into config problems instead of a
 * crash. Missing prices are not problems: their lines are unpriced in the report (`unpriced`,
 * `complete: false`).
 */
export function tryBuildCostReport(settings: StackSettings): { report?: CostReport; problems: Violation[] } {
  try {
    return { report: buildCostReport(settings), problems: [] };
  } catch (e) {
    if (e instanceof UnknownRegionError) {
      return { problems: [{ path: "aws:region", value: e.region, rule: "pricing.unknownRegion", message: `aws:region: ${e.message}`, severity: "error" }] };
    }
    if (e instanceof PriceOverrideError || e instanceof InvalidUsageError) {
      return { problems: [{ path: "pricing.overrides", value: settings.pricing.overrides, rule: "pricing.override", message: `pricing: ${e.message}`, severity: "error" }] };
    }
    throw e;
  }
}

/** Days after which the catalog's oldest offer counts as stale. */
export const CATALOG_STALE_DAYS = 120;

/** Whole days from ISO date `from` to ISO date `to` (UTC). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/**
 * Warnings a cost report carries on `today`: unpriced lines (the total is a lower bound; each line's
 * override key), and a price catalog older than {@link CATALOG_STALE_DAYS} days with the command
 * that refreshes it. Never errors: a missing price does not stop a deploy.
 */
export function costReportWarnings(report: CostReport, today: string): Violation[] {
  const out: Violation[] = [];
  if (!report.complete) {
    const keys = [...new Set(report.unpriced.map((u) => u.overrideKey))];
    out.push({
      path: "pricing.overrides",
      value: undefined,
      rule: "pricing.unpriced",
      severity: "warning",
      allowed: "a price for every cost line",
      message: `pricing.overrides: got no price in the catalog for ${report.unpriced.length} cost line(s) in ${report.region}, allowed a price for every line, but the monthly total is only a lower bound; set ${keys.map((k) => `pricing.overrides.${k}`).join(", ")} (USD) to price them`,
    });
  }
  const age = daysBetween(report.prices.catalog.asOf, today);
  if (age > CATALOG_STALE_DAYS) {
    out.push({
      path: "pricing.catalog",
      value: report.prices.catalog.asOf,
      rule: "pricing.catalog.stale",
      severity: "warning",
      allowed: `prices published within ${CATALOG_STALE_DAYS} days`,
      message: `pricing.catalog: got prices published ${report.prices.catalog.asOf} (${age} days ago), allowed prices published within ${CATALOG_STALE_DAYS} days, but AWS may have changed them since; refresh with \`npm run catalog -- refresh\` (see README, "Prices")`,
    });
  }
  return out;
}
