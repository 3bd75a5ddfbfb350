/**
 * Helpers for the plan CLI tests: run the CLI in-process (`main(argv, deps)`; the program itself is
 * evaluated in a child process, once per stack file: test/helpers/program.ts), write modified
 * copies of stack files, and recompute the expected figures independently with the pricing module.
 * The process boundary (exit codes, stderr of a real `node plan/cli.ts`) is tested in
 * cli.e2e.test.ts, which spawns the CLI with {@link runPlanCli}.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { main, runPlanCli, type ChildResult, type PlanCliDeps } from "../../plan/cli";
import type { PlanDocument } from "../../plan/plan";
import { settingsFromStackFile, loadStackFile } from "../../config/stack-file";
import { buildCostReport, type CostReport } from "../../report/cost-report";
import type { StackSettings } from "../../config/validate";
import { evaluateStack } from "../helpers/program";

export const ROOT = path.resolve(__dirname, "../..");
export const TODAY = new Date().toISOString().slice(0, 10);
/** Timeout for a test or hook that plans (a program evaluation is ~3 s on a quiet machine). */
export const SPAWN_TIMEOUT_MS = 60_000;

export type CliResult = ChildResult;

/**
 * Run the plan CLI in this process with captured stdout/stderr; resolves to what a child process
 * would report (exit code, output). The program run and the `--compare` plan go through
 * {@link evaluateStack}, so spec files planning the same stack file share one evaluation.
 */
export async function runCli(args: readonly string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const deps: PlanCliDeps = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    runProgram: (options) => evaluateStack(options),
    runCompare: runCli,
  };
  const code = await main(args, deps);
  return { code, stdout, stderr };
}

/** Run `plan/cli.ts` in a fresh Node process (ts-node, transpile only): for the process-boundary tests only. */
export const spawnCli = runPlanCli;

/** Run the CLI with `--format json` and parse stdout; the error says what the CLI printed. */
export async function runPlanJson(args: readonly string[]): Promise<{ result: CliResult; plan: PlanDocument }> {
  const result = await runCli([...args, "--format", "json"]);
  try {
    return { result, plan: JSON.parse(result.stdout) as PlanDocument };
  } catch {
    throw new Error(`plan ${args.join(" ")} exited ${result.code} without JSON:\n${result.stderr}\n${result.stdout.slice(0, 2000)}`);
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
}

/** The parsed YAML of the repo's `Pulumi.<stack>.yaml`. */
export function readStackYaml(stack: string): { config: Record<string, any> } {
  return parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> };
}

/** Write a modified copy of the repo's stack file into `dir`; returns its path. */
export function writeStackCopy(dir: string, stack: string, edit: (config: Record<string, any>) => void, fileName = `Pulumi.${stack}.yaml`): string {
  const doc = readStackYaml(stack);
  edit(doc.config);
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, stringify(doc));
  return file;
}

/** Settings of a stack file, validated by the same pure validator the program uses. */
export function settingsOf(stack: string, configFile?: string): StackSettings {
  const result = settingsFromStackFile(loadStackFile(ROOT, stack, configFile), TODAY);
  const errors = result.problems.filter((p) => p.severity === "error");
  if (!result.settings || errors.length > 0) throw new Error(`invalid test config: ${errors.map((e) => e.message).join("; ")}`);
  return result.settings;
}

/** The cost report computed in-process from a stack file, independently of the CLI. */
export function expectedReport(stack: string, configFile?: string): CostReport {
  return buildCostReport(settingsOf(stack, configFile));
}

/** `after − before` in USD on cents. */
export function centsDelta(before: number, after: number): number {
  return (Math.round(after * 100) - Math.round(before * 100)) / 100;
}

/** Power Tuning output for `hello` (arm64), the measurements fixture. */
export const POWER_TUNING_FIXTURE = path.join(__dirname, "fixtures", "power-tuning-hello.json");

export interface SharedProdPlan {
  /** The CLI run (stdout is the one-line `--out` summary). */
  readonly result: CliResult;
  /** The JSON written by `--out`. */
  readonly plan: PlanDocument;
  readonly planFile: string;
  readonly chartsDir: string;
}

let sharedProd: Promise<SharedProdPlan> | undefined;
const sharedDirs: string[] = [];
const removeSharedDirs = () => {
  for (const dir of sharedDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
};
// At exit, not in a root `after` hook: under `mocha --parallel` a worker runs several spec files
// and the shared plan (cached in this module) must outlive the first of them.
process.on("exit", removeSharedDirs);

/**
 * One prod plan shared by the spec files of this process (the program evaluation behind it is ~3 s):
 * `--stack prod --format json --out <tmp>/prod-plan.json --rightsize --measurements hello=<fixture>
 * --out-dir <tmp>/charts`. The temp directory is removed after the whole run.
 */
export function sharedProdPlan(): Promise<SharedProdPlan> {
  sharedProd ??= (async () => {
    const dir = tempDir();
    sharedDirs.push(dir);
    const planFile = path.join(dir, "out", "prod-plan.json");
    const chartsDir = path.join(dir, "charts");
    const result = await runCli(["--stack", "prod", "--format", "json", "--out", planFile, "--rightsize", "--measurements", `hello=${POWER_TUNING_FIXTURE}`, "--out-dir", chartsDir]);
    if (!fs.existsSync(planFile)) throw new Error(`shared prod plan exited ${result.code} without output:\n${result.stderr}\n${result.stdout}`);
    return { result, plan: JSON.parse(fs.readFileSync(planFile, "utf8")) as PlanDocument, planFile, chartsDir };
  })();
  return sharedProd;
}
