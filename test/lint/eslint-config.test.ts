import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { ESLint } from "eslint";

// The ESLint config (eslint.config.mjs) enforces rules that tsc cannot: pure modules import nothing
// from @pulumi/* (docs/sources.md#conventions), imports only go down the layers (ARCHITECTURE.md), and
// no Pulumi Output is put in a template literal. These tests lint real files of the repo with one offending line added, so a
// config that stops applying a rule (a wrong glob, a dropped plugin) fails here, not in review.

const ROOT = path.resolve(__dirname, "../..");

// One ESLint for every case: the type-aware rule builds the TypeScript program once, not per case.
let shared: ESLint | undefined;

async function ruleIds(file: string, extra: string): Promise<string[]> {
  const eslint = (shared ??= new ESLint({ cwd: ROOT }));
  const text = fs.readFileSync(path.join(ROOT, file), "utf8") + "\n" + extra + "\n";
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe("eslint.config.mjs", function () {
  this.timeout(60_000);

  for (const file of ["pricing/money.ts", "functions/hello/greeting.ts"]) {
    it(`forbids a @pulumi/* import, even a type-only one, in ${file}`, async () => {
      expect(await ruleIds(file, 'import type { Output as PulumiOutputProbe } from "@pulumi/pulumi";\nexport type Probe = PulumiOutputProbe<string>;')).to.deep.equal(["no-restricted-imports"]);
    });
  }

  it("allows @pulumi/* imports in components/", async () => {
    expect(await ruleIds("components/shared/problems.ts", 'import type { Output as PulumiOutputProbe } from "@pulumi/pulumi";\nexport type Probe = PulumiOutputProbe<string>;')).to.deep.equal([]);
  });

  // Layers (ARCHITECTURE.md): imports only go down.
  for (const [file, probe, fires] of [
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
  ] as const) {
    it(`${fires ? "forbids" : "allows"} ${probe.split(" from ")[1]!.split(";")[0]} in ${file}`, async () => {
      expect(await ruleIds(file, probe)).to.deep.equal(fires ? ["no-restricted-imports"] : []);
    });
  }

  it("forbids a @pulumi/* import in a component's pure rule file", async () => {
    expect(await ruleIds("components/triggers/validate.ts", 'import type { Output as PulumiOutputProbe } from "@pulumi/pulumi";\nexport type Probe = PulumiOutputProbe<string>;')).to.deep.equal(["no-restricted-imports"]);
  });

  it("forbids an Output in a template literal (Pulumi's rule, type-aware)", async () => {
    const probe = 'import * as pulumiProbe from "@pulumi/pulumi";\nconst outputProbe = pulumiProbe.output("a");\nexport const stringProbe = `x${outputProbe}`;';
    expect(await ruleIds("components/shared/problems.ts", probe)).to.deep.equal(["@pulumi/no-output-in-template-literal"]);
  });
});
