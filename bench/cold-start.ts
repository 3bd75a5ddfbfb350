// Cold-start module load time and package size: bundled handler vs the same handler shipped unbundled.
//
//   npx ts-node --transpile-only bench/cold-start.ts        (BENCH_RUNS=20 by default)
//
// Variants per function, each loaded in a fresh `node` process BENCH_RUNS times (round-robin, after
// one discarded warm-up run each, so file-system caching and drift hit all variants alike):
//   bundled           what buildPackage ships: minified index.js, AWS SDK included (plus
//                     lazy-imports.js and its node_modules stand-ins, not loaded at init)
//   node-core floor   only the Node core modules the bundle loads: the part no packaging can remove
//   bundled-sdk-ext   the same with "@aws-sdk/*" external: the SDK is loaded from node_modules,
//                     as it would be from the Lambda runtime's copy (not counted in the zip)
//   unbundled         esbuild transpile only (bundle: false) + node_modules; the zip holds the JS and
//                     every npm package found in require.cache after loading (whole package
//                     directories, as `npm install --omit=dev` would ship them)
// "load" is the time of the require() call inside the child; "process" is the child's wall time
// seen by this script (node start-up included).
//
// Settings (environment):
//   BENCH_RUNS=20           measured runs per variant
//   BENCH_NODE=<path>       the Node binary that runs the children (default: the one running this
//                           script); use the Lambda runtime's major version (bench/README.md says how)
//   BENCH_RUNTIME=nodejsNN.x  the runtime the packages are built for (esbuild target); default: the
//                           children's Node major when it is a Lambda runtime, else nodejs22.x
//   BENCH_PAGE_CACHE=warm   "warm": the files are in the page cache (after the warm-up run), as
//                           when Lambda has just written the package; "cold": before every measured
//                           run, drop the page cache (Linux, root: /proc/sys/vm/drop_caches) and load
//                           Node's core modules once, so that only the package's files are read from disk
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { unzipSync } from "fflate";
import { RUNTIME_TARGETS, buildPackage } from "../packaging";
import { measureZip, toDeterministicZip } from "../packaging/zip";
import { bytes, machineLine, median, ms, p90, printTable } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NODE = process.env.BENCH_NODE ?? process.execPath;
const NODE_VERSION = spawnSync(NODE, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
const NODE_RUNTIME = `nodejs${NODE_VERSION.split(".")[0]}.x`;
const RUNTIME = process.env.BENCH_RUNTIME ?? (Object.hasOwn(RUNTIME_TARGETS, NODE_RUNTIME) ? NODE_RUNTIME : "nodejs22.x");
const PAGE_CACHE = process.env.BENCH_PAGE_CACHE ?? "warm";
if (PAGE_CACHE !== "warm" && PAGE_CACHE !== "cold") throw new Error(`BENCH_PAGE_CACHE: got ${JSON.stringify(PAGE_CACHE)}, allowed warm, cold`);
const FUNCTIONS = ["hello", "pageview-counter"] as const;
// What Lambda sets for a function (the parts our code reads at init): with AWS_EXECUTION_ENV the
// Powertools Tracer turns tracing on (patches http/https, captures the SDK client), and with
// LAMBDA_TASK_ROOT the X-Ray SDK starts in Lambda mode (facade segment, no sampling pollers), as at
// a real init. LAMBDA_TASK_ROOT is set per child to the module's directory.
const CHILD_ENV = {
  PATH: process.env.PATH ?? "",
  AWS_EXECUTION_ENV: `AWS_Lambda_${RUNTIME}`,
  AWS_LAMBDA_FUNCTION_NAME: "bench",
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
  AWS_XRAY_DAEMON_ADDRESS: "169.254.79.129:2000",
  AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
  TABLE_NAME: "pageviews",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "x",
  AWS_SECRET_ACCESS_KEY: "x",
  AWS_SESSION_TOKEN: "x",
  // The SDK warns once on Node < 22 (not on the nodejs22.x/24.x runtimes); keep stderr quiet.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
/** Loads every public core module (some warn or are deprecated: ignored). */
const WARM_NODE_SCRIPT = 'for (const m of require("module").builtinModules) { try { require(m); } catch {} }';
/** Marks the child's result line: libraries may log to stdout during init. */
const RESULT_MARK = "@@bench-result@@";
// Loads the module, prints the require() time and (optionally) every file it pulled in.
// With "files" it also lists the public Node core modules the load pulled in (from the internal
// process.moduleLoadList, diffed around the require).
const CHILD_SCRIPT = `
const before = new Set(process.moduleLoadList);
const t0 = process.hrtime.bigint();
require(process.argv[1]);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const files = process.argv[2] === "files";
const core = new Set(require("module").builtinModules);
const builtins = files ? process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith("NativeModule ")).map((m) => m.slice(13)).filter((m) => core.has(m)) : [];
process.stdout.write("\\n${RESULT_MARK}" + JSON.stringify({ loadMs, files: files ? Object.keys(require.cache) : [], builtins }) + "\\n");
`;

interface Variant {
  fn: string;
  label: string;
  modulePath: string;
  zippedBytes: number;
  unzippedBytes: number;
  loadMs: number[];
  processMs: number[];
  note: string;
}

/**
 * Empties the page cache, then runs a Node process that loads every core module, so that the Node
 * binary and its built-in modules are cached again and only the package's files are cold.
 */
function dropPageCache(): void {
  const sync = spawnSync("sync");
  if (sync.status !== 0) throw new Error("BENCH_PAGE_CACHE=cold: sync failed");
  try {
    fs.writeFileSync("/proc/sys/vm/drop_caches", "3\n");
  } catch (error) {
    throw new Error(`BENCH_PAGE_CACHE=cold needs Linux and root (writing /proc/sys/vm/drop_caches): ${(error as Error).message}`);
  }
  spawnSync(NODE, ["-e", WARM_NODE_SCRIPT], { env: CHILD_ENV });
}

function runChild(modulePath: string, withFiles = false): { loadMs: number; processMs: number; files: string[]; builtins: string[] } {
  const start = performance.now();
  const r = spawnSync(NODE, ["-e", CHILD_SCRIPT, modulePath, withFiles ? "files" : ""], {
    env: { ...CHILD_ENV, LAMBDA_TASK_ROOT: path.dirname(modulePath) },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  const processMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`child failed for ${modulePath}: ${r.stderr}`);
  const line = r.stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) throw new Error(`child printed no result for ${modulePath}: ${r.stdout.slice(0, 500)}`);
  const out = JSON.parse(line.slice(RESULT_MARK.length)) as { loadMs: number; files: string[]; builtins: string[] };
  return { loadMs: out.loadMs, processMs, files: out.files, builtins: out.builtins };
}

function extract(zipPath: string, dir: string): void {
  for (const [name, data] of Object.entries(unzipSync(fs.readFileSync(zipPath)))) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
}

/** Package directory of a file inside node_modules (scoped or not, nested node_modules included). */
function packageRoot(file: string): string | undefined {
  const parts = file.split(path.sep);
  const i = parts.lastIndexOf("node_modules");
  if (i < 0 || i + 1 >= parts.length) return undefined;
  const len = parts[i + 1].startsWith("@") ? 3 : 2;
  return parts.slice(0, i + len).join(path.sep);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function zipSizes(files: Record<string, Uint8Array>): { zippedBytes: number; unzippedBytes: number } {
  const zip = toDeterministicZip(files);
  return { zippedBytes: zip.byteLength, unzippedBytes: measureZip(zip).unzippedBytes };
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cold-start-"));
  const cacheDir = path.join(work, "cache");
  const variants: Variant[] = [];
  try {
    // Unbundled: transpile every .ts under functions/ once, next to a node_modules link.
    const unbundledDir = path.join(work, "unbundled");
    const tsFiles = walk(path.join(ROOT, "functions")).filter((f) => f.endsWith(".ts"));
    esbuild.buildSync({
      absWorkingDir: ROOT,
      entryPoints: tsFiles,
      outbase: ROOT,
      outdir: unbundledDir,
      bundle: false,
      platform: "node",
      format: "cjs",
      target: RUNTIME_TARGETS[RUNTIME],
      logLevel: "silent",
    });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(unbundledDir, "node_modules"), "dir");

    for (const fn of FUNCTIONS) {
      const spec = { name: fn, sourceDir: `functions/${fn}`, runtime: RUNTIME, architecture: "arm64" as const };

      const bundled = buildPackage(spec, { rootDir: ROOT, cacheDir });
      const bundledDir = path.join(work, "bundled", fn);
      extract(bundled.zipPath, bundledDir);
      variants.push({ fn, label: "bundled", modulePath: path.join(bundledDir, "index.js"), zippedBytes: bundled.zippedBytes, unzippedBytes: bundled.unzippedBytes, loadMs: [], processMs: [], note: `entries: ${bundled.entries.join(", ")}` });

      // The floor shared by every variant: loading just the Node core modules the handler pulls in.
      const { builtins } = runChild(path.join(bundledDir, "index.js"), true);
      const floorPath = path.join(work, `node-core-${fn}.js`);
      fs.writeFileSync(floorPath, builtins.map((b) => `require(${JSON.stringify(b)});`).join("\n") + "\n");
      variants.push({ fn, label: "node-core floor", modulePath: floorPath, zippedBytes: 0, unzippedBytes: 0, loadMs: [], processMs: [], note: `${builtins.length} core modules: ${builtins.join(" ")}` });

      const ext = buildPackage({ ...spec, name: `${fn}-sdk-ext`, external: ["@aws-sdk/*"] }, { rootDir: ROOT, cacheDir });
      if (ext.sha256 !== bundled.sha256) {
        // Only where it differs: a function that does not use the SDK gives the same bytes.
        // The package in pkg/ (its own node_modules stand-ins first), the SDK one level up, as
        // /var/task/node_modules comes before the runtime's copy on Lambda.
        const extDir = path.join(work, "sdk-ext", fn, "pkg");
        extract(ext.zipPath, extDir);
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(path.dirname(extDir), "node_modules"), "dir");
        variants.push({ fn, label: "bundled-sdk-ext", modulePath: path.join(extDir, "index.js"), zippedBytes: ext.zippedBytes, unzippedBytes: ext.unzippedBytes, loadMs: [], processMs: [], note: "zip excludes @aws-sdk/* (runtime copy)" });
      }

      // Unbundled closure: what require() actually loaded, mapped to whole npm packages.
      const modulePath = path.join(unbundledDir, "functions", fn, "index.js");
      const { files } = runChild(modulePath, true);
      const roots = new Set<string>();
      const ownFiles: string[] = [];
      for (const f of files) {
        const root = packageRoot(f);
        if (root !== undefined) roots.add(root);
        else if (f.startsWith(unbundledDir)) ownFiles.push(f);
      }
      const zipFiles: Record<string, Uint8Array> = {};
      const closureOnly: Record<string, Uint8Array> = {};
      for (const f of ownFiles) {
        const name = path.relative(unbundledDir, f).split(path.sep).join("/");
        zipFiles[name] = closureOnly[name] = fs.readFileSync(f);
      }
      for (const root of roots) {
        for (const f of walk(root)) zipFiles[path.relative(ROOT, f).split(path.sep).join("/")] = fs.readFileSync(f);
      }
      for (const f of files) {
        if (packageRoot(f) !== undefined) closureOnly[path.relative(ROOT, f).split(path.sep).join("/")] = fs.readFileSync(f);
      }
      const full = zipSizes(zipFiles);
      const lower = zipSizes(closureOnly);
      variants.push({
        fn,
        label: "unbundled",
        modulePath,
        ...full,
        loadMs: [],
        processMs: [],
        note: `${roots.size} npm packages, ${files.length} modules loaded; zip of loaded files only: ${bytes(lower.zippedBytes)} B (unzipped ${bytes(lower.unzippedBytes)} B)`,
      });
    }

    for (const v of variants) runChild(v.modulePath); // warm-up, discarded
    for (let i = 0; i < RUNS; i++) {
      for (const v of variants) {
        if (PAGE_CACHE === "cold") dropPageCache();
        const r = runChild(v.modulePath);
        v.loadMs.push(r.loadMs);
        v.processMs.push(r.processMs);
      }
    }

    console.log(`# cold-start bench (${RUNS} runs per variant, page cache ${PAGE_CACHE}, children on node v${NODE_VERSION}, packages built for ${RUNTIME})\n${machineLine()}\n`);
    printTable(
      ["function", "variant", "zipped B", "unzipped B", "load median ms", "load p90 ms", "process median ms", "process p90 ms"],
      variants.map((v) => [v.fn, v.label, v.zippedBytes ? bytes(v.zippedBytes) : "–", v.unzippedBytes ? bytes(v.unzippedBytes) : "–", ms(median(v.loadMs)), ms(p90(v.loadMs)), ms(median(v.processMs)), ms(p90(v.processMs))]),
    );
    console.log("");
    for (const fn of FUNCTIONS) {
      const b = variants.find((v) => v.fn === fn && v.label === "bundled");
      const u = variants.find((v) => v.fn === fn && v.label === "unbundled");
      if (b === undefined || u === undefined) continue;
      const f = variants.find((v) => v.fn === fn && v.label === "node-core floor");
      const loadRatio = median(u.loadMs) / median(b.loadMs);
      const sizeRatio = u.zippedBytes / b.zippedBytes;
      const floor = f === undefined ? Number.NaN : median(f.loadMs);
      const aboveFloor = (median(u.loadMs) - floor) / (median(b.loadMs) - floor);
      console.log(
        `${fn}: bundled loads ${loadRatio.toFixed(1)}× faster (target ≥ 3×: ${loadRatio >= 3 ? "met" : "NOT met"}; ` +
          `${aboveFloor.toFixed(1)}× on the time above the ${ms(floor)} ms node-core floor), ` +
          `zip ${sizeRatio.toFixed(1)}× smaller (target ≥ 5×: ${sizeRatio >= 5 ? "met" : "NOT met"})`,
      );
    }
    console.log("");
    for (const v of variants) console.log(`${v.fn} ${v.label}: ${v.note}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
