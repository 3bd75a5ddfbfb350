/**
 * `npm run release -- <command> --stack <name> --function <key> [flags]`
 *
 * Thin shell over commands.ts: commander parses, the parsers in parse.ts validate, errors become
 * exit codes (0 ok, 1 failed/rolled back, 2 usage, 130 interrupted). The only file here that
 * reads `process.env`, builds AWS clients or installs signal handlers.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { Command, CommanderError, Option } from "commander";
import { CloudWatchAlarmReader } from "./alarms";
import { systemClock } from "./clock";
import { runCanary, runPromote, runRollback, runShift, runStatus, type ReleaseDeps, type ReleaseIO } from "./commands";
import { EXIT, Interrupted, ReleaseFailure, UsageError } from "./errors";
import { ALLOWED, parseDuration, parseSteps, parseVersion, parseWeight } from "./parse";
import { pulumiDriver } from "./stack-driver";
import { isHelpOrVersion } from "../tools/commander-exit";

/** Dependencies for a real run: the Automation API, CloudWatch in the stack's region, the clock. */
export function defaultDeps(io: ReleaseIO, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): ReleaseDeps {
  return {
    stackDriver: (workDir) => pulumiDriver(workDir, (text) => process.stdout.write(text), env),
    alarmReader: (region) => {
      const r = region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
      if (!r) return { unavailable: "no AWS region: set aws:region in the stack config or AWS_REGION; alarm states not read" };
      return new CloudWatchAlarmReader(new CloudWatchClient({ region: r }));
    },
    clock: systemClock,
    io,
    signal,
  };
}

export const consoleIO: ReleaseIO = {
  info: (line) => console.log(line),
  warn: (line) => console.error(line),
  error: (line) => console.error(line),
};

const FORCE_HELP = "write the version even when the stack outputs cannot be read to check that it was published";

interface TargetFlags {
  stack: string;
  function: string;
  root: string;
  stackFile?: string;
}

function target(cmd: Command, functionRequired = true): Command {
  cmd.requiredOption("--stack <name>", "stack name; its config is Pulumi.<name>.yaml");
  if (functionRequired) cmd.requiredOption("--function <key>", "function key under private-lambda:functions");
  else cmd.option("--function <key>", "function key under private-lambda:functions (default: all)");
  return cmd
    .option("--root <dir>", "project directory with Pulumi.yaml and the stack files", process.cwd())
    .option("--stack-file <path>", "stack config file to edit (default: <root>/Pulumi.<stack>.yaml)");
}

function targetOf(f: TargetFlags) {
  return { stack: f.stack, fn: f.function, root: f.root, stackFile: f.stackFile };
}

/** Build the commander program; each action stores its exit code in `result`. */
function program(deps: ReleaseDeps, result: { code?: number }): Command {
  const p = new Command("release")
    .description("Blue/green releases of private-lambda functions: canary weights, promote, rollback, progressive shifts")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.io.info(s.trimEnd()),
      writeErr: (s) => deps.io.error(s.trimEnd()),
    })
    .showHelpAfterError("(add --help for usage)");

  target(p.command("status").description("stable and canary versions, weights, provisioned concurrency, alarm states"), false).action(async (f: TargetFlags) => {
    result.code = await runStatus(targetOf(f), deps);
  });

  target(p.command("canary").description("send a share of the alias's traffic to the latest published version"))
    .requiredOption("--weight <w>", ALLOWED.weight)
    .option("--apply", "run `pulumi up` for the stack after editing its config", false)
    .action(async (f: TargetFlags & { weight: string; apply: boolean }) => {
      const weight = parseWeight(f.weight);
      result.code = await runCanary({ ...targetOf(f), apply: f.apply, weight }, deps);
    });

  target(p.command("promote").description("make the canary (latest published version, or --version N) the stable version; weight 0"))
    .option("--version <n>", `version to promote (default: the latest published version); ${ALLOWED.version}`)
    .option("--force", FORCE_HELP, false)
    .option("--apply", "run `pulumi up` for the stack after editing its config", false)
    .action(async (f: TargetFlags & { version?: string; apply: boolean; force: boolean }) => {
      const version = f.version === undefined ? undefined : parseVersion(f.version, "--version");
      result.code = await runPromote({ ...targetOf(f), apply: f.apply, version, force: f.force }, deps);
    });

  target(p.command("rollback").description("weight 0, alias back on the stable version; --to N makes N the stable version"))
    .option("--to <n>", `point the alias at this published version; ${ALLOWED.version}`)
    .option("--force", FORCE_HELP, false)
    .option("--apply", "run `pulumi up` for the stack after editing its config", false)
    .action(async (f: TargetFlags & { to?: string; apply: boolean; force: boolean }) => {
      const to = f.to === undefined ? undefined : parseVersion(f.to, "--to");
      result.code = await runRollback({ ...targetOf(f), apply: f.apply, to, force: f.force }, deps);
    });

  target(p.command("shift").description("progressive shift: per step set the weight, apply, watch alarms; roll back on ALARM"))
    .addOption(new Option("--steps <list>", ALLOWED.steps).default("10,25,50,100"))
    .addOption(new Option("--interval <duration>", `how long each step is watched; ${ALLOWED.duration}`).default("5m"))
    .addOption(new Option("--poll <duration>", `how often alarms are read while watching; ${ALLOWED.duration}`).default("30s"))
    .option("--abort", "roll back a shift in progress (weight 0) and apply", false)
    .action(async (f: TargetFlags & { steps: string; interval: string; poll: string; abort: boolean }) => {
      const steps = parseSteps(f.steps);
      const intervalMs = parseDuration(f.interval, "--interval");
      const pollMs = parseDuration(f.poll, "--poll");
      result.code = await runShift({ ...targetOf(f), steps, intervalMs, pollMs, abort: f.abort }, deps);
    });

  return p;
}

/** Run the CLI on `argv` (without `node script`); resolves to the exit code, never throws. */
export async function main(argv: readonly string[], deps: ReleaseDeps): Promise<number> {
  const result: { code?: number } = {};
  try {
    await program(deps, result).parseAsync([...argv], { from: "user" });
    if (result.code === undefined) {
      deps.io.error("missing command: status, canary, promote, rollback or shift (add --help for usage)");
      return EXIT.usage;
    }
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return isHelpOrVersion(e) ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof ReleaseFailure || e instanceof Interrupted) {
      deps.io.error(`${e instanceof UsageError ? "error" : e instanceof Interrupted ? "interrupted" : "failed"}: ${e.message}`);
      return e.exitCode;
    }
    deps.io.error(`failed: ${(e as Error).stack ?? String(e)}`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  // The AWS SDK v3 prints a NodeVersionSupportWarning once per process on Node < 22 ("versions
  // published after the first week of January 2027 will require node >=22"). It is about the SDK's
  // future releases, not about anything this tool does, and every child process repeats it, so it
  // is noise here. This is the SDK's own documented opt-out (see emitWarningIfUnsupportedVersion in
  // @aws-sdk/core); a value the user set is kept. Upgrading Node to 22 or later also removes it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted); // second signal: stop now
    consoleIO.error(`${name}: stopping at the next safe point (press again to exit at once)`);
    controller.abort();
  };
  process.on("SIGINT", onSignal("SIGINT"));
  process.on("SIGTERM", onSignal("SIGTERM"));
  void main(process.argv.slice(2), defaultDeps(consoleIO, process.env, controller.signal)).then((code) => {
    // Exit once stdout has drained (piped output is asynchronous); open SDK sockets must not keep us alive.
    process.exitCode = code;
    process.stdout.write("", () => process.exit(code));
  });
}
