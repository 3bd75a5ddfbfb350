// File helpers of the package builder: hashing and path checks (atomic writes: tools/file-lock.ts).
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export function sha256(data: Uint8Array): Buffer {
  return crypto.createHash("sha256").update(data).digest();
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
