/**
 * How the CLI runs `pulumi up` and reads stack outputs. The interface keeps commands testable:
 * tests pass a fake; the CLI passes {@link AutomationStackDriver} when the `pulumi` CLI is on PATH.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface UpOptions {
  /** Update message recorded in the stack history. */
  readonly message?: string;
  /** Aborts the update (the Automation API sends the `pulumi` process an interrupt). */
  readonly signal?: AbortSignal;
  /** CrossGuard policy pack directories to run with the update (`pulumi up --policy-pack`). @default - none */
  readonly policyPacks?: readonly string[];
}

/** One policy finding of an update (an engine `policyEvent`). */
export interface PolicyViolation {
  readonly policyPackName: string;
  readonly policyName: string;
  readonly enforcementLevel: string;
  readonly message: string;
  readonly resourceUrn?: string;
}

/** What an update reported besides its outputs. */
export interface UpResult {
  /** Every policy finding; a `mandatory` one means the update did not go through. */
  readonly policyViolations: readonly PolicyViolation[];
}

/** Deploys a stack and reads its outputs. */
export interface StackDriver {
  /**
   * `pulumi up`. Resolves with the policy findings; when the update failed because of a mandatory
   * policy violation it resolves too (with that violation), any other failure rejects.
   */
  up(stack: string, opts?: UpOptions): Promise<UpResult>;
  outputs(stack: string): Promise<Record<string, unknown>>;
}

/** A prerequisite is missing; the message says which and how to get it. */
export interface Unavailable {
  readonly unavailable: string;
}

export function isUnavailable(x: object): x is Unavailable {
  return typeof (x as Partial<Unavailable>).unavailable === "string";
}

export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/iac/download-install/";
export const PULUMI_MISSING = `\`pulumi\` CLI not found on PATH: install it from ${PULUMI_INSTALL_URL} (or \`curl -fsSL https://get.pulumi.com | sh\`)`;

/**
 * `pulumi up --yes --skip-preview --stack <stack>` and `pulumi stack output --json --show-secrets`
 * through the Automation API, on the project in `workDir` (its `Pulumi.<stack>.yaml` is the config).
 */
export class AutomationStackDriver implements StackDriver {
  constructor(
    private readonly workDir: string,
    private readonly onOutput: (text: string) => void,
  ) {}

  private async select(stackName: string) {
    // Loaded on first use: the CLI starts fast and `status` without --apply never needs it.
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    return LocalWorkspace.selectStack({ stackName, workDir: this.workDir });
  }

  async up(stack: string, opts: UpOptions = {}): Promise<UpResult> {
    const s = await this.select(stack);
    const policyViolations: PolicyViolation[] = [];
    try {
      await s.up({
        onOutput: this.onOutput,
        message: opts.message,
        signal: opts.signal,
        policyPacks: opts.policyPacks ? [...opts.policyPacks] : undefined,
        onEvent: (event) => {
          const p = event.policyEvent;
          if (p) policyViolations.push({ policyPackName: p.policyPackName, policyName: p.policyName, enforcementLevel: p.enforcementLevel, message: p.message, resourceUrn: p.resourceUrn });
        },
      });
    } catch (e) {
      // A mandatory violation stops the update: report it as such, not as an unexplained failure.
      if (policyViolations.some((v) => v.enforcementLevel === "mandatory")) return { policyViolations };
      throw e;
    }
    return { policyViolations };
  }

  async outputs(stack: string): Promise<Record<string, unknown>> {
    const s = await this.select(stack);
    const out = await s.outputs();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
  }
}

/** Full path of `command` on `PATH`, or undefined. A lookup, not a spawn. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? "").split(platform === "win32" ? ";" : ":").filter((d) => d !== "");
  const exts = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      try {
        if (!fs.statSync(candidate).isFile()) continue;
        if (platform !== "win32") fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** The Automation API driver when `pulumi` is on PATH, else what is missing. */
export function pulumiDriver(workDir: string, onOutput: (text: string) => void, env: NodeJS.ProcessEnv = process.env): StackDriver | Unavailable {
  return findOnPath("pulumi", env) ? new AutomationStackDriver(workDir, onOutput) : { unavailable: PULUMI_MISSING };
}
