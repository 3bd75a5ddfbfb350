/**
 * `usage sync` (issue 17): the CloudWatch metrics behind each usage figure, read with
 * `GetMetricData` (AWS SDK v3) in batches of at most 500 queries per call (the API's limit,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html), every
 * page of each batch (`NextToken`), then scaled to a month.
 *
 * One period covers the whole window, so each query has at most one data point (more when CloudWatch
 * splits it; sums add, maxima take the largest). Scaling: the window is whole UTC days ending at
 * today's midnight; a sum per month = sum × (pricing.hoursPerMonth ÷ 24) ÷ days in the window. No
 * extrapolation of growth. Averages, percentiles and maxima are not scaled.
 *
 * Allocated provisioned concurrency (issue 18) has no metric of its own. Lambda publishes
 * `ProvisionedConcurrencyUtilization` = `ProvisionedConcurrentExecutions` ÷ allocated
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html), so the allocation of
 * each period is the metric-math expression `IF(u > 0, e / u)` over both metrics at a fine period, in
 * the same call (an expression and its two inputs: three queries, never split across batches). A
 * period without provisioned-concurrency traffic has no utilisation, so no allocation: the figure is
 * the average over the periods that have one, and its coverage (periods with one ÷ periods in the
 * window) is written beside it.
 *
 * The client is injected (tests use aws-sdk-client-mock); nothing here reads the environment or the clock.
 */
import { GetMetricDataCommand, ListMetricsCommand, type CloudWatchClient, type Dimension, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { physicalResourceName, triggerNames } from "../config/names";
import type { StackSettings } from "../config/validate";
import type { MeasuredFigure } from "./usage-file";

/** Figure of the measured average allocation; its coverage goes beside it. */
export const ALLOCATED_KEY = "avgAllocatedProvisionedConcurrency";
export const ALLOCATED_COVERAGE_KEY = "allocatedProvisionedConcurrencyCoverage";
const ALLOCATED_METRICS = "ProvisionedConcurrentExecutions ÷ ProvisionedConcurrencyUtilization";

/**
 * Period of the allocation expression: the finest CloudWatch still keeps for the window's start
 * (1-minute data for 15 days, 5-minute for 63, then hourly; GetMetricData's `Period` rules).
 */
export function allocationPeriodSeconds(window: MetricWindow, now: Date): number {
  const ageDays = (now.getTime() - window.start.getTime()) / 86_400_000;
  return ageDays <= 15 ? 60 : ageDays <= 63 ? 300 : 3600;
}

/** The queries of one spec: its metric, or the allocation expression and its two hidden inputs. */
function queriesOf(s: MetricSpec, index: number, period: number, allocationPeriod: number): MetricDataQuery[] {
  const metric = (metricName: string) => ({ Namespace: s.namespace, MetricName: metricName, Dimensions: [...s.dimensions] });
  if (s.scale !== "allocation") return [{ Id: `m${index}`, MetricStat: { Metric: metric(s.metricName), Period: period, Stat: s.stat }, ReturnData: true }];
  return [
    { Id: `e${index}`, MetricStat: { Metric: metric("ProvisionedConcurrentExecutions"), Period: allocationPeriod, Stat: "Maximum" }, ReturnData: false },
    { Id: `u${index}`, MetricStat: { Metric: metric("ProvisionedConcurrencyUtilization"), Period: allocationPeriod, Stat: "Maximum" }, ReturnData: false },
    { Id: `m${index}`, Expression: `IF(u${index} > 0, e${index} / u${index})`, Label: s.label, Period: allocationPeriod, ReturnData: true },
  ];
}

/** Most `MetricDataQuery` entries one `GetMetricData` call accepts. */
export const MAX_QUERIES_PER_CALL = 500;
const GB = 1024 ** 3;

type Stat = "Sum" | "Average" | "Maximum" | "p50" | "p99";
/** How a metric's window value becomes a figure: scaled to a month, unchanged, or bytes to GB per month. */
type Scale = "perMonth" | "none" | "gbPerMonth" | "allocation";

/** One metric behind one figure. */
export interface MetricSpec {
  /** Where the figure goes in the usage file. */
  readonly keys: readonly string[];
  /** What it measures, for messages: `Invocations (Sum) of pageview-counter:live`. */
  readonly label: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly Dimension[];
  readonly stat: Stat;
  readonly scale: Scale;
  readonly version?: string;
}

/** A window of whole UTC days: `days` days ending at the midnight that starts `now`'s day. */
export interface MetricWindow {
  readonly start: Date;
  readonly end: Date;
  readonly days: number;
  /** `YYYY-MM-DD/YYYY-MM-DD`, end exclusive. */
  readonly text: string;
}

export function windowEndingAt(now: Date, days: number): MetricWindow {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return windowOf(new Date(end.getTime() - days * 86_400_000), end);
}

/** The calendar month `YYYY-MM` as a window (for reconcile). */
export function monthWindow(month: string): MetricWindow {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return windowOf(new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1)));
}

