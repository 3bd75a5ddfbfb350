/**
 * How our commander-based CLIs (release, usage) read a `CommanderError`: help and version are not
 * errors; everything else commander rejects is a usage error. (`commander.help` with a non-zero
 * exitCode is help shown because no command was given.)
 */
import type { CommanderError } from "commander";

/** Whether commander stopped because help or the version was asked for (exit 0), not because of bad usage. */
export function isHelpOrVersion(e: CommanderError): boolean {
  return e.code === "commander.helpDisplayed" || e.code === "commander.version" || (e.code === "commander.help" && e.exitCode === 0);
}
