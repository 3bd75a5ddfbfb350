/**
 * `npm run catalog -- refresh-facts [--from FILE] [--lifecycle-from FILE]... [--dry-run]`: regenerates
 * `pricing/facts/lambda-api.json` and `pricing/facts/runtime-lifecycle.json` (see pricing/facts/generate.ts).
 *
 * Sources (public, machine-readable):
 * - Lambda API model: boto/botocore `botocore/data/lambda/2015-03-31/service-2.json`;
 * - runtime lifecycle: aws-cloudformation/cfn-lint `src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json`,
 *   cross-checked against terraform-linters/tflint-ruleset-aws
 *   `rules/lambda_deprecated_runtime/deprecated_runtimes.json`.
 *
 * Without files it asks GitHub for the newest commit of each source file and downloads the file at that
 * commit. With `--from` (the model) and `--lifecycle-from` (cfn-lint's file, and optionally tflint's:
 * the format is recognised) it reads saved files; `--source-commit owner/name=<sha>@<date>` records the
 * commit they were saved from. Exit codes: 0 written (or nothing changed, or --dry-run), 1 a source
 * could not be read or is not in the expected format (nothing written), 2 bad flags.
 *
 * Writes only when every source was read and transformed: each file goes to a temporary file in the
 * same directory and is renamed over the old one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
  apiModelToFacts,
  describeFactsChanges,
  FactsFormatError,
  isTflintLifecycle,
  lifecycleToFacts,
  type FactsSource,
} from "../pricing/facts/generate";

/** The three sources, by role. */
export const FACTS_SOURCES = {
  apiModel: { repo: "boto/botocore", path: "botocore/data/lambda/2015-03-31/service-2.json" },
  lifecycle: { repo: "aws-cloudformation/cfn-lint", path: "src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json" },
  crossCheck: { repo: "terraform-linters/tflint-ruleset-aws", path: "rules/lambda_deprecated_runtime/deprecated_runtimes.json" },
} as const;
type Role = keyof typeof FACTS_SOURCES;

const FACTS_DIR = path.resolve(__dirname, "..", "pricing", "facts");
export const API_FILE = "lambda-api.json";
export const LIFECYCLE_FILE = "runtime-lifecycle.json";

const USAGE = `Usage: npm run catalog -- refresh-facts [options]

Regenerates pricing/facts/${API_FILE} and pricing/facts/${LIFECYCLE_FILE}.

Options:
  --from FILE                  saved Lambda API model (botocore service-2.json) instead of downloading
  --lifecycle-from FILE        saved runtime lifecycle: cfn-lint's LmbdRuntimeLifecycle.json (required
                               with --from) and, given again, tflint's deprecated_runtimes.json
  --source-commit REPO=SHA@DATE  commit a saved file was taken from, e.g.
                               boto/botocore=885f434f…@2026-07-30T18:08:53Z (repeatable)
  --out DIR                    write there instead of pricing/facts/
  --dry-run                    print what would change, write nothing
  -h, --help                   this text`;

class UsageError extends Error {}

/** A source could not be downloaded or read. */
class SourceError extends Error {}

interface Options {
  readonly from?: string;
  readonly lifecycleFrom: readonly string[];
  readonly commits: ReadonlyMap<string, { commit: string; date: string }>;
  readonly out: string;
  readonly dryRun: boolean;
}

function parse(argv: readonly string[]): Options | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        from: { type: "string" },
        "lifecycle-from": { type: "string", multiple: true },
        "source-commit": { type: "string", multiple: true },
        out: { type: "string" },
        "dry-run": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) return "help";
  const lifecycleFrom = values["lifecycle-from"] ?? [];
  if ((values.from === undefined) !== (lifecycleFrom.length === 0)) {
    throw new UsageError("--from and --lifecycle-from go together: give both saved files, or neither to download them");
  }
  const commits = new Map<string, { commit: string; date: string }>();
  for (const spec of values["source-commit"] ?? []) {
    const m = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)=([0-9a-f]{7,40})@(\d{4}-\d{2}-\d{2}\S*)$/.exec(spec);
    if (!m) throw new UsageError(`--source-commit: got ${JSON.stringify(spec)}, allowed owner/name=<commit hash>@<ISO date>`);
    commits.set(m[1]!, { commit: m[2]!, date: m[3]! });
  }
  return { from: values.from, lifecycleFrom, commits, out: path.resolve(values.out ?? FACTS_DIR), dryRun: values["dry-run"] === true };
}

interface Loaded {
  readonly json: unknown;
  readonly source: FactsSource;
}

function readSaved(file: string, role: Role, commits: Options["commits"]): Loaded {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { repo, path: p } = FACTS_SOURCES[role];
  const c = commits.get(repo);
  return { json, source: { repo, path: p, commit: c?.commit ?? null, date: c?.date ?? null } };
}

