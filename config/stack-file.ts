/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a
 * program: namespaced keys, string values (objects and arrays as JSON), project defaults from
 * `Pulumi.yaml`. Secure values cannot be decrypted offline: they become `"[secret]"` and are
 * marked secret, so the program still sees a secret and nothing leaks into the plan.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SECRET_PLACEHOLDER } from "../pricing/violations";
import { parseYamlDocument, YamlSyntaxError } from "../tools/yaml-text";
import { rawStackConfig, type RawStackConfig } from "./schema";
import { validateStackSettings, type ValidationResult } from "./validate";

/** A usage error: unknown stack, unreadable or malformed file (exit code 2). */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

export interface StackFile {
  readonly project: string;
  readonly stack: string;
  readonly path: string;
  /** `namespace:key` → string value, as `PULUMI_CONFIG` would carry it. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys whose values were `secure:` (shown as "[secret]"). */
  readonly secretKeys: readonly string[];
}

/** Stacks that have a `Pulumi.<stack>.yaml` in `rootDir`. */
export function listStacks(rootDir: string): string[] {
  return fs
    .readdirSync(rootDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new StackFileError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseYamlDocument(text, path.basename(file), { keepOverflowingNumbers: true }).toJS();
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new StackFileError(e.message);
    throw new StackFileError(`${path.basename(file)} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
}

function toConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Replace `{ secure: ... }` leaves by the placeholder; report whether any were found. */
function stripSecure(value: unknown): { value: unknown; secret: boolean } {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o.secure === "string") return { value: SECRET_PLACEHOLDER, secret: true };
    let secret = false;
    const out = Object.fromEntries(
      Object.entries(o).map(([k, v]) => {
        const r = stripSecure(v);
        secret ||= r.secret;
        return [k, r.value];
      }),
    );
    return { value: out, secret };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const out = value.map((v) => {
      const r = stripSecure(v);
      secret ||= r.secret;
      return r.value;
    });
    return { value: out, secret };
  }
  return { value, secret: false };
}

/**
 * Load the project and one stack's config from `rootDir`.
 *
 * @param configFile read the stack's config from this file instead of `rootDir/Pulumi.<stack>.yaml`
 *   (like `pulumi --config-file`); `Pulumi.yaml` still comes from `rootDir`. @default - the stack's file
 */
export function loadStackFile(rootDir: string, stack: string, configFile?: string): StackFile {
  const projectFile = path.join(rootDir, "Pulumi.yaml");
  const project = readYaml(projectFile) as { name?: unknown; config?: Record<string, unknown> } | null;
  if (!project || typeof project.name !== "string") throw new StackFileError(`${projectFile} has no project name`);
  const stackFile = configFile !== undefined ? path.resolve(configFile) : path.join(rootDir, `Pulumi.${stack}.yaml`);
  if (configFile === undefined && !fs.existsSync(stackFile)) {
    const known = listStacks(rootDir);
    throw new StackFileError(`unknown stack "${stack}": no ${path.basename(stackFile)}; stacks here: ${known.join(", ") || "(none)"}`);
  }
  const doc = readYaml(stackFile) as { config?: unknown } | null;
  const raw = doc?.config ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new StackFileError(`${path.basename(stackFile)}: "config" must be a map of keys to values`);

  const { config, secretKeys } = stackConfigStrings(project.name, projectConfigDefaults(project.name, project.config), raw as Record<string, unknown>);
  return { project: project.name, stack, path: stackFile, config, secretKeys };
}

/** Project-level config defaults from `Pulumi.yaml` (`config: { key: { default } }` or `key: value`), by namespaced key. */
export function projectConfigDefaults(project: string, decls: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, decl] of Object.entries(decls ?? {})) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (decl && typeof decl === "object" && "default" in decl) defaults[full] = (decl as { default: unknown }).default;
    else if (decl !== null && typeof decl !== "object") defaults[full] = decl;
  }
  return defaults;
}

/**
 * The config the Pulumi CLI would hand the program: project defaults, then the stack file's
 * `config:` map (stack values win), as namespaced keys with string values; `secure:` values become
 * {@link SECRET_PLACEHOLDER}.
 */
export function stackConfigStrings(project: string, defaults: Readonly<Record<string, unknown>>, stackConfig: Readonly<Record<string, unknown>>): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [full, value] of Object.entries(defaults)) config[full] = toConfigString(value);
  for (const [key, value] of Object.entries(stackConfig)) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    const { value: clean, secret } = stripSecure(value);
    config[full] = toConfigString(clean);
    if (secret) secretKeys.push(full);
  }
  return { config, secretKeys };
}

/**
 * The raw stack config `config/load.ts` would read for this stack file: the same raw values, given to
 * the same pure validator. Package sizes are not measured here (no build), so size limits are not
 * checked; everything the cost depends on is.
 */
export function rawConfigFromStackFile(file: StackFile): RawStackConfig {
  return rawStackConfig(file.project, (key) => file.config[key], Object.keys(file.config));
}

/** Validate a stack file's config: settings plus every problem (no package sizes). */
export function settingsFromStackFile(file: StackFile, today: string): ValidationResult {
  return validateStackSettings(rawConfigFromStackFile(file), { project: file.project, stack: file.stack, today });
}
