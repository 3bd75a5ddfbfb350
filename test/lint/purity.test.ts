import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

// ARCHITECTURE.md (layers; docs/sources.md#conventions): pricing/ and functions/ import nothing from @pulumi/*; pricing/ also uses no
// process, clock, file system or network (pricing/cli.ts, the one impure file, is exempt).
// Functions may read process.env, so only the @pulumi rule applies to them.
// The scan walks the TypeScript AST, so comments and strings that mention these names are ignored.

const ROOT = path.resolve(__dirname, "../..");
const FORBIDDEN_IN_PRICING_MODULES = /^(node:)?(fs|fs\/promises|http|https|http2|net)$/;
const EXEMPT = new Set(["pricing/cli.ts"]);

function tsFilesUnder(folder: string): string[] {
  const absolute = path.join(ROOT, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = path.posix.join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : tsFilesUnder(relative);
      return entry.isFile() && entry.name.endsWith(".ts") ? [relative] : [];
    })
    .filter((file) => !EXEMPT.has(file));
}

interface Rules {
  /** Also forbid process, Date.now, new Date(…), fs and http modules. */
  readonly strict: boolean;
}

/** Every violation in one source text, as "line N: what". */
function impurities(fileName: string, text: string, rules: Rules): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => found.push(`line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const checkModule = (node: ts.Node, specifier: string) => {
    if (specifier.startsWith("@pulumi/")) report(node, `imports "${specifier}"`);
    else if (rules.strict && FORBIDDEN_IN_PRICING_MODULES.test(specifier)) report(node, `imports "${specifier}"`);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      checkModule(node, node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      checkModule(node, node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) checkModule(node, node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      checkModule(node, node.argument.literal.text);
    }
    if (rules.strict) {
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && ts.isIdentifier(node.expression)) {
        if (node.expression.text === "process") report(node, "uses process");
        if (node.expression.text === "Date" && ts.isPropertyAccessExpression(node) && node.name.text === "now") report(node, "uses Date.now");
      }
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") report(node, "uses new Date(…)");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The components' pure rule files (ARCHITECTURE.md): no engine, no I/O; ESLint guards the same list. */
const PURE_COMPONENT_FILES = [
  "components/private-function/alarms.ts",
  "components/private-function/defaults.ts",
  "components/private-function/execution-policy.ts",
  "components/private-function/pc-scaling-settings.ts",
  "components/private-function/pc-scaling-validate.ts",
  "components/private-function/release-routing.ts",
  "components/private-network/endpoints.ts",
  "components/private-network/subnets.ts",
  "components/private-network/validate.ts",
  "components/shared/suggest.ts",
  "components/triggers/http-routes.ts",
  "components/triggers/iam.ts",
  "components/triggers/schedule-expression.ts",
  "components/triggers/settings.ts",
  "components/triggers/validate.ts",
];

describe("purity of pricing/ and functions/", () => {
  const pricingFiles = tsFilesUnder("pricing");
  const functionFiles = tsFilesUnder("functions");

  it("finds the pricing sources", () => {
    expect(pricingFiles).to.include.members(["pricing/cost.ts", "pricing/rates.ts", "pricing/money.ts", "pricing/types.ts"]);
  });

  it("keeps every pricing/ file free of @pulumi, process, clock, fs and http", () => {
    const problems = pricingFiles.flatMap((file) =>
      impurities(file, fs.readFileSync(path.join(ROOT, file), "utf8"), { strict: true }).map((p) => `${file} ${p}`),
    );
    expect(problems).to.deep.equal([]);
  });

  it("keeps the other pure modules (config/schema, validate, names, report/, usage/usage-file, the components' rule files, guardrails/) free of @pulumi, process, clock, fs and http", () => {
    const pure = [
      "config/schema.ts",
      "config/validate.ts",
      "config/names.ts",
      ...tsFilesUnder("report"),
      ...tsFilesUnder("guardrails"),
      "usage/usage-file.ts",
      ...PURE_COMPONENT_FILES,
    ];
    expect(pure.filter((f) => !fs.existsSync(path.join(ROOT, f)))).to.deep.equal([]);
    const problems = pure.flatMap((file) => impurities(file, fs.readFileSync(path.join(ROOT, file), "utf8"), { strict: true }).map((p) => `${file} ${p}`));
    expect(problems).to.deep.equal([]);
  });

  it("keeps every functions/ file free of @pulumi imports", () => {
    const problems = functionFiles.flatMap((file) =>
      impurities(file, fs.readFileSync(path.join(ROOT, file), "utf8"), { strict: false }).map((p) => `${file} ${p}`),
    );
    expect(problems).to.deep.equal([]);
  });

  describe("the checker itself", () => {
    const bad = [
      `import * as pulumi from "@pulumi/pulumi";`,
      `import type { Input } from "@pulumi/pulumi";`,
      `export { x } from "@pulumi/aws";`,
      `const aws = require("@pulumi/aws");`,
      `const later = import("@pulumi/awsx");`,
      `let t: import("@pulumi/pulumi").Output<string>;`,
      `import * as fs from "fs";`,
      `import { readFile } from "node:fs/promises";`,
      `const f = require("fs");`,
      `import * as http from "node:https";`,
      `const region = process.env.AWS_REGION;`,
      `const now = Date.now();`,
      `const today = new Date();`,
    ].join("\n");

    it("flags every forbidden construct in strict mode", () => {
      expect(impurities("bad.ts", bad, { strict: true })).to.have.length(13);
    });

    it("flags only @pulumi imports for functions", () => {
      expect(impurities("bad.ts", bad, { strict: false })).to.deep.equal([
        `line 1: imports "@pulumi/pulumi"`,
        `line 2: imports "@pulumi/pulumi"`,
        `line 3: imports "@pulumi/aws"`,
        `line 4: imports "@pulumi/aws"`,
        `line 5: imports "@pulumi/awsx"`,
        `line 6: imports "@pulumi/pulumi"`,
      ]);
    });

    it("ignores comments and strings that mention forbidden names", () => {
      const fine = [`// process.env and Date.now() are not used here`, `/** new Date() */`, `const s = "import * as x from '@pulumi/pulumi'; process.exit()";`].join("\n");
      expect(impurities("fine.ts", fine, { strict: true })).to.deep.equal([]);
    });
  });
});
