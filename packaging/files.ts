// File helpers of the package builder: hashing, atomic writes, path checks.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export function sha256(data: Uint8Array): Buffer {
  return crypto.createHash("sha256").update(data).digest();
}

/** Write to a temporary sibling, then rename: readers (and concurrent builders) never see a partial file. */
export function writeFileAtomic(file: string, data: Uint8Array): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
