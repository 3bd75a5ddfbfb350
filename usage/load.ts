/**
 * Reads `usage/<stack>.yaml` beside the project (issue 17) and lays its figures over the stack's
 * settings for the cost report. The only file reader of the usage module that the program uses.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Violation } from "../pricing";
import type { StackSettings } from "../config/validate";
import type { UsageFigureSource } from "../report/assumptions";
import { applyMeasuredUsage, parseUsageFile, type MeasuredFigure } from "./usage-file";

/** `usage/<stack>.yaml` under the project directory. */
export function usageFileOf(rootDir: string, stack: string): string {
  return path.join(rootDir, "usage", `${stack}.yaml`);
}

export interface LoadedUsage {
  /** Settings with measured figures where the config gives none (only usage figures differ). */
  readonly settings: StackSettings;
  readonly sources: UsageFigureSource[];
  readonly figures: MeasuredFigure[];
  /** Errors (a malformed file) and warnings (figures of functions or tables the stack no longer has). */
  readonly problems: Violation[];
  /** The file read, or undefined when the stack has none. */
  readonly file?: string;
}

/** Load and apply the stack's usage file; no file = the settings unchanged, every figure configured or assumed. */
export function loadMeasuredUsage(rootDir: string, stack: string, settings: StackSettings): LoadedUsage {
  const file = usageFileOf(rootDir, stack);
  const rel = path.join("usage", `${stack}.yaml`);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
      return { settings, sources: [], figures: [], file, problems: [{ path: rel, value: undefined, rule: "usage.file", message: `${rel}: cannot read: ${(e as Error).message}`, severity: "error" }] };
    }
  }
  const parsed = text === undefined ? { figures: [], problems: [] } : parseUsageFile(text, rel);
  const problems: Violation[] = parsed.problems.map((p) => ({ path: rel, value: undefined, rule: "usage.file", message: `${rel}: ${p}`, severity: "error" as const }));
  if (problems.length > 0) return { settings, sources: [], figures: [], file, problems };
  const applied = applyMeasuredUsage(settings, parsed.figures);
  for (const u of applied.unused) {
    problems.push({ path: rel, value: u, rule: "usage.unusedFigure", message: `${rel}: ${u} is not a function or table of this stack; the figure is ignored (remove it from the file)`, severity: "warning" });
  }
  return { settings: applied.settings, sources: applied.sources, figures: parsed.figures, problems, ...(text !== undefined ? { file } : {}) };
}
