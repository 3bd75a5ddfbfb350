/**
 * The stack config file as the release CLI sees it: where it is, a function's release settings,
 * the in-place edit of those settings, and the check that the edited file is still valid config.
 *
 * State of a release lives here and only here (`release.stableVersion`, `release.canaryWeight`),
 * so an interrupted command can be re-run: it reads where it left off.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Document } from "yaml";
import { checkPublishedVersion, DEFAULT_RELEASE_SETTINGS } from "../components/private-function/release-routing";
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from "../components/private-function/alarms";
import { DEFAULT_FUNCTION_SETTINGS } from "../components/private-function/defaults";
import { physicalResourceName } from "../config/names";
import type { RawStackConfig } from "../config/schema";
import { listStacks, projectConfigDefaults, rawConfigFromStackFile, stackConfigStrings } from "../config/stack-file";
import { validateStackSettings } from "../config/validate";
import { isRoutingWeight } from "../pricing/limits";
import type { Violation } from "../pricing/violations";
import { UsageError } from "./errors";
import { formatPercent } from "./parse";
import { editYaml, parseStrict, YamlEditError, type YamlEdit } from "./yaml-edit";
import { readPcScaling, type ReleasePcScaling } from "./pc-scaling";

/** Defaults of the program's schema (`config/schema.ts`) for reading a function's entry. */
export const RELEASE_DEFAULTS = { ...DEFAULT_RELEASE_SETTINGS, timeoutSeconds: DEFAULT_FUNCTION_SETTINGS.timeoutSeconds } as const;
export const ALARM_DEFAULTS: AlarmSettings = DEFAULT_ALARM_SETTINGS;

export interface StackLocation {
  /** Project directory: `Pulumi.yaml`, the program; the Automation API's `workDir`. */
  readonly root: string;
  /** Stack name as given (may be `org/project/stack`). */
  readonly stack: string;
  /** Last segment of the stack name: the `Pulumi.<stack>.yaml` suffix and `pulumi.getStack()`. */
  readonly stackShort: string;
  /** The stack config file edited. */
  readonly file: string;
  /** True when `file` is `<root>/Pulumi.<stackShort>.yaml`, the file `pulumi up` reads. */
  readonly isPulumiStackFile: boolean;
  readonly project: string;
  /** Project-level config defaults from `Pulumi.yaml` (`config: { key: { default } }`). */
  readonly projectDefaults: Readonly<Record<string, unknown>>;
}

export interface LocateOptions {
  readonly root: string;
  readonly stack: string;
  /** @default - `<root>/Pulumi.<stack>.yaml` */
  readonly stackFile?: string;
}

/** Find the project and the stack file; unknown stacks list the stacks that exist. */
export function locateStack(opts: LocateOptions): StackLocation {
  const root = path.resolve(opts.root);
  const projectFile = path.join(root, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) throw new UsageError(`--root: no Pulumi.yaml in ${root}; pass the project directory`);
  const projectDoc = parseFile(projectFile).toJS() as { name?: unknown; config?: Record<string, unknown> } | null;
  if (!projectDoc || typeof projectDoc.name !== "string") throw new UsageError(`${projectFile} has no project name`);
  const project = projectDoc.name;

  if (opts.stack.trim() === "") throw new UsageError(`--stack: got "", allowed a stack name such as ${listStacks(root).join(", ") || "dev"}`);
  const stackShort = opts.stack.split("/").pop()!;
  const pulumiStackFile = path.join(root, `Pulumi.${stackShort}.yaml`);
  const file = opts.stackFile ? path.resolve(opts.stackFile) : pulumiStackFile;
  if (!fs.existsSync(file)) {
    if (opts.stackFile) throw new UsageError(`--stack-file: no such file ${file}`);
    const known = listStacks(root);
    throw new UsageError(`unknown stack "${opts.stack}": no ${path.basename(file)} in ${root}; stacks: ${known.join(", ") || "(none)"}`);
  }

  const projectDefaults = projectConfigDefaults(project, projectDoc.config);
  return { root, stack: opts.stack, stackShort, file, isPulumiStackFile: file === pulumiStackFile, project, projectDefaults };
}

