/**
 * Runs the real program (`index.ts`) in-process under Pulumi's mock engine with a stack's config
 * file, and collects what it registered, its outputs and its validation problems.
 *
 * A process can evaluate the program once (Node caches modules): one stack per process.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Violation } from "../pricing";
import { createMocks, redactSecrets, type MockOptions, type RecordedResource } from "./mock-engine";
import { rootMessage } from "./plan";
import { loadStackFile, type StackFile } from "../config/stack-file";

export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  /** `type::name` of the parent component, or undefined for top-level resources. */
  readonly parent?: string;
  readonly custom: boolean;
  /** Inputs as registered, fully resolved; secrets as `"[secret]"`. */
  readonly inputs: Record<string, unknown>;
  /** `type::name` of every resource this one depends on (sorted). */
  readonly dependsOn: string[];
}

export interface ProgramRun {
  readonly project: string;
  readonly stack: string;
  readonly stackFile: StackFile;
  readonly resources: PlannedResource[];
  /** Stack outputs (secrets redacted); empty when the program failed. */
  readonly outputs: Record<string, unknown>;
  /** Validation problems: errors (program stopped) and warnings. */
  readonly violations: Violation[];
  /** Message of a failure that is not a config problem (a bug or a component error). */
  readonly failure?: string;
  /** What the program logged through `pulumi.log` (kept off stdout), in order. */
  readonly log: { readonly severity: "info" | "warn" | "debug"; readonly message: string }[];
}

export interface RunOptions {
  readonly rootDir: string;
  readonly stack: string;
  /** Stack config file to read instead of `rootDir/Pulumi.<stack>.yaml`. @default - the stack's file */
  readonly configFile?: string;
  /** The stack file, when the caller has already loaded it (the plan CLI). @default - loaded from `rootDir`, `stack` and `configFile` */
  readonly stackFile?: StackFile;
  /** Account id the mocks report. @default "123456789012" */
  readonly accountId?: string;
  /** Extra `namespace:key` values over the stack file (tests). */
  readonly configOverrides?: Readonly<Record<string, string>>;
  readonly mockOptions?: Partial<MockOptions>;
  /**
   * Run as a `pulumi preview` does (`isDryRun()` true). With `mockOptions.unknownOutputs`, ids and
   * computed outputs are unknown, as at the preview of a first deploy. @default false
   */
  readonly preview?: boolean;
}

/**
 * Await promises left inside registered inputs: an asset's or archive's `path` is a Promise in the
 * deserialized inputs, and would print as `{}` otherwise. Returns a copy; synchronously when the value
 * holds no promise (most resources' inputs), so that a 500-function plan does not await every leaf.
 */
function resolvePromises(value: unknown): unknown {
  if (isThenable(value)) return Promise.resolve(value).then(resolvePromises);
  if (Array.isArray(value)) {
    const items = value.map(resolvePromises);
    return items.some(isThenable) ? Promise.all(items) : items;
  }
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    const items = keys.map((k) => resolvePromises((value as Record<string, unknown>)[k]));
    const build = (resolved: unknown[]) => Object.fromEntries(keys.map((k, i) => [k, resolved[i]]));
    return items.some(isThenable) ? Promise.all(items).then(build) : build(items);
  }
  return value;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as PromiseLike<unknown>).then === "function";
}

function toPlanned(r: RecordedResource): PlannedResource {
  return {
    type: r.type,
    name: r.name,
    parent: r.parent && r.parent.type !== "pulumi:pulumi:Stack" ? `${r.parent.type}::${r.parent.name}` : undefined,
    custom: r.custom,
    inputs: redactSecrets(r.inputs) as Record<string, unknown>,
    dependsOn: (r.dependencies ?? []).map((d) => `${d.type}::${d.name}`).sort(),
  };
}

/** Evaluate the program for one stack under mocks. */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
  const stackFile = options.stackFile ?? loadStackFile(options.rootDir, options.stack, options.configFile);
  const region = options.configOverrides?.["aws:region"] ?? stackFile.config["aws:region"] ?? "us-east-1";
  const recorder = createMocks({ accountId: options.accountId ?? "123456789012", region, ...options.mockOptions });

  await pulumi.runtime.setMocks(recorder.mocks, stackFile.project, stackFile.stack, options.preview ?? false);
  recorder.captureParents(pulumi.runtime.getMonitor());
  pulumi.runtime.setAllConfig({ ...stackFile.config, ...options.configOverrides }, [...stackFile.secretKeys]);

  // Pulumi log output goes to the console under mocks; keep the plan's own output clean. The
  // program's warnings reach the plan as data (the `validationWarnings` output); the components'
  // own warnings repeat them.
  const log: ProgramRun["log"] = [];
  const restore = silencePulumiLog(log);
  let outputs: Record<string, unknown> = {};
  let violations: Violation[] = [];
  let failure: string | undefined;
  let thrown: unknown;
  try {
    // Capture the program's own error here: the SDK would otherwise report it as an uncaught
    // exception and end the process.
    let exported: Record<string, unknown> = {};
    const resolved = (await pulumi.runtime.runInPulumiStack(async () => {
      try {
        // index.ts exports the program as an async function, as Pulumi's Node.js host runs it:
        // called and awaited, its result is the stack's outputs.
        const program = (await import("../index")).default;
        exported = await program();
        return exported;
      } catch (e) {
        thrown = e;
        return {};
      }
    })) as Record<string, unknown> | undefined;
    // In a preview with unknown values the stack's outputs as a whole are unknown (undefined here):
    // keep the exports that are plain values (cost report, warnings), the rest stays unknown.
    outputs = resolved ?? Object.fromEntries(Object.entries(exported).filter(([, v]) => !containsOutput(v)));
  } catch (e) {
    thrown ??= e;
  } finally {
    await pulumi.runtime.disconnect().catch(() => undefined);
    restore();
  }
  if (thrown === undefined) {
    violations = [...((outputs.validationWarnings as Violation[] | undefined) ?? [])];
  } else {
    const problems = (thrown as { problems?: Violation[] }).problems;
    if (problems) violations = [...problems];
    else failure = rootMessage((thrown as Error).message ?? String(thrown));
    outputs = {};
  }
  return {
    project: stackFile.project,
    stack: stackFile.stack,
    stackFile,
    resources: await Promise.all(
      recorder.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map(async (r) => toPlanned({ ...r, inputs: (await resolvePromises(r.inputs)) as Record<string, unknown> })),
    ),
    outputs: redactSecrets(outputs) as Record<string, unknown>,
    violations,
    failure,
    log,
  };
}

/** Whether a value is or holds a Pulumi Output (unknown in a preview). */
function containsOutput(v: unknown): boolean {
  if (pulumi.Output.isInstance(v)) return true;
  if (Array.isArray(v)) return v.some(containsOutput);
  if (v && typeof v === "object") return Object.values(v as Record<string, unknown>).some(containsOutput);
  return false;
}

/** Route `pulumi.log.*` away from stdout while the program runs, into `into`. */
function silencePulumiLog(into: ProgramRun["log"]): () => void {
  const log = pulumi.log as unknown as Record<string, (...a: unknown[]) => Promise<void>>;
  const saved = { info: log.info, warn: log.warn, debug: log.debug };
  for (const severity of ["info", "warn", "debug"] as const) {
    log[severity] = async (message: unknown) => {
      into.push({ severity, message: String(message) });
    };
  }
  return () => Object.assign(log, saved);
}
