// Plan time and peak memory for stacks of 10, 100 and 500 functions, and the share of it spent in
// our validation + cost report.
//
//   npm run bench:plan          (BENCH_SIZES=10,100,500 BENCH_RUNS=2 by default)
//
// Each size gets a generated stack file (every function reuses functions/hello as its source) and
// is planned with `plan/cli.ts --format json` in a fresh Node process: once cold (each function's
// package is built and cached under .build/), then BENCH_RUNS times warm (cached packages: what a
// developer sees on the second run). Wall time is measured by this script; peak RSS is the
// child's own `process.resourceUsage().maxRSS`, printed by a preloaded exit hook. Runs are
// sequential (the machine is shared).
//
// Validation + costing share: the same stack's raw config is validated with validateStackSettings
// and priced with buildCostReport in this process (median of several runs, after a warm-up), and
// compared with the plan's warm wall time. The program does this work as config/load.ts does: validate,
// validate again with the measured package sizes, then build the cost report; the share is given
// for that (2 × validate + 1 × cost report).
//
// Floor (issue #13): a bare Node script that only loads @pulumi/pulumi and @pulumi/aws, installs the
// same mocks (plan/mock-engine.ts, compiled to JavaScript with esbuild beforehand, so no TypeScript
// loader is in the floor) and registers the same resources with the same inputs and parents as the
// plan did (read from the cold plan's JSON), under runInPulumiStack, then disconnects. It is what
// any plan built on the Pulumi SDK's mock engine pays. It comes in two forms, both printed:
//   - "generic": each custom resource is a bare `new pulumi.CustomResource(type, name, inputs)`, so
//     the SDK makes an Output only for the recorded inputs;
//   - "classes": each custom resource is built through its @pulumi/aws class (aws:lambda/function:Function
//     → aws.lambda.Function) with the same inputs, as every program that creates these resources
//     does: the class declares all of the resource's properties (a Lambda function has ~60), and
//     the SDK makes an Output for each of them.
// Both yield to the event loop every RESOURCES_PER_YIELD (50) resources, as the program does
// (components/shared/batches.ts): registering everything before the first registration completes
// costs far more memory and garbage collection, and a floor must not be beaten by scheduling alone.
// Warm plan and the two floors run alternately, each in a fresh process, BENCH_RUNS times; the
// table gives the ratios of their median CPU times.
//
// The generated .build/planbench-* packages are deleted before and after (BENCH_KEEP_CACHE=1 keeps
// them at the end).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { buildSync } from "esbuild";
import { stringify } from "yaml";
import { rawConfigFromStackFile, loadStackFile } from "../config/stack-file";
import { buildCostReport } from "../report/cost-report";
import { validateStackSettings } from "../config/validate";
import { RESOURCES_PER_YIELD } from "../components/shared/batches";
import { machineLine, median, printTable } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const KEY_PREFIX = "planbench-";
const STACK = "bench";

function stackConfig(functions: number): unknown {
  const fns: Record<string, unknown> = {};
  for (let i = 1; i <= functions; i++) {
    const key = `${KEY_PREFIX}${String(i).padStart(4, "0")}`;
    fns[key] = {
      source: "functions/hello",
      runtime: "nodejs24.x",
      architecture: i % 3 === 0 ? "x86_64" : "arm64",
      memoryMb: [128, 256, 512, 1024, 1769][i % 5],
      timeoutSeconds: 10,
      environment: { POWERTOOLS_SERVICE_NAME: key },
      // Provisioned concurrency needs a pinned version ("1": a function not deployed yet).
      ...(i % 10 === 0 ? { provisionedConcurrency: 1, release: { stableVersion: "1" } } : {}),
      usage: { requestsPerMonth: 100_000 * ((i % 7) + 1), avgDurationMs: 20 + (i % 13), scenarios: { low: { requestsPerMonth: 10_000 * ((i % 7) + 1) }, peak: { requestsPerMonth: 1_000_000 * ((i % 7) + 1) } } },
    };
  }
  return {
    config: {
      "aws:region": "us-east-1",
      "private-lambda:env": "dev",
      "private-lambda:logRetentionDays": 14,
      "private-lambda:network": { mode: "create", cidrBlock: "10.60.0.0/16", availabilityZones: 2, natGateways: "none", interfaceEndpoints: ["xray"], gatewayEndpoints: ["dynamodb"] },
      // Room for 500 functions with reserved/provisioned concurrency checks.
      "private-lambda:account": { concurrencyLimit: 10000 },
      "private-lambda:pricing": { freeTier: false, hoursPerMonth: 730 },
      "private-lambda:functions": fns,
    },
  };
}

