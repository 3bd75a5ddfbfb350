/**
 * The measured-usage file `usage/<stack>.yaml` (issue 17): usage figures read from CloudWatch by
 * `npm run usage -- sync`, keyed like the stack config (`functions.<key>.usage.requestsPerMonth`,
 * `tables.<key>.usage.writeRequestUnitsPerMonth`, …), each with the window it was measured in:
 *
 * ```yaml
 * functions:
 *   pageview-counter:
 *     usage:
 *       requestsPerMonth: { value: 212000, window: 2026-11-21/2026-12-05 }
 * ```
 *
 * Pure: parsing, checking, merging figures into the file's text (the `yaml` Document API keeps
 * comments and keys it does not touch), the diff, and laying the figures over validated settings
 * for the cost report (config wins where it gives a figure).
 */
import { Document, isMap, isScalar, parseDocument } from "yaml";
import { suggestKey } from "../components/shared/suggest";
import { DEFAULT_USAGE } from "../report/cost-report";
import type { UsageFigureSource } from "../report/assumptions";
import { isRecord, show } from "../pricing/violations";
import type { FunctionSetting, StackSettings } from "../config/validate";

/** One measured figure: its place in the config's shape, value (per month unless the name says otherwise), window. */
export interface MeasuredFigure {
  /** Keys from the file's root, e.g. `["functions", "hello", "usage", "requestsPerMonth"]`. */
  readonly keys: readonly string[];
  readonly value: number;
  /** `YYYY-MM-DD/YYYY-MM-DD`: whole UTC days, start inclusive, end exclusive. */
  readonly window: string;
  /** The function version a canary figure is of. */
  readonly version?: string;
}

/** The figures each block of the file may hold. */
export const FIGURE_KEYS = {
  functionUsage: ["requestsPerMonth", "avgDurationMs", "provisionedRequestsPerMonth", "logGbPerMonth"],
  functionObserved: ["p50DurationMs", "p99DurationMs", "errorsPerMonth", "throttlesPerMonth", "maxConcurrentExecutions", "maxProvisionedConcurrencyUtilization", "avgAllocatedProvisionedConcurrency", "allocatedProvisionedConcurrencyCoverage"],
  functionCanary: ["requestsPerMonth", "avgDurationMs"],
  http: ["requestsPerMonth"],
  sqs: ["messagesPerMonth", "emptyReceivesPerMonth"],
  tableUsage: ["writeRequestUnitsPerMonth", "readRequestUnitsPerMonth"],
} as const;

const WINDOW = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/;

/** Display path of a figure: keys joined by dots. */
export function figurePath(f: Pick<MeasuredFigure, "keys">): string {
  return f.keys.join(".");
}

/** Where a file's figures are allowed, by the keys after `functions.<key>` / `tables.<key>`. */
function allowedLeaves(section: "functions" | "tables", block: readonly string[]): readonly string[] | undefined {
  const b = block.join(".");
  if (section === "tables") return b === "usage" ? FIGURE_KEYS.tableUsage : undefined;
  if (b === "usage") return FIGURE_KEYS.functionUsage;
  if (b === "observed") return FIGURE_KEYS.functionObserved;
  if (b === "canary") return FIGURE_KEYS.functionCanary;
  if (b === "triggers.http") return FIGURE_KEYS.http;
  if (b === "triggers.sqs") return FIGURE_KEYS.sqs;
  return undefined;
}

const BLOCKS: Record<"functions" | "tables", readonly string[][]> = {
  functions: [["usage"], ["observed"], ["canary"], ["triggers", "http"], ["triggers", "sqs"]],
  tables: [["usage"]],
};

export interface ParsedUsageFile {
  readonly figures: MeasuredFigure[];
  /** Every problem, each with its path, the value given and what is allowed. */
  readonly problems: string[];
}

/**
 * Read a usage file's figures. Top-level keys other than `functions` and `tables` are not ours and
 * are ignored (and kept on write); inside those two, unknown keys are problems with a suggestion.
 */
