/**
 * Serialised, atomic edits of a file that several processes may edit at once (a stack file edited
 * from two terminals or two CI jobs, a plan's `--out` file, a catalog refresh).
 *
 * - {@link withFileLock}: a lock file `<file>.lock` beside the file, created with `O_EXCL` (so
 *   exactly one process holds it), holding `{ pid, host, command, since }`. Waiting gives up after
 *   a timeout with a message naming the holder. A lock whose holder is a dead process on this host
 *   is stale and removed; a holder on another host is never second-guessed (remove the lock file
 *   by hand if that host is gone).
 * - {@link writeFileAtomic}: write a temp file in the same directory, fsync it, rename it over the
 *   file (atomic on POSIX), so a reader sees the old or the new text, never half of it.
 * - {@link editFileLocked}: both around a read-modify-write: the file is re-read under the lock.
 *
 * Errors are {@link FileEditError}s with one-line messages (no stack trace is meant to be shown).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Who holds a lock; written as JSON into the lock file. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export interface LockOptions {
  /** How long to wait for another holder. @default 15 s */
  readonly timeoutMs?: number;
  /** Pause between attempts. @default 50 ms */
  readonly retryMs?: number;
  /** What the holder is doing, for the message another process shows. @default - this process's argv */
  readonly command?: string;
  /** An unreadable lock file (a holder that died while writing it) older than this is stale. @default 10 s */
  readonly unreadableStaleMs?: number;
  /** Is `pid` alive on this host? Injected by tests. @default - `process.kill(pid, 0)` */
  readonly isAlive?: (pid: number) => boolean;
}

/** A file cannot be locked, read or written; the message says which file and why. */
export class FileEditError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "FileEditError";
  }
}

export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY_MS = 50;
const DEFAULT_UNREADABLE_STALE_MS = 10_000;

function defaultIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lock: string): LockHolder | undefined {
  try {
    const h = JSON.parse(fs.readFileSync(lock, "utf8")) as Partial<LockHolder>;
    if (typeof h.pid === "number" && typeof h.host === "string") return { pid: h.pid, host: h.host, command: String(h.command ?? "?"), since: String(h.since ?? "?") };
  } catch {
    // absent, or being written
  }
  return undefined;
}

