/**
 * The only reader of Pulumi config (and of the clock) in the program. Reads every key raw, then
 * lets the pure validator (`config/validate.ts`) report every problem at once. Builds the function
 * packages, because their measured sizes are part of what AWS would reject.
 *
 * Nothing here registers a resource: invalid config stops the program before the first one.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { FileHasher, buildPackage, type BuiltPackage } from "../packaging";
import { formatViolations, type Violation } from "../pricing/violations";
import { costReportWarnings, tryBuildCostReport, type CostReport } from "../report/cost-report";
import { loadMeasuredUsage } from "../usage/load";
import { rawStackConfig, type RawStackConfig } from "./schema";
import { validateStackSettings, type StackSettings } from "./validate";

/** Invalid stack config: a clean `RunError` (no stack trace) that also carries the problem list. */
export class StackConfigError extends pulumi.RunError {
  constructor(
    message: string,
    public readonly problems: readonly Violation[],
  ) {
    super(message);
  }
}

export interface LoadedStack {
  readonly settings: StackSettings;
  /** Built deployment packages by function key. */
  readonly packages: Readonly<Record<string, BuiltPackage>>;
  /** Secret environment values by function key and variable; Pulumi secrets, never logged. */
  readonly secretEnvironment: Readonly<Record<string, Readonly<Record<string, pulumi.Output<string>>>>>;
  /** Monthly cost report computed from the validated config (no cloud calls). */
  readonly report: CostReport;
  /** Warnings (already logged). */
  readonly warnings: readonly Violation[];
}

/** Read the raw stack config from the Pulumi engine. */
export function readRawStackConfig(): RawStackConfig {
  // Every key set for the stack, so that unknown keys of the project's namespace are reported
  // (a typo such as `private-lambda:logRetentionDay` would otherwise be ignored silently).
  const allKeys = Object.keys(pulumi.runtime.allConfig());
  return rawStackConfig(
    pulumi.getProject(),
    (namespacedKey) => {
      const [namespace, key] = namespacedKey.split(":") as [string, string];
      return new pulumi.Config(namespace).get(key);
    },
    allKeys,
  );
}

/** Today's date (UTC) for runtime deprecation checks. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Load, build and validate the stack. Throws `pulumi.RunError` listing every problem when any
 * is an error; logs warnings.
 */
export function loadStackConfig(options: { rootDir?: string } = {}): LoadedStack {
  const rootDir = options.rootDir ?? path.join(__dirname, "..");
  const project = pulumi.getProject();
  const stack = pulumi.getStack();
  const raw = readRawStackConfig();
  const date = today();

  const first = validateStackSettings(raw, { project, stack, today: date });
  const problems: Violation[] = [...first.problems];
  const packages: Record<string, BuiltPackage> = {};
  // One snapshot of the source files for every function's cache lookup (functions often share sources).
  const fileHashes = new FileHasher(path.resolve(rootDir));
  const secretEnvironment: Record<string, Record<string, pulumi.Output<string>>> = {};
  let settings = first.settings;

  if (settings) {
    const config = new pulumi.Config();
    for (const f of settings.functions) {
      for (const [envVar, secretKey] of Object.entries(f.secretEnvironment)) {
        const value = config.getSecret(secretKey);
        if (value === undefined) {
          problems.push({
            path: `functions.${f.key}.secretEnvironment.${envVar}`,
            value: secretKey,
            rule: "config.missingSecret",
            message: `functions.${f.key}.secretEnvironment.${envVar}: secret config key "${secretKey}" is not set; run \`pulumi config set --secret ${secretKey} <value>\``,
            severity: "error",
          });
        } else {
          (secretEnvironment[f.key] ??= {})[envVar] = value;
        }
      }
      if (f.source === undefined && f.zip === undefined) continue;
      try {
        packages[f.key] =
          f.source !== undefined
            ? buildPackage({ name: f.key, sourceDir: f.source, runtime: f.runtime, architecture: f.architecture }, { rootDir, today: date, fileHashes })
            : buildPackage({ name: f.key, zipPath: f.zip! }, { rootDir });
      } catch (e) {
        problems.push({
          path: `functions.${f.key}.${f.source !== undefined ? "source" : "zip"}`,
          value: f.source ?? f.zip,
          rule: "package.build",
          message: `functions.${f.key}.${f.source !== undefined ? "source" : "zip"}: could not build the package: ${(e as Error).message.split("\n")[0]}`,
          severity: "error",
        });
      }
    }
    if (Object.keys(packages).length > 0) {
      // Validated twice on purpose: the build needs the first pass's settings (source, runtime,
      // architecture; a shape error must stop before any build), and the size limits (50 MB direct
      // upload, 250 MB unzipped with layers) need the built sizes. The second pass replaces the
      // first's problems, so each is reported once; with no package to build there is one pass.
      const sized = validateStackSettings(raw, {
        project,
        stack,
        today: date,
        packages: Object.fromEntries(Object.entries(packages).map(([k, p]) => [k, { zippedBytes: p.zippedBytes, unzippedBytes: p.unzippedBytes, upload: p.upload }])),
      });
      settings = sized.settings;
      problems.splice(0, first.problems.length, ...sized.problems);
    }
  }

  let report: CostReport | undefined;
  if (settings && !problems.some((p) => p.severity === "error")) {
    // issue 17 hook: measured usage (usage/<stack>.yaml) fills figures the config leaves out.
    const measured = loadMeasuredUsage(rootDir, stack, settings);
    problems.push(...measured.problems);
    const priced = measured.problems.some((p) => p.severity === "error") ? { problems: [] } : tryBuildCostReport(measured.settings);
    report = priced.report === undefined ? undefined : { ...priced.report, usageSources: measured.sources };
    problems.push(...priced.problems);
    if (report !== undefined) problems.push(...costReportWarnings(report, date));
  }

  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0 || !settings || !report) {
    throw new StackConfigError(formatViolations(`Invalid stack config for ${project}/${stack}`, errors), problems);
  }
  const warnings = problems.filter((p) => p.severity === "warning");
  for (const w of warnings) pulumi.log.warn(w.message);
  return { settings, packages, secretEnvironment, report, warnings };
}
