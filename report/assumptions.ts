/**
 * The vocabulary the cost report and the trigger cost share: usage scenarios, and the figures the
 * report assumed because the config did not give them. Its own module so that
 * `cost-report.ts` → `trigger-cost.ts` is the only direction between the two.
 */
export type ScenarioName = "low" | "expected" | "peak";

export interface Assumption {
  /** Config path the figure would come from. */
  readonly path: string;
  readonly value: number;
  /** Why this value. */
  readonly note: string;
}
