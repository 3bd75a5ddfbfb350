/**
 * The release CLI's view of provisioned concurrency that scales (issue 18): a `provisionedConcurrency`
 * block `{ min, max, schedules }` in the stack file. Pure.
 *
 * While the alias has weights the program suspends the scaling (Application Auto Scaling target
 * `suspendedState`) and holds capacity changes, because AWS rejects provisioned-concurrency changes
 * on an alias with weights; what is allocated when the shift starts is split between the versions.
 */

/** What the release CLI needs of a scaling block. */
export interface ReleasePcScaling {
  readonly min: number;
  readonly max: number;
  /** The largest max of the block and its schedules. */
  readonly peakMax: number;
}

/** The scaling block of a function's raw `provisionedConcurrency`, when it is one with numeric min and max. */
export function readPcScaling(raw: unknown): ReleasePcScaling | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  if (typeof o.min !== "number" || typeof o.max !== "number") return undefined;
  const scheduleMax = Array.isArray(o.schedules) ? o.schedules.map((s) => (s !== null && typeof s === "object" ? (s as Record<string, unknown>).max : undefined)).filter((m): m is number => typeof m === "number") : [];
  return { min: o.min, max: o.max, peakMax: Math.max(o.max, ...scheduleMax) };
}

/** "scaling 1–5 (schedules up to 20)". */
export function describePcScaling(s: ReleasePcScaling): string {
  return `scaling ${s.min}–${s.max}${s.peakMax > s.max ? ` (schedules up to ${s.peakMax})` : ""}`;
}

/** Canary warnings for a scaling block (the fixed value has its own in plan.ts). */
export function pcScalingWarnings(s: ReleasePcScaling, aliasName: string, reservedConcurrency: number | undefined): string[] {
  const out = [
    `provisioned concurrency on alias ${aliasName} is ${describePcScaling(s)}: while the alias has weights, scaling is suspended and capacity changes are held; what is allocated when the shift starts is split between the two versions by weight, and each version scales past its share on demand (cold starts), so over-provision for the shift.`,
    `this CLI never changes provisionedConcurrency: AWS rejects a change of it while the alias has weights ("Alias with weights can not be used with Provisioned Concurrency"); change it only after promote or rollback, in a separate update.`,
  ];
  if (reservedConcurrency !== undefined && reservedConcurrency <= s.peakMax) {
    out.push(`reservedConcurrency ${reservedConcurrency} leaves no room beyond provisioned concurrency at its max ${s.peakMax}: on-demand invocations of either version are throttled during the shift; raise reservedConcurrency first.`);
  }
  return out;
}
