/**
 * The release commands: status, canary, promote, rollback, shift. Each takes parsed options and
 * injected dependencies (stack driver, alarm reader, clock, output) and returns an exit code, or
 * throws {@link UsageError} (2), {@link ReleaseFailure} (1) or {@link Interrupted} (130).
 *
 * Order in every command that changes something: validate flags → read the stack file → check
 * prerequisites (pulumi, credentials) → decide → write the file → apply. Anything that fails before
 * "write" leaves the file byte for byte as it was.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { firing, summarizeAlarms, expectedAlarmNames, type AlarmReader, type AlarmStatus } from "./alarms";
import type { Clock } from "./clock";
import { EXIT, firstLine, Interrupted, ReleaseFailure, UsageError } from "./errors";
import { deployedFunction, describeRouting, type DeployedFunction } from "./outputs";
import { formatDuration, formatPercent, toPercent, toWeight } from "./parse";
import { deployedDiffers, planCanary, provisionedConcurrencyWarnings, planPromote, planRollback, shiftSchedule, type Decision, type ReleaseView } from "./plan";
import { editFileLocked, FileEditError, notWritable } from "../tools/file-lock";
import {
  applyReleaseChange,
  checkEditedConfig,
  describeExistingErrors,
  stackFileErrors,
  type EditCheck,
  functionsPath,
  locateStack,
  readFunctionRelease,
  stackRegion,
  type FunctionRelease,
  type ReleaseChange,
  type StackLocation,
} from "./stack-config";
import { isUnavailable, type StackDriver, type Unavailable, type UpResult } from "./stack-driver";
import { parseStrict } from "./yaml-edit";
import { describePcScaling } from "./pc-scaling";

/** Where the CLI writes. `info` to stdout; `warn` and `error` to stderr. */
export interface ReleaseIO {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

export interface ReleaseDeps {
  /** The stack driver for a project directory, or what is missing (no `pulumi` on PATH). */
  readonly stackDriver: (workDir: string) => StackDriver | Unavailable;
  /** An alarm reader for the stack's region (`aws:region`, may be unset). */
  readonly alarmReader: (region: string | undefined) => AlarmReader | Unavailable;
  readonly clock: Clock;
  readonly io: ReleaseIO;
  /** Aborted on SIGINT/SIGTERM: the command stops at the next safe point and says where it stands. */
  readonly signal?: AbortSignal;
}

export interface TargetOptions {
  readonly stack: string;
  /** Function key under `<project>:functions`. */
  readonly fn: string;
  /** Project directory (Pulumi.yaml). */
  readonly root: string;
  /** @default - `<root>/Pulumi.<stack>.yaml` */
  readonly stackFile?: string;
}

export interface ChangeOptions extends TargetOptions {
  /** Run `pulumi up` for the stack after editing its config. @default false */
  readonly apply?: boolean;
}

export interface ShiftOptions extends TargetOptions {
  /** Ascending percentages 1–100; 100 promotes. */
  readonly steps: readonly number[];
  /** How long each step is watched before the next. */
  readonly intervalMs: number;
  /** How often alarms are read while watching. @default 30 s */
  readonly pollMs?: number;
  /** Roll back instead of shifting. @default false */
  readonly abort?: boolean;
}

const DEFAULT_POLL_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Session: one function in one stack file
// ---------------------------------------------------------------------------------------------

type Lookup = { fn: DeployedFunction; reason?: undefined } | { fn?: undefined; reason: string };

class Session {
  text: string;
  release: FunctionRelease;
  readonly driver: StackDriver | Unavailable;

  constructor(
    readonly loc: StackLocation,
    readonly key: string,
    readonly deps: ReleaseDeps,
    readonly command = "status",
  ) {
    this.text = readStackText(loc.file);
    this.release = readFunctionRelease(this.text, loc, key);
    this.driver = deps.stackDriver(loc.root);
  }

  static open(opts: TargetOptions, deps: ReleaseDeps, command: string): Session {
    return new Session(locateStack(opts), opts.fn, deps, command);
  }

  get fileName(): string {
    return path.basename(this.loc.file);
  }

  get io(): ReleaseIO {
    return this.deps.io;
  }

