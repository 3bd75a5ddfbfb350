/**
 * Price overrides from the stack config (`pricing.overrides`): the accepted keys, their checks and
 * {@link withPriceOverrides}, which returns a new table with one region's prices replaced. Pure.
 */
import type { PriceTable, RegionPrices } from "./types";
import { ARCHITECTURES } from "./types";
import { regionPricesFor } from "./rates";

/** Message of {@link PriceOverrideError} for a key that is not an overridable price. */
export function unknownOverrideKeyMessage(key: string): string {
  return `Unknown price override key "${key}". Allowed keys: ${OVERRIDE_KEY_PATTERNS.join(", ")} (<arch> is ${ARCHITECTURES.join(" or ")}, <i> a 0-based tier index).`;
}

/** Thrown by {@link withPriceOverrides} for an unknown key, a bad value or inconsistent tiers. */
export class PriceOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceOverrideError";
  }
}

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
  "dynamodb.writeRequestUsdPerUnit",
  "dynamodb.readRequestUsdPerUnit",
  "dynamodb.storageUsdPerGbMonth",
  "dynamodb.pitrUsdPerGbMonth",
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
