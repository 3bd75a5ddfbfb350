import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlannedResource, ProgramRun, RunOptions } from "../../plan/run";

export const ROOT = path.resolve(__dirname, "../..");

/** Runs already evaluated in this process, by {@link runKey}. */
const runs = new Map<string, Promise<ProgramRun>>();

/** The stack file a run reads: `configFile`, or `rootDir/Pulumi.<stack>.yaml`. */
function stackFilePath(options: RunOptions): string {
  return path.resolve(options.rootDir, options.configFile ?? `Pulumi.${options.stack}.yaml`);
}

/**
 * Same options and same stack-file content ⇒ same run. The content is part of the key because tests
 * write stack files into temp directories; a file that cannot be read gets its own key (the run
 * reports the error).
 */
function runKey(options: RunOptions): string {
  let content: string;
  try {
    content = fs.readFileSync(stackFilePath(options), "utf8");
  } catch (e) {
    content = `unreadable: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  return createHash("sha256").update(JSON.stringify(options)).update("\0").update(content).digest("hex");
}

/**
 * Evaluate the program for a stack in a fresh Node process (see evaluate-stack.ts: a process can
 * evaluate the program once), once per options and stack-file content in this test process: spec
 * files that need the same stack share one evaluation. Each caller gets its own copy of the run.
 */
export async function evaluateStack(options: Partial<RunOptions> & { stack: string }): Promise<ProgramRun> {
  const full: RunOptions = { rootDir: ROOT, ...options };
  const key = runKey(full);
  let pending = runs.get(key);
  if (!pending) {
    pending = spawnEvaluation(full);
    runs.set(key, pending);
    // A failed evaluation is not kept: the next caller tries again and sees the error itself.
    pending.catch(() => runs.delete(key));
  }
  return structuredClone(await pending);
}

function spawnEvaluation(options: RunOptions): Promise<ProgramRun> {
  // plan/register.js: the plan's own loader (esbuild, cached by source hash), a second faster than ts-node per child.
  const args = ["-r", path.join(ROOT, "plan", "register.js"), path.join(__dirname, "evaluate-stack.ts"), JSON.stringify(options)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`evaluate ${options.stack} failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as ProgramRun);
    });
  });
}

/** Resources of a type. */
export function ofType(run: { resources: PlannedResource[] }, type: string): PlannedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The one resource of a type and name; throws with the names present otherwise. */
export function find(run: { resources: PlannedResource[] }, type: string, name: string): PlannedResource {
  const r = run.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`no ${type} named ${name}; have: ${ofType(run, type).map((x) => x.name).join(", ")}`);
  return r;
}