  /** The driver, or a usage error saying what is missing and what to do instead. */
  requireDriver(instead: string): StackDriver {
    if (isUnavailable(this.driver)) throw new UsageError(`${this.driver.unavailable}, ${instead}; ${this.fileName} left unchanged`);
    if (!this.loc.isPulumiStackFile) {
      throw new UsageError(
        `--stack-file ${this.loc.file}: pulumi reads the config of stack ${this.loc.stackShort} from ${path.join(this.loc.root, `Pulumi.${this.loc.stackShort}.yaml`)}, so applying needs that file; drop --stack-file or --apply`,
      );
    }
    return this.driver;
  }

  async lookup(): Promise<Lookup> {
    if (isUnavailable(this.driver)) return { reason: `${this.driver.unavailable}; stack outputs not read` };
    try {
      const r = deployedFunction(await this.driver.outputs(this.loc.stack), this.key, this.loc.stack);
      return "fn" in r ? { fn: r.fn } : { reason: r.missing };
    } catch (e) {
      return { reason: `could not read the outputs of stack ${this.loc.stack}: ${firstLine(e)}` };
    }
  }

  view(l: Lookup): ReleaseView {
    return { ...this.release, deployed: l.fn, deployedUnknown: l.reason };
  }

  /**
   * Validate and write under the stack file's lock: the file is re-read under the lock, so an edit
   * of another function made meanwhile (another terminal, another CI job) is kept, and the new text
   * replaces the file atomically (temp file + rename). If this function's release settings changed
   * since the decision was made, nothing is written. Prints each changed field.
   */
  async write(change: ReleaseChange): Promise<void> {
    let changed: string[] = [];
    let check: EditCheck | undefined;
    let release = this.release;
    let text: string;
    try {
      text = await editFileLocked(
        this.loc.file,
        (current) => {
          if (current !== this.text) {
            const now = readFunctionRelease(current, this.loc, this.key);
            if (now.stableVersion !== release.stableVersion || !sameWeight(now, release)) {
              throw new UsageError(
                `functions.${this.key}.release changed in ${this.fileName} while this command ran (now ${stateWords(now)}; this command read ${stateWords(release)}): another release command edited it. Nothing written; re-run to decide again.`,
              );
            }
            release = now;
          }
          const edit = applyReleaseChange(current, this.loc, release, change);
          changed = edit.changed;
          if (edit.text === current) return undefined;
          check = checkEditedConfig(current, edit.text, this.loc, this.key);
          return edit.text;
        },
        { command: `release ${this.command} --stack ${this.loc.stack} --function ${this.key}` },
      );
    } catch (e) {
      if (e instanceof FileEditError) throw new UsageError(`${e.message}; ${this.fileName} left unchanged`);
      throw e;
    }
    this.text = text;
    this.release = readFunctionRelease(text, this.loc, this.key);
    if (!check) return;
    for (const c of changed) this.io.info(`${this.fileName}: ${c}`);
    // Our own weights-with-PC warning is more specific than the validator's; print the rest.
    for (const w of check.newWarnings) if (w.rule !== "lambda.alias.weight.provisionedConcurrency" && w.rule !== "pc.scaling.weighted") this.io.warn(`warning: ${w.message}`);
  }

  /** Refuse early when the stack file or its directory cannot be written (read-only file, unwritable directory). */
  requireWritable(): void {
    const problem = notWritable(this.loc.file);
    if (problem) throw new UsageError(`${problem}; ${this.fileName} left unchanged`);
  }

  /** Say which errors the stack file already has before anything changes; the write refuses unless the edit fixes them. */
  reportExistingErrors(): void {
    const errors = stackFileErrors(this.text, this.loc);
    if (errors.length > 0) this.io.warn(`warning: ${describeExistingErrors(this.fileName, errors)}`);
  }

