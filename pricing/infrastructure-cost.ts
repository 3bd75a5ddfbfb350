/**
 * Monthly cost of the infrastructure around the functions: VPC endpoints, NAT gateways, public IPv4,
 * Lambda logs and X-Ray. Each line's price field, id, label and unit is stated once, in
 * {@link FLAT_LINES} or {@link TIERED_LINES}. Pure (docs/sources.md#billing-rules, #free-tier).
 */
import { sumUsd } from "./money";
import { costLine, requirePrice, unpricedReason, type MissingPrices } from "./lines";
import { DEFAULT_PRICE_TABLE, FREE_TIER, PriceNotFoundError, regionPricesFor, tierPriceNotFoundMessage } from "./rates";
import type { CostLine, CostOptions, InfrastructureCost, InfrastructureUsage, RegionPrices } from "./types";
import { DEFAULT_HOURS_PER_MONTH, ceilSnapped, splitIntoTiers } from "./billing";
import { infrastructureUsageProblems, throwIfInvalidUsage } from "./usage-checks";

type TierList = readonly { readonly upToGb: number | null; readonly usdPerGb: number }[];

/** Lines of a GB-tiered dimension: one per tier used, free quantity on the first. */
function tieredGbLines(
  prices: RegionPrices,
  region: string,
  spec: { readonly field: string; readonly what: string; readonly id: string; readonly item: string; readonly unit: string; readonly tiers: (p: RegionPrices) => TierList | undefined },
  quantityGb: number,
  freeGb: number,
  mode: MissingPrices,
): CostLine[] {
  const specTiers = spec.tiers(prices);
  if (specTiers === undefined || specTiers.length === 0) requirePrice(prices, region, `${spec.field}.0.usdPerGb`, undefined, mode);
  const tiers = (specTiers ?? []).map((t) => ({ upTo: t.upToGb, price: t.usdPerGb }));
  const slices = splitIntoTiers(tiers, 0, quantityGb - freeGb, (index) => {
    const field = `${spec.field}.${index}.usdPerGb`;
    return new PriceNotFoundError(region, field, tierPriceNotFoundMessage(index + 1, region, spec.what, field));
  }, mode);
  return slices.map((slice, i) =>
    costLine(prices, `${spec.field}.${slice.index}.usdPerGb`, {
      id: `${spec.id}.tier${slice.index + 1}`,
      item: `${spec.item} (tier ${slice.index + 1})`,
      quantity: slice.quantity,
      unit: spec.unit,
      unitPriceUsd: slice.unitPriceUsd,
      unpricedReason: unpricedReason(region, `${spec.field}.${slice.index}.usdPerGb`, slice.index),
      freeQuantity: i === 0 ? freeGb : undefined,
    }),
  );
}

/** A flat-priced line of the infrastructure bill: its price field, line id, label and unit, once each. */
interface FlatLineSpec {
  /** Path of the price in {@link RegionPrices}, as printed when it is missing. */
  readonly field: string;
  readonly price: (p: RegionPrices) => number | undefined;
  readonly id: string;
  readonly item: string;
  readonly unit: string;
}