export function parseUsageFile(text: string, file = "the usage file"): ParsedUsageFile {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return { figures: [], problems: [`${file}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`] };
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined) return { figures: [], problems: [] };
  if (!isRecord(data)) return { figures: [], problems: [`${file}: got ${show(data)}, allowed a map with "functions" and "tables"`] };
  const figures: MeasuredFigure[] = [];
  const problems: string[] = [];
  for (const section of ["functions", "tables"] as const) {
    const entries = data[section];
    if (entries === undefined) continue;
    if (!isRecord(entries)) {
      problems.push(`${section}: got ${show(entries)}, allowed a map of ${section === "functions" ? "function" : "table"} keys`);
      continue;
    }
    for (const [key, entry] of Object.entries(entries)) {
      walk(section, [section, key], entry, [], figures, problems);
    }
  }
  return { figures, problems };
}

function walk(section: "functions" | "tables", base: string[], node: unknown, block: string[], figures: MeasuredFigure[], problems: string[]): void {
  const path = [...base, ...block].join(".");
  if (!isRecord(node)) {
    problems.push(`${path}: got ${show(node)}, allowed a map`);
    return;
  }
  const leaves = allowedLeaves(section, block);
  const childBlocks = BLOCKS[section].filter((b) => b.length > block.length && block.every((k, i) => b[i] === k)).map((b) => b[block.length]!);
  for (const [k, v] of Object.entries(node)) {
    if (leaves?.includes(k)) {
      const figure = readFigure(`${path}.${k}`, v, problems);
      if (figure) figures.push({ keys: [...base, ...block, k], ...figure });
    } else if (childBlocks.includes(k)) {
      walk(section, base, v, [...block, k], figures, problems);
    } else {
      const allowed = [...(leaves ?? []), ...new Set(childBlocks)];
      const hint = suggestKey(k, allowed);
      problems.push(`${path}.${k}: unknown key${hint ? ` (did you mean "${hint}"?)` : ""}, allowed ${allowed.join(", ")}`);
    }
  }
}

function readFigure(path: string, v: unknown, problems: string[]): Omit<MeasuredFigure, "keys"> | undefined {
  const allowed = `{ value: <number ≥ 0>, window: <YYYY-MM-DD/YYYY-MM-DD> }`;
  if (!isRecord(v)) {
    problems.push(`${path}: got ${show(v)}, allowed ${allowed}`);
    return undefined;
  }
  const bad: string[] = [];
  const unknown = Object.keys(v).filter((k) => !["value", "window", "version"].includes(k));
  for (const k of unknown) bad.push(`${path}.${k}: unknown key, allowed value, window, version`);
  const value = v.value;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) bad.push(`${path}.value: got ${show(value)}, allowed a number ≥ 0`);
  const window = v.window;
  if (typeof window !== "string" || !WINDOW.test(window)) bad.push(`${path}.window: got ${show(window)}, allowed YYYY-MM-DD/YYYY-MM-DD (UTC days, end exclusive)`);
  if (path.endsWith(".allocatedProvisionedConcurrencyCoverage") && typeof value === "number" && value > 1) bad.push(`${path}.value: got ${show(value)}, allowed a share 0–1 of the window`);
  const version = v.version;
  if (version !== undefined && (typeof version !== "string" || !/^[1-9][0-9]*$/.test(version))) bad.push(`${path}.version: got ${show(version)}, allowed a published version such as "7"`);
  problems.push(...bad);
  if (bad.length > 0) return undefined;
  return { value: value as number, window: window as string, ...(version !== undefined ? { version: version as string } : {}) };
}

/** Header of a new usage file. */
export const USAGE_FILE_HEADER = [
  " Measured usage, written by `npm run usage -- sync --write` from CloudWatch. Figures per month:",
  " the window's sum × (the stack's pricing.hoursPerMonth / 24) ÷ the window's calendar days.",
  " The plan prices these where the stack config gives no figure; comments and other keys are kept.",
].join("\n");

/**
 * `text` (the current file, or undefined for a new one) with `figures` set. Comments, key order and
 * every key not set here stay as they were; figures not measured this time are kept.
 */
