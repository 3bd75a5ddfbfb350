/**
 * `npm run plan -- --stack <name>`: the offline plan. Runs the real program in-process under
 * Pulumi's mock engine with the stack's config file and prints the resources it would create, every
 * limit violation and warning, and the cost report; optionally a cost diff and right-sizing.
 *
 * Exit codes: 0 ok; 1 errors found (error violations, program failure, over budget,
 * `--fail-on-increase`); 2 usage error (unknown stack, unreadable or malformed file, bad flags).
 *
 * The one impure file of plan/ besides run.ts: argument parsing, files, the child process for
 * `--compare`. A process can evaluate the program once, so `--compare <stack>` plans the other
 * stack in a child process running this same file with `--format json`.
 *
 * `main(argv, deps)` runs the CLI in-process: `deps` replaces the output streams, the program run
 * and the `--compare` child (the tests run the CLI this way and evaluate the program once per
 * stack; only test/plan/*.e2e.test.ts spawn it).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { evaluateRun } from "../guardrails/plan-run";
import { setBuildProgressListener, type BuildProgress } from "../packaging";
import { FileEditError, writeFileAtomic } from "../tools/file-lock";
import { BaselineError, diffCosts, parseBaseline, type CostDiff, type DiffableCost } from "./diff";
import { formatPlan } from "./format-plan";
import { buildPlan, planVerdict, rootMessage, type PlanDocument } from "./plan";
import { mergeMeasurements, MeasurementsError, parseMeasurements, type Measurements } from "./measurements";
import { rightsize, type RightsizeReport } from "./rightsize";
import type { ProgramRun, RunOptions } from "./run";
import { loadStackFile, settingsFromStackFile, StackFileError } from "../config/stack-file";
import { costCurveSvg } from "./svg";

/** The repository: `Pulumi.yaml`, the stack files and the program. */
const ROOT_DIR = path.resolve(__dirname, "..");

/** A usage error: printed without a stack trace, exit code 2. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The `--compare` stack could not be planned or priced: an error found, exit code 1. */
class CompareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompareError";
  }
}

export interface PlanCliOptions {
  readonly stack: string;
  readonly configFile?: string;
  readonly format: "table" | "markdown" | "json";
  readonly out?: string;
  readonly compare?: string;
  readonly compareConfigFile?: string;
  readonly baseline?: string;
  readonly failOnIncrease?: number;
  /** Exit 1 when any cost line is unpriced. */
  readonly requirePrices?: boolean;
  readonly rightsize?: boolean;
  readonly measurements: string[];
  readonly budgetUsd?: number;
  readonly outDir?: string;
}

