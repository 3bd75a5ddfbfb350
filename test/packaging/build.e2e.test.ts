import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { unzipSync, zipSync } from "fflate";
import { CACHE_ENTRIES_PER_PACKAGE, DIRECT_UPLOAD_LIMIT_BYTES, FileHasher, PackageBuildError, buildPackage, type BuildPackageOptions, type SourcePackageSpec } from "../../packaging";
import { measureZip, toDeterministicZip } from "../../packaging/zip";
import { withEnv } from "../functions/support";

const REPO_ROOT = path.resolve(__dirname, "../..");
const te = new TextEncoder();
const sha256Hex = (data: Uint8Array): string => crypto.createHash("sha256").update(data).digest("hex");

/** Temp directories made by a test, removed after each test. */
const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pkg-test-${prefix}-`));
  temps.push(dir);
  return dir;
};

/** A two-file TypeScript project (entry imports a helper), at a fresh absolute path. */
function fixtureRoot(): string {
  const root = tempDir("root");
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(
    path.join(root, "src", "index.ts"),
    'import { greet } from "./greeting";\n' +
      "export const handler = async (event: { name?: string }) => ({ statusCode: 200, body: greet(event.name ?? \"World\") });\n",
  );
  fs.writeFileSync(path.join(root, "src", "greeting.ts"), "export const greet = (name: string): string => `Hi, ${name}!`;\n");
  fs.writeFileSync(path.join(root, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
  return root;
}
const FIXTURE_SPEC: SourcePackageSpec = { name: "fixture", sourceDir: "src", runtime: "nodejs22.x", architecture: "arm64" };

/**
 * Options for a build that runs right after the test wrote its sources. A build records its cache
 * entry only when no input was written since shortly before it started (see "records no cache entry
 * …" below); with a clock an hour ahead, the files just written count as settled.
 */
const afterWrites = (opts: BuildPackageOptions): BuildPackageOptions => ({ now: () => Date.now() + 3_600_000, ...opts });

/** The newest ctime of the files under `root`, in ms (the sources a test just wrote). */
function newestCtime(root: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).ctimeMs);
  }
  return newest;
}

/** The manifests (recorded cache entries) in a cache directory. */
const manifests = (cacheDir: string): string[] => fs.readdirSync(cacheDir).filter((f) => f.endsWith(".json"));

/** Blocks for `ms` (a build's file-time margin is 2 s). */
const waitMs = (ms: number): void => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;

/**
 * Runs `build` with `during` called inside it after esbuild has read the sources and before they are
 * hashed: while the zip is made (fflate's zipSync, which packaging/zip.ts calls through the module object).
 */
function whileZipping<T>(during: () => void, build: () => T): T {
  // The module object itself, which zip.ts's compiled calls go through (an import here would be a copy).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fflate = require("fflate") as { zipSync: (...args: unknown[]) => Uint8Array };
  const zipSync = fflate.zipSync;
  fflate.zipSync = (...args: unknown[]) => {
    during();
    return zipSync(...args);
  };
  try {
    return build();
  } finally {
    fflate.zipSync = zipSync;
  }
}

/** Extracts a zip into a fresh temp dir and returns the dir. */
function extract(zipPath: string): string {
  const dir = tempDir("extract");
  for (const [name, data] of Object.entries(unzipSync(fs.readFileSync(zipPath)))) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

/** Every central-directory record: host OS, DOS time/date, Unix mode. */
function centralDirectory(zip: Uint8Array): { name: string; host: number; dosTime: number; dosDate: number; mode: number }[] {
  const view = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = view.readUInt16LE(eocd + 10);
  let offset = view.readUInt32LE(eocd + 16);
  const records = [];
  for (let i = 0; i < count; i++) {
    expect(view.readUInt32LE(offset)).to.equal(0x02014b50);
    const nameLength = view.readUInt16LE(offset + 28);
    const extraLength = view.readUInt16LE(offset + 30);
    const commentLength = view.readUInt16LE(offset + 32);
    records.push({
      name: view.toString("utf8", offset + 46, offset + 46 + nameLength),
      host: view[offset + 5],
      dosTime: view.readUInt16LE(offset + 12),
      dosDate: view.readUInt16LE(offset + 14),
      mode: view.readUInt32LE(offset + 38) >>> 16,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return records;
}

describe("packaging/buildPackage", function () {
  this.timeout(60_000);
  afterEach(() => {
    for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("determinism", () => {
    for (const fn of ["hello", "pageview-counter"]) {
      it(`builds functions/${fn} to identical bytes twice with separate caches`, () => {
        const spec: SourcePackageSpec = { name: fn, sourceDir: `functions/${fn}`, runtime: "nodejs22.x", architecture: "x86_64" };
        const a = buildPackage(spec, { rootDir: REPO_ROOT, cacheDir: tempDir("cache-a") });
        const b = buildPackage(spec, { rootDir: REPO_ROOT, cacheDir: tempDir("cache-b") });
        expect([a.cached, b.cached]).to.deep.equal([false, false]);
        expect(b.sha256).to.equal(a.sha256);
        expect(Buffer.compare(fs.readFileSync(a.zipPath), fs.readFileSync(b.zipPath))).to.equal(0);
        expect(a.entries.slice(0, 2)).to.deep.equal(["index.js", "index.js.LEGAL.txt"]);
        // Both carry lazy-imports.js with a node_modules stand-in for semver; pageview-counter also
        // the shims of the credential providers.
        expect(a.entries).to.include.members(["lazy-imports.js", "node_modules/semver/index.js"]);
        expect(a.entries).to.have.length(fn === "hello" ? 4 : 17);
      });
    }

    it("gives the same bytes for the same sources at two different absolute paths (source maps on, not minified)", () => {
      const spec = { ...FIXTURE_SPEC, minify: false, sourcemap: true };
      const rootA = fixtureRoot();
      const rootB = fixtureRoot();
      const a = buildPackage(spec, { rootDir: rootA, cacheDir: tempDir("cache") });
      const b = buildPackage(spec, { rootDir: rootB, cacheDir: tempDir("cache") });
      expect(b.sha256).to.equal(a.sha256);
      const files = unzipSync(fs.readFileSync(a.zipPath));
      expect(Object.keys(files).sort()).to.deep.equal(["index.js", "index.js.map"]);
      const text = new TextDecoder().decode(files["index.js"]) + new TextDecoder().decode(files["index.js.map"]);
      expect(text).to.not.include(rootA);
      expect(text).to.not.include(os.tmpdir());
      const map = JSON.parse(new TextDecoder().decode(files["index.js.map"])) as { sources: string[] };
      expect([...map.sources].sort()).to.deep.equal(["../src/greeting.ts", "../src/index.ts"]);
    });

    it("gives the same bytes in every time zone, with a 1980-01-01 00:00 DOS timestamp and mode 0644 on every entry", async () => {
      const root = fixtureRoot();
      const hashes = new Set<string>();
      const offsets = new Set<number>();
      let zip = new Uint8Array();
      for (const tz of ["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kathmandu"]) {
        await withEnv({ TZ: tz }, () => {
          offsets.add(new Date(2020, 0, 1).getTimezoneOffset());
          const built = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir: tempDir("cache") }));
          hashes.add(built.sha256);
          zip = fs.readFileSync(built.zipPath);
        });
      }
      expect(offsets.size, "the time zone really changed").to.equal(4);
      expect(hashes.size).to.equal(1);
      const records = centralDirectory(zip);
      expect(records.map((r) => r.name)).to.deep.equal(["index.js"]);
      for (const r of records) {
        expect(r).to.include({ host: 3, dosTime: 0, dosDate: (0 << 9) | (1 << 5) | 1, mode: 0o100644 });
      }
    });

    it("zips fixed contents to a pinned SHA-256 (fflate 0.8.3, level 9): the zip layer is machine-independent", () => {
      const zip = toDeterministicZip({
        "b.txt": te.encode("bee\n"),
        "index.js": te.encode("exports.handler = async () => 'ok';\n"),
        "a/c.js": te.encode("sea\n"),
      });
      expect(sha256Hex(zip)).to.equal("4c60a49982d8e93389035e33d42a4029027e23ab5a0d62cb500e640203c52820");
      expect(centralDirectory(zip).map((r) => r.name)).to.deep.equal(["a/c.js", "b.txt", "index.js"]);
    });

    it("ignores mtimes: touching a source is a cache hit, and a fresh build is byte-identical", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const first = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      const future = new Date(Date.now() + 86_400_000);
      for (const f of ["index.ts", "greeting.ts"]) fs.utimesSync(path.join(root, "src", f), future, future);
      const touched = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(touched).to.deep.equal({ ...first, cached: true });
      const fresh = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir: tempDir("cache-fresh") }));
      expect(fresh.sha256).to.equal(first.sha256);
    });

    it("changes the hash when one byte of an imported source changes, and returns to the old cached zip when reverted", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const helper = path.join(root, "src", "greeting.ts");
      const original = fs.readFileSync(helper, "utf8");
      const first = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      fs.writeFileSync(helper, original.replace("Hi,", "Ho,"));
      const changed = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(changed.cached).to.equal(false);
      expect(changed.sha256).to.not.equal(first.sha256);
      expect(changed.zipPath).to.not.equal(first.zipPath);
      fs.writeFileSync(helper, original);
      const reverted = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(reverted).to.deep.equal({ ...first, cached: true });
    });

    it("rebuilds (to the same bytes) when the lockfile or a build option changes", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const first = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      fs.writeFileSync(path.join(root, "package-lock.json"), '{ "lockfileVersion": 3, "packages": {} }\n');
      const relocked = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(relocked.cached).to.equal(false);
      expect(relocked.sha256).to.equal(first.sha256);
      const unminified = buildPackage({ ...FIXTURE_SPEC, minify: false }, afterWrites({ rootDir: root, cacheDir }));
      expect(unminified.cached).to.equal(false);
      expect(unminified.sha256).to.not.equal(first.sha256);
    });
  });

  describe("cache", () => {
    it("serves an unchanged function from the cache without rebuilding or rewriting anything", () => {
      const cacheDir = tempDir("cache");
      const spec: SourcePackageSpec = { name: "hello", sourceDir: "functions/hello", runtime: "nodejs24.x", architecture: "arm64" };
      const first = buildPackage(spec, { rootDir: REPO_ROOT, cacheDir });
      const listing = fs.readdirSync(cacheDir).sort();
      const inodes = listing.map((f) => fs.statSync(path.join(cacheDir, f)).ino);
      const second = buildPackage(spec, { rootDir: REPO_ROOT, cacheDir });
      expect(first.cached).to.equal(false);
      expect(second).to.deep.equal({ ...first, cached: true });
      // A rebuild would write the zip and manifest again (write to a temp file + rename = new inode).
      expect(fs.readdirSync(cacheDir).sort()).to.deep.equal(listing);
      expect(listing.map((f) => fs.statSync(path.join(cacheDir, f)).ino)).to.deep.equal(inodes);
      const base = path.basename(first.zipPath, ".zip");
      expect(base).to.match(/^hello-[0-9a-f]{64}$/);
      expect(listing).to.deep.equal([`${base}.json`, `${base}.zip`]);
    });

    it("shares one run's file hashes across packages (a snapshot for lookups), while a new entry records the files as bundled", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const helper = path.join(root, "src", "greeting.ts");
      const a = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir })); // an earlier run
      const run = new FileHasher(root);
      expect(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir, fileHashes: run }))).to.deep.equal({ ...a, cached: true });
      const edited = fs.readFileSync(helper, "utf8").replace("Hi,", "Ho,");
      fs.writeFileSync(helper, edited);
      // Same run: the lookup sees the run's snapshot of greeting.ts (taken by the hit above), so A is still that entry.
      expect(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir, fileHashes: run }))).to.deep.equal({ ...a, cached: true });
      // A package not cached yet is bundled from the edited file, and its entry records that file's hash.
      const specB = { ...FIXTURE_SPEC, name: "fixture-b" };
      const b = buildPackage(specB, afterWrites({ rootDir: root, cacheDir, fileHashes: run }));
      expect(b.cached).to.equal(false);
      expect(fs.readFileSync(path.join(extract(b.zipPath), "index.js"), "utf8")).to.include("Ho,");
      const manifest = JSON.parse(fs.readFileSync(b.zipPath.replace(/\.zip$/, ".json"), "utf8")) as { inputs: { path: string; sha256: string }[] };
      expect(manifest.inputs.find((i) => i.path === "src/greeting.ts")?.sha256).to.equal(sha256Hex(te.encode(edited)));
      // The next run (no shared hashes) sees the edit: A is rebuilt, B is a hit.
      expect(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir })).cached).to.equal(false);
      expect(buildPackage(specB, afterWrites({ rootDir: root, cacheDir }))).to.deep.equal({ ...b, cached: true });
    });

    it("records no cache entry when an input was written since shortly before the build: it may have been bundled from other bytes than were hashed", () => {
      // GIVEN sources written just now (fixtureRoot), built at a file-system time 1 s after the newest of them.
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const justAfter = { now: () => newestCtime(root) + 1000 };
      const first = buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir, ...justAfter });
      // THEN the build is usable (its zip is there and runs the sources) but no manifest points at it,
      expect(first.cached).to.equal(false);
      expect(fs.readFileSync(path.join(extract(first.zipPath), "index.js"), "utf8")).to.include("Hi,");
      expect(manifests(cacheDir)).to.deep.equal([]);
      // so the next build bundles again, to the same bytes.
      expect(buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir, ...justAfter })).to.deep.equal(first);
      // The ctime counts too: mtimes set back an hour (as `cp -p` or rsync would) leave the ctime new.
      const hourAgo = new Date(Date.now() - 3_600_000);
      for (const f of ["src/index.ts", "src/greeting.ts", "package-lock.json"]) fs.utimesSync(path.join(root, f), hourAgo, hourAgo);
      expect(buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir, now: () => newestCtime(root) + 1000 })).to.deep.equal(first);
      expect(manifests(cacheDir)).to.deep.equal([]);
      // Once the inputs are older than the build's start by more than 2 s (here: a clock an hour
      // ahead), the entry is recorded, and a lookup hits it whatever the clock (lookups go by content).
      expect(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }))).to.deep.equal(first);
      expect(manifests(cacheDir)).to.deep.equal([path.basename(first.zipPath).replace(/\.zip$/, ".json")]);
      expect(buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir })).to.deep.equal({ ...first, cached: true });
    });

    it("a source saved after esbuild read it and before it was hashed: the stale bundle is not recorded, and the next build bundles the new source", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const helper = path.join(root, "src", "greeting.ts");
      const hourAgo = new Date(Date.now() - 3_600_000);
      // GIVEN sources whose mtimes say an hour ago; their ctimes are new, so wait out the 2 s margin:
      // this build runs on its default clock, the file system's, which must see the save below only.
      for (const f of ["src/index.ts", "src/greeting.ts", "package-lock.json"]) fs.utimesSync(path.join(root, f), hourAgo, hourAgo);
      waitMs(2100);
      // WHEN greeting.ts is saved while the zip is made (esbuild has read it; the hashes come next),
      const raced = whileZipping(() => fs.writeFileSync(helper, fs.readFileSync(helper, "utf8").replace("Hi,", "Ho,")), () => buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir }));
      // THEN that build has the old text and is not recorded under the new text's hash,
      expect(fs.readFileSync(path.join(extract(raced.zipPath), "index.js"), "utf8")).to.include("Hi,");
      expect(manifests(cacheDir)).to.deep.equal([]);
      // and the next build (at a time when the save is old) bundles and records the new text.
      const next = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(next.cached).to.equal(false);
      expect(fs.readFileSync(path.join(extract(next.zipPath), "index.js"), "utf8")).to.include("Ho,");
      expect(buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir })).to.deep.equal({ ...next, cached: true });
    });

    it("a source deleted after esbuild read it: not recorded as absent (a later build must fail to resolve it, not hit)", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const helper = path.join(root, "src", "greeting.ts");
      const built = whileZipping(() => fs.rmSync(helper), () => buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir })));
      expect(built.cached).to.equal(false);
      expect(manifests(cacheDir)).to.deep.equal([]);
      expect(() => buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }))).to.throw(PackageBuildError, /greeting/);
    });

    it("refuses shared file hashes taken under another rootDir", () => {
      const root = fixtureRoot();
      const other = fixtureRoot();
      expect(() => buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir: tempDir("cache"), fileHashes: new FileHasher(other) })))
        .to.throw(PackageBuildError, `fileHashes: hashes files under ${other}, not under this build's rootDir ${root}`);
    });

    it("rebuilds when the cached zip was tampered with", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const first = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      fs.appendFileSync(first.zipPath, "junk");
      const again = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(again).to.deep.equal(first);
      expect(fs.statSync(first.zipPath).size).to.equal(first.zippedBytes);
    });
  });

  describe("cache pruning", () => {
    const entries = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith("fixture-")).sort();
    const age = (dir: string, file: string, secondsAgo: number) => {
      const t = new Date(Date.now() - secondsAgo * 1000);
      fs.utimesSync(path.join(dir, file), t, t);
    };

    it(`keeps the ${CACHE_ENTRIES_PER_PACKAGE} most recently built or used entries per package and deletes older ones`, () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const greeting = path.join(root, "src", "greeting.ts");
      const builds = [];
      for (let i = 0; i <= CACHE_ENTRIES_PER_PACKAGE; i++) {
        fs.writeFileSync(greeting, `export const greet = (name: string): string => \`Hi ${i}, \${name}!\`;\n`);
        builds.push(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir })));
        // Builds within one millisecond share an mtime: spread them out so build order is visible.
        for (const [j, b] of builds.entries()) {
          const manifest = path.basename(b.zipPath).replace(/\.zip$/, ".json");
          if (fs.existsSync(path.join(cacheDir, manifest))) age(cacheDir, manifest, (builds.length - j) * 10);
        }
      }
      // The oldest build was pruned when the (N+1)-th was written; the newest N remain.
      expect(entries(cacheDir).filter((f) => f.endsWith(".json"))).to.have.length(CACHE_ENTRIES_PER_PACKAGE);
      expect(entries(cacheDir).filter((f) => f.endsWith(".zip"))).to.have.length(CACHE_ENTRIES_PER_PACKAGE);
      expect(fs.existsSync(builds[0]!.zipPath)).to.equal(false);
      for (const b of builds.slice(1)) expect(fs.existsSync(b.zipPath), b.zipPath).to.equal(true);
    });

    it("deletes a zip no manifest points at (an unrecorded build) once it is a day old, and keeps a younger one", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const greeting = path.join(root, "src", "greeting.ts");
      const justAfter = { now: () => newestCtime(root) + 1000 }; // unrecorded: see "records no cache entry …"
      const old = buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir, ...justAfter });
      age(cacheDir, path.basename(old.zipPath), 24 * 3600 + 60); // a day and a minute
      fs.writeFileSync(greeting, "export const greet = (name: string): string => `Yo, ${name}!`;\n");
      const young = buildPackage(FIXTURE_SPEC, { rootDir: root, cacheDir, ...justAfter });
      age(cacheDir, path.basename(young.zipPath), 23 * 3600);
      expect(entries(cacheDir)).to.deep.equal([path.basename(old.zipPath), path.basename(young.zipPath)].sort());
      // WHEN a recorded build of the package prunes,
      fs.writeFileSync(greeting, "export const greet = (name: string): string => `Hey, ${name}!`;\n");
      const recorded = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      // THEN the day-old unrecorded zip is gone; the younger one and the recorded entry stay.
      const base = path.basename(recorded.zipPath, ".zip");
      expect(entries(cacheDir)).to.deep.equal([path.basename(young.zipPath), `${base}.json`, `${base}.zip`].sort());
    });

    it("counts a cache hit as a use: a recently hit entry survives the next prune", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const greeting = path.join(root, "src", "greeting.ts");
      const source = (i: number) => fs.writeFileSync(greeting, `export const greet = (name: string): string => \`Hey ${i}, \${name}!\`;\n`);
      const builds = [];
      for (let i = 0; i < CACHE_ENTRIES_PER_PACKAGE; i++) {
        source(i);
        builds.push(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir })));
      }
      // Age every entry, the first one most: it would be the next to go.
      for (const [j, b] of builds.entries()) age(cacheDir, path.basename(b.zipPath).replace(/\.zip$/, ".json"), 1000 - j * 10);
      source(0);
      const hit = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(hit.cached).to.equal(true);
      expect(hit.zipPath).to.equal(builds[0]!.zipPath);
      source(99);
      buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir }));
      expect(fs.existsSync(builds[0]!.zipPath), "hit entry kept").to.equal(true);
      expect(fs.existsSync(builds[1]!.zipPath), "least recently used entry pruned").to.equal(false);
    });
  });

  describe("sizes and upload mode", () => {
    it("reports the zip file's size, the sum of its uncompressed entries and its real SHA-256", () => {
      const built = buildPackage(
        { name: "pageview-counter", sourceDir: "functions/pageview-counter", runtime: "nodejs22.x", architecture: "arm64" },
        { rootDir: REPO_ROOT, cacheDir: tempDir("cache") },
      );
      const bytes = fs.readFileSync(built.zipPath);
      const files = unzipSync(bytes);
      expect(path.isAbsolute(built.zipPath)).to.equal(true);
      expect(built.zippedBytes).to.equal(fs.statSync(built.zipPath).size);
      expect(built.unzippedBytes).to.equal(Object.values(files).reduce((sum, f) => sum + f.byteLength, 0));
      expect(built.entries).to.deep.equal(Object.keys(files));
      expect(built.sha256).to.equal(sha256Hex(bytes));
      expect(built.base64Sha256).to.equal(crypto.createHash("sha256").update(bytes).digest("base64"));
      expect(built.s3Key).to.equal(`pageview-counter/${built.sha256}.zip`);
      expect(built.upload).to.equal("direct");
    });

    it("switches to S3 strictly above the direct-upload limit", () => {
      const root = fixtureRoot();
      const cacheDir = tempDir("cache");
      const size = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir })).zippedBytes;
      expect(buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir, directUploadLimitBytes: size })).upload).to.equal("direct");
      const over = buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir, directUploadLimitBytes: size - 1 }));
      expect(over.upload).to.equal("s3");
      expect(over.s3Key).to.equal(`fixture/${over.sha256}.zip`);
      expect(DIRECT_UPLOAD_LIMIT_BYTES).to.equal(52_428_800);
    });

    it("measures a prebuilt zip as is (directory entries included), never from the cache", () => {
      const root = tempDir("prebuilt");
      const content = { lib: {}, "lib/a.js": te.encode("a".repeat(10_000)), "index.js": te.encode("exports.handler = 1;\n") };
      const zip = zipSync(content, { level: 6, mtime: new Date(2024, 5, 1) });
      fs.writeFileSync(path.join(root, "prebuilt.zip"), zip);
      const built = buildPackage({ name: "legacy", zipPath: "prebuilt.zip" }, { rootDir: root });
      expect(built).to.deep.equal({
        name: "legacy",
        zipPath: path.join(root, "prebuilt.zip"),
        sha256: sha256Hex(zip),
        base64Sha256: crypto.createHash("sha256").update(zip).digest("base64"),
        zippedBytes: zip.byteLength,
        unzippedBytes: 10_000 + 21,
        upload: "direct",
        s3Key: `legacy/${sha256Hex(zip)}.zip`,
        cached: false,
        entries: ["lib/", "lib/a.js", "index.js"],
      });
      expect(measureZip(zip).unzippedBytes).to.equal(Object.values(unzipSync(zip)).reduce((s, f) => s + f.byteLength, 0));
    });

    it("sends a real > 50 MB incompressible prebuilt zip to S3, with exact sizes", () => {
      const root = tempDir("big");
      const payload = crypto.randomBytes(DIRECT_UPLOAD_LIMIT_BYTES + 1_048_576); // 51 MB of noise
      const zip = zipSync({ "index.js": te.encode("exports.handler = 1;\n"), "blob.bin": [payload, { level: 0 }] });
      const zipFile = path.join(root, "big.zip");
      fs.writeFileSync(zipFile, zip);
      const built = buildPackage({ name: "big", zipPath: zipFile }, { rootDir: root });
      expect(built.upload).to.equal("s3");
      expect(built.zippedBytes).to.equal(fs.statSync(zipFile).size);
      expect(built.zippedBytes).to.be.greaterThan(DIRECT_UPLOAD_LIMIT_BYTES);
      expect(built.unzippedBytes).to.equal(payload.byteLength + 21);
      expect(built.s3Key).to.equal(`big/${built.sha256}.zip`);
    });
  });

  describe("the built bundles run", () => {
    it("runs the hello bundle extracted from its zip (handler index.handler)", async () => {
      // nodejs20.x is supported until 2026-04-30 (pricing/runtimes.ts): build it as on a day before that.
      const built = buildPackage({ name: "hello", sourceDir: "functions/hello", runtime: "nodejs20.x", architecture: "x86_64" }, { rootDir: REPO_ROOT, cacheDir: tempDir("cache"), today: "2026-01-15" });
      const dir = extract(built.zipPath);
      expect(built.entries).to.deep.equal(["index.js", "index.js.LEGAL.txt", "lazy-imports.js", "node_modules/semver/index.js"]);
      const lazyFile = path.join(dir, "lazy-imports.js");
      await withEnv({ POWERTOOLS_LOG_LEVEL: "SILENT", AWS_EXECUTION_ENV: undefined }, async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path.join(dir, "index.js")) as { handler: (e: unknown) => Promise<{ statusCode: number; body: string }> };
        expect(require.cache[lazyFile], "semver (lazy-imports.js) loaded at init").to.equal(undefined);
        expect(await mod.handler({ name: "Bundle" })).to.deep.equal({
          statusCode: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ message: "Hello, Bundle!" }),
        });
        expect((await mod.handler({ name: 12 })).statusCode).to.equal(400);
      });
    });

    it("runs the pageview-counter bundle, with the AWS SDK inside it, against dynalite", async () => {
      const built = buildPackage({ name: "pageview-counter", sourceDir: "functions/pageview-counter", runtime: "nodejs22.x", architecture: "arm64" }, { rootDir: REPO_ROOT, cacheDir: tempDir("cache") });
      const dir = extract(built.zipPath);
      const source = fs.readFileSync(path.join(dir, "index.js"), "utf8");
      // Self-contained: the SDK is inside (the temp dir has no node_modules to fall back on).
      expect(source).to.not.match(/require\("@aws-sdk\/client-dynamodb"\)/);
      expect(source).to.include("DynamoDB_20120810"); // the service's API version string, from the SDK
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const server = (require("dynalite") as (o: object) => { listen(p: number, h: string, cb: () => void): void; address(): AddressInfo; close(cb: () => void): void })({ createTableMs: 0 });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const endpoint = `http://127.0.0.1:${server.address().port}`;
        const env = { DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: "pageviews", AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x", AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined, POWERTOOLS_LOG_LEVEL: "SILENT", AWS_EXECUTION_ENV: undefined };
        await withEnv(env, async () => {
          const { CreateTableCommand, DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
          const admin = new DynamoDBClient({ endpoint });
          await admin.send(new CreateTableCommand({ TableName: "pageviews", KeySchema: [{ AttributeName: "page", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "page", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
          admin.destroy();
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const mod = require(path.join(dir, "index.js")) as { handler: (e: unknown) => Promise<{ statusCode: number; body: string }> };
          expect(JSON.parse((await mod.handler({ page: "bundled" })).body)).to.deep.equal({ page: "bundled", count: 1 });
          expect(JSON.parse((await mod.handler({ page: "bundled" })).body)).to.deep.equal({ page: "bundled", count: 2 });
        });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it("moves dynamic-import-only packages (credential providers) to lazy-imports.js, loaded on first use, and they still work", async () => {
      const built = buildPackage({ name: "pageview-counter", sourceDir: "functions/pageview-counter", runtime: "nodejs22.x", architecture: "arm64" }, { rootDir: REPO_ROOT, cacheDir: tempDir("cache") });
      expect(built.entries).to.include.members([
        "index.js",
        "lazy-imports.js",
        "node_modules/@aws-sdk/credential-provider-ini/index.js",
        "node_modules/@aws-sdk/credential-provider-sso/index.js",
        "node_modules/@aws-sdk/nested-clients/sts/index.js",
      ]);
      // Statically imported by the default chain, so it stays in index.js.
      expect(built.entries).to.not.include("node_modules/@aws-sdk/credential-provider-env/index.js");
      const dir = extract(built.zipPath);
      const main = fs.readFileSync(path.join(dir, "index.js"), "utf8");
      expect(main).to.include('require("@aws-sdk/credential-provider-ini")');
      expect(main).to.not.include("AssumeRoleWithWebIdentity"); // STS lives in lazy-imports.js only
      expect(fs.readFileSync(path.join(dir, "lazy-imports.js"), "utf8")).to.include("AssumeRoleWithWebIdentity");

      // No credentials in the environment: the default chain falls through to the shared credentials
      // file, i.e. import("@aws-sdk/credential-provider-ini") → shim → lazy-imports.js.
      const home = tempDir("home");
      fs.writeFileSync(path.join(home, "credentials"), "[default]\naws_access_key_id = fromfile\naws_secret_access_key = fromfile\n");
      fs.writeFileSync(path.join(home, "config"), "[default]\nregion = us-east-1\n");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const server = (require("dynalite") as (o: object) => { listen(p: number, h: string, cb: () => void): void; address(): AddressInfo; close(cb: () => void): void })({ createTableMs: 0 });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const endpoint = `http://127.0.0.1:${server.address().port}`;
        const lazyFile = path.join(dir, "lazy-imports.js");
        await withEnv({ AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x", AWS_SESSION_TOKEN: undefined }, async () => {
          const { CreateTableCommand, DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
          const admin = new DynamoDBClient({ endpoint });
          await admin.send(new CreateTableCommand({ TableName: "lazy", KeySchema: [{ AttributeName: "page", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "page", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
          admin.destroy();
        });
        const env = {
          DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: "lazy", AWS_REGION: "us-east-1", POWERTOOLS_LOG_LEVEL: "SILENT", AWS_EXECUTION_ENV: undefined,
          AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined,
          AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"), AWS_CONFIG_FILE: path.join(home, "config"),
          AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined, AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined, AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
        };
        await withEnv(env, async () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const mod = require(path.join(dir, "index.js")) as { handler: (e: unknown) => Promise<{ statusCode: number; body: string }> };
          expect(require.cache[lazyFile], "lazy-imports.js loaded at init").to.equal(undefined);
          expect(JSON.parse((await mod.handler({ page: "lazy" })).body)).to.deep.equal({ page: "lazy", count: 1 });
          expect(require.cache[lazyFile], "lazy-imports.js loaded for the file credentials").to.not.equal(undefined);
        });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });

    it("defers semver, which the X-Ray SDK requires at init for one later gte() call, to its first use", () => {
      const built = buildPackage({ name: "hello", sourceDir: "functions/hello", runtime: "nodejs22.x", architecture: "arm64" }, { rootDir: REPO_ROOT, cacheDir: tempDir("cache") });
      const dir = extract(built.zipPath);
      const main = fs.readFileSync(path.join(dir, "index.js"), "utf8");
      expect(main).to.include('require("semver")'); // aws-xray-sdk-core's SDK v2 patcher, answered by the stand-in
      expect(main).to.not.include("SEMVER_SPEC_VERSION"); // semver's own code is not in index.js…
      expect(fs.readFileSync(path.join(dir, "lazy-imports.js"), "utf8")).to.include("SEMVER_SPEC_VERSION"); // …but here
      // The stand-in behaves as semver's exports object once touched, in a fresh process (no test-runner module cache).
      const probe = `
        const lazyFile = require.resolve(${JSON.stringify(path.join(dir, "lazy-imports.js"))});
        const semver = require(${JSON.stringify(path.join(dir, "node_modules", "semver"))});
        const before = lazyFile in require.cache;
        const out = { before, gte: semver.gte("3.1.0", "2.7.15"), lt: semver.gte("2.6.0", "2.7.15"), has: "satisfies" in semver,
          keys: Object.keys(semver).includes("gte"), spec: semver.SEMVER_SPEC_VERSION, after: lazyFile in require.cache };
        // Writes, definitions and deletions reach the real exports object.
        const real = require(lazyFile).semver;
        semver.written = 1;
        Object.defineProperty(semver, "defined", { value: 2, configurable: true });
        out.forwarded = [real.written, real.defined];
        delete semver.written;
        out.deleted = "written" in real;
        process.stdout.write(JSON.stringify(out));`;
      const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
      expect(r.stderr).to.equal("");
      expect(JSON.parse(r.stdout)).to.deep.equal({ before: false, gte: true, lt: false, has: true, keys: true, spec: "2.0.0", after: true, forwarded: [1, 2], deleted: false });
    });

    it("does not load semver at init or on an invocation with tracing on, as on Lambda", () => {
      const built = buildPackage({ name: "hello", sourceDir: "functions/hello", runtime: "nodejs22.x", architecture: "arm64" }, { rootDir: REPO_ROOT, cacheDir: tempDir("cache") });
      const dir = extract(built.zipPath);
      const probe = `
        const lazyFile = require.resolve(${JSON.stringify(path.join(dir, "lazy-imports.js"))});
        const { handler } = require(${JSON.stringify(path.join(dir, "index.js"))});
        const atInit = lazyFile in require.cache;
        handler({ name: "Ada" }).then((res) => process.stdout.write(JSON.stringify({ atInit, status: res.statusCode, afterInvoke: lazyFile in require.cache })));`;
      // What Lambda sets: AWS_EXECUTION_ENV turns the Powertools Tracer on, LAMBDA_TASK_ROOT puts the X-Ray SDK in Lambda mode.
      const env = { PATH: process.env.PATH ?? "", AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", LAMBDA_TASK_ROOT: dir, AWS_LAMBDA_FUNCTION_NAME: "hello", AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000", AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR", POWERTOOLS_LOG_LEVEL: "SILENT" };
      const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", env });
      expect(r.status, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout.slice(r.stdout.lastIndexOf("{")))).to.deep.equal({ atInit: false, status: 200, afterInvoke: false });
    });

    describe("defers a listed package only when every import of it is a plain require() of one copy", () => {
      /** A root with a stand-in `semver` package and one entry file using it as `source` does. */
      function semverRoot(source: string): string {
        const root = tempDir("semver");
        const pkg = path.join(root, "node_modules", "semver");
        fs.mkdirSync(path.join(pkg, "functions"), { recursive: true });
        fs.writeFileSync(path.join(pkg, "package.json"), '{ "name": "semver", "version": "7.0.0", "main": "index.js" }\n');
        fs.writeFileSync(path.join(pkg, "index.js"), 'module.exports = { gte: require("./functions/gte"), marker: "SEMVER_INDEX" };\n');
        fs.writeFileSync(path.join(pkg, "functions", "gte.js"), "module.exports = (a, b) => a >= b;\n");
        fs.mkdirSync(path.join(root, "src"));
        fs.writeFileSync(path.join(root, "src", "index.js"), source);
        fs.writeFileSync(path.join(root, "package-lock.json"), '{ "lockfileVersion": 3 }\n');
        return root;
      }
      const spec: SourcePackageSpec = { name: "semver-user", sourceDir: "src", entry: "index.js", runtime: "nodejs22.x", architecture: "arm64" };
      const run = async (zipPath: string): Promise<unknown> => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path.join(extract(zipPath), "index.js")) as { handler: () => Promise<unknown> };
        return mod.handler();
      };

      it("require(\"semver\") only: deferred, and it still works", async () => {
        const root = semverRoot('const semver = require("semver");\nexports.handler = async () => [semver.gte("b", "a"), semver.marker];\n');
        const built = buildPackage(spec, afterWrites({ rootDir: root, cacheDir: tempDir("cache") }));
        expect(built.entries).to.deep.equal(["index.js", "lazy-imports.js", "node_modules/semver/index.js"]);
        expect(await run(built.zipPath)).to.deep.equal([true, "SEMVER_INDEX"]);
      });

      it("two copies (a dependency with its own nested semver): left in index.js, each importer keeps its copy", async () => {
        const root = semverRoot('const semver = require("semver");\nconst dep = require("dep");\nexports.handler = async () => [semver.marker, dep.marker];\n');
        const dep = path.join(root, "node_modules", "dep");
        fs.mkdirSync(path.join(dep, "node_modules", "semver"), { recursive: true });
        fs.writeFileSync(path.join(dep, "package.json"), '{ "name": "dep", "version": "1.0.0", "main": "index.js" }\n');
        fs.writeFileSync(path.join(dep, "index.js"), 'module.exports = { marker: require("semver").marker };\n');
        fs.writeFileSync(path.join(dep, "node_modules", "semver", "package.json"), '{ "name": "semver", "version": "5.0.0", "main": "index.js" }\n');
        fs.writeFileSync(path.join(dep, "node_modules", "semver", "index.js"), 'module.exports = { marker: "NESTED_SEMVER" };\n');
        const built = buildPackage(spec, afterWrites({ rootDir: root, cacheDir: tempDir("cache") }));
        expect(built.entries).to.deep.equal(["index.js"]);
        expect(await run(built.zipPath)).to.deep.equal(["SEMVER_INDEX", "NESTED_SEMVER"]);
      });

      it("a user-external semver subpath: left alone (the stand-in would shadow it)", () => {
        const root = semverRoot('const semver = require("semver");\nconst gte = require("semver/functions/gte");\nexports.handler = async () => [gte("b", "a"), semver.marker];\n');
        const built = buildPackage({ ...spec, external: ["semver/functions/*"] }, afterWrites({ rootDir: root, cacheDir: tempDir("cache") }));
        expect(built.entries).to.deep.equal(["index.js"]);
      });

      for (const [what, source] of [
        ["a subpath import as well", 'const semver = require("semver");\nconst gte = require("semver/functions/gte");\nexports.handler = async () => [gte("b", "a"), semver.marker];\n'],
        ["an ES import (which reads every export at once)", 'import * as semver from "semver";\nexport const handler = async () => [semver.gte("b", "a"), semver.marker];\n'],
      ] as const) {
        it(`${what}: left in index.js`, async () => {
          const built = buildPackage(spec, { rootDir: semverRoot(source), cacheDir: tempDir("cache") });
          expect(built.entries).to.deep.equal(["index.js"]);
          expect(new TextDecoder().decode(unzipSync(fs.readFileSync(built.zipPath))["index.js"])).to.include("SEMVER_INDEX");
          expect(await run(built.zipPath)).to.deep.equal([true, "SEMVER_INDEX"]);
        });
      }
    });

    it("leaves external modules to require() at run time", () => {
      const built = buildPackage(
        { name: "pv-ext", sourceDir: "functions/pageview-counter", runtime: "nodejs22.x", architecture: "arm64", external: ["@aws-sdk/*"] },
        { rootDir: REPO_ROOT, cacheDir: tempDir("cache") },
      );
      const source = new TextDecoder().decode(unzipSync(fs.readFileSync(built.zipPath))["index.js"]);
      expect(source).to.match(/require\("@aws-sdk\/client-dynamodb"\)/);
    });
  });

  describe("errors", () => {
    it("lists every problem of a bad source spec on one line", () => {
      const root = fixtureRoot();
      const bad = { name: "bad name!", sourceDir: "nowhere", runtime: "python3.12", architecture: "sparc" } as unknown as SourcePackageSpec;
      let error: unknown;
      try {
        buildPackage(bad, afterWrites({ rootDir: root, cacheDir: tempDir("cache"), directUploadLimitBytes: 0, today: "2026-01-15" }));
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(PackageBuildError);
      const { message, problems } = error as PackageBuildError;
      expect(message).to.not.include("\n");
      expect(message).to.match(/^Cannot build package "bad name!" \(5 problems\): /);
      expect(problems).to.have.length(5);
      expect(problems[0]).to.match(/^name: got "bad name!", allowed 1–64 of \[a-zA-Z0-9_-\]/);
      expect(problems[1]).to.match(/^directUploadLimitBytes: got 0, allowed a positive integer/);
      // Issue 14: the list is the validator's supported Node.js runtimes on the day (here 2026-01-15, table order).
      // nodejs26.x is in the Lambda API model's Runtime enum with no announced deprecation (issue 12's facts).
      expect(problems[2]).to.match(/^runtime: got "python3\.12", allowed nodejs26\.x, nodejs24\.x, nodejs22\.x, nodejs20\.x \(the supported Node\.js runtimes\)$/);
      expect(problems[3]).to.match(/^architecture: got "sparc", allowed x86_64, arm64$/);
      expect(problems[4]).to.match(/^sourceDir\/entry: .*nowhere[/\\]index\.ts is not a file$/);
    });

    it("refuses a runtime named like an Object.prototype key", () => {
      expect(() => buildPackage({ ...FIXTURE_SPEC, runtime: "constructor" }, { rootDir: fixtureRoot(), cacheDir: tempDir("cache"), today: "2026-01-15" }))
        .to.throw(PackageBuildError)
        .with.property("message")
        .that.matches(/runtime: got "constructor", allowed nodejs26\.x, nodejs24\.x, nodejs22\.x, nodejs20\.x \(the supported Node\.js runtimes\)$/);
    });

    it("refuses a runtime the validator rejects on the day: nodejs20.x after its deprecation (2026-04-30)", () => {
      expect(() => buildPackage({ ...FIXTURE_SPEC, runtime: "nodejs20.x" }, { rootDir: fixtureRoot(), cacheDir: tempDir("cache"), today: "2026-05-01" }))
        .to.throw(PackageBuildError)
        .with.property("message")
        .that.matches(/runtime: got "nodejs20\.x", allowed nodejs26\.x, nodejs24\.x, nodejs22\.x \(the supported Node\.js runtimes\)$/);
    });

    it("reports esbuild's error with file and line", () => {
      const root = fixtureRoot();
      fs.writeFileSync(path.join(root, "src", "greeting.ts"), "export const greet = (name: string) => `Hi, ${name}!`;\nexport const = 1;\n");
      expect(() => buildPackage(FIXTURE_SPEC, afterWrites({ rootDir: root, cacheDir: tempDir("cache") })))
        .to.throw(PackageBuildError)
        .with.property("message")
        .that.matches(/^Cannot build package "fixture": esbuild: src\/greeting\.ts:2:\d+: /);
    });

    it("refuses a prebuilt path that is missing or not a zip", () => {
      const root = tempDir("prebuilt");
      fs.writeFileSync(path.join(root, "not.zip"), "hello");
      expect(() => buildPackage({ name: "p", zipPath: "missing.zip" }, { rootDir: root }))
        .to.throw(PackageBuildError)
        .with.property("message")
        .that.matches(/^Cannot build package "p": zipPath: .*missing\.zip is not a file$/);
      expect(() => buildPackage({ name: "p", zipPath: "not.zip" }, { rootDir: root }))
        .to.throw(PackageBuildError)
        .with.property("message")
        .that.matches(/zipPath: .*not\.zip is not a readable zip \(invalid zip data\)$/);
    });
  });
});
