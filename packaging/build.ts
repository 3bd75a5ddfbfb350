// Lambda package builder: esbuild bundle → deterministic zip → content hash, with a build cache.
// The one impure module of packaging/: it reads sources, runs esbuild and writes the cache. It is
// synchronous on purpose: the Pulumi program needs sizes and hashes before it creates any resource.
// See packaging/README.md for the determinism measures, the AWS SDK decision and the cache.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { esbuildTargetFor, supportedRuntimes } from "../pricing/runtimes";
import { ZIP_COMPRESSION_LEVEL, ZIP_FILE_MODE, measureZip, toDeterministicZip } from "./zip";

/** Lambda's limit for a zip uploaded directly with the function (50 MB = 52,428,800 bytes); larger goes via S3. */
export const DIRECT_UPLOAD_LIMIT_BYTES = 52_428_800;

/**
 * esbuild target per Lambda runtime a source package can be built for on `today`: one list with
 * the config validator, i.e. the Node.js runtimes `supportedRuntimes(today)` accepts (not blocked,
 * not deprecated; pricing/runtimes.ts) that esbuild can target (`nodejsNN.x` → `nodeNN`).
 */
export function runtimeTargets(today: string = new Date().toISOString().slice(0, 10)): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const runtime of supportedRuntimes(today)) {
    const target = esbuildTargetFor(runtime);
    if (target !== null) out[runtime] = target;
  }
  return Object.freeze(out);
}

/** {@link runtimeTargets} for the day this process started. */
export const RUNTIME_TARGETS: Readonly<Record<string, string>> = runtimeTargets();

/**
 * Bumped whenever this file changes what it produces from the same inputs (esbuild options, zip
 * layout), so old cache entries stop matching.
 */
const BUILDER_FORMAT = 3;
/** Legal comments (`/*! … *\/`, `@license`) go to `index.js.LEGAL.txt` in the zip, out of the loaded code. */
const LEGAL_COMMENTS = "external" as const;
/**
 * Prefer a package's ESM build ("module") over its CommonJS one ("main"); esbuild's node default is
 * the reverse. AWS SDK v3 and Smithy ship tree-shakable `dist-es` builds: the pageview bundle drops
 * from 674 kB to 478 kB and its load from ~72 to ~50 ms (packaging/README.md). Packages with an `exports`
 * map are unaffected (esbuild follows the map).
 */
const MAIN_FIELDS = ["module", "main"];
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;
const MANIFEST_FORMAT = 1;

/** A function built from TypeScript sources. */
export interface SourcePackageSpec {
  /** Package name: 1–64 of `[a-zA-Z0-9_-]`, starting alphanumeric. Names the cache files and the S3 key. */
  name: string;
  /** Directory holding the entry file, relative to `rootDir`. */
  sourceDir: string;
  /** Entry file inside `sourceDir`. Its exports become `index.js`'s, so the handler is `index.handler`. @default "index.ts" */
  entry?: string;
  /** Lambda runtime; picks the esbuild target. One of the keys of {@link RUNTIME_TARGETS}. */
  runtime: string;
  /** Lambda architecture. Bundled JavaScript is the same for both; recorded for the caller. */
  architecture: "x86_64" | "arm64";
  /** Minify the bundle. @default true */
  minify?: boolean;
  /** Add `index.js.map` (sources included) and a `sourceMappingURL` comment; needs `NODE_OPTIONS=--enable-source-maps` to be used. @default false */
  sourcemap?: boolean;
  /** Module specifiers left to `require` at run time (esbuild `external`, `*` wildcards allowed), e.g. `["@aws-sdk/*"]`. @default - none: everything is bundled */
  external?: string[];
}

/** A zip built elsewhere, measured as is. */
export interface PrebuiltPackageSpec {
  /** Package name, as for {@link SourcePackageSpec.name}. */
  name: string;
  /** Existing zip file, relative to `rootDir`. */
  zipPath: string;
}

