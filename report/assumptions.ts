/**
 * The vocabulary the cost report and the trigger cost share: usage scenarios, the figures the
 * report assumed because the config did not give them, and where each usage figure came from
 * (`usage/` fills them from measurements). Its own module so that `cost-report.ts` →
 * `trigger-cost.ts` is the only direction between the two, and the report never imports `usage/`.
 */
export type ScenarioName = "low" | "expected" | "peak";

export interface Assumption {
  /** Config path the figure would come from. */
  readonly path: string;
  readonly value: number;
  /** Why this value. */
  readonly note: string;
}

export type FigureSource = "measured" | "configured" | "assumed";

/** Where one usage figure of the report came from (issue 17). */
export interface UsageFigureSource {
  /** Config path, e.g. `functions.hello.usage.requestsPerMonth`. */
  readonly path: string;
  readonly source: FigureSource;
  readonly value?: number;
  /** The measurement window, for measured figures. */
  readonly window?: string;
}
