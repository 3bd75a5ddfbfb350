/**
 * `npm run usage -- sync | reconcile` (issue 17). Commands take their AWS clients, clock and output
 * as dependencies (tests use aws-sdk-client-mock); cli.ts builds the real ones.
 *
 * Exit codes: 0 done; 1 reconcile found a line beyond the tolerance, or sync measured nothing;
 * 2 bad flags, unknown stack, invalid stack or usage file, missing or rejected credentials, missing
 * cost-allocation tags. Nothing is written unless `sync --write` measured at least one figure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CostExplorerClient } from "@aws-sdk/client-cost-explorer";
import { GetAliasCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { loadStackFile, settingsFromStackFile, StackFileError } from "../config/stack-file";
import { NO_CREDENTIALS } from "../release/alarms";
import { EXIT, firstLine, UsageError } from "../release/errors";
import { tryBuildCostReport } from "../report/cost-report";
import type { StackSettings } from "../config/validate";
import { withFileLock, writeFileAtomic } from "../tools/file-lock";
import { usageFileOf } from "./load";
import { canaryVersionsOf, fetchMetricValues, metricSpecs, monthWindow, toFigures, windowEndingAt, type MetricWindow } from "./metrics";
import { fetchBilledRows, formatReconciliation, reconcile } from "./reconcile";
import { applyMeasuredUsage, diffFigures, mergeUsageFile, parseUsageFile, type MeasuredFigure } from "./usage-file";

export interface UsageIO {
  info(line: string): void;
  warn(line: string): void;
}

export interface UsageDeps {
  /** CloudWatch in the stack's region. */
  readonly cloudWatch: (region: string) => CloudWatchClient;
  /** Cost Explorer (its endpoint is in us-east-1). */
  readonly costExplorer: () => CostExplorerClient;
  /** Lambda in the stack's region: whether each function's alias exists yet. */
  readonly lambda: (region: string) => LambdaClient;
  readonly now: () => Date;
  readonly io: UsageIO;
}

export interface StackTarget {
  /** Project directory: Pulumi.yaml, the stack files, usage/. */
  readonly root: string;
  readonly stack: string;
}

/** Default and largest window of `sync`, days (1-minute data is kept 15 days; 5-minute data 63 days). */
export const DEFAULT_SYNC_DAYS = 14;
export const MAX_SYNC_DAYS = 63;

/** Validated settings of a stack file, or a UsageError listing every problem. */
export function stackSettings(target: StackTarget, today: string): StackSettings & { readonly defaultTags: Readonly<Record<string, string>> } {
  let file;
  try {
    file = loadStackFile(target.root, target.stack);
  } catch (e) {
    if (e instanceof StackFileError) throw new UsageError(e.message);
    throw e;
  }
  const r = settingsFromStackFile(file, today);
  const errors = r.problems.filter((p) => p.severity === "error");
  if (!r.settings || errors.length > 0) {
    throw new UsageError(`Pulumi.${target.stack}.yaml has ${errors.length} error(s) (pulumi up would stop on them); fix them first:\n${errors.map((e) => `  - ${e.message}`).join("\n")}`);
  }
  let tags: Record<string, string> = {};
  try {
    const raw = JSON.parse(file.config["aws:defaultTags"] ?? "{}") as { tags?: Record<string, string> };
    tags = raw.tags ?? {};
  } catch {
    tags = {};
  }
  return { ...r.settings, defaultTags: tags };
}

/** The IAM actions each command's AWS calls need, for access-denied messages. */
const API_PERMISSIONS: Readonly<Record<string, string>> = {
  GetCostAndUsage: "ce:GetCostAndUsage",
  GetMetricData: "cloudwatch:GetMetricData and cloudwatch:ListMetrics",
  GetAlias: "lambda:GetAlias",
};

/**
 * The functions whose alias does not exist in the region yet (never deployed, or deployed elsewhere):
 * Lambda answers GetAlias with ResourceNotFoundException. CloudWatch alone cannot tell such a
 * function from one that had no traffic.
 */