  /** `pulumi up` for the stack, then print where the alias points. */
  async apply(driver: StackDriver, message: string, signal: AbortSignal | undefined, onFail: (e: unknown) => Error): Promise<Lookup> {
    this.io.info(`applying: pulumi up --stack ${this.loc.stack} (${this.loc.root})`);
    // The guardrails run as a CrossGuard pack with the update, as with `pulumi up --policy-pack policy`.
    const policyPack = path.join(this.loc.root, "policy");
    let result: UpResult;
    try {
      result = await driver.up(this.loc.stack, { message, signal, policyPacks: [policyPack] });
    } catch (e) {
      throw onFail(e);
    }
    const mandatory = result.policyViolations.filter((v) => v.enforcementLevel === "mandatory");
    for (const v of result.policyViolations.filter((x) => x.enforcementLevel !== "mandatory")) this.io.warn(`policy ${v.policyPackName}/${v.policyName} (${v.enforcementLevel}): ${v.message}`);
    if (mandatory.length > 0) {
      for (const v of mandatory) this.io.warn(`policy violation (mandatory): ${v.policyPackName}/${v.policyName}${v.resourceUrn ? ` on ${v.resourceUrn}` : ""}: ${v.message}`);
      const first = mandatory[0]!;
      throw onFail(new Error(`${mandatory.length} mandatory policy violation(s) from the policy pack (${path.relative(this.loc.root, policyPack)}/), the update did not go through: ${first.policyName}: ${first.message}`));
    }
    const after = await this.lookup();
    if (after.fn) this.io.info(`deployed: ${describeRouting(this.release.aliasName, after.fn)}, latest published version ${after.fn.version}`);
    else this.io.warn(`applied, but the new state could not be read: ${after.reason}`);
    return after;
  }

  alarmNames(l: Lookup): string[] {
    if (l.fn && l.fn.alarmNames.length > 0) return [...l.fn.alarmNames];
    const r = this.release;
    const canary = r.stableVersion !== undefined && r.canaryWeight > 0;
    return expectedAlarmNames(r.functionName, r.aliasName, r.alarms, r.timeoutSeconds, canary);
  }