function parseFile(file: string): Document.Parsed {
  try {
    return parseStrict(fs.readFileSync(file, "utf8"), path.basename(file));
  } catch (e) {
    if (e instanceof YamlEditError) throw new UsageError(e.message);
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** One function's entry in the stack config, with the program's defaults applied. */
export interface FunctionRelease {
  readonly key: string;
  /** Physical function name, as the program derives it. */
  readonly functionName: string;
  readonly aliasName: string;
  readonly stableVersion?: string;
  /** NaN when the file's value is not a routing weight, 0–1 (see `invalidCanaryWeight`). */
  readonly canaryWeight: number;
  /** The file's `canaryWeight` when it is not a number 0–1: only an edit that sets the weight may go on. */
  readonly invalidCanaryWeight?: unknown;
  readonly provisionedConcurrency?: number;
  /** A `provisionedConcurrency` block that scales (issue 18). */
  readonly provisionedConcurrencyScaling?: ReleasePcScaling;
  readonly reservedConcurrency?: number;
  readonly timeoutSeconds: number;
  readonly alarms: AlarmSettings;
}

/** Path of the functions map inside the file: `config` → `<project>:functions`. */
export function functionsPath(project: string): [string, string] {
  return ["config", `${project}:functions`];
}

/** Read one function's release settings; an unknown key lists the keys that exist. */
export function readFunctionRelease(text: string, loc: StackLocation, key: string): FunctionRelease {
  const fileName = path.basename(loc.file);
  let data: unknown;
  try {
    data = parseStrict(text, fileName, { keepOverflowingNumbers: true }).toJS();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const functions = getIn(data, functionsPath(loc.project));
  if (!isRecord(functions)) throw new UsageError(`${fileName} has no ${loc.project}:functions map under config`);
  const keys = Object.keys(functions);
  if (key.trim() === "" || !(key in functions)) {
    throw new UsageError(`--function: unknown function ${JSON.stringify(key)} in ${fileName}; functions: ${keys.join(", ") || "(none)"}`);
  }
  const f = functions[key];
  if (!isRecord(f)) throw new UsageError(`${fileName}: functions.${key} is not a map`);
  const release = f.release ?? {};
  if (!isRecord(release)) throw new UsageError(`${fileName}: functions.${key}.release is not a map`);
  const where = `${fileName}: functions.${key}.release`;

  const aliasName = release.aliasName ?? RELEASE_DEFAULTS.aliasName;
  if (typeof aliasName !== "string") throw new UsageError(`${where}.aliasName: got ${JSON.stringify(aliasName)}, allowed a string such as "live"`);
  const stable = checkPublishedVersion(release.stableVersion);
  if ("problem" in stable) throw new UsageError(`${where}.stableVersion: ${stable.problem}`);
  const weight = release.canaryWeight ?? RELEASE_DEFAULTS.canaryWeight;
  // An invalid weight does not stop the read: rollback (weight 0) must stay possible; the edit check
  // refuses any change that leaves it invalid.
  const weightOk = isRoutingWeight(weight);
  const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
  const alarms = isRecord(f.alarms) ? ({ ...ALARM_DEFAULTS, ...f.alarms } as AlarmSettings) : ALARM_DEFAULTS;
  return {
    key,
    functionName: physicalResourceName(loc.project, loc.stackShort, key),
    aliasName,
    stableVersion: stable.version,
    canaryWeight: weightOk ? weight : Number.NaN,
    ...(weightOk ? {} : { invalidCanaryWeight: weight }),
    provisionedConcurrency: num(f.provisionedConcurrency),
    ...(readPcScaling(f.provisionedConcurrency) ? { provisionedConcurrencyScaling: readPcScaling(f.provisionedConcurrency) } : {}), // issue 18 hook
    reservedConcurrency: num(f.reservedConcurrency),
    timeoutSeconds: num(f.timeoutSeconds) ?? RELEASE_DEFAULTS.timeoutSeconds,
    alarms,
  };
}

/** The region the stack deploys to (`aws:region`), for the CloudWatch client. */
export function stackRegion(text: string): string | undefined {
  const region = getIn(parseStrict(text).toJS(), ["config", "aws:region"]);
  return typeof region === "string" ? region : undefined;
}

/** New values for a function's release settings; absent fields stay as they are. */
export interface ReleaseChange {
  readonly stableVersion?: string;
  readonly canaryWeight?: number;
}

/** The YAML edits for a change: `stableVersion` before `canaryWeight`, as a reader expects them. */
export function releaseEdits(project: string, key: string, change: ReleaseChange): YamlEdit[] {
  const base = [...functionsPath(project), key, "release"];
  const edits: YamlEdit[] = [];
  if (change.stableVersion !== undefined) edits.push({ path: [...base, "stableVersion"], value: change.stableVersion });
  if (change.canaryWeight !== undefined) edits.push({ path: [...base, "canaryWeight"], value: change.canaryWeight });
  return edits;
}

/** Raw stack config as `config/load.ts` hands it to the validator: the stack-file reader of the config wing, every key of the file. */
export function rawStackConfig(text: string, loc: StackLocation): RawStackConfig {
  const config = (getIn(parseStrict(text, path.basename(loc.file), { keepOverflowingNumbers: true }).toJS(), ["config"]) ?? {}) as Record<string, unknown>;
  const { config: strings, secretKeys } = stackConfigStrings(loc.project, loc.projectDefaults, config);
  return rawConfigFromStackFile({ project: loc.project, stack: loc.stackShort, path: loc.file, config: strings, secretKeys });
}

export interface EditCheck {
  /** Warnings about this function that the edit introduced (e.g. weights with provisioned concurrency). */
  readonly newWarnings: readonly Violation[];
}

/** Errors the program's validator finds in a stack file's text (what `pulumi up` would stop on). */
export function stackFileErrors(text: string, loc: StackLocation): Violation[] {
  const opts = { project: loc.project, stack: loc.stackShort };
  return validateStackSettings(rawStackConfig(text, loc), opts).problems.filter((p) => p.severity === "error");
}

/** `Pulumi.prod.yaml already has 2 errors:` + one line each. */
export function describeExistingErrors(fileName: string, errors: readonly Violation[]): string {
  return `${fileName} already has ${errors.length} error${errors.length === 1 ? "" : "s"} (pulumi up would stop on ${errors.length === 1 ? "it" : "them"}):\n${errors.map((e) => `  - ${e.message}`).join("\n")}`;
}

/**
 * Validate the edited config with the program's own validator (`validateStackSettings`). Refused:
 * an edit that introduces an error for this function, and an edit of a file that already has
 * errors unless the edit fixes all of them (e.g. `rollback` of an invalid canary weight), so a
 * release never writes a file that `pulumi up` rejects.
 */
export function checkEditedConfig(before: string, after: string, loc: StackLocation, key: string): EditCheck {
  const opts = { project: loc.project, stack: loc.stackShort };
  const fileName = path.basename(loc.file);
  const mine = (v: Violation) => v.path === `functions.${key}` || v.path.startsWith(`functions.${key}.`);
  const oldProblems = validateStackSettings(rawStackConfig(before, loc), opts).problems;
  const old = new Set(oldProblems.map((p) => p.message));
  const afterProblems = validateStackSettings(rawStackConfig(after, loc), opts).problems;
  const fresh = afterProblems.filter((p) => mine(p) && !old.has(p.message));
  const errors = fresh.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw new UsageError(`the change would make the stack config invalid; ${fileName} left unchanged:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
  }
  const oldErrors = oldProblems.filter((p) => p.severity === "error");
  const afterMessages = new Set(afterProblems.filter((p) => p.severity === "error").map((p) => p.message));
  const remaining = oldErrors.filter((p) => afterMessages.has(p.message));
  if (remaining.length > 0) {
    throw new UsageError(`${describeExistingErrors(fileName, oldErrors)}\nthis change does not fix ${remaining.length === oldErrors.length ? "them" : `${remaining.length} of them`}; fix the file first. ${fileName} left unchanged`);
  }
  return { newWarnings: fresh.filter((p) => p.severity === "warning") };
}

/** Apply `change` to `text` in place; returns the new text and a line per field that changed. */
export function applyReleaseChange(text: string, loc: StackLocation, current: FunctionRelease, change: ReleaseChange): { text: string; changed: string[] } {
  let after: string;
  try {
    after = editYaml(text, releaseEdits(loc.project, current.key, change));
  } catch (e) {
    throw new UsageError(`${path.basename(loc.file)}: ${(e as Error).message}`);
  }
  const changed: string[] = [];
  const base = `functions.${current.key}.release`;
  if (change.stableVersion !== undefined && change.stableVersion !== current.stableVersion) {
    changed.push(`${base}.stableVersion: ${current.stableVersion ?? "(not set)"} → ${change.stableVersion}`);
  }
  if (change.canaryWeight !== undefined && change.canaryWeight !== current.canaryWeight) {
    const was = current.invalidCanaryWeight !== undefined ? `${JSON.stringify(current.invalidCanaryWeight)} (invalid)` : String(current.canaryWeight);
    changed.push(`${base}.canaryWeight: ${was} → ${change.canaryWeight} (${formatPercent(change.canaryWeight)})`);
  }
  return { text: after, changed };
}

function getIn(data: unknown, keys: readonly string[]): unknown {
  let v = data;
  for (const k of keys) {
    if (!isRecord(v)) return undefined;
    v = v[k];
  }
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