interface Sample {
  readonly wallMs: number;
  /** The child's user + system CPU time: less sensitive than wall time to other load on the machine. */
  readonly cpuMs: number;
  readonly maxRssKb: number;
  readonly resources: number;
  readonly code: number | null;
}

function planOnce(configFile: string, outFile: string, preload: string): Promise<Sample> {
  const args = ["-r", path.join(ROOT, "plan", "register.js"), "-r", preload, path.join(ROOT, "plan", "cli.ts"), "--stack", STACK, "--config-file", configFile, "--format", "json", "--out", outFile];
  return measure("plan", args, () => (JSON.parse(fs.readFileSync(outFile, "utf8")) as { resources: unknown[] }).resources.length);
}

/** How the floor builds custom resources (see the header). */
export type FloorMode = "generic" | "classes";

/** The bare-registration floor for the plan in `planFile` (see the header). */
function floorOnce(floorScript: string, planFile: string, preload: string, mode: FloorMode): Promise<Sample> {
  return measure(`floor (${mode})`, ["-r", preload, floorScript, planFile, mode], () => NaN);
}

/**
 * Writes the floor script into `dir`: plain JavaScript, requiring the SDK from this repository's
 * node_modules and the mock engine compiled by esbuild (the floor never loads a TypeScript loader).
 */
export function writeFloorScript(dir: string): string {
  const mockEngine = path.join(dir, "mock-engine.js");
  buildSync({ entryPoints: [path.join(ROOT, "plan", "mock-engine.ts")], outfile: mockEngine, platform: "node", format: "cjs", target: "node20", bundle: true, packages: "external", logLevel: "error" });
  const script = path.join(dir, "floor.js");
  const sdk = (name: string) => JSON.stringify(require.resolve(name, { paths: [ROOT] }));
  fs.writeFileSync(
    script,
    `"use strict";
Error.stackTraceLimit = 0; // as the plan runs (plan/cli.ts, withoutStackTraces)
const fs = require("node:fs");
const pulumi = require(${sdk("@pulumi/pulumi")});
const aws = require(${sdk("@pulumi/aws")});
const { createMocks } = require(${JSON.stringify(mockEngine)});
const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const mode = process.argv[3];
if (mode !== "generic" && mode !== "classes") throw new Error("mode: got " + mode + ", allowed generic or classes");
/** A custom resource: bare, or through its @pulumi/aws class ("aws:lambda/function:Function" → aws.lambda.Function). */
function custom(r, opts) {
  if (mode === "generic") return new pulumi.CustomResource(r.type, r.name, r.inputs, opts);
  const [pkg, mod, name] = r.type.split(":");
  const service = mod.split("/")[0];
  const Class = pkg === "aws" ? (service === "index" ? aws : aws[service] || {})[name] : undefined;
  if (typeof Class !== "function") throw new Error("no @pulumi/aws class for " + r.type);
  return new Class(r.name, r.inputs, opts);
}
// The bench stack's aws:region, and the plan's default account id (plan/run.ts).
const recorder = createMocks({ accountId: "123456789012", region: "us-east-1" });
(async () => {
  await pulumi.runtime.setMocks(recorder.mocks, plan.project, plan.stack, false);
  recorder.captureParents(pulumi.runtime.getMonitor());
  await pulumi.runtime.runInPulumiStack(async () => {
    const byKey = new Map();
    let registered = 0;
    for (const r of plan.resources) {
      // As the program yields (components/shared/batches.ts): see the bench's header.
      if (++registered % ${RESOURCES_PER_YIELD} === 0) await new Promise((resolve) => setImmediate(resolve));
      const parent = r.parent ? byKey.get(r.parent) : undefined;
      const opts = parent ? { parent } : {};
      // Custom resources have a module in their type token (aws:lambda/function:Function).
      const res = r.type.includes("/") ? custom(r, opts) : new pulumi.ComponentResource(r.type, r.name, r.inputs, opts);
      byKey.set(r.type + "::" + r.name, res);
    }
    return {};
  });
  await pulumi.runtime.disconnect();
  if (recorder.resources.length < plan.resources.length) throw new Error("floor registered " + recorder.resources.length + " of " + plan.resources.length);
})().catch((e) => { process.stderr.write(String(e && e.stack || e) + "\\n"); process.exitCode = 1; });
`,
  );
  return script;
}

