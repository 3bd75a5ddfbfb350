// Lambda package builder: esbuild bundle → deterministic zip → content hash, with a build cache.
// With bundle.ts (esbuild), cache.ts and files.ts, the impure part of packaging/: it reads sources,
// runs esbuild and writes the cache. It is synchronous on purpose: the Pulumi program needs sizes
// and hashes before it creates any resource.
// See packaging/README.md for the determinism measures, the AWS SDK decision and the cache.
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { esbuildTargetFor, supportedRuntimes } from "../pricing/runtimes";
import { ZIP_COMPRESSION_LEVEL, ZIP_FILE_MODE, measureZip, toDeterministicZip } from "./zip";
import { DEFERRED_PACKAGES, LAZY_BUNDLE_NAME, LEGAL_COMMENTS, MAIN_FIELDS, SourceSettings, bundle, shimsFingerprint } from "./bundle";
import { CACHE_ENTRIES_PER_PACKAGE, CacheManifest, FileHasher, MANIFEST_FORMAT, cacheKey, fileSystemNow, findCachedBuild, forgetCacheListing, manifestPath, pruneCache, touch, writtenSince } from "./cache";
import { PackageBuildError } from "./errors";
import { writeFileAtomic } from "../tools/file-lock";
import { isFile, isInside, sha256, toPosix } from "./files";

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

/** {@link runtimeTargets} by day, computed once per day a process asks for (a plan builds every function for the same day). */
const targetsByDay = new Map<string, Readonly<Record<string, string>>>();
function runtimeTargetsOn(today: string): Readonly<Record<string, string>> {
  let targets = targetsByDay.get(today);
  if (targets === undefined) {
    targets = runtimeTargets(today);
    targetsByDay.set(today, targets);
  }
  return targets;
}

/**
 * Bumped whenever this file changes what it produces from the same inputs (esbuild options, zip
 * layout), so old cache entries stop matching.
 */
const BUILDER_FORMAT = 3;

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;

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
  /**
   * Content hashes shared by the builds of one run (a stack's functions often share their sources):
   * each input file is checked once per run, when a lookup first needs it, instead of once per
   * package. So a file saved while the run goes on may still be seen as it was at that first check
   * (the next run sees the change). Only cache lookups use it; a new cache entry records hashes read
   * after its bundle was made (and only if no input was written since shortly before the build
   * started: see {@link buildPackage}). Its `rootDir` must be this build's. @default - one per build
   */
  fileHashes?: FileHasher;
  /**
   * The time the bundle starts, in epoch milliseconds on the file system's clock. A new build is
   * recorded in the cache only when none of its inputs was written since shortly before that (see
   * {@link buildPackage}); a test that builds right after writing its sources passes a later clock.
   * @default - the mtime of a file created in the cache directory just before bundling
   */
  now?: () => number;
}


