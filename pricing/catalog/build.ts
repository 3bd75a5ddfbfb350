/**
 * Assembles the price catalog from transformed sources. Pure: the refresh command reads and
 * downloads, this decides what the catalog holds.
 */
import type { CalculatorResult } from "./calculator";
import type { PriceListResult } from "./price-list";
import { SourceShapeError } from "./fields";
import { CATALOG_SERVICES, SERVICE_FIELDS } from "./types";
import type { CatalogRegion, CatalogService, CatalogSource, PriceCatalog, RegionCatalog } from "./types";

import type { RegionPrices } from "../types";

/** The commercial partition's id in the AWS SDK's partition data. */
export const COMMERCIAL_PARTITION = "aws";

/**
 * Location name AWS's price files use for a region, from the SDK's description: the SDK says
 * "Europe (Ireland)" where price files say "EU (Ireland)"; every other description is the same.
 */
export function priceLocationOf(description: string): string {
  return description.replace(/^Europe \(/, "EU (");
}

/** One service's transformed data for some regions, with its provenance (the catalog's source entry). */
export interface ServiceInput extends CatalogSource {
  readonly service: CatalogService;
  /** Region code → prices found (partial RegionPrices, only this service's fields). */
  readonly prices: ReadonlyMap<string, Record<string, unknown>>;
  /** Region code → fields the source lacks there. */
  readonly missing: ReadonlyMap<string, readonly string[]>;
}

/** A calculator feed's result keyed by region code instead of location. */
export function serviceInputFromCalculator(r: CalculatorResult, regions: Readonly<Record<string, string>>, meta: { readonly url: string; readonly retrievedFrom?: string }): ServiceInput {
  const prices = new Map<string, Record<string, unknown>>();
  const missing = new Map<string, readonly string[]>();
  for (const [code, description] of Object.entries(regions)) {
    const location = priceLocationOf(description);
    const found = r.byLocation.get(location);
    if (found !== undefined) prices.set(code, found);
    const lacks = r.missing.get(location);
    if (lacks !== undefined) missing.set(code, lacks);
    else if (found === undefined) missing.set(code, SERVICE_FIELDS[r.service]);
  }
  return { service: r.service, kind: "calculator", offerCode: r.offerCode, url: meta.url, publicationDate: r.publicationDate, version: r.version, retrievedFrom: meta.retrievedFrom, prices, missing };
}

/** Per-region Price List results of one offer as one service input (oldest publication date wins). */
export function serviceInputFromPriceList(
  results: readonly { readonly region: string; readonly result: PriceListResult }[],
  meta: { readonly kind: "price-list-bulk" | "price-list-query"; readonly url: string; readonly retrievedFrom?: string },
): ServiceInput {
  if (results.length === 0) throw new SourceShapeError("no Price List results to assemble");
  const first = results[0].result;
  const prices = new Map<string, Record<string, unknown>>();
  const missing = new Map<string, readonly string[]>();
  let publicationDate = first.publicationDate;
  for (const { region, result } of results) {
    if (result.service !== first.service) throw new SourceShapeError(`mixed offers ${first.offerCode} and ${result.offerCode} in one service input`);
    prices.set(region, result.prices);
    if (result.missing.length > 0) missing.set(region, result.missing);
    if (result.publicationDate < publicationDate) publicationDate = result.publicationDate;
  }
  return { service: first.service, kind: meta.kind, offerCode: first.offerCode, url: meta.url, publicationDate, version: first.version, retrievedFrom: meta.retrievedFrom, prices, missing };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects (arrays and numbers replace). */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isRecord(v) && isRecord(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** `prices` without the fields of `service` (so a refresh of one service replaces only its fields). */
function withoutService(prices: RegionPrices, service: CatalogService): Record<string, unknown> {
  const copy = structuredClone(prices) as unknown as Record<string, unknown>;
  for (const field of SERVICE_FIELDS[service]) {
    const segments = field.split(".");
    let node: Record<string, unknown> | undefined = copy;
    for (const s of segments.slice(0, -1)) node = isRecord(node?.[s]) ? (node[s] as Record<string, unknown>) : undefined;
    if (node !== undefined) delete node[segments[segments.length - 1]];
  }
  for (const [k, v] of Object.entries(copy)) if (isRecord(v) && Object.keys(v).length === 0) delete copy[k];
  return copy;
}

/**
 * The catalog after applying `inputs` on top of `previous` (or an empty catalog): every commercial
 * region of `regionCatalog` appears; a service's fields in a region come from its input, replacing
 * what `previous` had for that service there; services and regions not in `inputs` keep their data.
 */
export function buildCatalog(args: {
  readonly generatedOn: string;
  readonly regionCatalog: RegionCatalog;
  readonly inputs: readonly ServiceInput[];
  readonly previous?: PriceCatalog;
}): PriceCatalog {
  const commercial = args.regionCatalog.partitions[COMMERCIAL_PARTITION];
  if (commercial === undefined) throw new SourceShapeError(`the region catalog has no "${COMMERCIAL_PARTITION}" partition`);
  const sources: Partial<Record<CatalogService, CatalogSource>> = { ...(args.previous?.sources ?? {}) };
  const regions: Record<string, CatalogRegion> = {};
  for (const [code, description] of Object.entries(commercial).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = args.previous?.regions[code];
    let prices = (before?.prices ?? {}) as unknown as Record<string, unknown>;
    const services = new Set<CatalogService>(before?.services ?? []);
    for (const input of args.inputs) {
      prices = withoutService(prices as unknown as RegionPrices, input.service);
      services.delete(input.service);
      const found = input.prices.get(code);
      if (found !== undefined && Object.keys(found).length > 0) {
        prices = merge(prices, found);
        services.add(input.service);
      }
    }
    regions[code] = { location: priceLocationOf(description), services: CATALOG_SERVICES.filter((s) => services.has(s)), prices: prices as unknown as RegionPrices };
  }
  for (const { service, prices: _prices, missing: _missing, retrievedFrom, ...source } of args.inputs) {
    sources[service] = { ...source, ...(retrievedFrom !== undefined ? { retrievedFrom } : {}) };
  }
  const orderedSources = Object.fromEntries(CATALOG_SERVICES.filter((s) => sources[s] !== undefined).map((s) => [s, sources[s]]));
  return { schemaVersion: 1, generatedOn: args.generatedOn, sources: orderedSources, regions };
}