/** Runs `node <args>` from the repo root with the preloaded usage hook; `count` reads the resources registered. */
function measure(label: string, args: string[], count: () => number): Promise<Sample> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - start;
      const usage = /PLAN_BENCH_MAXRSS_KB=(\d+) PLAN_BENCH_CPU_US=(\d+)/.exec(stderr);
      if (code !== 0) {
        reject(new Error(`${label} exited ${code}: ${stderr.replace(/PLAN_BENCH_MAXRSS_KB=.*\n?/, "").slice(0, 2000)}`));
        return;
      }
      resolve({ wallMs, cpuMs: Number(usage?.[2] ?? NaN) / 1000, maxRssKb: Number(usage?.[1] ?? NaN), resources: count(), code });
    });
  });
}

/** Median time (ms) of `fn` over `runs` calls after one warm-up. */
function timeIt(fn: () => void, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}


function removeBenchPackages(): void {
  const cache = path.join(ROOT, ".build");
  for (const f of fs.existsSync(cache) ? fs.readdirSync(cache) : []) if (f.startsWith(KEY_PREFIX)) fs.rmSync(path.join(cache, f), { force: true });
}

async function main(): Promise<void> {
  // Cold means cold: no package of ours left from an earlier run.
  removeBenchPackages();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bench-"));
  const preload = path.join(dir, "maxrss.js");
  fs.writeFileSync(
    preload,
    `process.on("exit", () => { const u = process.resourceUsage(); process.stderr.write("PLAN_BENCH_MAXRSS_KB=" + u.maxRSS + " PLAN_BENCH_CPU_US=" + (u.userCPUTime + u.systemCPUTime) + "\\n"); });\n`,
  );
  console.log(`Plan scale bench: ${machineLine()}`);
  console.log(`sizes ${SIZES.join(", ")}; 1 cold + ${RUNS} warm runs each, sequential\n`);

  const floorScript = writeFloorScript(dir);
  const rows: string[][] = [];
  const floorRows: string[][] = [];
  const shareRows: string[][] = [];
  const warmBySize = new Map<number, number>();
  const warmCpuBySize = new Map<number, number>();
  try {
    for (const n of SIZES) {
      const configFile = path.join(dir, `Pulumi.${STACK}-${n}.yaml`);
      fs.writeFileSync(configFile, stringify(stackConfig(n)));
      const outFile = path.join(dir, `plan-${n}.json`);
      const cold = await planOnce(configFile, outFile, preload);
      const warm: Sample[] = [];
      const floor: Sample[] = [];
      const classes: Sample[] = [];
      // Alternating, so that background load hits all three alike.
      for (let i = 0; i < RUNS; i++) {
        warm.push(await planOnce(configFile, outFile, preload));
        floor.push(await floorOnce(floorScript, outFile, preload, "generic"));
        classes.push(await floorOnce(floorScript, outFile, preload, "classes"));
      }
      const warmMs = median(warm.map((s) => s.wallMs));
      const warmCpuMs = median(warm.map((s) => s.cpuMs));
      const rssMb = Math.max(...warm.map((s) => s.maxRssKb)) / 1024;
      warmBySize.set(n, warmMs);
      warmCpuBySize.set(n, warmCpuMs);
      rows.push([
        String(n),
        String(cold.resources),
        (cold.wallMs / 1000).toFixed(2),
        (warmMs / 1000).toFixed(2),
        warm.map((s) => (s.wallMs / 1000).toFixed(2)).join(", "),
        (warmCpuMs / 1000).toFixed(2),
        (warmCpuMs / n).toFixed(1),
        rssMb.toFixed(0),
      ]);
      const floorCpuMs = median(floor.map((s) => s.cpuMs));
      const classesCpuMs = median(classes.map((s) => s.cpuMs));
      const peakMb = (samples: Sample[]) => (Math.max(...samples.map((s) => s.maxRssKb)) / 1024).toFixed(0);
      floorRows.push([
        String(n),
        (warmCpuMs / 1000).toFixed(2),
        (floorCpuMs / 1000).toFixed(2),
        `${(warmCpuMs / floorCpuMs).toFixed(2)}×`,
        (classesCpuMs / 1000).toFixed(2),
        `${(warmCpuMs / classesCpuMs).toFixed(2)}×`,
        rssMb.toFixed(0),
        peakMb(floor),
        peakMb(classes),
      ]);
      console.error(`  ${n} functions: floor CPU ${(floorCpuMs / 1000).toFixed(2)} s generic, ${(classesCpuMs / 1000).toFixed(2)} s classes; plan ÷ floor ${(warmCpuMs / floorCpuMs).toFixed(2)}×, ${(warmCpuMs / classesCpuMs).toFixed(2)}×`);
      console.error(`  ${n} functions: cold ${(cold.wallMs / 1000).toFixed(2)} s, warm ${(warmMs / 1000).toFixed(2)} s (CPU ${(warmCpuMs / 1000).toFixed(2)} s), ${rssMb.toFixed(0)} MB`);

      // Validation + cost report in-process on the same config.
      const file = loadStackFile(ROOT, STACK, configFile);
      const raw = rawConfigFromStackFile(file);
      const opts = { project: file.project, stack: file.stack, today: new Date().toISOString().slice(0, 10) };
      const settings = validateStackSettings(raw, opts).settings!;
      const reps = n >= 500 ? 5 : 20;
      const validateMs = timeIt(() => void validateStackSettings(raw, opts), reps);
      const costMs = timeIt(() => void buildCostReport(settings), reps);
      const programMs = 2 * validateMs + costMs;
      shareRows.push([String(n), validateMs.toFixed(1), costMs.toFixed(1), programMs.toFixed(1), `${((100 * programMs) / warmMs).toFixed(1)} %`, `${((100 * programMs) / warmCpuMs).toFixed(1)} %`]);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (process.env.BENCH_KEEP_CACHE !== "1") removeBenchPackages();
  }

  console.log("Plan wall time (fresh process each; warm = packages cached) and peak RSS:\n");
  printTable(["functions", "resources", "cold s", "warm s (median)", "warm runs s", "warm CPU s (median)", "warm CPU ms / function", "peak RSS MB"], rows);
  const sizes = [...warmBySize.keys()].sort((a, b) => a - b);
  if (sizes.length > 1) {
    console.log("\nMarginal cost per added function (warm; CPU time is the steadier figure on a loaded machine):\n");
    const marginal = sizes.slice(1).map((n, i) => {
      const prev = sizes[i]!;
      const per = (m: Map<number, number>) => ((m.get(n)! - m.get(prev)!) / (n - prev)).toFixed(1);
      return [`${prev} → ${n}`, per(warmBySize), per(warmCpuBySize)];
    });
    printTable(["step", "wall ms per added function", "CPU ms per added function"], marginal);
  }
  console.log("\nWarm plan against the bare-registration floor (same resources and inputs, same mocks; alternating runs):\n");
  printTable(["functions", "warm plan CPU s (median)", "generic floor CPU s", "plan ÷ generic", "classes floor CPU s", "plan ÷ classes", "plan peak RSS MB", "generic floor peak RSS MB", "classes floor peak RSS MB"], floorRows);
  console.log("\nValidation + cost report (in-process, median) vs warm plan time:\n");
  printTable(["functions", "validateStackSettings ms", "buildCostReport ms", "as the program does it (2 × validate + cost) ms", "share of plan wall", "share of plan CPU"], shareRows);
}

// Imported by test/bench/plan-floor.e2e.test.ts for writeFloorScript: run only as a script.
if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exitCode = 1;
  });
}
