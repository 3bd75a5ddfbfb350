// esbuild bundling for the package builder (build.ts): one CommonJS bundle per function, with the
// lazy-require split (packages only reached through dynamic import, or deferred, go to a second
// file loaded on first use). See packaging/README.md.
import * as crypto from "node:crypto";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { PackageBuildError } from "./errors";
import { isFile, toPosix } from "./files";

/** Legal comments (`/*! … *\/`, `@license`) go to `index.js.LEGAL.txt` in the zip, out of the loaded code. */
export const LEGAL_COMMENTS = "external" as const;

/**
 * Prefer a package's ESM build ("module") over its CommonJS one ("main"); esbuild's node default is
 * the reverse. AWS SDK v3 and Smithy ship tree-shakable `dist-es` builds: the pageview bundle drops
 * from 674 kB to 478 kB and its load from ~72 to ~50 ms (packaging/README.md). Packages with an `exports`
 * map are unaffected (esbuild follows the map).
 */
export const MAIN_FIELDS = ["module", "main"];

export interface SourceSettings {
  /** Entry file, absolute. */
  entryFile: string;
  target: string;
  minify: boolean;
  sourcemap: boolean;
  external: string[];
  /** Everything besides input contents that decides the output, as canonical JSON. */
  fingerprint: string;
  /**
   * Files that shape the build without being bundled, relative to rootDir, hashed as "absent" when
   * missing: the lockfile (versions of node_modules) and every tsconfig.json esbuild could read
   * between the source directory and rootDir (TypeScript compile settings).
   */
  contextFiles: string[];
}

/** Where esbuild pretends to write (never written: `write: false`). Inside rootDir so source-map paths are repo-relative. */
const VIRTUAL_OUT_DIR = "__lambda_package__";

/** Second bundle holding every package the handler loads only later; see {@link bundle}. */
export const LAZY_BUNDLE_NAME = "lazy-imports";

/**
 * Packages whose `require()` is deferred from init to the first use of their exports, when every
 * import of the package in the graph is a plain `require("<name>")` of one and the same file.
 *
 * `semver`: `aws-xray-sdk-core` (loaded at init by the Powertools Tracer) requires it at the top of
 * its AWS SDK v2 patcher for one `semver.gte` call made only when a v2 client is captured, which a
 * function on SDK v3 never does. Loading it builds every semver regular expression and range class:
 * deferring it cut the hello bundle's load by about 3.7 ms of 22 (packaging/README.md, "Deferred
 * packages"). Only packages whose exports are a plain object belong here (the stand-in is a Proxy
 * over an object, so a package exporting a function would stop being callable).
 */
export const DEFERRED_PACKAGES: readonly string[] = Object.freeze(["semver"]);

/**
 * Bundles the entry into `index.js`, and moves what init does not need into `lazy-imports.js`:
 *
 * - **dynamic-only packages**: packages that the import graph only ever reaches through a dynamic
 *   `import("pkg")` (with the AWS SDK: the credential providers other than the environment one, the
 *   STS/SSO clients, event streams, bowser). Why: in a single CommonJS bundle esbuild turns
 *   `import()` into a lazy `require()`, and every ES module reachable from one (most of
 *   `@smithy/core` and `@aws-sdk/core`) is then wrapped for lazy evaluation and no longer
 *   tree-shaken, so it is both compiled and initialised at load, used or not. Splitting them out cut
 *   the pageview bundle's load by about a quarter (packaging/README.md).
 * - **deferred packages** ({@link DEFERRED_PACKAGES}): required at init but used later, if at all.
 *
 * How, with the synchronous API (no plugins): a first build finds both kinds of specifiers in its
 * metafile; the final `index.js` marks them `external` and lowers `import()` to `require()`, so they
 * become `require("pkg")` at run time, answered by a small `node_modules/<pkg>/index.js` in the zip
 * that takes the package from `lazy-imports.js` (for a deferred package: a stand-in object that does
 * so on the first property access). That file is bundled with the same specifiers external, so each
 * such package exists once. Modules shared between the two files (e.g. parts of `@smithy/core`)
 * exist twice, as with nested `node_modules` copies; the SDK's packages talk across that boundary
 * with plain objects and duck-typed errors.
 */
