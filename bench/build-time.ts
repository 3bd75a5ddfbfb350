// Build time per function: cold (empty cache: esbuild + zip + hashing) vs cached (hash recorded inputs, reuse zip).
//
//   npx ts-node --transpile-only bench/build-time.ts        (BENCH_COLD_RUNS=5, BENCH_CACHED_RUNS=20)
//
// Everything runs in this process, sequentially (one core busy). The very first build also pays for
// starting esbuild's service; it is reported apart from the cold-build median.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildPackage, type SourcePackageSpec } from "../packaging";
import { bytes, machineLine, median, ms, p90, printTable } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const CACHED_RUNS = Number(process.env.BENCH_CACHED_RUNS ?? 20);
const FUNCTIONS = ["hello", "pageview-counter"] as const;

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-build-time-"));
  const rows: string[][] = [];
  let firstBuildMs = Number.NaN;
  try {
    for (const fn of FUNCTIONS) {
      const spec: SourcePackageSpec = { name: fn, sourceDir: `functions/${fn}`, runtime: "nodejs22.x", architecture: "arm64" };
      const cold: number[] = [];
      let cacheDir = "";
      for (let i = 0; i < COLD_RUNS + (Number.isNaN(firstBuildMs) ? 1 : 0); i++) {
        cacheDir = path.join(work, `${fn}-${i}`);
        const [built, t] = timed(() => buildPackage(spec, { rootDir: ROOT, cacheDir }));
        if (built.cached) throw new Error("a cold build came from the cache");
        if (Number.isNaN(firstBuildMs)) firstBuildMs = t;
        else cold.push(t);
      }
      const cached: number[] = [];
      let last = buildPackage(spec, { rootDir: ROOT, cacheDir });
      for (let i = 0; i < CACHED_RUNS; i++) {
        const [built, t] = timed(() => buildPackage(spec, { rootDir: ROOT, cacheDir }));
        if (!built.cached) throw new Error("a warm build missed the cache");
        cached.push(t);
        last = built;
      }
      const manifest = JSON.parse(fs.readFileSync(last.zipPath.replace(/\.zip$/, ".json"), "utf8")) as { inputs: { path: string; sha256: string }[] };
      const hashedBytes = manifest.inputs.reduce((s, i) => s + (i.sha256 === "absent" ? 0 : fs.statSync(path.join(ROOT, i.path)).size), 0);
      rows.push([fn, ms(median(cold)), ms(p90(cold)), ms(median(cached)), ms(p90(cached)), String(manifest.inputs.length), bytes(hashedBytes), bytes(last.zippedBytes)]);
    }
    console.log(`# build-time bench (${COLD_RUNS} cold, ${CACHED_RUNS} cached runs per function)\n${machineLine()}\n`);
    console.log(`first build in the process (starts esbuild): ${ms(firstBuildMs)} ms\n`);
    printTable(["function", "cold median ms", "cold p90 ms", "cached median ms", "cached p90 ms", "inputs hashed", "input B hashed", "zip B"], rows);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
