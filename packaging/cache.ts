// The package builder's cache: <cacheDir>/<name>-<key>.zip plus <name>-<key>.json (the manifest:
// inputs and their hashes), lookup by input hashes, pruning to the newest entries per package.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { SourceSettings } from "./bundle";
import { sha256 } from "./files";

export const MANIFEST_FORMAT = 1;

/** Cache entries kept per package, most recently built or used first; older ones are deleted. */
export const CACHE_ENTRIES_PER_PACKAGE = 8;

export function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    /* a missing manifest is only a future cache miss */
  }
}

/**
 * How old a zip with no manifest must be before {@link pruneCache} deletes it. Such zips come from
 * builds that were used but not recorded (build.ts: an input was written during the build); a day
 * leaves any run that was handed one time to deploy it.
 */
export const UNRECORDED_ZIP_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Delete all but the `keep` most recent entries (manifest + zip) of one package, and the package's
 * zips that no manifest points at once they are {@link UNRECORDED_ZIP_MAX_AGE_MS} old.
 */
export function pruneCache(cacheDir: string, name: string, keep: number): void {
  const pattern = new RegExp(`^${name}-([0-9a-f]{64})\\.(json|zip)$`);
  let entries: { key: string; mtimeMs: number }[];
  let unrecorded: { key: string; mtimeMs: number }[];
  try {
    const files = fs
      .readdirSync(cacheDir)
      .map((f) => ({ f, m: pattern.exec(f) }))
      .filter((e): e is { f: string; m: RegExpExecArray } => e.m !== null)
      .map((e) => ({ key: e.m[1]!, ext: e.m[2]!, mtimeMs: fs.statSync(path.join(cacheDir, e.f)).mtimeMs }));
    entries = files.filter((e) => e.ext === "json");
    const recorded = new Set(entries.map((e) => e.key));
    unrecorded = files.filter((e) => e.ext === "zip" && !recorded.has(e.key));
  } catch {
    return;
  }
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.key < b.key ? -1 : 1));
  if (entries.length > keep) cacheListings.delete(cacheDir);
  for (const old of entries.slice(keep)) {
    for (const ext of [".json", ".zip"]) fs.rmSync(path.join(cacheDir, `${name}-${old.key}${ext}`), { force: true });
  }
  const now = Date.now();
  for (const zip of unrecorded) {
    if (now - zip.mtimeMs > UNRECORDED_ZIP_MAX_AGE_MS) fs.rmSync(path.join(cacheDir, `${name}-${zip.key}.zip`), { force: true });
  }
}

export interface CacheManifest {
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

export function cacheKey(fingerprint: string, inputs: readonly { path: string; sha256: string }[]): string {
  const h = crypto.createHash("sha256").update(fingerprint).update("\n");
  for (const i of inputs) h.update(`${i.path}\0${i.sha256}\n`);
  return h.digest("hex");
}

export const manifestPath = (cacheDir: string, name: string, key: string): string => path.join(cacheDir, `${name}-${key}.json`);

/**
 * A previous build whose recorded inputs all still have the recorded content. The key is recomputed
 * from the files' current contents (never from mtimes), so touching a file is a hit and editing one
 * byte is a miss. Each manifest is checked on its own, so switching back to an older source tree is a
 * hit too. Anything unreadable or inconsistent is simply a miss.
 */
export function findCachedBuild(
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

/** Forget the listing of a cache directory (after this process adds or removes an entry). */
export function forgetCacheListing(cacheDir: string): void {
  cacheListings.delete(cacheDir);
}

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

/**
 * Content hashes of files under rootDir, memoised for one build (one file may be checked by several
 * manifests) or for one run of several builds (`BuildPackageOptions.fileHashes` in build.ts).
 */
export class FileHasher {
  private readonly memo = new Map<string, string>();
  /** Absolute and normalised. */
  readonly rootDir: string;
  constructor(rootDir: string) {
    this.rootDir = path.resolve(rootDir);
  }

  hash(relativePath: string): string {
    let h = this.memo.get(relativePath);
    if (h === undefined) {
      h = hashFile(path.resolve(this.rootDir, relativePath));
      this.memo.set(relativePath, h);
    }
    return h;
  }
}

/**
 * The file system's current time, in epoch ms: the mtime of a file created now in `dir` (made if
 * missing), as git compares file times with its index file's. File times are then compared with a
 * file time, whatever the skew between this machine's clock and a file server's.
 */
export function fileSystemNow(dir: string): number {
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, `.clock-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
  fs.writeFileSync(marker, "");
  try {
    return fs.statSync(marker).mtimeMs;
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

/**
 * Whether a file may have been written at or after `sinceMs` (a file-system time, see
 * {@link fileSystemNow}): its mtime or ctime is later than {@link RACY_MS} before it (timestamps can
 * be that coarse). A file that cannot be stat'ed counts as not written: the caller decides what an
 * absent file means.
 */
export function writtenSince(absolutePath: string, sinceMs: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolutePath);
  } catch {
    return false;
  }
  return Math.max(stat.mtimeMs, stat.ctimeMs) > sinceMs - RACY_MS;
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
