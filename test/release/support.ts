/**
 * Test doubles for the release CLI: a temp copy of the project's stack files, a fake stack driver
 * that behaves like the program (reads the stack file at `up`, routes the alias with the real
 * `resolveAliasRouting`, names alarms like the component), a fake clock, captured output and a
 * mocked CloudWatch client.
 */
import { CloudWatchClient, DescribeAlarmsCommand, type DescribeAlarmsCommandInput } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { alarmSpecs } from "../../components/private-function/alarms";
import { hasCanary, resolveAliasRouting, type ReleaseSettings } from "../../components/private-function/release-routing";
import { CloudWatchAlarmReader, type AlarmStateValue } from "../../release/alarms";
import type { Clock } from "../../release/clock";
import { main } from "../../release/cli";
import type { ReleaseDeps } from "../../release/commands";
import { ALARM_DEFAULTS } from "../../release/stack-config";
import type { PolicyViolation, StackDriver, Unavailable, UpOptions, UpResult } from "../../release/stack-driver";
import { editYaml } from "../../release/yaml-edit";
import { physicalResourceName } from "../../config/names";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const PROJECT = "private-lambda";

/** A temp directory with copies of Pulumi.yaml, Pulumi.dev.yaml and Pulumi.prod.yaml. */
export function tempProject(): { root: string; file(stack: string): string; read(stack: string): string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "release-test-"));
  for (const f of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(root, f));
  const file = (stack: string) => path.join(root, `Pulumi.${stack}.yaml`);
  return { root, file, read: (stack) => fs.readFileSync(file(stack), "utf8"), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Set a function's release fields directly (test setup, not through the CLI). */
export function setRelease(file: string, key: string, release: { stableVersion?: string; canaryWeight?: number }): void {
  const edits = Object.entries(release).map(([k, v]) => ({ path: ["config", `${PROJECT}:functions`, key, "release", k], value: v as string | number }));
  fs.writeFileSync(file, editYaml(fs.readFileSync(file, "utf8"), edits));
}

/** The release settings in a stack file, with the schema's defaults. */
export function releaseOf(text: string, key: string): ReleaseSettings {
  const r = (parse(text).config[`${PROJECT}:functions`][key].release ?? {}) as Partial<ReleaseSettings>;
  return { aliasName: r.aliasName ?? "live", stableVersion: r.stableVersion, canaryWeight: r.canaryWeight ?? 0 };
}

export interface UpRecord {
  readonly stack: string;
  readonly message?: string;
  readonly at: number;
  readonly release: Readonly<Record<string, ReleaseSettings>>;
}

/**
 * Behaves like `pulumi up` of this program: every function's alias is routed from the stack file
 * with `resolveAliasRouting` and the version "published" for it (`published[key]`).
 */
export class FakeStackDriver implements StackDriver {
  readonly ups: UpRecord[] = [];
  outputsCalls = 0;
  /** 1-based numbers of `up` calls that fail. */
  failUps = new Set<number>();
  /** Called at the start of each `up` (1-based), e.g. to abort. */
  onUp?: (n: number, opts?: UpOptions) => void;
  private state?: Record<string, unknown>;

  constructor(
    private readonly root: string,
    readonly published: Record<string, string>,
    private readonly clock?: Clock,
  ) {}

  /** Deploy without recording an `up` (test setup: "the stack was deployed earlier"). */
  deploy(stack: string): void {
    this.state = this.program(stack);
  }

  /** Policy findings the next `up` calls report, by 1-based call number; a mandatory one stops that update. */
  policyViolations = new Map<number, PolicyViolation[]>();
  /** The `policyPacks` option of each `up`, in order. */
  readonly policyPacksSeen: (readonly string[] | undefined)[] = [];

  async up(stack: string, opts?: UpOptions): Promise<UpResult> {
    const n = this.ups.length + 1;
    this.policyPacksSeen.push(opts?.policyPacks);
    const text = fs.readFileSync(path.join(this.root, `Pulumi.${stack.split("/").pop()}.yaml`), "utf8");
    const fns = Object.keys(parse(text).config[`${PROJECT}:functions`]);
    this.ups.push({ stack, message: opts?.message, at: this.clock?.now() ?? 0, release: Object.fromEntries(fns.map((k) => [k, releaseOf(text, k)])) });
    this.onUp?.(n, opts);
    if (this.failUps.has(n)) throw new Error(`error: update failed\n  aws:lambda:Alias (live): ResourceConflictException`);
    const policyViolations = this.policyViolations.get(n) ?? [];
    // Like the engine: a mandatory violation stops the update before anything changes.
    if (!policyViolations.some((v) => v.enforcementLevel === "mandatory")) this.state = this.program(stack);
    return { policyViolations };
  }

  async outputs(): Promise<Record<string, unknown>> {
    this.outputsCalls++;
    return this.state ? (JSON.parse(JSON.stringify(this.state)) as Record<string, unknown>) : {};
  }

  /** Release settings of the last `up`. */
  lastRelease(key: string): ReleaseSettings | undefined {
    return this.ups[this.ups.length - 1]?.release[key];
  }

  /** Weight the deployed alias gives the canary, 0 when none. */
  deployedWeight(key: string): number {
    const fo = (this.state?.functionOutputs as Record<string, { alias: { additionalVersionWeights?: Record<string, number> } }> | undefined)?.[key];
    const w = fo?.alias.additionalVersionWeights;
    return w ? (Object.values(w)[0] ?? 0) : 0;
  }

  private program(stack: string): Record<string, unknown> {
    const short = stack.split("/").pop()!;
    const text = fs.readFileSync(path.join(this.root, `Pulumi.${short}.yaml`), "utf8");
    const fns = parse(text).config[`${PROJECT}:functions`] as Record<string, { timeoutSeconds?: number }>;
    const functionOutputs = Object.fromEntries(
      Object.entries(fns).map(([key, f]) => {
        const release = releaseOf(text, key);
        const version = this.published[key] ?? "1";
        const name = physicalResourceName(PROJECT, short, key);
        const routing = resolveAliasRouting(release, version);
        return [
          key,
          {
            name,
            arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
            aliasArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}:${release.aliasName}`,
            version,
            routing,
            // What the provider reports after the update (the program's `alias` output).
            alias: { name: release.aliasName, functionVersion: routing.functionVersion, additionalVersionWeights: { ...(routing.additionalVersionWeights ?? {}) } },
            logGroup: `/aws/lambda/${name}`,
            alarmNames: alarmSpecs(ALARM_DEFAULTS, f.timeoutSeconds ?? 10, hasCanary(routing)).map((s) => `${name}-${release.aliasName}-${s.role}`),
          },
        ];
      }),
    );
    return { functionOutputs };
  }
}

/** A clock whose sleeps return at once and move time forward. */
export class FakeClock implements Clock {
  t = Date.UTC(2025, 0, 1);
  sleeps = 0;
  onSleep?: (n: number) => void;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
    this.sleeps++;
    this.onSleep?.(this.sleeps);
  }
}

/** Mock every CloudWatchClient; alarm states come from `stateOf(name)`. */
export function mockAlarms(stateOf: (name: string) => AlarmStateValue = () => "OK") {
  const cw = mockClient(CloudWatchClient);
  cw.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => ({
    MetricAlarms: (input.AlarmNames ?? []).map((name) => {
      const state = stateOf(name);
      return { AlarmName: name, StateValue: state, StateReason: state === "ALARM" ? "Threshold Crossed: 1 datapoint [3.0] was >= the threshold (1.0)" : "ok" };
    }),
  }));
  return cw;
}

export interface Harness {
  readonly deps: ReleaseDeps;
  readonly out: string[];
  readonly err: string[];
  /** stdout and stderr lines, in order. */
  readonly all: string[];
  run(...args: string[]): Promise<number>;
}

/** Deps over the fakes; `run(...)` calls the CLI's `main` with `--root <root>` appended. */
export function harness(opts: { root: string; driver: StackDriver | Unavailable; clock?: Clock; signal?: AbortSignal; region?: string }): Harness {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  const deps: ReleaseDeps = {
    stackDriver: () => opts.driver,
    alarmReader: (region) => new CloudWatchAlarmReader(new CloudWatchClient({ region: region ?? opts.region ?? "us-east-1" })),
    clock: opts.clock ?? new FakeClock(),
    io: {
      info: (l) => (out.push(l), all.push(l)),
      warn: (l) => (err.push(l), all.push(l)),
      error: (l) => (err.push(l), all.push(l)),
    },
    signal: opts.signal,
  };
  return { deps, out, err, all, run: (...args) => main([...args, "--root", opts.root], deps) };
}

/** Lines of `after` that are not in `before`, and lines of `before` gone from `after` (multiset diff, in order). */
export function lineDiff(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence: small files, fine.
  const dp: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const added: string[] = [];
  const removed: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    }
    else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) removed.push(a[i++]!);
    else added.push(b[j++]!);
  }
  removed.push(...a.slice(i));
  added.push(...b.slice(j));
  return { added, removed };
}