function windowOf(start: Date, end: Date): MetricWindow {
  const days = Math.round((end.getTime() - start.getTime()) / 86_400_000);
  return { start, end, days, text: `${start.toISOString().slice(0, 10)}/${end.toISOString().slice(0, 10)}` };
}

const lambdaDims = (fn: string, alias: string, version?: string): Dimension[] => [
  { Name: "FunctionName", Value: fn },
  { Name: "Resource", Value: `${fn}:${alias}` },
  ...(version !== undefined ? [{ Name: "ExecutedVersion", Value: version }] : []),
];

/**
 * The metrics of a stack: per function, its alias (`FunctionName` + `Resource` = `name:alias`) and,
 * during a shift, each canary version under the alias (`ExecutedVersion`, as the release alarms
 * watch it); its log group, private API and queue; per table, the consumed capacity units.
 */
export function metricSpecs(settings: StackSettings, canaryVersions: Readonly<Record<string, readonly string[]>> = {}): MetricSpec[] {
  const specs: MetricSpec[] = [];
  for (const f of settings.functions) {
    const fn = f.functionName;
    const alias = f.release.aliasName;
    const at = `${fn}:${alias}`;
    const add = (block: string[], name: string, metricName: string, stat: Stat, scale: Scale, namespace = "AWS/Lambda", dims = lambdaDims(fn, alias), label = at) =>
      specs.push({ keys: ["functions", f.key, ...block, name], label: `${metricName} (${stat}) of ${label}`, namespace, metricName, dimensions: dims, stat, scale });
    add(["usage"], "requestsPerMonth", "Invocations", "Sum", "perMonth");
    add(["usage"], "avgDurationMs", "Duration", "Average", "none");
    add(["observed"], "p50DurationMs", "Duration", "p50", "none");
    add(["observed"], "p99DurationMs", "Duration", "p99", "none");
    add(["observed"], "errorsPerMonth", "Errors", "Sum", "perMonth");
    add(["observed"], "throttlesPerMonth", "Throttles", "Sum", "perMonth");
    add(["observed"], "maxConcurrentExecutions", "ConcurrentExecutions", "Maximum", "none");
    if ((f.provisionedConcurrency !== undefined && f.provisionedConcurrency > 0) || f.provisionedConcurrencyScaling !== undefined) {
      add(["usage"], "provisionedRequestsPerMonth", "ProvisionedConcurrencyInvocations", "Sum", "perMonth");
      add(["observed"], "maxProvisionedConcurrencyUtilization", "ProvisionedConcurrencyUtilization", "Maximum", "none");
    }
    // issue 18: the measured allocation of a scaling provisioned concurrency (fixed PC is its own number).
    if (f.provisionedConcurrencyScaling !== undefined) {
      add(["observed"], ALLOCATED_KEY, ALLOCATED_METRICS, "Maximum", "allocation");
    }
    const logGroup = `/aws/lambda/${fn}`;
    add(["usage"], "logGbPerMonth", "IncomingBytes", "Sum", "gbPerMonth", "AWS/Logs", [{ Name: "LogGroupName", Value: logGroup }], logGroup);
    for (const version of canaryVersions[f.key] ?? []) {
      const dims = lambdaDims(fn, alias, version);
      for (const [name, metricName, stat, scale] of [["requestsPerMonth", "Invocations", "Sum", "perMonth"], ["avgDurationMs", "Duration", "Average", "none"]] as const) {
        specs.push({ keys: ["functions", f.key, "canary", name], label: `${metricName} (${stat}) of ${at} version ${version}`, namespace: "AWS/Lambda", metricName, dimensions: dims, stat, scale, version });
      }
    }
    const names = triggerNames(fn);
    if (f.triggers?.http) {
      const dims = [{ Name: "ApiName", Value: names.api }, { Name: "Stage", Value: f.triggers.http.stageName }];
      add(["triggers", "http"], "requestsPerMonth", "Count", "Sum", "perMonth", "AWS/ApiGateway", dims, `${names.api}/${f.triggers.http.stageName}`);
    }
    if (f.triggers?.sqs) {
      const dims = [{ Name: "QueueName", Value: names.queue }];
      add(["triggers", "sqs"], "messagesPerMonth", "NumberOfMessagesSent", "Sum", "perMonth", "AWS/SQS", dims, names.queue);
      add(["triggers", "sqs"], "emptyReceivesPerMonth", "NumberOfEmptyReceives", "Sum", "perMonth", "AWS/SQS", dims, names.queue);
    }
  }
  for (const key of Object.keys(settings.tables)) {
    const table = physicalResourceName(settings.project, settings.stack, key);
    const dims = [{ Name: "TableName", Value: table }];
    for (const [name, metricName] of [["writeRequestUnitsPerMonth", "ConsumedWriteCapacityUnits"], ["readRequestUnitsPerMonth", "ConsumedReadCapacityUnits"]] as const) {
      specs.push({ keys: ["tables", key, "usage", name], label: `${metricName} (Sum) of table ${table}`, namespace: "AWS/DynamoDB", metricName, dimensions: dims, stat: "Sum", scale: "perMonth" });
    }
  }
  return specs;
}