export function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host} (${h.command}), since ${h.since}`;
}

/** Why `file` cannot be written, in words, or undefined when it can (file and directory checked). */
export function notWritable(file: string): string | undefined {
  const dir = path.dirname(file);
  const dirProblem = `cannot write in ${dir}: the lock file and the temp file go beside ${path.basename(file)}; make the directory writable or edit a copy elsewhere`;
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    return `${dirProblem} (${(e as NodeJS.ErrnoException).code ?? "not writable"})`;
  }
  // root passes access(W_OK) everywhere; a directory or file without any write bit is read-only on purpose.
  if ((fs.statSync(dir).mode & 0o222) === 0) return `${dirProblem} (mode ${(fs.statSync(dir).mode & 0o777).toString(8)})`;
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") return `${file} is read-only (${code}); make it writable (chmod u+w) or edit a copy with --stack-file`;
  }
  if (fs.existsSync(file) && (fs.statSync(file).mode & 0o222) === 0) {
    return `${file} is read-only (mode ${(fs.statSync(file).mode & 0o777).toString(8)}); make it writable (chmod u+w) or edit a copy with --stack-file`;
  }
  return undefined;
}

function errnoMessage(what: string, e: unknown): FileEditError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : code === "ENOSPC" ? "no space left on device" : (code ?? (e as Error).message);
  return new FileEditError(`${what}: ${why}`, code);
}

/** Remove a stale lock, unless another process replaced it meanwhile (then leave that one). */
function removeStale(lock: string, stale: string): void {
  const aside = `${lock}.${process.pid}.stale`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return; // someone else removed it first
  }
  let text = "";
  try {
    text = fs.readFileSync(aside, "utf8");
  } catch {
    // gone
  }
  if (text !== stale) {
    // We moved a lock that was taken after we judged the old one stale: put it back.
    try {
      fs.linkSync(aside, lock);
    } catch {
      // a third process holds it now; the one we moved aside has lost its lock file (rare, logged by the next waiter)
    }
  }
  fs.rmSync(aside, { force: true });
}

/** Take the lock once: true when taken. Removes stale locks. */
function tryLock(lock: string, holder: LockHolder, opts: Required<Pick<LockOptions, "isAlive" | "unreadableStaleMs">>): { taken: true } | { taken: false; holder?: LockHolder } {
  let fd: number;
  try {
    fd = fs.openSync(lock, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw errnoMessage(`cannot create the lock file ${lock}`, e);
    let text: string;
    try {
      text = fs.readFileSync(lock, "utf8");
    } catch {
      return { taken: false }; // released between open and read: try again
    }
    const current = readHolder(lock);
    if (current && current.host === os.hostname() && !opts.isAlive(current.pid)) {
      removeStale(lock, text);
      return { taken: false, holder: current };
    }
    if (!current) {
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {
        return { taken: false };
      }
      if (age > opts.unreadableStaleMs) removeStale(lock, text);
    }
    return { taken: false, holder: current };
  }
  try {
    fs.writeSync(fd, JSON.stringify(holder));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { taken: true };
}

/**
 * Run `fn` holding `<file>.lock`. Waits up to `timeoutMs` for another holder, then throws a
 * {@link FileEditError} naming it. The lock is released when `fn` settles.
 */
export async function withFileLock<T>(file: string, fn: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = lockFileOf(file);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command: options.command ?? process.argv.slice(1).map((a) => path.basename(a)).join(" "),
    since: new Date().toISOString(),
  };
  const tryOpts = { isAlive: options.isAlive ?? defaultIsAlive, unreadableStaleMs: options.unreadableStaleMs ?? DEFAULT_UNREADABLE_STALE_MS };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = tryLock(lock, holder, tryOpts);
    if (r.taken) break;
    if (Date.now() >= deadline) {
      const who = r.holder ? `held by ${describeHolder(r.holder)}` : "held by another process";
      throw new FileEditError(
        `${path.basename(file)} is being edited by another command: ${lockFileOf(path.basename(file))} ${who}; gave up after ${Math.round(timeoutMs / 100) / 10} s. ` +
          `Wait for it to finish and re-run; if that process is gone, delete ${lock}`,
        "ELOCKED",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * fsync the file and its directory, so the new content survives a crash, not only a concurrent
   * reader. Caches that are rebuilt when lost (packages) skip it.
   * @default true
   */
  readonly durable?: boolean;
}

/**
 * The one atomic write of the repository: a reader (or a concurrent writer) sees the old content or
 * the new, never half of it. Temp file in the same directory, optional fsync, rename; keeps the mode.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const durable = options.durable ?? true;
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
  let mode = 0o644;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    // new file
  }
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx", mode);
    // writeFileSync on a descriptor writes until every byte is out (writeSync may stop short).
    fs.writeFileSync(fd, data);
    if (durable) fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === "EISDIR") throw new FileEditError(`${file} is a directory; give a file name`, "EISDIR");
    throw errnoMessage(`cannot write ${file}`, e);
  }
  if (!durable) return;
  try {
    // Make the rename durable (POSIX); not possible on every platform, so best effort.
    const dfd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // directories cannot be opened for fsync on Windows
  }
}

/**
 * Read-modify-write under the lock: `edit` gets the file's current text (read under the lock) and
 * returns the new text, or undefined to leave the file as it is.
 */
export async function editFileLocked(file: string, edit: (current: string) => string | undefined | Promise<string | undefined>, options: LockOptions = {}): Promise<string> {
  const problem = notWritable(file);
  if (problem) throw new FileEditError(problem, "EACCES");
  return withFileLock(
    file,
    async () => {
      let current: string;
      try {
        current = fs.readFileSync(file, "utf8");
      } catch (e) {
        throw errnoMessage(`cannot read ${file}`, e);
      }
      const next = await edit(current);
      if (next === undefined || next === current) return current;
      writeFileAtomic(file, next);
      return next;
    },
    options,
  );
}
