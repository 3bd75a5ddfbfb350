import { execFile } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";

// The ESLint config (eslint.config.mjs) enforces two house rules that tsc cannot: pricing/ and
// functions/ import nothing from @pulumi/* (docs/sources.md#conventions), and no Pulumi Output is put in a
// template literal. These tests lint real files of the repo with one offending line added, so a
// config that stops applying a rule (a wrong glob, a dropped plugin) fails here, not in review.
// The linting runs in one child process for all cases (lint-probe.ts: the typed program is built once
// and not kept by the mocha worker).

const ROOT = path.resolve(__dirname, "../..");

const typeImport = 'import type { Output as PulumiOutputProbe } from "@pulumi/pulumi";\nexport type Probe = PulumiOutputProbe<string>;';
const outputInTemplate = 'import * as pulumiProbe from "@pulumi/pulumi";\nconst outputProbe = pulumiProbe.output("a");\nexport const stringProbe = `x${outputProbe}`;';
const cases = {
  pricing: { file: "pricing/money.ts", extra: typeImport },
  functions: { file: "functions/hello/logic.ts", extra: typeImport },
  components: { file: "components/shared/problems.ts", extra: typeImport },
  template: { file: "components/shared/problems.ts", extra: outputInTemplate },
} as const;

function lintAll(): Promise<Record<keyof typeof cases, string[]>> {
  const keys = Object.keys(cases) as (keyof typeof cases)[];
  const args = ["-r", path.join(ROOT, "plan", "register.js"), path.join(__dirname, "lint-probe.ts"), JSON.stringify(keys.map((k) => cases[k]))];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`lint-probe failed: ${stderr || err.message}`));
      const ids = JSON.parse(stdout) as string[][];
      resolve(Object.fromEntries(keys.map((k, i) => [k, ids[i]!])) as Record<keyof typeof cases, string[]>);
    });
  });
}

describe("eslint.config.mjs", function () {
  this.timeout(120_000);
  let ruleIds: Record<keyof typeof cases, string[]>;
  before(async () => {
    ruleIds = await lintAll();
  });

  for (const key of ["pricing", "functions"] as const) {
    it(`forbids a @pulumi/* import, even a type-only one, in ${cases[key].file}`, () => {
      expect(ruleIds[key]).to.deep.equal(["no-restricted-imports"]);
    });
  }

  it("allows @pulumi/* imports in components/", () => {
    expect(ruleIds.components).to.deep.equal([]);
  });

  it("forbids an Output in a template literal (Pulumi's rule, type-aware)", () => {
    expect(ruleIds.template).to.deep.equal(["@pulumi/no-output-in-template-literal"]);
  });
});
