/**
 * Exit codes and the two error kinds of the release CLI. Commands throw these; the CLI entry maps
 * them to exit codes and prints the message without a stack trace.
 */

/** Process exit codes. Documented in release/README.md; CI relies on them. */
export const EXIT = {
  /** Done, or nothing to do. */
  ok: 0,
  /** A shift rolled back, an alarm fired, an apply failed. Fails the pipeline. */
  failed: 1,
  /** Bad flags, unknown stack/function, a missing prerequisite: nothing was changed. */
  usage: 2,
  /** Interrupted (SIGINT/SIGTERM); the state is printed and a re-run resumes. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad input or a missing prerequisite, found before anything was changed (exit 2). */
export class UsageError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Something failed after a change began: an apply, a rollback (exit 1). */
export class ReleaseFailure extends Error {
  readonly exitCode = EXIT.failed;
  constructor(message: string) {
    super(message);
    this.name = "ReleaseFailure";
  }
}

/** First line of an error's message, for messages that embed another tool's error. */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n").find((l) => l.trim() !== "")?.trim() ?? text;
}

/** The run was interrupted; the message says where the release stands and how to go on. */
export class Interrupted extends Error {
  readonly exitCode = EXIT.interrupted;
  constructor(message: string) {
    super(message);
    this.name = "Interrupted";
  }
}
