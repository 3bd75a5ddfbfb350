/**
 * Validated stack settings straight from a stack file, without running the program: the same raw
 * values `config.ts` reads from the Pulumi engine, given to the same pure validator. Used by the
 * right-sizing report and by tests that recompute the plan's figures independently.
 *
 * Package sizes are not measured here (no build), so size limits are not checked; everything the
 * cost depends on is.
 */
import { rawStackConfig, validateStackSettings, type RawStackConfig, type ValidationResult } from "../stack-settings";
import type { StackFile } from "./stack-file";

/** The raw stack config `config.ts` would read for this stack file. */
export function rawConfigFromStackFile(file: StackFile): RawStackConfig {
  return rawStackConfig(file.project, (key) => file.config[key], Object.keys(file.config));
}

/** Validate a stack file's config: settings plus every problem (no package sizes). */
export function settingsFromStackFile(file: StackFile, today: string): ValidationResult {
  return validateStackSettings(rawConfigFromStackFile(file), { project: file.project, stack: file.stack, today });
}
