import { execFile } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";

// The ESLint config (eslint.config.mjs) enforces rules that tsc cannot: pure modules import nothing
// from @pulumi/* (docs/sources.md#conventions), imports only go down the layers (ARCHITECTURE.md), and
// no Pulumi Output is put in a template literal. These tests lint real files of the repo with one offending line added, so a
// config that stops applying a rule (a wrong glob, a dropped plugin) fails here, not in review.
// `npm run lint` runs the config's two halves as two processes (lint/plain.config.mjs, lint/typed.config.mjs),
// and so do these tests: one child process per half for all cases (lint-probe.ts: the typed program is
// built once and not kept by the mocha worker); a case's rule ids are the two halves' together.

const ROOT = path.resolve(__dirname, "../..");

const typeImport = 'import type { Output as PulumiOutputProbe } from "@pulumi/pulumi";\nexport type Probe = PulumiOutputProbe<string>;';
const outputInTemplate = 'import * as pulumiProbe from "@pulumi/pulumi";\nconst outputProbe = pulumiProbe.output("a");\nexport const stringProbe = `x${outputProbe}`;';
const resourceOutputInTemplate = 'import * as awsProbe from "@pulumi/aws";\ndeclare const functionProbe: awsProbe.lambda.Function;\nexport const arnProbe = `x${functionProbe.arn}`;';
const cases = {
  pricing: { file: "pricing/money.ts", extra: typeImport },
  functions: { file: "functions/hello/greeting.ts", extra: typeImport },
  components: { file: "components/shared/problems.ts", extra: typeImport },
  pureComponent: { file: "components/triggers/validate.ts", extra: typeImport },
  template: { file: "components/shared/problems.ts", extra: outputInTemplate },
  // The typed half covers the tests that run the program, and reads @pulumi/aws through
  // lint/pulumi-aws.d.ts: a resource's output property must still be seen as an Output.
  templateInTest: { file: "test/helpers/mocks.ts", extra: outputInTemplate },
  resourceOutputInTemplate: { file: "index.ts", extra: resourceOutputInTemplate },
} as const;

/** Layers (ARCHITECTURE.md): imports only go down. [file, import line, whether the rule fires] */
const layerCases: readonly (readonly [string, string, boolean])[] = [
  ["components/triggers/validate.ts", 'import { validateStackSettings as probe } from "../../config/validate";\nexport const layerProbe = probe;', true],
  ["components/triggers/validate.ts", 'import { shortenName as probe } from "../../config/names";\nexport const layerProbe = probe;', false],
  ["release/stack-config.ts", 'import { buildPlan as probe } from "../plan/plan";\nexport const layerProbe = probe;', true],
  ["report/format.ts", 'import { loadStackConfig as probe } from "../config/load";\nexport const layerProbe = probe;', true],
  ["pricing/money.ts", 'import { HTTP_METHODS as probe } from "../components/triggers/settings";\nexport const layerProbe = probe;', true],
  ["report/format.ts", 'import { applyMeasuredUsage as probe } from "../usage/usage-file";\nexport const layerProbe = probe;', true],
  ["usage/usage-file.ts", 'import { runSync as probe } from "./commands";\nexport const layerProbe = probe;', true],
  ["usage/load.ts", 'import { runSync as probe } from "./commands";\nexport const layerProbe = probe;', true],
  ["usage/load.ts", 'import { DEFAULT_USAGE as probe } from "../report/cost-report";\nexport const layerProbe = probe;', false],
  ["config/load.ts", 'import { runSync as probe } from "../usage/commands";\nexport const layerProbe = probe;', true],
  ["usage/commands.ts", 'import { buildPlan as probe } from "../plan/plan";\nexport const layerProbe = probe;', true],
];

type Results = { named: Record<keyof typeof cases, string[]>; layers: string[][] };

/** Each case's rule ids from one half of the config, in one child process. */
function lintWith(configFile: string, all: readonly { file: string; extra: string }[]): Promise<string[][]> {
  const args = ["-r", path.join(ROOT, "plan", "register.js"), path.join(__dirname, "lint-probe.ts"), configFile, JSON.stringify(all)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`lint-probe (${configFile}) failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout) as string[][]);
    });
  });
}

async function lintAll(): Promise<Results> {
  const keys = Object.keys(cases) as (keyof typeof cases)[];
  const all = [...keys.map((k) => cases[k]), ...layerCases.map(([file, extra]) => ({ file, extra }))];
  // One after the other: the typed half's program is the suite's largest allocation.
  const plain = await lintWith("lint/plain.config.mjs", all);
  const typed = await lintWith("lint/typed.config.mjs", all);
  const ids = plain.map((p, i) => [...p, ...typed[i]!]);
  return { named: Object.fromEntries(keys.map((k, i) => [k, ids[i]!])) as Record<keyof typeof cases, string[]>, layers: ids.slice(keys.length) };
}

describe("eslint.config.mjs", function () {
  this.timeout(120_000);
  let ruleIds: Results;
  before(async () => {
    ruleIds = await lintAll();
  });

  for (const key of ["pricing", "functions"] as const) {
    it(`forbids a @pulumi/* import, even a type-only one, in ${cases[key].file}`, () => {
      expect(ruleIds.named[key]).to.deep.equal(["no-restricted-imports"]);
    });
  }

  it("allows @pulumi/* imports in components/", () => {
    expect(ruleIds.named.components).to.deep.equal([]);
  });

  layerCases.forEach(([file, probe, fires], i) => {
    it(`${fires ? "forbids" : "allows"} ${probe.split(" from ")[1]!.split(";")[0]} in ${file}`, () => {
      expect(ruleIds.layers[i]).to.deep.equal(fires ? ["no-restricted-imports"] : []);
    });
  });

  it("forbids a @pulumi/* import in a component's pure rule file", () => {
    expect(ruleIds.named.pureComponent).to.deep.equal(["no-restricted-imports"]);
  });

  it("forbids an Output in a template literal (Pulumi's rule, type-aware)", () => {
    expect(ruleIds.named.template).to.deep.equal(["@pulumi/no-output-in-template-literal"]);
  });

  it("forbids an Output in a template literal in the tests that run the program", () => {
    expect(ruleIds.named.templateInTest).to.deep.equal(["@pulumi/no-output-in-template-literal"]);
  });

  it("sees an aws resource's output property as an Output through lint/pulumi-aws.d.ts", () => {
    expect(ruleIds.named.resourceOutputInTemplate).to.deep.equal(["@pulumi/no-output-in-template-literal"]);
  });
});