/**
 * Builds (or measures) one Lambda package.
 *
 * Source packages are bundled by esbuild into `index.js` and zipped deterministically: the same
 * sources, lockfile and options give the same bytes and the same `sha256` on any machine. A cache hit
 * (every recorded input unchanged, by content) returns in milliseconds without running esbuild. A new
 * build is recorded in the cache only if none of its inputs was written since shortly before it
 * started (within the file system's timestamp granularity, 2 s; by the file system's clock) and
 * none that esbuild read is gone: such a file may have been bundled from other bytes than were
 * hashed. The build is used all the same, and the next one bundles again.
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
    throwIfBuildProblems(spec.name, problems);
    const zip = fs.readFileSync(zipPath);
    let measured;
    try {
      measured = measureZip(zip);
    } catch (error) {
      throw new PackageBuildError(spec.name, [`zipPath: ${zipPath} is not a readable zip (${(error as Error).message})`]);
    }
    return toBuiltPackage(spec.name, zipPath, zip, measured.entries, measured.unzippedBytes, limit, false);
  }

  const settings = resolveSourceSettings(spec, rootDir, problems, opts.today === undefined ? RUNTIME_TARGETS : runtimeTargetsOn(opts.today));
  throwIfBuildProblems(spec.name, problems);
  const cacheDir = path.resolve(rootDir, opts.cacheDir ?? ".build");
  if (opts.fileHashes !== undefined && opts.fileHashes.rootDir !== rootDir) {
    throw new PackageBuildError(spec.name, [`fileHashes: hashes files under ${opts.fileHashes.rootDir}, not under this build's rootDir ${rootDir}`]);
  }
  const lookup = opts.fileHashes ?? new FileHasher(rootDir);

  const hit = findCachedBuild(spec.name, cacheDir, settings, lookup);
  if (hit !== undefined) {
    touch(hit.zipPath.replace(/\.zip$/, ".json")); // recently used: kept by pruneCache
    const measured = measureZip(hit.zip); // from the verified bytes, not from the manifest: microseconds
    progressListener?.({ name: spec.name, phase: "done", cached: true, ms: 0 });
    return toBuiltPackage(spec.name, hit.zipPath, hit.zip, measured.entries, measured.unzippedBytes, limit, true);
  }

  const started = Date.now();
  const bundleStarted = opts.now?.() ?? fileSystemNow(cacheDir);
  progressListener?.({ name: spec.name, phase: "bundling" });
  const { files, inputs } = bundle(spec.name, settings, rootDir);
  const zip = toDeterministicZip(files);
  // Read now, after the bundle: never a memo filled by the lookup above, before the bundle.
  const hasher = new FileHasher(rootDir);
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
  forgetCacheListing(cacheDir);
  // A cache: readers never see half a zip, and a zip lost in a crash is rebuilt, so no fsync.
  writeFileAtomic(zipPath, zip, { durable: false });
  // esbuild read the inputs after `bundleStarted`, and they were hashed after that. An input written
  // since (or just before: timestamps can be coarse), or one esbuild read that is gone now, may have
  // been bundled from other bytes than were hashed; recorded, the next run would serve this zip for
  // the new content. So such a build is used but not recorded (the zip is there, no manifest points
  // at it; pruneCache deletes it a day later): the next run bundles again.
  const bundled = new Set(inputs);
  const settled = inputHashes.every((i) => !(bundled.has(i.path) && i.sha256 === "absent") && !writtenSince(path.resolve(rootDir, i.path), bundleStarted));
  if (settled) {
    writeFileAtomic(manifestPath(cacheDir, spec.name, key), JSON.stringify(manifest, null, 2) + "\n", { durable: false });
    pruneCache(cacheDir, spec.name, CACHE_ENTRIES_PER_PACKAGE);
  }
  progressListener?.({ name: spec.name, phase: "done", cached: false, ms: Date.now() - started });
  return built;
}

/** What {@link buildPackage} is doing, for a caller that shows progress (the plan CLI on a terminal). */
export type BuildProgress = { readonly name: string; readonly phase: "bundling" } | { readonly name: string; readonly phase: "done"; readonly cached: boolean; readonly ms: number };

let progressListener: ((event: BuildProgress) => void) | undefined;

/**
 * Listen to the progress of source-package builds in this process (the program builds them inside
 * `config/load.ts`, so a CLI cannot pass a callback down). Returns the previous listener.
 */
export function setBuildProgressListener(listener: ((event: BuildProgress) => void) | undefined): ((event: BuildProgress) => void) | undefined {
  const previous = progressListener;
  progressListener = listener;
  return previous;
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

function throwIfBuildProblems(name: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new PackageBuildError(name, problems);
}

let fflateVersionMemo: string | undefined;

function fflateVersion(): string {
  fflateVersionMemo ??= (JSON.parse(fs.readFileSync(require.resolve("fflate/package.json"), "utf8")) as { version: string }).version;
  return fflateVersionMemo;
}
