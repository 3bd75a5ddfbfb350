/**
 * Stack settings → monthly cost report. Pure: maps validated config to the pricing engine's
 * inputs, marks every usage figure that came from a default as assumed, prices the scenarios.
 */
import type { CostLine, FunctionUsage, InfrastructureUsage, PriceTable, StackCost, Violation } from "../pricing";
import {
  DEFAULT_PRICE_TABLE,
  estimateStackCost,
  InvalidUsageError,
  PriceNotFoundError,
  PriceOverrideError,
  UnknownRegionError,
  withPriceOverrides,
} from "../pricing";
import { interfaceEndpointServices, natGatewayCount } from "../components/private-network/logic";
import { triggerInterfaceEndpoints } from "../components/triggers/logic";
import { triggerCost, withTriggerCost } from "./trigger-cost";
import type { FunctionSetting, StackSettings, UsageConfig } from "../stack-settings";

/** Default traffic when a function has no `usage` block (marked assumed in the report). */
export const DEFAULT_USAGE: UsageConfig = { requestsPerMonth: 100_000, avgDurationMs: 100 };
/** Log bytes per request when `logGbPerMonth` is not given (Powertools JSON line + START/END/REPORT). */
export const DEFAULT_LOG_BYTES_PER_REQUEST = 1024;
const GB = 1024 ** 3;

export type ScenarioName = "low" | "expected" | "peak";

export interface Assumption {
  /** Config path the figure would come from. */
  readonly path: string;
  readonly value: number;
  /** Why this value. */
  readonly note: string;
}

export interface FunctionReport {
  readonly name: string;
  readonly functionName: string;
  readonly architecture: string;
  readonly memoryMb: number;
  readonly ephemeralStorageMb: number;
  readonly provisionedConcurrency?: number;
  readonly requestsPerMonth: number;
  readonly avgDurationMs: number;
  readonly totalUsd: number;
  readonly lines: CostLine[];
}

export interface CostReport {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly currency: "USD";
  readonly freeTierApplied: boolean;
  readonly hoursPerMonth: number;
  readonly prices: { readonly source: string; readonly asOf: string; readonly overrides: Readonly<Record<string, number>> };
  readonly totalUsd: number;
  readonly functions: FunctionReport[];
  readonly infrastructure: { readonly totalUsd: number; readonly lines: CostLine[] };
  readonly assumptions: Assumption[];
  /** Totals of each scenario present in config; `expected` always. */
  readonly scenarios: Partial<Record<ScenarioName, { readonly totalUsd: number }>> & { readonly expected: { readonly totalUsd: number } };
  readonly budgetUsd?: number;
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
}

/** Resolve one function's usage for a scenario, recording assumptions. */
export function resolveFunctionUsage(f: FunctionSetting, hoursPerMonth: number, scenario: ScenarioName, assumptions: Assumption[] | undefined): ResolvedUsage {
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
  if (f.provisionedConcurrency !== undefined && f.provisionedConcurrency > 0) {
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

  return { requests, durationMs, pcRequests, pcHours, logGb, traces };
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
  const resolved = settings.functions.map((f) => ({ f, u: resolveFunctionUsage(f, hours, scenario, assumptions) }));
  const functions = resolved.map(({ f, u }) => ({
    name: f.key,
    region: settings.region,
    architecture: f.architecture,
    memoryMb: f.memoryMb,
    ephemeralStorageMb: f.ephemeralStorageMb,
    requestsPerMonth: u.requests - u.pcRequests,
    avgDurationMs: u.durationMs,
    provisioned:
      f.provisionedConcurrency !== undefined && f.provisionedConcurrency > 0
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
    { freeTier: settings.pricing.freeTier, prices },
  );
  // Trigger lines (API Gateway, SQS, Scheduler): their defaults follow this scenario's requests.
  return { cost: withTriggerCost(cost, triggerCost(settings, prices, (key) => resolved.get(key)?.requests ?? 0, assumptions)), resolved };
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
    return {
      name: fc.name,
      functionName: f.functionName,
      architecture: f.architecture,
      memoryMb: f.memoryMb,
      ephemeralStorageMb: f.ephemeralStorageMb,
      provisionedConcurrency: f.provisionedConcurrency,
      requestsPerMonth: u.requests,
      avgDurationMs: u.durationMs,
      totalUsd: fc.totalUsd,
      lines: fc.lines,
    };
  });
  const budget = settings.pricing.budgetUsd;
  return {
    project: settings.project,
    stack: settings.stack,
    region: settings.region,
    currency: "USD",
    freeTierApplied: expected.freeTierApplied,
    hoursPerMonth: settings.pricing.hoursPerMonth,
    prices: { source: expected.prices.source, asOf: expected.prices.asOf, overrides: { ...settings.pricing.overrides } },
    totalUsd: expected.totalUsd,
    functions,
    infrastructure: { totalUsd: expected.infrastructure.totalUsd, lines: expected.infrastructure.lines },
    assumptions,
    scenarios,
    budgetUsd: budget,
    overBudgetUsd: budget !== undefined && expected.totalUsd > budget ? Math.round((expected.totalUsd - budget) * 100) / 100 : undefined,
  };
}

/**
 * Build the report, turning missing prices, an unknown region or a bad override into config
 * problems instead of a crash. Every missing price is reported at once: each is provisionally
 * priced at $0 (never shown: no report is returned then) so the next one can be found.
 */
export function tryBuildCostReport(settings: StackSettings): { report?: CostReport; problems: Violation[] } {
  const missing: PriceNotFoundError[] = [];
  let probe = settings;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const report = buildCostReport(probe);
      return missing.length === 0 ? { report, problems: [] } : { problems: missing.map((e) => missingPriceProblem(e)) };
    } catch (e) {
      if (e instanceof PriceNotFoundError && !missing.some((m) => m.field === e.field)) {
        missing.push(e);
        probe = { ...probe, pricing: { ...probe.pricing, overrides: { ...probe.pricing.overrides, [e.field]: 0 } } };
        continue;
      }
      if (missing.length > 0) return { problems: missing.map((m) => missingPriceProblem(m)) };
      if (e instanceof UnknownRegionError) {
        return {
          problems: [
            {
              path: "region",
              value: e.region,
              rule: "pricing.unknownRegion",
              message: `aws:region: got "${e.region}", which has no price table in this project (pricing/rates.ts); regions priced: ${Object.keys(DEFAULT_PRICE_TABLE.regions).sort().join(", ")}. Add the region's prices to pricing/rates.ts to deploy there.`,
              severity: "error",
            },
          ],
        };
      }
      if (e instanceof PriceOverrideError || e instanceof InvalidUsageError) {
        return { problems: [{ path: "pricing.overrides", value: settings.pricing.overrides, rule: "pricing.override", message: `pricing: ${e.message}`, severity: "error" }] };
      }
      throw e;
    }
  }
  return { problems: missing.map((m) => missingPriceProblem(m)) };
}

function missingPriceProblem(e: PriceNotFoundError): Violation {
  return {
    path: `pricing.overrides.${e.field}`,
    value: undefined,
    rule: "pricing.priceMissing",
    message: `pricing.overrides.${e.field}: no ${e.field} price is known for ${e.region}; set it under pricing.overrides (USD) from your bill or the AWS calculator`,
    severity: "error",
  };
}