const FLAT_LINES = {
  interfaceEndpointHours: { field: "vpc.interfaceEndpointUsdPerAzHour", price: (p) => p.vpc?.interfaceEndpointUsdPerAzHour, id: "vpc.interfaceEndpoint.hours", item: "Interface endpoints", unit: "endpoint-AZ-hours" },
  natGatewayHours: { field: "vpc.natGatewayUsdPerHour", price: (p) => p.vpc?.natGatewayUsdPerHour, id: "vpc.natGateway.hours", item: "NAT gateways", unit: "NAT-gateway-hours" },
  natGatewayData: { field: "vpc.natGatewayUsdPerGb", price: (p) => p.vpc?.natGatewayUsdPerGb, id: "vpc.natGateway.data", item: "NAT gateway data processed", unit: "GB" },
  publicIpv4Hours: { field: "vpc.publicIpv4UsdPerHour", price: (p) => p.vpc?.publicIpv4UsdPerHour, id: "vpc.publicIpv4.hours", item: "Public IPv4 addresses", unit: "address-hours" },
  logsStorage: { field: "logs.storageUsdPerGbMonth", price: (p) => p.logs?.storageUsdPerGbMonth, id: "logs.storage", item: "Logs storage", unit: "GB-month" },
  logsInsights: { field: "logs.insightsUsdPerGbScanned", price: (p) => p.logs?.insightsUsdPerGbScanned, id: "logs.insights", item: "Logs Insights queries", unit: "GB scanned" },
  xrayRecorded: { field: "xray.usdPerTraceRecorded", price: (p) => p.xray?.usdPerTraceRecorded, id: "xray.recorded", item: "X-Ray traces recorded", unit: "traces" },
  xrayRetrieved: { field: "xray.usdPerTraceRetrievedOrScanned", price: (p) => p.xray?.usdPerTraceRetrievedOrScanned, id: "xray.retrievedOrScanned", item: "X-Ray traces retrieved or scanned", unit: "traces" },
  xrayInsights: { field: "xray.insightsUsdPerTrace", price: (p) => p.xray?.insightsUsdPerTrace, id: "xray.insights", item: "X-Ray Insights traces", unit: "traces" },
} as const satisfies Record<string, FlatLineSpec>;

/** The GB-tiered lines of the infrastructure bill. */
const TIERED_LINES = {
  interfaceEndpointData: { field: "vpc.interfaceEndpointDataTiers", tiers: (p: RegionPrices) => p.vpc?.interfaceEndpointDataTiers, what: "interface endpoint data", id: "vpc.interfaceEndpoint.data", item: "Interface endpoint data", unit: "GB" },
  logsIngest: { field: "logs.ingestTiers", tiers: (p: RegionPrices) => p.logs?.ingestTiers, what: "logs ingestion", id: "logs.ingest", item: "Logs ingestion", unit: "GB" },
} as const;

/** One line of {@link FLAT_LINES}: `quantity − freeQuantity` at the region's price, or unpriced. */
function flatLine(
  prices: RegionPrices,
  region: string,
  spec: FlatLineSpec,
  quantity: number,
  freeQuantity = 0,
  notes: readonly (string | undefined)[] = [],
  mode: MissingPrices = "error",
): CostLine {
  const unitPriceUsd = requirePrice(prices, region, spec.field, spec.price(prices), mode);
  return costLine(prices, spec.field, { id: spec.id, item: spec.item, quantity: quantity - freeQuantity, unit: spec.unit, unitPriceUsd, unpricedReason: unpricedReason(region, spec.field), freeQuantity, notes });
}

function vpcLines(usage: InfrastructureUsage, prices: RegionPrices, mode: MissingPrices): CostLine[] {
  const { region } = usage;
  const lines: CostLine[] = [];
  const ie = usage.interfaceEndpoints;
  if (ie !== undefined) {
    const hours = ceilSnapped(ie.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH);
    lines.push(flatLine(prices, region, FLAT_LINES.interfaceEndpointHours, ie.count * ie.azs * hours, 0, [`${ie.count} endpoint(s) × ${ie.azs} AZ(s) × ${hours} h (partial hours billed as full)`], mode));
    if ((ie.dataProcessedGb ?? 0) > 0) lines.push(...tieredGbLines(prices, region, TIERED_LINES.interfaceEndpointData, ie.dataProcessedGb ?? 0, 0, mode));
  }
  if (usage.gatewayEndpoints !== undefined) {
    lines.push({ id: "vpc.gatewayEndpoint", item: "Gateway endpoints (S3, DynamoDB)", quantity: usage.gatewayEndpoints.count, unit: "endpoints", unitPriceUsd: 0, usd: 0, note: "free" });
  }
  const nat = usage.natGateways;
  if (nat !== undefined) {
    const hours = ceilSnapped(nat.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH);
    lines.push(flatLine(prices, region, FLAT_LINES.natGatewayHours, nat.count * hours, 0, [`${nat.count} × ${hours} h (partial hours billed as full)`], mode));
    if ((nat.dataProcessedGb ?? 0) > 0) {
      lines.push(flatLine(prices, region, FLAT_LINES.natGatewayData, nat.dataProcessedGb ?? 0, 0, ["data transfer out to the internet is billed separately"], mode));
    }
  }
  const ips = usage.publicIpv4Addresses;
  if (ips !== undefined) {
    const hours = ceilSnapped(ips.hoursPerMonth ?? DEFAULT_HOURS_PER_MONTH);
    lines.push(flatLine(prices, region, FLAT_LINES.publicIpv4Hours, ips.count * hours, 0, [`${ips.count} × ${hours} h`], mode));
  }
  return lines;
}

