import { execFile } from "node:child_process";
import * as path from "node:path";
import type { PlannedResource, ProgramRun, RunOptions } from "../../plan/run";

export const ROOT = path.resolve(__dirname, "../..");

/** Evaluate the program for a stack in a fresh Node process (see evaluate-stack.ts). */
export function evaluateStack(options: Partial<RunOptions> & { stack: string }): Promise<ProgramRun> {
  const args = ["-r", "ts-node/register/transpile-only", path.join(__dirname, "evaluate-stack.ts"), JSON.stringify({ rootDir: ROOT, ...options })];
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