export async function undeployedFunctions(client: LambdaClient, settings: StackSettings): Promise<StackSettings["functions"]> {
  const missing = await Promise.all(
    settings.functions.map(async (f) => {
      try {
        await client.send(new GetAliasCommand({ FunctionName: f.functionName, Name: f.release.aliasName }));
        return undefined;
      } catch (e) {
        if ((e as { name?: string } | null)?.name === "ResourceNotFoundException") return f;
        throw awsError("GetAlias", e);
      }
    }),
  );
  return missing.filter((f): f is StackSettings["functions"][number] => f !== undefined);
}

/** An SDK error as a UsageError naming what is missing (credentials, region) or what failed. */
export function awsError(api: string, e: unknown): UsageError {
  const name = (e as { name?: string } | null)?.name ?? "";
  const message = firstLine(e);
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) return new UsageError(`${NO_CREDENTIALS}; nothing changed`);
  if (/^(ExpiredToken|ExpiredTokenException|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch)$/.test(name)) {
    return new UsageError(`AWS credentials rejected (${name}): ${message}; refresh them (e.g. aws sso login); nothing changed`);
  }
  if (name === "AccessDeniedException" || name === "AccessDenied") return new UsageError(`${api}: access denied (${message}); the caller needs ${API_PERMISSIONS[api] ?? api}; nothing changed`);
  return new UsageError(`${api} failed: ${name ? `${name}: ` : ""}${message}; nothing changed`);
}

/** The measured figures of a window, and the metrics that had no data. */
async function measure(deps: UsageDeps, settings: StackSettings, window: MetricWindow, hoursPerMonth: number): Promise<{ figures: MeasuredFigure[]; noData: string[]; messages: string[] }> {
  const client = deps.cloudWatch(settings.region);
  try {
    const canaries = await canaryVersionsOf(client, settings);
    const specs = metricSpecs(settings, canaries);
    const { values, messages, allocationPeriodSeconds } = await fetchMetricValues(client, specs, window, deps.now());
    return { ...toFigures(specs, values, window, hoursPerMonth, allocationPeriodSeconds), messages };
  } catch (e) {
    throw awsError("GetMetricData", e);
  }
}

export interface SyncOptions extends StackTarget {
  /** @default DEFAULT_SYNC_DAYS */
  readonly days?: number;
  /** Write the usage file; otherwise print the diff only. @default false */
  readonly write?: boolean;
}

