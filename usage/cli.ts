/**
 * `npm run usage -- sync --stack <name> [--days 14] [--write]`
 * `npm run usage -- reconcile --stack <name> --month 2026-11 [--tolerance 5%]`
 *
 * Thin shell over commands.ts (issue 17): commander parses, errors become exit codes (0 ok, 1 beyond
 * the tolerance or nothing measured, 2 usage). The only file of usage/ that builds AWS clients.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Command, CommanderError } from "commander";
import { EXIT, UsageError } from "../release/errors";
import { DEFAULT_SYNC_DAYS, runReconcile, runSync, type UsageDeps, type UsageIO } from "./commands";
import { isHelpOrVersion } from "../tools/commander-exit";

export const consoleIO: UsageIO = { info: (line) => console.log(line), warn: (line) => console.error(line) };

/** Real clients: CloudWatch in the stack's region, Cost Explorer at its only endpoint (us-east-1). */
export function defaultDeps(io: UsageIO): UsageDeps {
  return {
    cloudWatch: (region) => new CloudWatchClient({ region }),
    costExplorer: () => new CostExplorerClient({ region: "us-east-1" }),
    lambda: (region) => new LambdaClient({ region }),
    now: () => new Date(),
    io,
  };
}

/** `5%`, `5`, `0.5%` → a share (0.05); anything else is a usage error. */
export function parseTolerance(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
  const n = m ? Number(m[1]) / 100 : NaN;
  if (!(n >= 0 && n < 1)) throw new UsageError(`--tolerance: got ${JSON.stringify(text)}, allowed a percentage 0–99, e.g. 5%`);
  return n;
}

function parseDays(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n)) throw new UsageError(`--days: got ${JSON.stringify(text)}, allowed a whole number of days, e.g. 14`);
  return n;
}

/** Run the CLI on `argv` (without `node script`); resolves to the exit code, never throws. */
export async function main(argv: readonly string[], deps: UsageDeps): Promise<number> {
  const result: { code?: number } = {};
  const p = new Command("usage")
    .description("Usage measured in production (CloudWatch) for the cost report, and the estimate checked against the bill")
    .exitOverride()
    .configureOutput({ writeOut: (s) => deps.io.info(s.trimEnd()), writeErr: (s) => deps.io.warn(s.trimEnd()) })
    .showHelpAfterError("(add --help for usage)");
  p.command("sync")
    .description("read CloudWatch, scale the window to a month, print the diff against usage/<stack>.yaml (or write it)")
    .requiredOption("--stack <name>", "stack name; its config is Pulumi.<name>.yaml")
    .option("--days <n>", "window of whole UTC days ending at today's midnight", String(DEFAULT_SYNC_DAYS))
    .option("--write", "write usage/<stack>.yaml (under a lock, atomically, comments kept)", false)
    .option("--root <dir>", "project directory", process.cwd())
    .action(async (f: { stack: string; days: string; write: boolean; root: string }) => {
      result.code = await runSync({ root: f.root, stack: f.stack, days: parseDays(f.days), write: f.write }, deps);
    });
  p.command("reconcile")
    .description("the estimate from a month's measured usage beside the bill (Cost Explorer), per cost line")
    .requiredOption("--stack <name>", "stack name; its config is Pulumi.<name>.yaml")
    .requiredOption("--month <YYYY-MM>", "a month that has ended")
    .option("--tolerance <percent>", "allowed difference per line, of the larger side", "5%")
    .option("--root <dir>", "project directory", process.cwd())
    .action(async (f: { stack: string; month: string; tolerance: string; root: string }) => {
      result.code = await runReconcile({ root: f.root, stack: f.stack, month: f.month, tolerance: parseTolerance(f.tolerance) }, deps);
    });
  try {
    await p.parseAsync([...argv], { from: "user" });
    if (result.code === undefined) {
      deps.io.warn("missing command: sync or reconcile (add --help for usage)");
      return EXIT.usage;
    }
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return isHelpOrVersion(e) ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      deps.io.warn(`error: ${e.message}`);
      return e.exitCode;
    }
    deps.io.warn(`failed: ${(e as Error).stack ?? String(e)}`);
    return EXIT.failed;
  }
}

if (require.main === module) {
  // Same opt-out as release/cli.ts: the SDK's Node-version notice is about its future releases.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  void main(process.argv.slice(2), defaultDeps(consoleIO)).then((code) => {
    process.exitCode = code;
    process.stdout.write("", () => process.exit(code));
  });
}
