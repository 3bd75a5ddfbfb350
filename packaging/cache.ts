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
  for (const old of entries.slice(keep)) {
    for (const ext of [".json", ".zip"]) fs.rmSync(path.join(cacheDir, `${name}-${old.key}${ext}`), { force: true });
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
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const pattern = new RegExp(`^${name}-([0-9a-f]{64})\\.json$`); // name is [a-zA-Z0-9_-]: nothing to escape
  for (const file of names) {
    const key = pattern.exec(file)?.[1];
    if (key === undefined) continue;
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

/** Content hashes of files under rootDir, memoised for one build (one file may be checked by several manifests). */
export class FileHasher {
  private readonly memo = new Map<string, string>();
  constructor(private readonly rootDir: string) {}

  hash(relativePath: string): string {
    let h = this.memo.get(relativePath);
    if (h === undefined) {
      try {
        h = sha256(fs.readFileSync(path.resolve(this.rootDir, relativePath))).toString("hex");
      } catch {
        h = "absent";
      }
      this.memo.set(relativePath, h);
    }
    return h;
  }
}
