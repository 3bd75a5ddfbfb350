// Deterministic zip writing and zip measuring. Pure: bytes in, bytes out (no file system).
import { unzipSync, zipSync, type Zippable } from "fflate";

/** DEFLATE level of every entry. Part of the output's identity: changing it changes every hash. */
export const ZIP_COMPRESSION_LEVEL = 9;

/** Unix mode of every entry: regular file (0o100000), rw-r--r--. Lambda needs world-readable files. */
export const ZIP_FILE_MODE = 0o100644;

/** "Version made by" host: 3 = Unix, so unzip tools honour {@link ZIP_FILE_MODE}. */
const ZIP_HOST_UNIX = 3;

/**
 * The fixed entry timestamp: 1980-01-01 00:00:00, the earliest DOS date.
 *
 * A zip stores a DOS date with no time zone, and fflate fills it from the *local* fields of the Date it
 * is given (`getFullYear()`, `getHours()`, …). A fixed instant such as `Date.UTC(1980, 0, 1)` would
 * therefore give different bytes in different time zones (and fail with "date not in range" west of
 * UTC). Building the Date from local fields gives the same DOS fields everywhere. A function, not a
 * constant, so a change of `process.env.TZ` at run time is honoured.
 */
function fixedZipTimestamp(): Date {
  return new Date(1980, 0, 1, 0, 0, 0, 0);
}

/**
 * Zips `files` (zip path → content) so that the same contents always give the same bytes, on any
 * machine and in any time zone: entries in code-unit order of their names, fixed timestamp, fixed mode
 * and host, fixed compression level, no comments or extra fields.
 *
 * fflate writes entries in the object's key order, which puts integer-like names ("0", "42") first
 * whatever the insertion order; that order is still a pure function of the names, so output stays
 * deterministic.
 */
export function toDeterministicZip(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const names = Object.keys(files).sort(compareCodeUnits);
  for (const name of names) {
    if (name === "" || name.startsWith("/") || name.endsWith("/") || name.split("/").includes("..")) {
      throw new Error(`zip entry name must be a relative file path, got ${JSON.stringify(name)}`);
    }
  }
  const mtime = fixedZipTimestamp();
  const zippable: Zippable = {};
  for (const name of names) {
    zippable[name] = [files[name], { level: ZIP_COMPRESSION_LEVEL, mtime, os: ZIP_HOST_UNIX, attrs: (ZIP_FILE_MODE << 16) >>> 0 }];
  }
  // An options object with mtime as well, in case fflate ever reads the archive-level one.
  return zipSync(zippable, { level: ZIP_COMPRESSION_LEVEL, mtime });
}

/** Names and sizes of a zip's entries, read from its central directory (nothing is inflated). */
export interface ZipMeasurement {
  /** Entry names in central-directory order (directories end with "/"). */
  readonly entries: string[];
  /** Sum of the entries' uncompressed sizes, as Lambda counts them against 262,144,000 bytes. */
  readonly unzippedBytes: number;
}

/** Reads the central directory of `zip` (zip64 included); throws if it is not a zip. */
export function measureZip(zip: Uint8Array): ZipMeasurement {
  const entries: string[] = [];
  let unzippedBytes = 0;
  unzipSync(zip, {
    filter: (file) => {
      entries.push(file.name);
      unzippedBytes += file.originalSize;
      return false; // never inflate: sizes come from the central directory
    },
  });
  return { entries, unzippedBytes };
}

/** Plain code-unit order, independent of locale (unlike `localeCompare`). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
