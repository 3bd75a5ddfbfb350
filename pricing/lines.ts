/**
 * One priced (or unpriced) bill line, and the rule for a missing price: shared by the function and
 * infrastructure estimates (`cost.ts`) and the trigger estimate (`triggers.ts`). Internal to
 * `pricing/`: not part of its public API. Pure.
 */
import { fromCents, toCents } from "./money";
import { PriceNotFoundError, priceNoteFor, priceNotFoundMessage } from "./rates";
import type { CostLine, RegionPrices } from "./types";

/** What a missing price does (see {@link CostOptions.missingPrices}). */
export type MissingPrices = "error" | "unpriced";

/**
 * A price that must exist. Missing: a {@link PriceNotFoundError} (with the region's note, if any),
 * or, when `missing` is `"unpriced"`, `undefined` (the line is then unpriced).
 */
export function requirePrice(prices: RegionPrices, region: string, field: string, value: number | undefined, missing: MissingPrices = "error"): number | undefined {
  if (value === undefined && missing === "error") {
    const note = priceNoteFor(prices, field);
    throw new PriceNotFoundError(region, field, priceNotFoundMessage(region, field) + (note === undefined ? "" : ` Note: ${note}.`));
  }
  return value;
}

/** Why a line is unpriced, as reports print it. */
export function unpricedReason(region: string, field: string, tierIndex?: number): string {
  return tierIndex !== undefined && tierIndex > 0
    ? `no tier ${tierIndex + 1} price for ${region} in the price catalog (usage beyond the last known tier)`
    : `no ${field} price for ${region} in the price catalog`;
}

/**
 * A quantity as a report shows it: 12 significant digits, so that binary floating-point noise of the
 * arithmetic behind it (1,664 concurrency-hours of a schedule summed segment by segment: 5990399.999999999
 * GB-s for 5,990,400) never reaches the report. Twelve digits keep every quantity a bill can have
 * (at most ~1e12 requests, GB-s to the microsecond) while dropping the noise from the 16th–17th.
 */
export function reportedQuantity(quantity: number): number {
  return Number.isFinite(quantity) ? Number(quantity.toPrecision(12)) : quantity;
}

/** A bill line of `field`'s price (quantities as {@link reportedQuantity} shows them): rounded to cents (or `cents` when the caller split a stack line), or unpriced when the price is undefined. */
export function costLine(
  prices: RegionPrices,
  field: string,
  fields: Omit<CostLine, "usd" | "note" | "unitPriceUsd" | "unpriced"> & {
    readonly unitPriceUsd: number | undefined;
    readonly cents?: number;
    readonly notes?: readonly (string | undefined)[];
    /** Why the line is unpriced, when `unitPriceUsd` is undefined. */
    readonly unpricedReason?: string;
  },
): CostLine {
  const { cents, notes, freeQuantity: rawFree, unitPriceUsd, unpricedReason: reason, ...raw } = fields;
  // The line shows its quantity without float noise, and is charged on what it shows.
  const rest = { ...raw, quantity: reportedQuantity(raw.quantity) };
  const freeQuantity = rawFree === undefined ? undefined : reportedQuantity(rawFree);
  const priceNote = priceNoteFor(prices, field);
  const allNotes = [...(notes ?? []), priceNote === undefined ? undefined : `price: ${priceNote}`].filter((n): n is string => n !== undefined && n !== "");
  if (unitPriceUsd === undefined) {
    return {
      ...rest,
      unitPriceUsd: null,
      usd: 0,
      unpriced: { field, reason: reason ?? `no ${field} price in the price catalog` },
      ...(freeQuantity !== undefined && freeQuantity > 0 ? { freeQuantity } : {}),
      ...(allNotes.length > 0 ? { note: allNotes.join("; ") } : {}),
    };
  }
  return {
    ...rest,
    unitPriceUsd,
    usd: fromCents(cents ?? toCents(rest.quantity * unitPriceUsd)),
    ...(freeQuantity !== undefined && freeQuantity > 0 ? { freeQuantity } : {}),
    ...(allNotes.length > 0 ? { note: allNotes.join("; ") } : {}),
  };
}