function usd(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${flag} needs an amount in USD ≥ 0, got "${value}".`);
    return n;
  };
}

/** A stream the CLI writes to (`process.stdout`, `process.stderr`, or a test's buffer). */
export interface OutputStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** What the CLI needs from its process; `main` defaults to the real ones. */
export interface PlanCliDeps {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Evaluates the program for a stack. @default - plan/run.ts in this process (once per process) */
  readonly runProgram: (options: RunOptions) => Promise<ProgramRun>;
  /** Plans the `--compare` stack (args: `--stack <name> --format json [--config-file <file>]`). @default - {@link runPlanCli} */
  readonly runCompare: (args: readonly string[]) => Promise<ChildResult>;
}

function processDeps(): PlanCliDeps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Loaded when needed, after every usage check: importing the Pulumi SDK takes about a second.
    runProgram: async (options) => (await import("./run")).runProgram(options),
    runCompare: runPlanCli,
  };
}

function parseArgs(argv: readonly string[], deps: PlanCliDeps): PlanCliOptions {
  const program = new Command("plan")
    .description("Offline plan: resources, limit violations and monthly cost of a stack, without the Pulumi CLI or AWS.")
    .requiredOption("--stack <name>", "stack to plan (reads Pulumi.<name>.yaml)")
    .option("--config-file <file>", "read the stack's config from this file instead of Pulumi.<stack>.yaml")
    .addOption(new Option("--format <format>", "output format").choices(["table", "markdown", "json"]).default("table"))
    .option("--out <file>", "write the output to this file instead of stdout")
    .option("--compare <stack>", "cost diff against another stack (planned in a child process)")
    .option("--compare-config-file <file>", "config file of the --compare stack")
    .option("--baseline <file>", "cost diff against a previous `--format json` output")
    .option("--fail-on-increase <usd>", "exit 1 when the monthly total rises by more than this (needs --compare or --baseline)", usd("--fail-on-increase"))
    .option("--require-prices", "exit 1 when any cost line has no price (by default unpriced lines are a warning)")
    .option("--rightsize", "monthly cost of each function across memory sizes and architectures")
    .option("--measurements <[function=]file>", "measured durations for --rightsize (Power Tuning output or a table; repeatable)", (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option("--budget-usd <usd>", "monthly budget per function for the 'fastest within budget' pick (default: its current cost)", usd("--budget-usd"))
    .option("--out-dir <dir>", "write one cost-vs-memory SVG per function here (with --rightsize)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s) });
  program.parse([...argv], { from: "user" });
  const o = program.opts() as PlanCliOptions;
  if (o.compare !== undefined && o.baseline !== undefined) throw new UsageError("--compare and --baseline are mutually exclusive; choose one baseline.");
  if (o.compareConfigFile !== undefined && o.compare === undefined) throw new UsageError("--compare-config-file needs --compare <stack>.");
  if (o.failOnIncrease !== undefined && o.compare === undefined && o.baseline === undefined) throw new UsageError("--fail-on-increase needs a baseline: --compare <stack> or --baseline <report.json>.");
  if (!o.rightsize) {
    const stray = [o.measurements.length > 0 && "--measurements", o.budgetUsd !== undefined && "--budget-usd", o.outDir !== undefined && "--out-dir"].filter(Boolean);
    if (stray.length > 0) throw new UsageError(`${stray.length === 1 ? `${stray[0]} applies` : `${stray.slice(0, -1).join(", ")} and ${stray[stray.length - 1]} apply`} only with --rightsize.`);
  }
  checkOutputTargets(o);
  return o;
}

/** `--out` must name a file and `--out-dir` a directory: checked before the program runs. */
function checkOutputTargets(o: PlanCliOptions): void {
  const kind = (p: string): "file" | "dir" | undefined => {
    try {
      return fs.statSync(p).isDirectory() ? "dir" : "file";
    } catch {
      return undefined;
    }
  };
  if (o.out !== undefined) {
    if (o.out.trim() === "") throw new UsageError(`--out: got "", allowed a file name such as plan.md`);
    if (kind(o.out) === "dir") throw new UsageError(`--out: ${o.out} is a directory; give a file name, e.g. ${path.join(o.out, `plan.${o.format === "markdown" ? "md" : o.format === "json" ? "json" : "txt"}`)}`);
    const parent = path.dirname(path.resolve(o.out));
    const blocking = ancestorFile(parent);
    if (blocking) throw new UsageError(`--out: cannot create ${o.out}: ${blocking} is a file, not a directory`);
  }
  if (o.outDir !== undefined) {
    if (o.outDir.trim() === "") throw new UsageError(`--out-dir: got "", allowed a directory name such as charts`);
    if (kind(o.outDir) === "file") throw new UsageError(`--out-dir: ${o.outDir} is a file; give a directory (created if missing) for the SVG charts`);
    const blocking = ancestorFile(path.resolve(o.outDir));
    if (blocking) throw new UsageError(`--out-dir: cannot create ${o.outDir}: ${blocking} is a file, not a directory`);
  }
}

/** The first existing path on the way to `dir` that is a file (so `dir` cannot be created), if any. */
function ancestorFile(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      if (!fs.statSync(d).isDirectory()) return d;
      return undefined;
    } catch {
      // does not exist yet: look further up
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/** Write an output file; a failure (permissions, disk) is a usage error with one line. */
function writeOutput(file: string, text: string, flag: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileAtomic(path.resolve(file), text);
  } catch (e) {
    if (e instanceof FileEditError) throw new UsageError(`${flag}: ${e.message}`);
    throw new UsageError(`${flag}: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Where this CLI runs from source, start the child as `npm run plan` does (plan/register.js: esbuild, cached). */
function childCommand(args: readonly string[]): { command: string; args: string[] } {
  const self = __filename;
  const register = self.endsWith(".ts") ? ["-r", path.join(__dirname, "register.js")] : [];
  return { command: process.execPath, args: [...register, self, ...args] };
}

/** Exit code and output of a plan CLI run in a child process. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs this CLI with `args` in a fresh Node process (as `npm run plan` runs it, from source), from the repo root. */
export function runPlanCli(args: readonly string[]): Promise<ChildResult> {
  const { command, args: full } = childCommand(args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, { cwd: ROOT_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** Plan the `--compare` stack in a child process and read its cost report. */
async function compareBaseline(pending: Promise<ChildResult>, stack: string): Promise<{ project: string; stack: string; cost: DiffableCost }> {
  const r = await pending;
  const stderr = r.stderr
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("npm warn"))
    .join("\n");
  if (r.code === 2) throw new UsageError(`--compare ${stack}: ${stderr.replace(/^plan: /, "")}`);
  try {
    return parseBaseline(r.stdout, `the plan of stack ${stack}`);
  } catch (e) {
    // The other stack has config errors or its program failed (its plan exits 1 without a cost
    // report), or its plan crashed: errors found, not a usage error.
    if (e instanceof BaselineError) throw new CompareError(`--compare ${stack}: ${r.code === 1 ? e.message : `its plan exited with ${r.code}: ${stderr || e.message}`}`);
    throw e;
  }
}

function readMeasurements(specs: readonly string[], functions: { key: string; architecture: "x86_64" | "arm64" }[]): Measurements {
  const sets = specs.map((spec) => {
    const eq = /^([^=]+)=(.+)$/.exec(spec);
    const [functionKey, file] = fs.existsSync(spec) || !eq ? [undefined, spec] : [eq[1], eq[2]!];
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`--measurements: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--measurements: ${file} is not JSON: ${(e as Error).message}`);
    }
    return parseMeasurements(json, { label: file, functionKey, functions });
  });
  return mergeMeasurements(sets);
}

/**
 * Run `fn` with stack traces off. The Pulumi runtime stamps `new Error().stack` on every promise
 * it creates (for its leak report), and under ts-node each stack goes through source-map-support:
 * for a 100-function stack that was over half of the plan's CPU time (bench/README.md, "Plan").
 * The plan prints error messages, never stacks. `PULUMI_DEBUG_PROMISE_LEAKS=1` keeps them.
 */
async function withoutStackTraces<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return fn();
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await fn();
  } finally {
    Error.stackTraceLimit = saved;
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Safe file name part for a function key. */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");

async function plan(o: PlanCliOptions, deps: PlanCliDeps, onFailure: (message: string) => void): Promise<number> {
  // Usage problems first, before the ~3 s program run.
  const stackFile = loadStackFile(ROOT_DIR, o.stack, o.configFile);
  const baselineFromFile = o.baseline !== undefined ? parseBaseline(readText(o.baseline, "--baseline"), o.baseline) : undefined;
  const validated = o.rightsize ? settingsFromStackFile(stackFile, today()) : undefined;
  const settings = validated && !validated.problems.some((p) => p.severity === "error") ? validated.settings : undefined;
  const measurements =
    o.rightsize && o.measurements.length > 0 && settings
      ? readMeasurements(o.measurements, settings.functions.map((f) => ({ key: f.key, architecture: f.architecture })))
      : undefined;
  const child =
    o.compare !== undefined ? deps.runCompare(["--stack", o.compare, "--format", "json", ...(o.compareConfigFile !== undefined ? ["--config-file", o.compareConfigFile] : [])]) : undefined;
  // A child that is never awaited (we fail below) must not leave an unhandled rejection.
  child?.catch(() => undefined);

  // A cold plan bundles every function for several seconds: say so on a terminal (stderr), never in
  // pipes or JSON output.
  setBuildProgressListener(buildProgressReporter(deps.stderr, o.format));
  const run = await withoutStackTraces(() => deps.runProgram({ rootDir: ROOT_DIR, stack: o.stack, configFile: o.configFile, stackFile }));
  if (run.failure !== undefined) onFailure(run.failure);
  // The program's own ScheduleTrigger role is assumed by EventBridge Scheduler, scoped to
  // lambda:InvokeFunction on one alias: trusted here; every other role must trust Lambda only.
  const findings = evaluateRun(run, { today: today(), trustedServicePrincipals: ["scheduler.amazonaws.com"] });
  let doc: PlanDocument = buildPlan(run, findings);

  let rightsizeReport: RightsizeReport | null | undefined;
  const charts: Record<string, string> = {};
  if (o.rightsize) {
    rightsizeReport = settings ? rightsize(settings, { measurements, budgetUsd: o.budgetUsd }) : null;
    if (rightsizeReport && o.outDir !== undefined) {
      for (const f of rightsizeReport.functions) {
        const file = path.join(o.outDir, `${fileSafe(doc.stack)}-${fileSafe(f.name)}.svg`);
        writeOutput(file, costCurveSvg(f, `${doc.project}/${doc.stack}: ${f.name}`), "--out-dir");
        charts[f.name] = file;
      }
    }
    doc = { ...doc, rightsize: rightsizeReport };
  }

  if (child || baselineFromFile) {
    const base = baselineFromFile ?? (await compareBaseline(child!, o.compare!));
    const label = o.compare !== undefined ? `stack ${o.compare}${o.compareConfigFile ? ` (${o.compareConfigFile})` : ""}` : `file ${o.baseline}`;
    const diff: CostDiff | null = doc.cost ? diffCosts(base.cost, doc.cost, { label, project: base.project, stack: base.stack }) : null;
    doc = { ...doc, diff };
  }

  const verdict = planVerdict(doc, o.failOnIncrease, { requirePrices: o.requirePrices });
  const relative = path.relative(process.cwd(), stackFile.path);
  const configFile = relative === "" || relative.startsWith("..") ? stackFile.path : relative;
  const text = o.format === "json" ? JSON.stringify(doc, null, 2) + "\n" : formatPlan(doc, o.format, { configFile, verdict, charts: o.outDir !== undefined ? charts : undefined });
  if (o.out !== undefined) {
    writeOutput(o.out, text, "--out");
    const total = doc.cost ? `, ${doc.cost.totalUsd.toFixed(2)} USD/month` : "";
    deps.stdout.write(`Plan for ${doc.project}/${doc.stack} written to ${o.out} (${o.format}): ${doc.resources.length} resources${total}; ${verdict.exitCode === 0 ? "OK" : `FAILED: ${verdict.reasons.join("; ")}`}\n`);
  } else {
    deps.stdout.write(text);
  }
  for (const r of verdict.reasons) deps.stderr.write(`plan: ${r}\n`);
  return verdict.exitCode;
}

/**
 * Progress lines for package builds, or undefined when nothing is to be shown: only on a terminal
 * (`isTTY`) and not with `--format json`.
 */
export function buildProgressReporter(stream: { readonly isTTY?: boolean; write(text: string): unknown }, format: PlanCliOptions["format"]): ((e: BuildProgress) => void) | undefined {
  if (!stream.isTTY || format === "json") return undefined;
  return (e) => {
    if (e.phase === "bundling") stream.write(`plan: bundling ${e.name} (not cached)…\n`);
    else if (e.cached) stream.write(`plan: ${e.name}: cached build\n`);
    else stream.write(`plan: ${e.name} bundled in ${(e.ms / 1000).toFixed(1)} s\n`);
  };
}

function readText(file: string, flag: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Run the CLI; resolves to the exit code. `deps` defaults to this process (see {@link PlanCliDeps}). */
export async function main(argv: readonly string[], deps: PlanCliDeps = processDeps(), onFailure: (message: string) => void = () => undefined): Promise<number> {
  try {
    const options = parseArgs(argv, deps);
    return await plan(options, deps, onFailure);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message (or the help).
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UsageError || e instanceof StackFileError || e instanceof BaselineError || e instanceof MeasurementsError) {
      deps.stderr.write(`plan: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CompareError) {
      deps.stderr.write(`plan: ${e.message}\n`);
      return 1;
    }
    deps.stderr.write(`plan: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  let failure: string | undefined;
  let running = true;
  // The program's own config error (and a program failure) also surface as unhandled rejections
  // from the Pulumi runtime, once per resource input that depended on the failed value, wrapped in
  // "error serializing property …" (and during the run, as index.ts yields between functions):
  // they are already in the plan. Held until the run is over; any other error is reported once.
  const held = new Map<Promise<unknown>, unknown>();
  const reported = new Set<string>();
  const report = (e: unknown): void => {
    if (e && typeof e === "object" && Array.isArray((e as { problems?: unknown }).problems)) return;
    const message = rootMessage((e as Error)?.message ?? String(e));
    if ((failure !== undefined && message === rootMessage(failure)) || reported.has(message)) return;
    reported.add(message);
    process.stderr.write(`plan: unexpected error after the run: ${message}\n`);
    process.exitCode = 1;
  };
  process.on("unhandledRejection", (e, promise) => (running ? held.set(promise, e) : report(e)));
  // Handled late after all (the runtime awaited it): not an error, and no Node warning either.
  process.on("rejectionHandled", (promise) => held.delete(promise));
  void main(process.argv.slice(2), processDeps(), (m) => (failure = m)).then((code) => {
    running = false;
    for (const e of held.values()) report(e);
    held.clear();
    process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
  });
}