  alarmReader(): AlarmReader | Unavailable {
    return this.deps.alarmReader(stackRegion(this.text));
  }
}

// ---------------------------------------------------------------------------------------------
// canary / promote / rollback
// ---------------------------------------------------------------------------------------------

async function runChange(opts: ChangeOptions, deps: ReleaseDeps, command: string, decide: (v: ReleaseView) => Decision): Promise<number> {
  const s = Session.open(opts, deps, command);
  s.requireWritable();
  const driver = opts.apply ? s.requireDriver("or run without --apply") : undefined;
  s.reportExistingErrors();
  const before = await s.lookup();
  if (before.fn) s.io.info(`deployed: ${describeRouting(s.release.aliasName, before.fn)}, latest published version ${before.fn.version}`);
  const d = decide(s.view(before));
  for (const w of d.warnings) s.io.warn(`warning: ${w}`);
  for (const note of d.notes) s.io.info(note);

  if (!d.change) {
    s.io.info(d.nothing ?? "nothing to do");
    if (d.applyAnyway) {
      if (driver) await applyChange(s, driver, `release ${command} ${opts.fn}: re-apply`);
      else s.io.info(`the deployed alias differs from the config: run again with --apply, or \`pulumi up --stack ${opts.stack}\``);
    }
    return EXIT.ok;
  }
  await s.write(d.change);
  if (!driver) {
    s.io.info(`not applied: run again with --apply, or \`pulumi up --stack ${opts.stack}\` in ${s.loc.root}`);
    return EXIT.ok;
  }
  await applyChange(s, driver, `release ${command} ${opts.fn}: stableVersion ${s.release.stableVersion ?? "-"}, canaryWeight ${s.release.canaryWeight}`);
  return EXIT.ok;
}

async function applyChange(s: Session, driver: StackDriver, message: string): Promise<void> {
  const signal = s.deps.signal;
  await s.apply(driver, message, signal, (e) =>
    signal?.aborted
      ? new Interrupted(`interrupted during pulumi up: ${s.fileName} has the change (${stateWords(s.release)}); the alias may not have moved yet. Re-run the same command with --apply, or \`pulumi up --stack ${s.loc.stack}\`.`)
      : new ReleaseFailure(
          `pulumi up failed for stack ${s.loc.stack}: ${firstLine(e)}\n${s.fileName} keeps the change (${stateWords(s.release)}); the alias may not have moved. Fix the cause and re-run with --apply, or undo the change.`,
        ),
  );
}

function stateWords(r: FunctionRelease): string {
  const w = r.invalidCanaryWeight !== undefined ? `${JSON.stringify(r.invalidCanaryWeight)} (invalid)` : String(r.canaryWeight);
  return `stableVersion ${r.stableVersion ?? "(not set)"}, canaryWeight ${w}`;
}

function sameWeight(a: FunctionRelease, b: FunctionRelease): boolean {
  return a.canaryWeight === b.canaryWeight || (Number.isNaN(a.canaryWeight) && Number.isNaN(b.canaryWeight) && JSON.stringify(a.invalidCanaryWeight) === JSON.stringify(b.invalidCanaryWeight));
}

/** The stack file's text; an unreadable file is a usage error with one line, not a stack trace. */
function readStackText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : (code ?? (e as Error).message)}`);
  }
}

/** `canary --weight W [--apply]` */
export function runCanary(opts: ChangeOptions & { readonly weight: number }, deps: ReleaseDeps): Promise<number> {
  return runChange(opts, deps, "canary", (v) => planCanary(v, opts.weight));
}

/** `promote [--version N] [--apply]` */
export function runPromote(opts: ChangeOptions & { readonly version?: string; readonly force?: boolean }, deps: ReleaseDeps): Promise<number> {
  return runChange(opts, deps, "promote", (v) => planPromote(v, opts.version, { force: opts.force }));
}

/** `rollback [--to N] [--apply]` */
export function runRollback(opts: ChangeOptions & { readonly to?: string; readonly force?: boolean }, deps: ReleaseDeps): Promise<number> {
  return runChange(opts, deps, "rollback", (v) => planRollback(v, opts.to, { force: opts.force }));
}

// ---------------------------------------------------------------------------------------------
// shift
// ---------------------------------------------------------------------------------------------

/** `shift --steps 10,25,50,100 --interval 5m [--abort]` */
export async function runShift(opts: ShiftOptions, deps: ReleaseDeps): Promise<number> {
  const s = Session.open(opts, deps, "shift");
  s.requireWritable();
  const { io, clock, signal } = deps;
  const driver = s.requireDriver(opts.abort ? "or roll back with `rollback` and apply by hand" : "(a shift applies every step)");
  s.reportExistingErrors();
  if (opts.abort) return abortShift(s, driver, await s.lookup());
  if (s.release.invalidCanaryWeight !== undefined) {
    throw new UsageError(`functions.${opts.fn}.release.canaryWeight: got ${JSON.stringify(s.release.invalidCanaryWeight)}, allowed a number 0–1; a shift cannot resume from it: run \`rollback\` (weight 0) or --abort first. ${s.fileName} left unchanged`);
  }
  const watch = s.alarmReader();
  if (isUnavailable(watch)) throw new UsageError(`${watch.unavailable}; a shift needs alarm states; ${s.fileName} left unchanged`);

  let deployed = await s.lookup();
  if (!deployed.fn) throw new UsageError(`cannot shift ${opts.fn}: ${deployed.reason}; ${s.fileName} left unchanged`);
  const r = s.release;
  const canary = deployed.fn.version;
  const stable = r.stableVersion;
  const label = `${opts.fn} on ${opts.stack}`;

  if (stable === undefined) {
    io.info(`nothing to shift: functions.${opts.fn}.release.stableVersion is not set, so alias ${r.aliasName} follows every published version (now ${canary}). Pin it with \`promote\` before the next deployment.`);
    return EXIT.ok;
  }
  if (Number(canary) < Number(stable)) throw new UsageError(`functions.${opts.fn}.release.stableVersion is ${stable}, but the latest published version is ${canary}: fix it with \`rollback --to N\``);
  if (canary === stable) {
    io.info(`nothing to shift: the latest published version ${canary} is the stable version of ${opts.fn}; deploy new code first (it is published dark at weight 0).`);
    return EXIT.ok;
  }

  const configPct = toPercent(r.canaryWeight);
  const deployedPct = deployed.fn.weighted?.version === canary ? toPercent(deployed.fn.weighted.weight) : deployed.fn.weighted ? undefined : 0;
  const schedule = shiftSchedule(opts.steps, configPct, deployedPct);
  for (const note of schedule.notes) io.info(note);
  if (schedule.steps.length === 0) return EXIT.ok;

  const pollMs = Math.min(opts.pollMs ?? DEFAULT_POLL_MS, opts.intervalMs);
  const plan = schedule.steps.map((p) => `${p} %`).join(" → ");
  io.info(`shift ${label}: version ${canary} (canary) over ${stable} (stable) on alias ${r.aliasName}: ${plan}, watching ${formatDuration(opts.intervalMs)} per step`);

  const firstWeighted = schedule.steps.find((p) => p < 100);
  if (firstWeighted !== undefined) for (const w of provisionedConcurrencyWarnings(s.view(deployed), toWeight(firstWeighted), stable)) io.warn(`warning: ${w}`);

  // Pre-flight: the alias must be healthy before traffic moves.
  const pre = await watch.read(s.alarmNames(deployed));
  if (!pre.ok) {
    const where = configPct > 0 ? `the alias stays at ${configPct} % to version ${canary}; re-run to resume or add --abort` : `nothing changed`;
    throw new UsageError(`cannot read alarm states: ${pre.reason}; ${where}`);
  }
  io.info(`alarms before the shift: ${summarizeAlarms(pre.alarms)}`);
  if (firing(pre.alarms).length > 0) {
    if (configPct > 0) return rollbackShift(s, driver, `alarm before resuming: ${describeFiring(pre.alarms)}`, { stable, canary, atPct: configPct });
    throw new ReleaseFailure(`alarms in ALARM before the shift: ${describeFiring(pre.alarms)}; not starting. ${s.fileName} unchanged.`);
  }

  const total = schedule.steps.length;
  for (const [i, pct] of schedule.steps.entries()) {
    const promote = pct === 100;
    const stepName = `step ${i + 1}/${total}`;
    if (promote) io.info(`${stepName}: 100 % → promote: stableVersion ${stable} → ${canary}, canaryWeight 0`);
    else io.info(`${stepName}: ${pct} % of alias ${r.aliasName} to version ${canary}, ${Math.round((100 - pct) * 1000) / 1000} % stays on ${stable}`);
    await s.write(promote ? { stableVersion: canary, canaryWeight: 0 } : { canaryWeight: toWeight(pct) });

    const at = { stable, canary, atPct: pct, promoted: promote };
    try {
      deployed = await s.apply(driver, `release shift ${opts.fn}: ${promote ? `promote ${canary}` : `${pct} % to ${canary}`}`, signal, (e) => e as Error);
    } catch (e) {
      if (signal?.aborted) throw new Interrupted(interruptedDuringApply(s, at));
      return rollbackShift(s, driver, `pulumi up failed at ${pct} %: ${firstLine(e)}`, at);
    }
    if (deployed.fn && deployed.fn.version !== canary) {
      return rollbackShift(s, driver, `the apply published version ${deployed.fn.version}, not ${canary}: the code changed during the shift`, at);
    }
    const names = s.alarmNames(deployed);

    // Watch: read alarms every poll until the interval is over; any ALARM rolls back at once.
    const end = clock.now() + opts.intervalMs;
    let last: readonly AlarmStatus[] = [];
    for (;;) {
      const left = end - clock.now();
      if (left <= 0) break;
      await clock.sleep(Math.min(pollMs, left), signal);
      if (signal?.aborted) throw new Interrupted(interruptedWhileWatching(s, at));
      const now = await watch.read(names);
      if (!now.ok) return rollbackShift(s, driver, `cannot read alarm states, so the step cannot be verified: ${now.reason}`, at);
      last = now.alarms;
      if (firing(now.alarms).length > 0) return rollbackShift(s, driver, `ALARM at ${pct} %: ${describeFiring(now.alarms)}`, at);
      io.info(`  ${pct} %: ${formatDuration(Math.max(0, end - clock.now()))} left · alarms: ${summarizeAlarms(now.alarms)}`);
    }
    io.info(`${stepName} passed (${pct} %): alarms ${summarizeAlarms(last)}`);
  }

  const lastStep = schedule.steps[schedule.steps.length - 1]!;
  if (lastStep === 100) io.info(`shift complete: version ${canary} is the stable version of ${opts.fn} on alias ${r.aliasName} (was ${stable})`);
  else io.info(`shift finished at ${lastStep} %: version ${canary} keeps ${lastStep} % of alias ${r.aliasName}; run \`promote\` to finish or \`rollback\` to undo`);
  return EXIT.ok;
}