export function mergeUsageFile(text: string | undefined, figures: readonly MeasuredFigure[]): string {
  const doc: Document = text === undefined || text.trim() === "" ? new Document({}) : parseDocument(text);
  if (text === undefined || text.trim() === "") doc.commentBefore = USAGE_FILE_HEADER;
  for (const f of figures) {
    const existing = doc.getIn([...f.keys], true);
    if (isMap(existing)) {
      setScalar(doc, [...f.keys, "value"], f.value);
      setScalar(doc, [...f.keys, "window"], f.window);
      if (f.version !== undefined) setScalar(doc, [...f.keys, "version"], f.version);
      else if (existing.has("version")) existing.delete("version");
    } else {
      const node = doc.createNode({ value: f.value, window: f.window, ...(f.version !== undefined ? { version: f.version } : {}) }, { flow: true });
      ensureBlockMaps(doc, f.keys.slice(0, -1));
      doc.setIn([...f.keys], node);
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function setScalar(doc: Document, keys: string[], value: number | string): void {
  const node = doc.getIn(keys, true);
  if (isScalar(node)) node.value = value;
  else doc.setIn(keys, value);
}

/** Create missing parent maps as block maps (setIn would otherwise create them in the default style). */
function ensureBlockMaps(doc: Document, keys: readonly string[]): void {
  for (let i = 1; i <= keys.length; i++) {
    const at = keys.slice(0, i);
    if (doc.getIn(at, true) === undefined) doc.setIn(at, doc.createNode({}));
  }
}

/** A line per figure that `figures` adds or changes against `before`; unchanged figures are left out. */
export function diffFigures(before: readonly MeasuredFigure[], figures: readonly MeasuredFigure[]): string[] {
  const old = new Map(before.map((f) => [figurePath(f), f]));
  const out: string[] = [];
  for (const f of figures) {
    const p = figurePath(f);
    const o = old.get(p);
    const v = `${fmt(f.value)}${f.version ? ` (version ${f.version})` : ""} [${f.window}]`;
    if (o === undefined) out.push(`+ ${p}: ${v}`);
    else if (o.value !== f.value || o.window !== f.window || o.version !== f.version) out.push(`~ ${p}: ${fmt(o.value)} [${o.window}] → ${v}`);
  }
  return out;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 6 });
}

// ---------------------------------------------------------------------------------------------
// Figures over settings (for the plan's cost report)
// ---------------------------------------------------------------------------------------------

export interface MeasuredSettings {
  /** `settings` with the measured figures filled in where the config gives none. */
  readonly settings: StackSettings;
  /** Per figure the report prices: measured, configured, or assumed (the report lists the assumed values). */
  readonly sources: UsageFigureSource[];
  /** Figures the file has for functions or tables the config does not have (ignored). */
  readonly unused: string[];
}

/**
 * Lay measured figures over validated settings: a figure the config gives wins; a measured one
 * fills the gap; what neither gives stays to the report's defaults (assumed). Only usage figures
 * change, never what resources are created.
 */
export function applyMeasuredUsage(settings: StackSettings, figures: readonly MeasuredFigure[], opts: { readonly measuredWins?: boolean } = {}): MeasuredSettings {
  const find = (...keys: string[]) => figures.find((f) => figurePath(f) === keys.join("."));
  const sources: UsageFigureSource[] = [];
  const unused = figures
    .filter((f) => (f.keys[0] === "functions" ? !settings.functions.some((fn) => fn.key === f.keys[1]) : !(f.keys[1]! in settings.tables)))
    .map(figurePath);
  // `measuredWins` (reconcile: the estimate of a month that happened): a measured figure beats the config's.
  const pick = (path: string, given: number | undefined, measured: MeasuredFigure | undefined): number | undefined => {
    const configured = opts.measuredWins === true && measured !== undefined ? undefined : given;
    if (configured !== undefined) {
      sources.push({ path, source: "configured", value: configured });
      return configured;
    }
    if (measured !== undefined) {
      sources.push({ path, source: "measured", value: measured.value, window: measured.window });
      return measured.value;
    }
    sources.push({ path, source: "assumed" });
    return undefined;
  };

  const functions: FunctionSetting[] = settings.functions.map((f) => {
    const base = `functions.${f.key}`;
    const u = f.usage;
    const m = (k: string) => find("functions", f.key, "usage", k);
    const requests = pick(`${base}.usage.requestsPerMonth`, u?.requestsPerMonth, m("requestsPerMonth"));
    const duration = pick(`${base}.usage.avgDurationMs`, u?.avgDurationMs, m("avgDurationMs"));
    const hasPc = (f.provisionedConcurrency ?? 0) > 0 || f.provisionedConcurrencyScaling !== undefined;
    const pcRequests = hasPc ? pick(`${base}.usage.provisionedRequestsPerMonth`, u?.provisionedRequestsPerMonth, m("provisionedRequestsPerMonth")) : u?.provisionedRequestsPerMonth;
    const logGb = pick(`${base}.usage.logGbPerMonth`, u?.logGbPerMonth, m("logGbPerMonth"));
    let usage = u;
    if (requests !== undefined || duration !== undefined || pcRequests !== undefined || logGb !== undefined) {
      // A usage block needs both headline figures; a missing one keeps the report's default (assumed).
      usage = {
        ...u,
        requestsPerMonth: requests ?? DEFAULT_USAGE.requestsPerMonth,
        avgDurationMs: duration ?? DEFAULT_USAGE.avgDurationMs,
        ...(pcRequests !== undefined ? { provisionedRequestsPerMonth: pcRequests } : {}),
        ...(logGb !== undefined ? { logGbPerMonth: logGb } : {}),
      };
    }
    let triggers = f.triggers;
    if (triggers?.http) {
      const n = pick(`${base}.triggers.http.requestsPerMonth`, triggers.http.requestsPerMonth, find("functions", f.key, "triggers", "http", "requestsPerMonth"));
      if (n !== undefined) triggers = { ...triggers, http: { ...triggers.http, requestsPerMonth: n } };
    }
    if (triggers?.sqs) {
      const sent = pick(`${base}.triggers.sqs.messagesPerMonth`, triggers.sqs.messagesPerMonth, find("functions", f.key, "triggers", "sqs", "messagesPerMonth"));
      const empty = pick(`${base}.triggers.sqs.emptyReceivesPerMonth`, triggers.sqs.emptyReceivesPerMonth, find("functions", f.key, "triggers", "sqs", "emptyReceivesPerMonth"));
      triggers = { ...triggers, sqs: { ...triggers.sqs, ...(sent !== undefined ? { messagesPerMonth: sent } : {}), ...(empty !== undefined ? { emptyReceivesPerMonth: empty } : {}) } };
    }
    // issue 18: a scaling provisioned concurrency priced from its measured average allocation.
    const allocated = f.provisionedConcurrencyScaling ? find("functions", f.key, "observed", "avgAllocatedProvisionedConcurrency") : undefined;
    let measuredProvisionedConcurrency: FunctionSetting["measuredProvisionedConcurrency"];
    if (allocated !== undefined) {
      // Without a coverage figure (a file written by hand) the average stands for the whole window.
      const coverage = find("functions", f.key, "observed", "allocatedProvisionedConcurrencyCoverage");
      measuredProvisionedConcurrency = { avgAllocated: allocated.value, coverage: coverage?.value ?? 1, window: allocated.window };
      sources.push({ path: `${base}.observed.avgAllocatedProvisionedConcurrency`, source: "measured", value: allocated.value, window: allocated.window });
    }
    return { ...f, usage, triggers, ...(measuredProvisionedConcurrency ? { measuredProvisionedConcurrency } : {}) };
  });

  const tables = Object.fromEntries(
    Object.entries(settings.tables).map(([key, t]) => {
      const u = t.usage ?? {};
      const base = `tables.${key}.usage`;
      // Units measured, unless the config gives units or the requests they come from.
      const unitsOf = (kind: "write" | "read") => {
        const requests = kind === "write" ? u.writeRequestsPerMonth : u.readRequestsPerMonth;
        const measured = find("tables", key, "usage", `${kind}RequestUnitsPerMonth`);
        if (requests !== undefined && !(opts.measuredWins === true && measured !== undefined)) {
          sources.push({ path: `${base}.${kind}RequestsPerMonth`, source: "configured", value: requests });
          return undefined;
        }
        return pick(`${base}.${kind}RequestUnitsPerMonth`, kind === "write" ? u.writeRequestUnitsPerMonth : u.readRequestUnitsPerMonth, measured);
      };
      const wru = unitsOf("write");
      const rru = unitsOf("read");
      const usage = { ...u, ...(wru !== undefined ? { writeRequestUnitsPerMonth: wru } : {}), ...(rru !== undefined ? { readRequestUnitsPerMonth: rru } : {}) };
      return [key, { ...t, usage }];
    }),
  );
  return { settings: { ...settings, functions, tables }, sources, unused };
}