export function bundle(name: string, s: SourceSettings, rootDir: string): { files: Record<string, Uint8Array>; inputs: string[] } {
  const first = runEsbuild(name, s, rootDir, { entryPoints: [{ in: s.entryFile, out: "index" }] }, s.external);
  const dynamicOnly = dynamicOnlyPackages(first.metafile);
  const deferred = deferrablePackages(first.metafile, DEFERRED_PACKAGES);
  if (dynamicOnly.size === 0 && deferred.size === 0) return { files: outputFiles(first, rootDir), inputs: metafileInputs(first.metafile, rootDir) };

  const lazy = new Map([...dynamicOnly, ...deferred]);
  const specifiers = [...lazy.keys()].sort();
  const external = [...s.external, ...specifiers];
  const main = runEsbuild(name, s, rootDir, { entryPoints: [{ in: s.entryFile, out: "index" }], supported: NO_NATIVE_IMPORT }, external);
  // The entry of lazy-imports.js: one getter per package, requiring it by file path (so the bare
  // specifier, external here too, does not apply to it) only when first asked for.
  const entry =
    "module.exports = {\n" +
    specifiers.map((spec) => `  get ${JSON.stringify(spec)}() { return require(${JSON.stringify(`./${lazy.get(spec)}`)}); },\n`).join("") +
    "};\n";
  const side = runEsbuild(name, s, rootDir, {
    stdin: { contents: entry, resolveDir: rootDir, sourcefile: `${LAZY_BUNDLE_NAME}-entry.js`, loader: "js" },
    entryNames: LAZY_BUNDLE_NAME,
    supported: NO_NATIVE_IMPORT,
  }, external);

  const files = { ...outputFiles(main, rootDir), ...outputFiles(side, rootDir) };
  for (const spec of specifiers) {
    const shim = `node_modules/${spec}/index.js`;
    const lazyFile = JSON.stringify(`${path.posix.relative(path.posix.dirname(shim), ".")}/${LAZY_BUNDLE_NAME}.js`);
    files[shim] = new TextEncoder().encode(deferred.has(spec) ? deferredShim(spec, lazyFile) : dynamicOnlyShim(spec, lazyFile));
  }
  const inputs = new Set([...metafileInputs(first.metafile, rootDir), ...metafileInputs(main.metafile, rootDir), ...metafileInputs(side.metafile, rootDir)]);
  return { files, inputs: [...inputs] };
}

let shimsFingerprintMemo: string | undefined;

/** The generated stand-ins are part of the output: a change to their text must miss the cache. */
export function shimsFingerprint(): string {
  shimsFingerprintMemo ??= crypto.createHash("sha256").update(dynamicOnlyShim("<spec>", "<file>")).update(deferredShim("<spec>", "<file>")).digest("hex");
  return shimsFingerprintMemo;
}

function dynamicOnlyShim(spec: string, lazyFile: string): string {
  return `// ${spec}, bundled in ${LAZY_BUNDLE_NAME}.js (loaded on first import()).\n` +
    `module.exports = require(${lazyFile})[${JSON.stringify(spec)}];\n`;
}

/**
 * Stands in for a deferred package's exports object: the package is taken from `lazy-imports.js` on
 * the first property read, write, definition or deletion, `in` test or key listing, and those go to
 * it. Not forwarded: `Object.freeze`/`preventExtensions` (they throw), the prototype, and
 * `util.inspect` (shows `{}`); none of them is what a module's user does with semver.
 */
function deferredShim(spec: string, lazyFile: string): string {
  return `// ${spec}, bundled in ${LAZY_BUNDLE_NAME}.js: loaded on first use of its exports, not at init.\n` +
    `"use strict";\n` +
    `let loaded;\n` +
    `const load = () => (loaded ??= require(${lazyFile})[${JSON.stringify(spec)}]);\n` +
    `module.exports = new Proxy({}, {\n` +
    `  get: (_, key) => load()[key],\n` +
    `  set: (_, key, value) => Reflect.set(load(), key, value),\n` +
    `  has: (_, key) => key in load(),\n` +
    `  defineProperty: (_, key, descriptor) => Reflect.defineProperty(load(), key, descriptor),\n` +
    `  deleteProperty: (_, key) => Reflect.deleteProperty(load(), key),\n` +
    `  ownKeys: () => Reflect.ownKeys(load()),\n` +
    `  getOwnPropertyDescriptor: (_, key) => {\n` +
    `    const d = Reflect.getOwnPropertyDescriptor(load(), key);\n` +
    `    return d === undefined ? undefined : { ...d, configurable: true };\n` +
    `  },\n` +
    `});\n`;
}

/**
 * esbuild keeps `import("external")` as a native `import()`, which would send the shims through the
 * ESM loader (CommonJS named exports only as far as cjs-module-lexer can see them, no directory
 * index). Lowering it makes it `Promise.resolve().then(() => require(…))`, as for the bundled ones.
 */