interface ShiftPoint {
  readonly stable: string;
  readonly canary: string;
  readonly atPct: number;
  /** True once stableVersion was set to the canary (the 100 % step). */
  readonly promoted?: boolean;
}

function describeFiring(alarms: readonly AlarmStatus[]): string {
  return firing(alarms)
    .map((a) => `${a.name}${a.reason ? ` (${a.reason})` : ""}`)
    .join("; ");
}

/**
 * Roll back at once: weight 0 with the alias on the stable version (after the 100 % step: the
 * previous stable version again). Always returns exit 1: a shift that rolled back failed.
 */
async function rollbackShift(s: Session, driver: StackDriver, reason: string, at: ShiftPoint): Promise<number> {
  const { io } = s;
  io.error(reason);
  const change: ReleaseChange = at.promoted ? { stableVersion: at.stable, canaryWeight: 0 } : { canaryWeight: 0 };
  io.error(`rolling back: canaryWeight 0, alias ${s.release.aliasName} back on version ${at.stable}`);
  await s.write(change);
  try {
    // Not abortable: an interrupted rollback is worse than a slow one.
    await s.apply(driver, `release shift ${s.key}: rollback to ${at.stable}`, undefined, (e) => e as Error);
  } catch (e) {
    throw new ReleaseFailure(
      `ROLLBACK NOT APPLIED: pulumi up failed: ${firstLine(e)}\n${s.fileName} says canaryWeight 0 (alias on ${at.stable}), but alias ${s.release.aliasName} may still send ${at.atPct} % to version ${at.canary}. ` +
        `Run \`npm run release -- rollback --stack ${s.loc.stack} --function ${s.key} --apply\` or \`pulumi up --stack ${s.loc.stack}\` now.`,
    );
  }
  io.error(`shift failed at ${at.atPct} %: rolled back; alias ${s.release.aliasName} serves version ${at.stable} only`);
  return EXIT.failed;
}