/** A package ready to deploy. Sizes are those of the real file and of its real entries. */
export interface BuiltPackage {
  name: string;
  /** Absolute path of the zip (in the cache for source packages). */
  zipPath: string;
  /** SHA-256 of the zip bytes, lowercase hex. */
  sha256: string;
  /** The same digest in base64: the form of Lambda's `sourceCodeHash` / `CodeSha256`. */
  base64Sha256: string;
  /** Size of the zip file. */
  zippedBytes: number;
  /** Sum of the entries' uncompressed sizes. */
  unzippedBytes: number;
  /** "direct" when `zippedBytes` ≤ the direct-upload limit, else "s3". */
  upload: "direct" | "s3";
  /** Content-addressed S3 key: `${name}/${sha256}.zip`. */
  s3Key: string;
  /** True when a source package came from the cache without running esbuild. Always false for prebuilt zips. */
  cached: boolean;
  /** Entry names, in the zip's order. */
  entries: string[];
}

/** Options of {@link buildPackage}. */
export interface BuildPackageOptions {
  /** Directory that relative paths start from; also esbuild's working directory. @default process.cwd() */
  rootDir?: string;
  /** Build cache directory, relative to `rootDir` or absolute. @default "<rootDir>/.build" */
  cacheDir?: string;
  /** Largest zip uploaded directly with the function. @default 52,428,800 ({@link DIRECT_UPLOAD_LIMIT_BYTES}) */
  directUploadLimitBytes?: number;
  /** ISO date deciding which runtimes are supported ({@link runtimeTargets}). @default - today */
  today?: string;
}

/** A package could not be built or measured. `problems` lists every reason found; the message is one line. */
export class PackageBuildError extends Error {
  constructor(
    public readonly packageName: string,
    public readonly problems: readonly string[],
  ) {
    // One line on purpose: callers (config.ts) keep only the first line of a message.
    super(
      `Cannot build package ${JSON.stringify(packageName)}` +
        (problems.length === 1 ? `: ${problems[0]}` : ` (${problems.length} problems): ${problems.join("; ")}`),
    );
    this.name = "PackageBuildError";
  }
}

/**
 * Builds (or measures) one Lambda package.
 *
 * Source packages are bundled by esbuild into `index.js` and zipped deterministically: the same
 * sources, lockfile and options give the same bytes and the same `sha256` on any machine. A cache hit
 * (every recorded input unchanged, by content) returns in milliseconds without running esbuild.
 * Prebuilt zips are read and measured.
 *
 * @throws {@link PackageBuildError} listing every problem with the spec, or esbuild's errors.
 */
export function buildPackage(spec: SourcePackageSpec | PrebuiltPackageSpec, opts: BuildPackageOptions = {}): BuiltPackage {
  const rootDir = path.resolve(opts.rootDir ?? process.cwd());
  const limit = opts.directUploadLimitBytes ?? DIRECT_UPLOAD_LIMIT_BYTES;
  const problems: string[] = [];
  if (!NAME_PATTERN.test(spec.name)) problems.push(`name: got ${JSON.stringify(spec.name)}, allowed 1–64 of [a-zA-Z0-9_-] starting alphanumeric`);
  if (!Number.isSafeInteger(limit) || limit < 1) problems.push(`directUploadLimitBytes: got ${limit}, allowed a positive integer (bytes)`);

  if ("zipPath" in spec) {
    const zipPath = path.resolve(rootDir, spec.zipPath);
    if (!isFile(zipPath)) problems.push(`zipPath: ${zipPath} is not a file`);
    throwIfProblems(spec.name, problems);
    const zip = fs.readFileSync(zipPath);
    let measured;
    try {
      measured = measureZip(zip);
    } catch (error) {
      throw new PackageBuildError(spec.name, [`zipPath: ${zipPath} is not a readable zip (${(error as Error).message})`]);
    }
    return toBuiltPackage(spec.name, zipPath, zip, measured.entries, measured.unzippedBytes, limit, false);
  }

  const settings = resolveSourceSettings(spec, rootDir, problems, opts.today === undefined ? RUNTIME_TARGETS : runtimeTargets(opts.today));
  throwIfProblems(spec.name, problems);
  const cacheDir = path.resolve(rootDir, opts.cacheDir ?? ".build");
  const hasher = new FileHasher(rootDir);

  const hit = findCachedBuild(spec.name, cacheDir, settings, hasher);
  if (hit !== undefined) {
    touch(hit.zipPath.replace(/\.zip$/, ".json")); // recently used: kept by pruneCache
    const measured = measureZip(hit.zip); // from the verified bytes, not from the manifest: microseconds
    progressListener?.({ name: spec.name, phase: "done", cached: true, ms: 0 });
    return toBuiltPackage(spec.name, hit.zipPath, hit.zip, measured.entries, measured.unzippedBytes, limit, true);
  }

  const started = Date.now();
  progressListener?.({ name: spec.name, phase: "bundling" });
  const { files, inputs } = bundle(spec.name, settings, rootDir);
  const zip = toDeterministicZip(files);
  const inputHashes = [...inputs, ...settings.contextFiles].sort().map((p) => ({ path: p, sha256: hasher.hash(p) }));
  const key = cacheKey(settings.fingerprint, inputHashes);
  const measured = measureZip(zip);
  const zipPath = path.join(cacheDir, `${spec.name}-${key}.zip`);
  const built = toBuiltPackage(spec.name, zipPath, zip, measured.entries, measured.unzippedBytes, limit, false);
  const manifest: CacheManifest = {
    format: MANIFEST_FORMAT,
    name: spec.name,
    key,
    fingerprint: settings.fingerprint,
    inputs: inputHashes,
    sha256: built.sha256,
    zippedBytes: built.zippedBytes,
    unzippedBytes: built.unzippedBytes,
    entries: built.entries,
  };
  fs.mkdirSync(cacheDir, { recursive: true });
  cacheListings.delete(cacheDir);
  writeFileAtomic(zipPath, zip);
  writeFileAtomic(manifestPath(cacheDir, spec.name, key), Buffer.from(JSON.stringify(manifest, null, 2) + "\n"));
  pruneCache(cacheDir, spec.name, CACHE_ENTRIES_PER_PACKAGE);
  progressListener?.({ name: spec.name, phase: "done", cached: false, ms: Date.now() - started });
  return built;
}