/**
 * Versions the alias ran besides its stable one in the window: the `ExecutedVersion` values of the
 * alias's `Invocations` (ListMetrics, every page). Only for functions with a canary weight.
 */
export async function canaryVersionsOf(client: CloudWatchClient, settings: StackSettings): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const f of settings.functions) {
    if (!(f.release.canaryWeight > 0)) continue;
    const versions = new Set<string>();
    let token: string | undefined;
    do {
      const res = await client.send(
        new ListMetricsCommand({
          Namespace: "AWS/Lambda",
          MetricName: "Invocations",
          Dimensions: [{ Name: "FunctionName", Value: f.functionName }, { Name: "Resource", Value: `${f.functionName}:${f.release.aliasName}` }, { Name: "ExecutedVersion" }],
          NextToken: token,
        }),
      );
      for (const m of res.Metrics ?? []) {
        const v = m.Dimensions?.find((d) => d.Name === "ExecutedVersion")?.Value;
        if (v !== undefined && v !== f.release.stableVersion) versions.add(v);
      }
      token = res.NextToken;
    } while (token);
    // The newest version the alias ran besides the stable one: the canary of the current shift.
    if (versions.size > 0) out[f.key] = [[...versions].sort((a, b) => Number(a) - Number(b)).pop()!];
  }
  return out;
}

/**
 * Values per spec index, every page of every batch; `messages` are CloudWatch's own (e.g. limits hit).
 * Batches hold at most MAX_QUERIES_PER_CALL queries and never split a spec's queries. `now` picks the
 * allocation period (default: the window's end).
 */
export async function fetchMetricValues(
  client: CloudWatchClient,
  specs: readonly MetricSpec[],
  window: MetricWindow,
  now: Date = window.end,
): Promise<{ values: number[][]; messages: string[]; allocationPeriodSeconds: number }> {
  const values: number[][] = specs.map(() => []);
  const messages: string[] = [];
  const period = window.days * 86_400;
  const allocationPeriod = allocationPeriodSeconds(window, now);
  const batches: { first: number; size: number; queries: MetricDataQuery[] }[] = [];
  specs.forEach((s, i) => {
    const q = queriesOf(s, i, period, allocationPeriod);
    const last = batches[batches.length - 1];
    if (last !== undefined && last.queries.length + q.length <= MAX_QUERIES_PER_CALL) {
      last.queries.push(...q);
      last.size++;
    } else batches.push({ first: i, size: 1, queries: q });
  });
  for (const { first, size, queries } of batches) {
    let token: string | undefined;
    do {
      const res = await client.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: window.start, EndTime: window.end, NextToken: token }));
      for (const r of res.MetricDataResults ?? []) {
        if (!(r.Id ?? "").startsWith("m")) continue;
        const index = Number((r.Id ?? "").slice(1));
        if (!Number.isInteger(index) || index < first || index >= first + size) continue;
        values[index]!.push(...(r.Values ?? []));
        for (const m of r.Messages ?? []) messages.push(`${specs[index]!.label}: ${m.Code ?? ""} ${m.Value ?? ""}`.trim());
      }
      for (const m of res.Messages ?? []) messages.push(`${m.Code ?? ""} ${m.Value ?? ""}`.trim());
      token = res.NextToken;
    } while (token);
  }
  return { values, messages, allocationPeriodSeconds: allocationPeriod };
}

export interface MeasuredFigures {
  readonly figures: MeasuredFigure[];
  /** Labels of the metrics with no data point in the window (their figures are left as they were). */
  readonly noData: string[];
}

/** Figures from the values: sums added and scaled, maxima the largest, averages the mean of the points. */
export function toFigures(specs: readonly MetricSpec[], values: readonly (readonly number[])[], window: MetricWindow, hoursPerMonth: number, allocationPeriod = 60): MeasuredFigures {
  const figures: MeasuredFigure[] = [];
  const noData: string[] = [];
  const monthDays = hoursPerMonth / 24;
  specs.forEach((s, i) => {
    const v = values[i] ?? [];
    if (v.length === 0) {
      noData.push(s.label);
      return;
    }
    if (s.scale === "allocation") {
      // Average over the periods that have an allocation; coverage = those periods ÷ the window's periods.
      const periods = (window.days * 86_400) / allocationPeriod;
      figures.push({ keys: s.keys, value: round(v.reduce((a, b) => a + b, 0) / v.length, 2), window: window.text });
      figures.push({ keys: [...s.keys.slice(0, -1), ALLOCATED_COVERAGE_KEY], value: round(Math.min(1, v.length / periods), 4), window: window.text });
      return;
    }
    const raw = s.stat === "Sum" ? v.reduce((a, b) => a + b, 0) : s.stat === "Maximum" ? Math.max(...v) : v.reduce((a, b) => a + b, 0) / v.length;
    const value =
      s.scale === "perMonth" ? Math.round((raw * monthDays) / window.days) : s.scale === "gbPerMonth" ? round((raw / GB) * (monthDays / window.days), 6) : round(raw, 2);
    figures.push({ keys: s.keys, value, window: window.text, ...(s.version !== undefined ? { version: s.version } : {}) });
  });
  return { figures, noData };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