async function abortShift(s: Session, driver: StackDriver, deployed: Lookup): Promise<number> {
  const v = s.view(deployed);
  if (s.release.canaryWeight === 0 && !deployedDiffers(v)) {
    s.io.info(`no shift in progress for ${s.key}: canaryWeight is 0 and alias ${s.release.aliasName} has no weights; nothing to abort`);
    return EXIT.ok;
  }
  const pct = toPercent(s.release.canaryWeight);
  s.io.info(`aborting the shift at ${pct} %: canaryWeight 0, alias ${s.release.aliasName} back on version ${s.release.stableVersion ?? "(first deploy)"}`);
  if (s.release.canaryWeight !== 0) await s.write({ canaryWeight: 0 });
  await s.apply(driver, `release shift ${s.key}: abort`, undefined, (e) =>
    new ReleaseFailure(`ROLLBACK NOT APPLIED: pulumi up failed: ${firstLine(e)}\n${s.fileName} says canaryWeight 0; the alias may still have weights. Re-run with --abort, or \`pulumi up --stack ${s.loc.stack}\`.`),
  );
  s.io.info(`shift aborted: alias ${s.release.aliasName} serves version ${s.release.stableVersion ?? "(latest)"} only`);
  return EXIT.ok;
}

function resumeHint(s: Session): string {
  const base = `npm run release -- shift --stack ${s.loc.stack} --function ${s.key} ...`;
  return `Re-run the same \`${base}\` to resume, or add --abort to roll back.`;
}

function interruptedDuringApply(s: Session, at: ShiftPoint): string {
  const target = at.promoted ? `promotion of version ${at.canary}` : `${at.atPct} %`;
  return `interrupted while applying the ${target}: ${s.fileName} says ${stateWords(s.release)}, but alias ${s.release.aliasName} may still be at the previous step. ${resumeHint(s)}`;
}

function interruptedWhileWatching(s: Session, at: ShiftPoint): string {
  if (at.promoted) return `interrupted while watching after the promotion: version ${at.canary} is stable (alias ${s.release.aliasName} → ${at.canary} only). To undo: rollback --to ${at.stable} --apply.`;
  return `interrupted at ${at.atPct} %: alias ${s.release.aliasName} sends ${at.atPct} % to version ${at.canary} and stays there. ${resumeHint(s)}`;
}

// ---------------------------------------------------------------------------------------------
// status
// ---------------------------------------------------------------------------------------------

