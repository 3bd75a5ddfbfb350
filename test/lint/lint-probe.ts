/**
 * Child-process entry for test/lint/eslint-config.e2e.test.ts: lints real files of the repo with extra
 * lines appended, through one half of the repo's ESLint config (as `npm run lint` runs it), and prints
 * each case's rule ids as JSON. A child process, so that the TypeScript program of the type-aware
 * rules (about 0.8 GB) is not kept by the mocha worker that runs the spec.
 *
 * argv[2]: the config file, relative to the repo root (lint/plain.config.mjs or lint/typed.config.mjs).
 * argv[3]: JSON of `{ file, extra }[]` (file relative to the repo root). A file that no block of the
 * config matches gets no rule ids, as `eslint .` skips it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ESLint } from "eslint";

const ROOT = path.resolve(__dirname, "../..");

async function main(): Promise<void> {
  const configFile = path.join(ROOT, process.argv[2] ?? "");
  const cases = JSON.parse(process.argv[3] ?? "[]") as { file: string; extra: string }[];
  // One ESLint for every case: the type-aware rule builds the TypeScript program once. Never in
  // typescript-eslint's "single run" mode, which it turns on by itself when CI=true: that mode takes
  // each file's AST from a program read off the disk, so the appended lines would not be linted
  // (https://typescript-eslint.io/packages/parser/#disallowautomaticsingleruninference).
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: configFile,
    overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } },
  });
  const out: string[][] = [];
  for (const { file, extra } of cases) {
    const filePath = path.join(ROOT, file);
    if ((await eslint.calculateConfigForFile(filePath)) === undefined) {
      out.push([]);
      continue;
    }
    const text = fs.readFileSync(filePath, "utf8") + "\n" + extra + "\n";
    const [result] = await eslint.lintText(text, { filePath });
    out.push(result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`));
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(2);
});
