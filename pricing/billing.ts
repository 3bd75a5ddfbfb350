/** Billing arithmetic the cost estimators share: hours in a month, snapped ceilings, tier splitting. Pure. */
import { type MissingPrices } from "./lines";
import { PriceNotFoundError } from "./rates";

/** Hours in a month when none is given (Infracost's 730; AWS's own examples use real hours, e.g. 744). */
export const DEFAULT_HOURS_PER_MONTH = 730;

/** Removes binary float noise before a ceiling (e.g. 0.1 × 3 × 10 = 3.0000000000000004 → 3). */
export function ceilSnapped(value: number): number {
  return value === 0 ? 0 : Math.ceil(Number(value.toPrecision(12)));
}

interface TierSlice {
  /** 0-based tier index. */
  readonly index: number;
  readonly quantity: number;
  /** Undefined for the quantity beyond the last known tier (unpriced). */
  readonly unitPriceUsd: number | undefined;
}

interface Tier {
  readonly upTo: number | null;
  readonly price: number;
}

/**
 * Splits `quantity`, stacked on top of `offset` already used, over ascending tiers. Returns the tiers
 * with a positive share, or, for zero quantity, the tier where the next unit would land (quantity 0).
 * Usage beyond the last bounded tier is a {@link PriceNotFoundError} for the next tier.
 */
export function splitIntoTiers(tiers: readonly Tier[], offset: number, quantity: number, missing: (index: number) => PriceNotFoundError, mode: MissingPrices = "error"): TierSlice[] {
  const end = offset + quantity;
  const slices: TierSlice[] = [];
  let lower = 0;
  for (const [index, tier] of tiers.entries()) {
    const upper = tier.upTo ?? Infinity;
    const share = Math.min(upper, end) - Math.max(lower, offset);
    if (share > 0 || (quantity === 0 && slices.length === 0 && offset < upper)) {
      slices.push({ index, quantity: Math.max(share, 0), unitPriceUsd: tier.price });
    }
    lower = upper;
  }
  if (end > lower || (quantity === 0 && slices.length === 0)) {
    if (mode === "error") throw missing(tiers.length);
    slices.push({ index: tiers.length, quantity: Math.max(0, end - Math.max(lower, offset)), unitPriceUsd: undefined });
  }
  return slices;
}