/** `status [--function F]`: config, deployed routing, concurrency and alarm states. */
export async function runStatus(opts: Omit<TargetOptions, "fn"> & { readonly fn?: string }, deps: ReleaseDeps): Promise<number> {
  const loc = locateStack(opts);
  const text = readStackText(loc.file);
  const keys = opts.fn !== undefined ? [opts.fn] : Object.keys((parseStrict(text).getIn([...functionsPath(loc.project)]) as { toJSON(): object } | undefined)?.toJSON() ?? {});
  if (keys.length === 0) throw new UsageError(`${path.basename(loc.file)} has no functions`);
  const sessions = keys.map((k) => new Session(loc, k, deps));
  const { io } = deps;

  let outputs: Record<string, unknown> | undefined;
  let outputsMissing: string | undefined;
  const driver = sessions[0]!.driver;
  if (isUnavailable(driver)) outputsMissing = `${driver.unavailable}; stack outputs not read, showing the config only`;
  else {
    try {
      outputs = await driver.outputs(loc.stack);
    } catch (e) {
      outputsMissing = `could not read the outputs of stack ${loc.stack}: ${firstLine(e)}`;
    }
  }
  if (outputsMissing) io.warn(outputsMissing);
  const reader = sessions[0]!.alarmReader();

  for (const s of sessions) {
    const r = s.release;
    const found = outputs ? deployedFunction(outputs, s.key, loc.stack) : undefined;
    const lookup: Lookup = found && "fn" in found ? { fn: found.fn } : { reason: found && "missing" in found ? found.missing : (outputsMissing ?? "unknown") };
    io.info(`${s.key} (stack ${loc.stack} · function ${r.functionName} · alias ${r.aliasName})`);
    const weightWords = r.invalidCanaryWeight !== undefined ? `${JSON.stringify(r.invalidCanaryWeight)} (invalid: allowed 0–1; \`rollback\` sets 0)` : `${r.canaryWeight} (${formatPercent(r.canaryWeight)})`;
    io.info(`  config:      stableVersion ${r.stableVersion ?? "(not set)"} · canaryWeight ${weightWords}`);
    if (lookup.fn) io.info(`  deployed:    latest published version ${lookup.fn.version} · ${describeRouting(r.aliasName, lookup.fn)}`);
    else if (found) io.info(`  deployed:    unknown (${lookup.reason})`);
    io.info(`  release:     ${releaseLine(r, lookup.fn)}`);
    if (lookup.fn && deployedDiffers(s.view(lookup))) io.warn(`  the deployed alias differs from the config: an apply is pending or did not finish; run \`pulumi up --stack ${loc.stack}\` or the release command again with --apply`);
    io.info(`  concurrency: ${concurrencyLine(r)}`);

    const names = s.alarmNames(lookup);
    if (isUnavailable(reader)) io.info(`  alarms:      not read: ${reader.unavailable}`);
    else if (names.length === 0) io.info(`  alarms:      none (alarms disabled)`);
    else {
      const reading = await reader.read(names);
      if (!reading.ok) io.info(`  alarms:      ${reading.reason}, alarm states not read`);
      else {
        io.info(`  alarms:      ${summarizeAlarms(reading.alarms)}`);
        for (const a of reading.alarms) io.info(`    ${a.state.padEnd(17)} ${a.name}`);
      }
    }
  }
  return EXIT.ok;
}

function releaseLine(r: FunctionRelease, d: DeployedFunction | undefined): string {
  if (r.stableVersion === undefined) return `first deploy: no stableVersion, the alias follows every published version`;
  if (!d) return `canary = the version the next deployment publishes, at ${formatPercent(r.canaryWeight)} (deployed state unknown)`;
  if (d.version === r.stableVersion) return `no canary: the latest published version ${d.version} is the stable version`;
  if (r.canaryWeight === 0) return `canary version ${d.version} is dark (weight 0); stable ${r.stableVersion} takes 100 %`;
  return `canary version ${d.version} at ${formatPercent(r.canaryWeight)}; stable ${r.stableVersion} at ${formatPercent(1 - r.canaryWeight)}`;
}

function concurrencyLine(r: FunctionRelease): string {
  // issue 18 hook: a scaling block is described by its range.
  const amount = r.provisionedConcurrency ?? (r.provisionedConcurrencyScaling ? describePcScaling(r.provisionedConcurrencyScaling) : undefined);
  const pc = amount !== undefined ? `provisioned ${amount} on alias ${r.aliasName}${r.canaryWeight > 0 ? ` (split between the versions by weight${r.provisionedConcurrencyScaling ? ", scaling suspended" : ""})` : ""}` : "no provisioned concurrency";
  const reserved = r.reservedConcurrency !== undefined ? `reserved ${r.reservedConcurrency}` : "unreserved";
  return `${pc} · ${reserved} (from the stack config)`;
}
