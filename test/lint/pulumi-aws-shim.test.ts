import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import ts from "typescript";

// The type-aware lint reads `@pulumi/aws` through lint/pulumi-aws.d.ts (tsconfig.lint.json), which
// re-exports only the services the repository uses. A service missing there would not break the
// lint: its types would silently become `any`, and Pulumi's Output-in-template rule would stop
// seeing that service's outputs. So: every `aws.<name>` the code uses (values and types, in every
// file tsc checks) must be a name the shim exports, and every name the shim exports must be one
// the package's own index.d.ts exports.

const ROOT = path.resolve(__dirname, "../..");
const SHIM = path.join(ROOT, "lint", "pulumi-aws.d.ts");
const AWS_DIR = path.join(ROOT, "node_modules", "@pulumi", "aws");

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** The declaration file a module specifier names: `@pulumi/aws/x` or `./x` from `fromDir`. */
function declarationFile(specifier: string, fromDir: string): string | undefined {
  const base = specifier.startsWith("@pulumi/aws/") ? path.join(AWS_DIR, specifier.slice("@pulumi/aws/".length)) : path.join(fromDir, specifier);
  return [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
}

/** The names a declaration file exports, `export *` followed one level (enough for these files). */
function exportedNames(file: string, follow = true): Set<string> {
  const names = new Set<string>();
  for (const st of parse(file).statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause && ts.isNamedExports(st.exportClause)) st.exportClause.elements.forEach((e) => names.add(e.name.text));
      else if (st.exportClause && ts.isNamespaceExport(st.exportClause)) names.add(st.exportClause.name.text);
      else if (follow && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
        const target = declarationFile(st.moduleSpecifier.text, path.dirname(file));
        if (target) exportedNames(target, false).forEach((n) => names.add(n));
      }
    } else if (ts.isVariableStatement(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      st.declarationList.declarations.forEach((d) => ts.isIdentifier(d.name) && names.add(d.name.text));
    } else if ((ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      names.add(st.name.text);
    }
  }
  return names;
}

/** Every `aws.<name>` (through `import * as aws from "@pulumi/aws"`, any alias) and every named import from the package. */
function usedNames(file: string): Map<string, string> {
  const sf = parse(file);
  const aliases = new Set<string>();
  const used = new Map<string, string>();
  const where = (node: ts.Node) => `${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || st.moduleSpecifier.text !== "@pulumi/aws") continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) aliases.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => used.set((e.propertyName ?? e.name).text, where(e)));
  }
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && aliases.has(node.expression.text)) used.set(node.name.text, where(node));
    if (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && aliases.has(node.left.text)) used.set(node.right.text, where(node));
    ts.forEachChild(node, visit);
  };
  if (aliases.size > 0) visit(sf);
  return used;
}

/** The files tsc checks (tsconfig.json), as tsc lists them. */
function checkedFiles(): string[] {
  const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, ROOT).fileNames;
}

describe("lint/pulumi-aws.d.ts (the type-aware lint's view of @pulumi/aws)", () => {
  const shimNames = exportedNames(SHIM);

  it("exports every aws.<name> the code uses", () => {
    const missing: string[] = [];
    let uses = 0;
    for (const file of checkedFiles()) {
      for (const [name, at] of usedNames(file)) {
        uses++;
        if (!shimNames.has(name)) missing.push(`${at}: aws.${name}`);
      }
    }
    expect(uses, "the scan found no use of @pulumi/aws at all").to.be.greaterThan(10);
    expect(missing, "add these to lint/pulumi-aws.d.ts, in the form of @pulumi/aws's index.d.ts").to.deep.equal([]);
  });

  it("exports only names the package's index.d.ts exports, from declaration files that exist", () => {
    const rootNames = exportedNames(path.join(AWS_DIR, "index.d.ts"));
    expect([...shimNames].filter((n) => !rootNames.has(n))).to.deep.equal([]);
    const specifiers: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) && node.text.startsWith("@pulumi/aws/")) specifiers.push(node.text);
      node.forEachChild(visit);
    };
    visit(parse(SHIM));
    expect(specifiers.length).to.be.greaterThan(10);
    expect(specifiers.filter((s) => declarationFile(s, ROOT) === undefined)).to.deep.equal([]);
  });

  it("finds uses under any alias, in types and values (a hand-made file using two services the shim lacks)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shim-scan-"));
    const file = path.join(tmp, "probe.ts");
    fs.writeFileSync(file, 'import * as cloud from "@pulumi/aws";\nlet q: cloud.ecs.Cluster | undefined;\nexport const f = cloud.lb.getLoadBalancerOutput;\nexport { q };\n');
    try {
      expect([...usedNames(file).keys()].sort()).to.deep.equal(["ecs", "lb"]);
      expect(shimNames.has("ecs") || shimNames.has("lb")).to.equal(false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("tsconfig.lint.json (the files the type-aware Pulumi rules lint)", () => {
  /** Files whose own imports include a @pulumi/* module (type-only imports included). */
  function importsPulumi(file: string): boolean {
    return parse(file).statements.some((st) => (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier !== undefined && ts.isStringLiteral(st.moduleSpecifier) && st.moduleSpecifier.text.startsWith("@pulumi/"));
  }

  it("covers every file that imports @pulumi/* (where an Output can reach a template literal)", () => {
    const { config } = ts.readConfigFile(path.join(ROOT, "tsconfig.lint.json"), ts.sys.readFile);
    const typed = new Set(ts.parseJsonConfigFileContent(config, ts.sys, ROOT).fileNames);
    const importing = checkedFiles().filter(importsPulumi);
    expect(importing.length, "the scan found no @pulumi/* import at all").to.be.greaterThan(10);
    expect(importing.filter((f) => !typed.has(f)).map((f) => path.relative(ROOT, f))).to.deep.equal([]);
  });
});
