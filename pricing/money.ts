/**
 * Money helpers: cent rounding, integer-cent sums and allocation, USD formatting.
 *
 * Amounts are JavaScript numbers in USD. Every priced line is rounded to whole cents (AWS rounds each
 * bill line item, then adds: docs/sources.md#billing-rules), and every total is a sum of integer cents, so totals are
 * exact. Pure: no I/O, no clock, no locale.
 */

/** Significant digits kept before rounding to cents; see {@link toCents}. */
const SNAP_SIGNIFICANT_DIGITS = 12;

/** Message of the error thrown for a NaN or infinite amount. */
export const NON_FINITE_AMOUNT_MESSAGE = "Amount must be a finite number.";
/** Message of the error thrown when {@link allocateCents} gets a bad total or weight. */
export const INVALID_ALLOCATION_MESSAGE =
  "Allocation needs a whole, non-negative number of cents and finite, non-negative weights.";

function assertFinite(value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${NON_FINITE_AMOUNT_MESSAGE} Received ${value}.`);
}

/**
 * Snaps a value to {@link SNAP_SIGNIFICANT_DIGITS} significant digits, removing binary float noise
 * such as `1.005 * 100 = 100.49999999999999` → `100.5`. Monotone non-decreasing.
 */
function snap(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(SNAP_SIGNIFICANT_DIGITS));
}

/**
 * Converts USD to whole cents, rounding half-up (half away from zero for negative amounts).
 *
 * Why the snap: `quantity × unitPrice` carries binary error (`1.005` is stored as 1.00499999…), so a
 * plain `Math.round(usd * 100)` gives 100 cents for $1.005. The value in cents is first rounded to 12
 * significant digits (`toPrecision`), which recovers the decimal the computation meant (100.5), then
 * rounded half-up. 12 digits leave ≥ 3 decimals of a cent below $10 million, and the snap is
 * monotone, so a larger amount never rounds to fewer cents.
 *
 * @example toCents(1.005) === 101; toCents(2.333338) === 233; toCents(0.0779) === 8
 */
export function toCents(usd: number): number {
  assertFinite(usd);
  const cents = snap(Math.abs(usd) * 100);
  const rounded = Math.floor(cents + 0.5);
  return usd < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Converts whole cents back to USD (`233` → `2.33`). */
export function fromCents(cents: number): number {
  return cents / 100;
}

/**
 * Rounds a USD amount to cents, half-up, robust to float error (see {@link toCents}).
 *
 * @example roundCents(1.488) === 1.49; roundCents(0.005) === 0.01; roundCents(1.005) === 1.01
 */
export function roundCents(usd: number): number {
  return fromCents(toCents(usd));
}

/** Sums USD amounts that are already whole cents, exactly (in integer cents), and returns USD. */
export function sumUsd(amounts: readonly number[]): number {
  return fromCents(amounts.reduce((cents, usd) => cents + toCents(usd), 0));
}

/**
 * Splits `totalCents` into whole-cent shares proportional to `weights`, so that the shares add up to
 * `totalCents` exactly.
 *
 * Method: cumulative rounding. Share `i` is `round(total × W_i / W) − round(total × W_{i−1} / W)`, where
 * `W_i` is the running sum of weights. The shares telescope to `total`, none is negative, each is
 * within one cent of its exact proportional value, and the result depends only on the order of
 * `weights` (deterministic). All-zero weights give all-zero shares (then `totalCents` must be 0).
 *
 * @example allocateCents(10, [1, 1, 1]) → [3, 4, 3]
 */
export function allocateCents(totalCents: number, weights: readonly number[]): number[] {
  const validTotal = Number.isInteger(totalCents) && totalCents >= 0;
  const validWeights = weights.every((w) => Number.isFinite(w) && w >= 0);
  if (!validTotal || !validWeights) throw new RangeError(INVALID_ALLOCATION_MESSAGE);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) {
    if (totalCents !== 0) throw new RangeError(INVALID_ALLOCATION_MESSAGE);
    return weights.map(() => 0);
  }
  const shares: number[] = [];
  let running = 0;
  let previousBoundary = 0;
  weights.forEach((weight, i) => {
    running += weight;
    const boundary = i === weights.length - 1 ? totalCents : Math.min(totalCents, Math.round(snap((totalCents * running) / weightSum)));
    shares.push(boundary - previousBoundary);
    previousBoundary = boundary;
  });
  return shares;
}

/**
 * Formats USD with a dollar sign, thousands separators and two decimals, rounding half-up to cents
 * first. Locale-independent.
 *
 * @example formatUsd(1234.56) === "$1,234.56"; formatUsd(-0.5) === "-$0.50"
 */
export function formatUsd(usd: number): string {
  const cents = toCents(usd);
  const absolute = Math.abs(cents);
  const dollars = Math.floor(absolute / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = (absolute % 100).toString().padStart(2, "0");
  return `${cents < 0 ? "-" : ""}$${dollars}.${rest}`;
}