const NO_NATIVE_IMPORT = { "dynamic-import": false };

type EsbuildResult = esbuild.BuildResult<{ write: false; metafile: true }>;

function runEsbuild(
  name: string,
  s: SourceSettings,
  rootDir: string,
  input: Pick<esbuild.BuildOptions, "entryPoints" | "stdin" | "entryNames" | "supported">,
  external: string[],
): EsbuildResult {
  try {
    return esbuild.buildSync({
      absWorkingDir: rootDir,
      ...input,
      outdir: path.join(rootDir, VIRTUAL_OUT_DIR),
      bundle: true,
      platform: "node",
      format: "cjs",
      target: s.target,
      minify: s.minify,
      sourcemap: s.sourcemap,
      sourcesContent: true,
      legalComments: LEGAL_COMMENTS,
      mainFields: MAIN_FIELDS,
      external,
      charset: "utf8",
      metafile: true,
      write: false,
      logLevel: "silent",
    });
  } catch (error) {
    const failure = error as esbuild.BuildFailure;
    const messages = Array.isArray(failure.errors) && failure.errors.length > 0
      ? failure.errors.map((m) => `esbuild: ${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ""}${m.text}`)
      : [`esbuild: ${(error as Error).message}`];
    throw new PackageBuildError(name, messages);
  }
}

function outputFiles(result: EsbuildResult, rootDir: string): Record<string, Uint8Array> {
  const outdir = path.join(rootDir, VIRTUAL_OUT_DIR);
  const files: Record<string, Uint8Array> = {};
  for (const out of result.outputFiles) files[toPosix(path.relative(outdir, out.path))] = out.contents;
  return files;
}

/** Metafile input keys are relative to absWorkingDir; virtual ones ("<stdin>", "(disabled):…") are not files. */
function metafileInputs(metafile: esbuild.Metafile, rootDir: string): string[] {
  return Object.keys(metafile.inputs).filter((p) => isFile(path.resolve(rootDir, p))).map(toPosix);
}

/**
 * Bare package specifiers (`pkg`, `@scope/pkg`, `pkg/sub`) that the graph imports only with
 * `import()`, each resolving to one bundled file that nothing imports statically, mapped to that file.
 * Node built-ins, externals and relative paths are left alone.
 */
export function dynamicOnlyPackages(metafile: esbuild.Metafile): Map<string, string> {
  const dynamic = new Map<string, Set<string>>();
  const staticPaths = new Set<string>();
  const staticSpecifiers = new Set<string>();
  for (const { imports } of Object.values(metafile.inputs)) {
    for (const i of imports) {
      if (i.kind !== "dynamic-import") {
        staticPaths.add(i.path);
        if (i.original !== undefined) staticSpecifiers.add(i.original);
        continue;
      }
      const spec = i.original;
      if (i.external || spec === undefined || !/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w.-]+)*$/i.test(spec)) continue;
      if (spec.startsWith("node:") || isBuiltin(spec)) continue;
      let paths = dynamic.get(spec);
      if (paths === undefined) dynamic.set(spec, (paths = new Set()));
      paths.add(i.path);
    }
  }
  const out = new Map<string, string>();
  for (const [spec, paths] of dynamic) {
    const [only] = paths;
    if (paths.size === 1 && !staticPaths.has(only) && !staticSpecifiers.has(spec)) out.set(spec, only);
  }
  return out;
}

/**
 * The packages of `names` that can be deferred, mapped to their one bundled file: every import of the
 * package anywhere in the graph is a `require("<name>")` call (no subpath, no `import`, not external)
 * and all of them resolve to the same file. Anything else (two copies, `semver/functions/gte`, an ES
 * import that would read every export at once) leaves the package where it is.
 */
function deferrablePackages(metafile: esbuild.Metafile, names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of names) {
    // An external import keeps its specifier in `path` and has no `original`.
    const specifier = (i: esbuild.Metafile["inputs"][string]["imports"][number]): string | undefined => (i.external ? i.path : i.original);
    const imports = Object.values(metafile.inputs)
      .flatMap((input) => input.imports)
      .filter((i) => specifier(i) === name || specifier(i)?.startsWith(`${name}/`));
    const paths = new Set(imports.map((i) => i.path));
    const [only] = paths;
    if (imports.length > 0 && paths.size === 1 && imports.every((i) => !i.external && i.original === name && i.kind === "require-call")) out.set(name, only);
  }
  return out;
}

function isBuiltin(spec: string): boolean {
  return builtinModules.includes(spec) || builtinModules.includes(spec.split("/")[0]);
}
