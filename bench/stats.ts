// Small helpers shared by the bench scripts (not used by the program or the tests).
import { execFileSync } from "node:child_process";
import * as os from "node:os";

/** Value at quantile q (0–1) by nearest rank on a sorted copy. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);
export const p90 = (values: readonly number[]): number => quantile(values, 0.9);

export const ms = (value: number): string => value.toFixed(1);
export const bytes = (value: number): string => value.toLocaleString("en-US");

/** One line describing the machine, for the README's results. */
export function machineLine(): string {
  let nproc = String(os.cpus().length);
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    // nproc missing: keep os.cpus()
  }
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  return `node ${process.version}, nproc ${nproc}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.platform()} ${os.release()}, load average ${load}, ${new Date().toISOString()}`;
}

/** Prints rows as a Markdown table. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  console.log(line(header));
  console.log(line(header.map(() => "---")));
  for (const r of rows) console.log(line(r));
}
