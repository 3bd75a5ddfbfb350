// Require hook for the offline plan's own process (`npm run plan`) and for mocha (`.mocharc*.json`,
// the tests' child processes): loads the repository's `.ts`
// files compiled by esbuild (a transform per file: CommonJS, the tsconfig's target, types
// stripped), cached on disk by a hash of the source, so a repeated plan compiles nothing and never
// loads the TypeScript compiler. `pulumi preview` does not use this: it runs index.ts with Pulumi's
// own TypeScript support, unchanged (Pulumi.yaml). Types are checked by `npm test` (tsc), not here.
//
// Cache: node_modules/.cache/private-lambda/plan-ts/<sha256 of esbuild version, options, path and
// source>.js, written atomically (temp file + rename). Deleting it is always safe. The file is plain
// JavaScript because it is what loads TypeScript.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const CACHE_ROOT = path.join(ROOT, "node_modules", ".cache", "private-lambda");
const CACHE_DIR = path.join(CACHE_ROOT, "plan-ts");
const ESBUILD_VERSION = require("esbuild/package.json").version;
// As tsconfig.json: target ES2022 (class fields with define semantics), CommonJS, esModuleInterop.
const OPTIONS = {
  loader: "ts",
  format: "cjs",
  target: "es2022",
  platform: "node",
  // `await import("./run")` becomes a require(), as tsc does for module commonjs.
  supported: { "dynamic-import": false },
  tsconfigRaw: { compilerOptions: { target: "ES2022", esModuleInterop: true } },
};

// Node ≥ 22.1 can keep V8's compiled code of every module the plan loads (ours and node_modules')
// on disk, so a warm plan compiles no JavaScript either: about a tenth of a 100-function plan's CPU
// on Node 24 (bench/README.md). Node 20 has no such API and compiles as before. Deleting the
// directory is always safe; Node checks each entry against the source it was compiled from.
const { enableCompileCache } = require("node:module");
if (typeof enableCompileCache === "function") enableCompileCache(path.join(CACHE_ROOT, "v8"));

let esbuild;

function compile(source, filename) {
  const key = crypto.createHash("sha256").update(`${ESBUILD_VERSION}\0${JSON.stringify(OPTIONS)}\0${filename}\0`).update(source).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // not cached yet
  }
  esbuild ??= require("esbuild");
  const { code } = esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename });
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  } catch {
    // A read-only checkout still plans, compiling each time.
  }
  return code;
}

require.extensions[".ts"] = function loadTs(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`plan/register.js: refusing to compile ${filename} from node_modules`);
  module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
};