/** `usage sync`: measure, then print the diff against the usage file, or write it (`write`). */
export async function runSync(opts: SyncOptions, deps: UsageDeps): Promise<number> {
  const days = opts.days ?? DEFAULT_SYNC_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_SYNC_DAYS) throw new UsageError(`--days: got ${days}, allowed a whole number of days 1–${MAX_SYNC_DAYS}`);
  const now = deps.now();
  const settings = stackSettings(opts, now.toISOString().slice(0, 10));
  const file = usageFileOf(opts.root, opts.stack);
  const rel = path.join("usage", `${opts.stack}.yaml`);
  const before = readIfExists(file);
  const parsedBefore = before === undefined ? { figures: [], problems: [] } : parseUsageFile(before, rel);
  if (parsedBefore.problems.length > 0) throw new UsageError(`${rel} has ${parsedBefore.problems.length} problem(s); fix it first, nothing changed:\n${parsedBefore.problems.map((p) => `  - ${p}`).join("\n")}`);

  const undeployed = await undeployedFunctions(deps.lambda(settings.region), settings);
  for (const f of undeployed) {
    deps.io.warn(`functions.${f.key}: ${f.functionName}:${f.release.aliasName} does not exist in ${settings.region} yet (deploy it with pulumi up); its figures are left as they were`);
  }
  const deployed: StackSettings = { ...settings, functions: settings.functions.filter((f) => !undeployed.includes(f)) };
  if (deployed.functions.length === 0 && settings.functions.length > 0) {
    deps.io.warn(`no function of ${settings.project}/${settings.stack} is deployed in ${settings.region}; ${rel} unchanged`);
    return EXIT.failed;
  }

  const window = windowEndingAt(now, days);
  const { figures, noData, messages } = await measure(deps, deployed, window, settings.pricing.hoursPerMonth);
  for (const m of messages) deps.io.warn(`CloudWatch: ${m}`);
  for (const label of noData) deps.io.warn(`no data points in ${window.text} for ${label}: no traffic in the window; its figure is left as it was`);
  if (figures.length === 0) {
    deps.io.warn(`nothing measured for ${settings.project}/${settings.stack} in ${window.text} (is the stack deployed in ${settings.region}, and is this the right account?); ${rel} unchanged`);
    return EXIT.failed;
  }
  const diff = diffFigures(parsedBefore.figures, figures);
  deps.io.info(`Measured ${figures.length} figure(s) for ${settings.project}/${settings.stack} over ${window.text} (${window.days} days, scaled to a ${settings.pricing.hoursPerMonth} h month)`);
  if (diff.length === 0) {
    deps.io.info(`${rel}: no change`);
    return EXIT.ok;
  }
  for (const line of diff) deps.io.info(line);
  if (opts.write !== true) {
    deps.io.info(`(dry run: ${rel} not written; add --write)`);
    return EXIT.ok;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await withFileLock(file, () => {
    // Re-read under the lock: another writer may have changed the file since.
    const current = readIfExists(file);
    const parsed = current === undefined ? { problems: [] } : parseUsageFile(current, rel);
    if (parsed.problems.length > 0) throw new UsageError(`${rel} changed and has problems now; nothing written:\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`);
    writeFileAtomic(file, mergeUsageFile(current, figures));
  });
  deps.io.info(`${rel} written`);
  return EXIT.ok;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

export interface ReconcileOptions extends StackTarget {
  /** `YYYY-MM`, a month that has ended. */
  readonly month: string;
  /** Allowed difference per line, as a share of the larger side (0.05 = 5 %). @default 0.05 */
  readonly tolerance?: number;
}

/** `usage reconcile`: the month's estimate from its measured usage beside the bill; 1 beyond the tolerance. */
export async function runReconcile(opts: ReconcileOptions, deps: UsageDeps): Promise<number> {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(opts.month);
  if (!m) throw new UsageError(`--month: got ${JSON.stringify(opts.month)}, allowed YYYY-MM, e.g. 2026-11`);
  const now = deps.now();
  const window = monthWindow(opts.month);
  if (window.end.getTime() > now.getTime()) throw new UsageError(`--month: got ${opts.month}, allowed a month that has ended (the bill of a running month is not final)`);
  const tolerance = opts.tolerance ?? 0.05;
  if (!(tolerance >= 0 && tolerance < 1)) throw new UsageError(`--tolerance: got ${tolerance}, allowed 0 %–99 %`);
  const settings = stackSettings(opts, now.toISOString().slice(0, 10));
  const missingTags = (["pulumi:project", "pulumi:stack"] as const).filter((k) => settings.defaultTags[k] !== (k === "pulumi:project" ? settings.project : settings.stack));
  if (missingTags.length > 0) {
    throw new UsageError(
      `Pulumi.${opts.stack}.yaml: aws:defaultTags.tags lacks ${missingTags.join(" and ")}; the bill cannot be filtered to this stack. Add under aws:defaultTags.tags: "pulumi:project": ${settings.project}, "pulumi:stack": ${settings.stack}, deploy, and activate both as cost-allocation tags (README, "Usage from production")`,
    );
  }
  // The month's own length: measured sums are that month's totals (scale factor 1).
  const hours = window.days * 24;
  const { figures, noData } = await measure(deps, settings, window, hours);
  for (const label of noData) deps.io.warn(`no data points in ${opts.month} for ${label}: its figure comes from the config or the defaults`);
  const monthSettings: StackSettings = { ...settings, pricing: { ...settings.pricing, hoursPerMonth: hours, budgetUsd: undefined } };
  const applied = applyMeasuredUsage(monthSettings, figures, { measuredWins: true });
  const built = tryBuildCostReport(applied.settings);
  if (!built.report) throw new UsageError(`the estimate could not be built: ${built.problems.map((p) => p.message).join("; ")}`);
  let rows;
  try {
    rows = await fetchBilledRows(deps.costExplorer(), settings.project, settings.stack, opts.month);
  } catch (e) {
    throw awsError("GetCostAndUsage", e);
  }
  if (rows.length === 0) deps.io.warn(`Cost Explorer has no cost for tags pulumi:project=${settings.project}, pulumi:stack=${settings.stack} in ${opts.month}: are they activated as cost-allocation tags (they apply from activation on)?`);
  const result = reconcile(built.report, rows, opts.month, tolerance);
  deps.io.info(formatReconciliation(result));
  return result.exitCode;
}