/** What {@link buildPackage} is doing, for a caller that shows progress (the plan CLI on a terminal). */
export type BuildProgress = { readonly name: string; readonly phase: "bundling" } | { readonly name: string; readonly phase: "done"; readonly cached: boolean; readonly ms: number };

let progressListener: ((event: BuildProgress) => void) | undefined;

/**
 * Listen to the progress of source-package builds in this process (the program builds them inside
 * `config.ts`, so a CLI cannot pass a callback down). Returns the previous listener.
 */
export function setBuildProgressListener(listener: ((event: BuildProgress) => void) | undefined): ((event: BuildProgress) => void) | undefined {
  const previous = progressListener;
  progressListener = listener;
  return previous;
}

/** Cache entries kept per package, most recently built or used first; older ones are deleted. */
export const CACHE_ENTRIES_PER_PACKAGE = 8;

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    /* a missing manifest is only a future cache miss */
  }
}

/** Delete all but the `keep` most recent entries (manifest + zip) of one package. */
export function pruneCache(cacheDir: string, name: string, keep: number): void {
  const pattern = new RegExp(`^${name}-([0-9a-f]{64})\\.json$`);
  let entries: { key: string; mtimeMs: number }[];
  try {
    entries = fs
      .readdirSync(cacheDir)
      .map((f) => ({ f, key: pattern.exec(f)?.[1] }))
      .filter((e): e is { f: string; key: string } => e.key !== undefined)
      .map((e) => ({ key: e.key, mtimeMs: fs.statSync(path.join(cacheDir, e.f)).mtimeMs }));
  } catch {
    return;
  }
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.key < b.key ? -1 : 1));
  if (entries.length > keep) cacheListings.delete(cacheDir);
  for (const old of entries.slice(keep)) {
    for (const ext of [".json", ".zip"]) fs.rmSync(path.join(cacheDir, `${name}-${old.key}${ext}`), { force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Settings

interface SourceSettings {
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

function resolveSourceSettings(spec: SourcePackageSpec, rootDir: string, problems: string[], targets: Readonly<Record<string, string>>): SourceSettings {
  const target = Object.hasOwn(targets, spec.runtime) ? targets[spec.runtime] : undefined;
  if (target === undefined) problems.push(`runtime: got ${JSON.stringify(spec.runtime)}, allowed ${Object.keys(targets).join(", ")} (the supported Node.js runtimes)`);
  if (spec.architecture !== "x86_64" && spec.architecture !== "arm64") problems.push(`architecture: got ${JSON.stringify(spec.architecture)}, allowed x86_64, arm64`);
  const sourceDir = path.resolve(rootDir, spec.sourceDir);
  const entryFile = path.resolve(sourceDir, spec.entry ?? "index.ts");
  if (!isFile(entryFile)) problems.push(`sourceDir/entry: ${entryFile} is not a file`);
  const minify = spec.minify ?? true;
  const sourcemap = spec.sourcemap ?? false;
  const external = [...(spec.external ?? [])];

  const contextFiles = ["package-lock.json"];
  for (let dir = sourceDir; ; dir = path.dirname(dir)) {
    contextFiles.push(toPosix(path.relative(rootDir, path.join(dir, "tsconfig.json"))));
    if (dir === rootDir || path.dirname(dir) === dir || !isInside(rootDir, dir)) break;
  }
  const fingerprint = JSON.stringify({
    builder: BUILDER_FORMAT,
    esbuild: esbuild.version,
    fflate: fflateVersion(),
    bundle: "platform=node format=cjs",
    dynamicOnlyPackages: `${LAZY_BUNDLE_NAME}.js + node_modules shims, import() lowered to require()`,
    deferredPackages: DEFERRED_PACKAGES,
    shims: shimsFingerprint(),
    entry: toPosix(path.relative(rootDir, entryFile)),
    target,
    minify,
    sourcemap,
    external: [...external].sort(),
    legalComments: LEGAL_COMMENTS,
    mainFields: MAIN_FIELDS,
    zip: { level: ZIP_COMPRESSION_LEVEL, mode: ZIP_FILE_MODE },
  });
  return { entryFile, target: target ?? "", minify, sourcemap, external, fingerprint, contextFiles: [...new Set(contextFiles)] };
}

// ---------------------------------------------------------------------------------------------------
// esbuild

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
function bundle(name: string, s: SourceSettings, rootDir: string): { files: Record<string, Uint8Array>; inputs: string[] } {
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
function shimsFingerprint(): string {
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
function dynamicOnlyPackages(metafile: esbuild.Metafile): Map<string, string> {
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

// ---------------------------------------------------------------------------------------------------
// Cache: <cacheDir>/<name>-<key>.zip plus <name>-<key>.json (the manifest: inputs and their hashes)

interface CacheManifest {
  format: number;
  name: string;
  key: string;
  fingerprint: string;
  /** Every file the build depended on, relative to rootDir, with the SHA-256 of its content ("absent" if missing). */
  inputs: { path: string; sha256: string }[];
  sha256: string;
  zippedBytes: number;
  unzippedBytes: number;
  entries: string[];
}

function cacheKey(fingerprint: string, inputs: readonly { path: string; sha256: string }[]): string {
  const h = crypto.createHash("sha256").update(fingerprint).update("\n");
  for (const i of inputs) h.update(`${i.path}\0${i.sha256}\n`);
  return h.digest("hex");
}

const manifestPath = (cacheDir: string, name: string, key: string): string => path.join(cacheDir, `${name}-${key}.json`);

/**
 * A previous build whose recorded inputs all still have the recorded content. The key is recomputed
 * from the files' current contents (never from mtimes), so touching a file is a hit and editing one
 * byte is a miss. Each manifest is checked on its own, so switching back to an older source tree is a
 * hit too. Anything unreadable or inconsistent is simply a miss.
 */
function findCachedBuild(
  name: string,
  cacheDir: string,
  s: SourceSettings,
  hasher: FileHasher,
): { zipPath: string; zip: Buffer } | undefined {
  const keys = manifestKeys(cacheDir).get(name) ?? [];
  for (const key of keys) {
    const file = `${name}-${key}.json`;
    let manifest: CacheManifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(cacheDir, file), "utf8")) as CacheManifest;
    } catch {
      continue;
    }
    if (manifest.format !== MANIFEST_FORMAT || manifest.key !== key || manifest.fingerprint !== s.fingerprint) continue;
    const recorded = new Set(manifest.inputs.map((i) => i.path));
    if (s.contextFiles.some((p) => !recorded.has(p))) continue;
    const current = manifest.inputs.map((i) => ({ path: i.path, sha256: hasher.hash(i.path) }));
    if (cacheKey(s.fingerprint, current) !== key) continue;
    const zipPath = path.join(cacheDir, `${name}-${key}.zip`);
    let zip: Buffer;
    try {
      zip = fs.readFileSync(zipPath);
    } catch {
      continue;
    }
    if (sha256(zip).toString("hex") !== manifest.sha256) continue; // truncated or tampered: rebuild
    return { zipPath, zip };
  }
  return undefined;
}

/**
 * Content hashes by absolute path for this process, each with the stat signature (size, mtime,
 * ctime, inode) the file had when it was read: while the signature is unchanged the hash is reused,
 * otherwise the file is read and hashed again (stat-based with a content-hash fallback). A plan of
 * 100 functions built from one source checks the same ~130 inputs 100 times: one read each, then
 * stats. As git does against "racy" entries, a file modified less than {@link RACY_MS} before it was
 * hashed is not memoised: a write within the file system's timestamp granularity could leave the
 * signature unchanged.
 */
const statHashes = new Map<string, { readonly signature: string; readonly sha256: string }>();
const RACY_MS = 2000;

/**
 * The manifests in a cache directory, as package name → keys, listed once per state of the
 * directory: the listing is kept with the directory's mtime and size and read again when they
 * change (an entry added or removed, by this process or another). A plan of 500 functions would
 * otherwise list and match the whole directory 500 times. A stale listing can only cause a miss (a
 * rebuild) or a failed read (skipped), never a wrong hit: every hit is verified below.
 */
const cacheListings = new Map<string, { readonly signature: string; readonly keys: Map<string, string[]> }>();

function manifestKeys(cacheDir: string): Map<string, string[]> {
  let st: fs.BigIntStats;
  try {
    st = fs.statSync(cacheDir, { bigint: true });
  } catch {
    return new Map();
  }
  const signature = `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
  const known = cacheListings.get(cacheDir);
  if (known?.signature === signature) return known.keys;
  const keys = new Map<string, string[]>();
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir);
  } catch {
    return keys;
  }
  for (const file of names) {
    const m = /^(.+)-([0-9a-f]{64})\.json$/.exec(file);
    if (!m) continue;
    const list = keys.get(m[1]!) ?? [];
    list.push(m[2]!);
    keys.set(m[1]!, list);
  }
  // As for file hashes: a directory changed within the last RACY_MS could change again with the same mtime.
  if (Date.now() - Number(st.mtimeMs) >= RACY_MS) cacheListings.set(cacheDir, { signature, keys });
  return keys;
}

/** Content hashes of files under rootDir, memoised for one build (one file may be checked by several manifests). */
class FileHasher {
  private readonly memo = new Map<string, string>();
  constructor(private readonly rootDir: string) {}

  hash(relativePath: string): string {
    let h = this.memo.get(relativePath);
    if (h === undefined) {
      h = hashFile(path.resolve(this.rootDir, relativePath));
      this.memo.set(relativePath, h);
    }
    return h;
  }
}

function hashFile(absolutePath: string): string {
  let stat: fs.BigIntStats;
  try {
    stat = fs.statSync(absolutePath, { bigint: true });
  } catch {
    statHashes.delete(absolutePath);
    return "absent";
  }
  const signature = `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
  const known = statHashes.get(absolutePath);
  if (known?.signature === signature) return known.sha256;
  let h: string;
  try {
    h = sha256(fs.readFileSync(absolutePath)).toString("hex");
  } catch {
    return "absent";
  }
  if (Date.now() - Number(stat.mtimeMs) >= RACY_MS && Date.now() - Number(stat.ctimeMs) >= RACY_MS) statHashes.set(absolutePath, { signature, sha256: h });
  else statHashes.delete(absolutePath);
  return h;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

function toBuiltPackage(
  name: string,
  zipPath: string,
  zip: Uint8Array,
  entries: string[],
  unzippedBytes: number,
  limit: number,
  cached: boolean,
): BuiltPackage {
  const digest = sha256(zip);
  const hex = digest.toString("hex");
  return {
    name,
    zipPath,
    sha256: hex,
    base64Sha256: digest.toString("base64"),
    zippedBytes: zip.byteLength,
    unzippedBytes,
    upload: zip.byteLength <= limit ? "direct" : "s3",
    s3Key: `${name}/${hex}.zip`,
    cached,
    entries: [...entries],
  };
}

function throwIfProblems(name: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new PackageBuildError(name, problems);
}

function sha256(data: Uint8Array): Buffer {
  return crypto.createHash("sha256").update(data).digest();
}

/** Write to a temporary sibling, then rename: readers (and concurrent builders) never see a partial file. */
function writeFileAtomic(file: string, data: Uint8Array): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

let fflateVersionMemo: string | undefined;
function fflateVersion(): string {
  fflateVersionMemo ??= (JSON.parse(fs.readFileSync(require.resolve("fflate/package.json"), "utf8")) as { version: string }).version;
  return fflateVersionMemo;
}