function observabilityLines(usage: InfrastructureUsage, prices: RegionPrices, freeTier: boolean, mode: MissingPrices): CostLine[] {
  const { region } = usage;
  const lines: CostLine[] = [];
  const free = (allowance: number, quantity: number) => (freeTier ? Math.min(allowance, quantity) : 0);
  if (usage.logs !== undefined) {
    const ingested = usage.logs.ingestedGb;
    lines.push(...tieredGbLines(prices, region, TIERED_LINES.logsIngest, ingested, free(FREE_TIER.logsIngestedGb, ingested), mode));
    const stored = usage.logs.storedGb ?? 0;
    if (stored > 0) lines.push(flatLine(prices, region, FLAT_LINES.logsStorage, stored, free(FREE_TIER.logsStoredGbMonth, stored), [], mode));
    const scanned = usage.logs.scannedGb ?? 0;
    if (scanned > 0) lines.push(flatLine(prices, region, FLAT_LINES.logsInsights, scanned, 0, [], mode));
  }
  if (usage.xray !== undefined) {
    const recorded = usage.xray.tracesRecorded;
    lines.push(flatLine(prices, region, FLAT_LINES.xrayRecorded, recorded, free(FREE_TIER.xrayTracesRecorded, recorded), [], mode));
    const retrieved = usage.xray.tracesRetrievedOrScanned ?? 0;
    if (retrieved > 0) lines.push(flatLine(prices, region, FLAT_LINES.xrayRetrieved, retrieved, free(FREE_TIER.xrayTracesRetrievedOrScanned, retrieved), [], mode));
    const insights = usage.xray.insightsTracesRecorded ?? 0;
    if (insights > 0) lines.push(flatLine(prices, region, FLAT_LINES.xrayInsights, insights, 0, [], mode));
  }
  return lines;
}

export function priceInfrastructure(usage: InfrastructureUsage, opts: CostOptions): InfrastructureCost {
  const prices = regionPricesFor(opts.prices ?? DEFAULT_PRICE_TABLE, usage.region);
  const mode = opts.missingPrices ?? "error";
  const lines = [...vpcLines(usage, prices, mode), ...observabilityLines(usage, prices, opts.freeTier ?? false, mode)];
  return { totalUsd: sumUsd(lines.map((l) => l.usd)), lines };
}

/**
 * Monthly cost of the infrastructure around the functions: interface endpoints (count × AZs ×
 * ceil(hours) + data tiers), gateway endpoints (a free $0 line), NAT gateways (ceil(hours) + GB),
 * public IPv4 addresses, Lambda logs (vended ingestion tiers, storage, Insights) and X-Ray (recorded,
 * retrieved/scanned, Insights). Hours default to {@link DEFAULT_HOURS_PER_MONTH}.
 *
 * With `opts.freeTier`: 5 GB logs ingestion, 5 GB-month logs storage, 100,000 X-Ray traces recorded and
 * 1,000,000 retrieved/scanned are free. Logs Insights and X-Ray Insights have no free tier here.
 *
 * @throws InvalidUsageError listing every negative, NaN or infinite input.
 * @throws UnknownRegionError / PriceNotFoundError when a needed price is not in the table.
 */
export function estimateInfrastructureCost(usage: InfrastructureUsage, opts: CostOptions = {}): InfrastructureCost {
  throwIfInvalidUsage(infrastructureUsageProblems(usage, "infrastructure"));
  return priceInfrastructure(usage, opts);
}