async function getJson(url: string, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { "user-agent": "private-lambda refresh-facts" }, signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
    throw new SourceError(`network failure fetching ${what} (${url}): ${e instanceof Error ? e.message : String(e)}${cause}`);
  }
  if (!res.ok) throw new SourceError(`fetching ${what} (${url}) answered HTTP ${res.status} ${res.statusText}`);
  try {
    return await res.json();
  } catch (e) {
    throw new SourceError(`${what} (${url}) is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Newest commit of the source file on the default branch, then the file at that commit. */
async function download(role: Role): Promise<Loaded> {
  const { repo, path: p } = FACTS_SOURCES[role];
  const commitsUrl = `https://api.github.com/repos/${repo}/commits?path=${encodeURIComponent(p)}&per_page=1`;
  const list = await getJson(commitsUrl, `the newest commit of ${repo} ${p}`);
  const first = Array.isArray(list) ? (list[0] as { sha?: unknown; commit?: { committer?: { date?: unknown } } } | undefined) : undefined;
  const sha = first?.sha;
  const date = first?.commit?.committer?.date;
  if (typeof sha !== "string" || typeof date !== "string") throw new SourceError(`GitHub listed no commit for ${repo} ${p} (${commitsUrl})`);
  const json = await getJson(`https://raw.githubusercontent.com/${repo}/${sha}/${p}`, `${repo} ${p} at ${sha}`);
  return { json, source: { repo, path: p, commit: sha, date } };
}

function readExisting(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Write every file to a temporary sibling first, then rename them all; on failure remove the temporaries. */
function writeAtomically(files: readonly { file: string; text: string }[]): void {
  const temps: string[] = [];
  try {
    for (const f of files) {
      const tmp = path.join(path.dirname(f.file), `.${path.basename(f.file)}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, f.text);
      temps.push(tmp);
    }
    files.forEach((f, i) => fs.renameSync(temps[i]!, f.file));
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    throw e;
  }
}

export async function runRefreshFacts(argv: readonly string[]): Promise<number> {
  let opts: Options | "help";
  try {
    opts = parse(argv);
  } catch (e) {
    process.stderr.write(`refresh-facts: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    let model: Loaded;
    let lifecycle: Loaded;
    let crossCheck: Loaded | undefined;
    if (opts.from !== undefined) {
      model = readSaved(opts.from, "apiModel", opts.commits);
      const saved = opts.lifecycleFrom.map((f) => ({ f, json: readSaved(f, "lifecycle", opts.commits).json }));
      const cfn = saved.filter((s) => !isTflintLifecycle(s.json));
      const tfl = saved.filter((s) => isTflintLifecycle(s.json));
      if (cfn.length !== 1 || tfl.length > 1) {
        throw new UsageError(`--lifecycle-from: give exactly one cfn-lint LmbdRuntimeLifecycle.json and at most one tflint deprecated_runtimes.json (got ${cfn.length} and ${tfl.length})`);
      }
      lifecycle = readSaved(cfn[0]!.f, "lifecycle", opts.commits);
      crossCheck = tfl[0] ? readSaved(tfl[0].f, "crossCheck", opts.commits) : undefined;
      process.stdout.write(`Read ${opts.from}, ${opts.lifecycleFrom.join(", ")}\n`);
    } else {
      process.stdout.write("Downloading the Lambda API model and the runtime lifecycle from GitHub…\n");
      [model, lifecycle, crossCheck] = await Promise.all([download("apiModel"), download("lifecycle"), download("crossCheck")]);
      for (const s of [model, lifecycle, crossCheck]) process.stdout.write(`  ${s.source.repo} ${s.source.path} @ ${s.source.commit} (${s.source.date})\n`);
    }
    const generatedOn = new Date().toISOString().slice(0, 10);
    const api = apiModelToFacts(model.json, model.source, generatedOn);
    const life = lifecycleToFacts({
      primary: lifecycle.json,
      primarySource: lifecycle.source,
      crossCheck: crossCheck?.json,
      crossCheckSource: crossCheck?.source,
      runtimeEnum: api.constraints.runtime.enum ?? [],
      apiModelSource: model.source,
      generatedOn,
    });
    const apiFile = path.join(opts.out, API_FILE);
    const lifeFile = path.join(opts.out, LIFECYCLE_FILE);
    const changes = describeFactsChanges({ api: readExisting(apiFile), lifecycle: readExisting(lifeFile) }, { api, lifecycle: life });
    process.stdout.write(changes.length === 0 ? "No fact changed.\n" : `${changes.length} change${changes.length === 1 ? "" : "s"}:\n${changes.map((c) => `  - ${c}`).join("\n")}\n`);
    for (const d of life.disagreements) {
      process.stdout.write(`  note: ${d.runtime} ${d.field}: cfn-lint ${d.primary ?? "none"}, tflint ${d.crossCheck ?? "none"} (cfn-lint's value is used)\n`);
    }
    if (opts.dryRun) {
      process.stdout.write("Dry run: nothing written.\n");
      return 0;
    }
    fs.mkdirSync(opts.out, { recursive: true });
    writeAtomically([
      { file: apiFile, text: `${JSON.stringify(api, null, 2)}\n` },
      { file: lifeFile, text: `${JSON.stringify(life, null, 2)}\n` },
    ]);
    process.stdout.write(`Wrote ${apiFile} and ${lifeFile}.\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`refresh-facts: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SourceError || e instanceof FactsFormatError) {
      process.stderr.write(`refresh-facts: ${e.message}\nNothing was written.\n`);
      return 1;
    }
    throw e;
  }
}
