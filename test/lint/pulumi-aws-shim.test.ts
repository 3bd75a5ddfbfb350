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
    if (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression) && st.moduleReference.expression.text === "@pulumi/aws") aliases.add(st.name.text);
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || st.moduleSpecifier.text !== "@pulumi/aws") continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) aliases.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((e) => used.set((e.propertyName ?? e.name).text, where(e)));
  }
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && aliases.has(node.expression.text)) used.set(node.name.text, where(node));
    if (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && aliases.has(node.left.text)) used.set(node.right.text, where(node));
    // const { lambda } = aws;
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.initializer) && aliases.has(node.initializer.text) && ts.isObjectBindingPattern(node.name)) {
      for (const e of node.name.elements) {
        const key = e.propertyName ?? e.name;
        if (ts.isIdentifier(key)) used.set(key.text, where(e));
      }
    }
    // typeof import("@pulumi/aws").lambda.Function
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal) && node.argument.literal.text === "@pulumi/aws" && node.qualifier) {
      let first: ts.EntityName = node.qualifier;
      while (ts.isQualifiedName(first)) first = first.left;
      used.set(first.text, where(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return used;
}

/** The files of a tsconfig (tsconfig.json: the files tsc checks), as TypeScript lists them. */
function projectFiles(tsconfig: string): Set<string> {
  const { config } = ts.readConfigFile(path.join(ROOT, tsconfig), ts.sys.readFile);
  return new Set(ts.parseJsonConfigFileContent(config, ts.sys, ROOT).fileNames);
}

describe("lint/pulumi-aws.d.ts (the type-aware lint's view of @pulumi/aws)", () => {
  const shimNames = exportedNames(SHIM);

  it("exports every aws.<name> the code uses", () => {
    const missing: string[] = [];
    let uses = 0;
    for (const file of projectFiles("tsconfig.json")) {
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

  it("finds uses under any alias, in types, values, destructuring and import types (a hand-made file using five services the shim lacks)", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shim-scan-"));
    const file = path.join(tmp, "probe.ts");
    fs.writeFileSync(
      file,
      [
        'import * as cloud from "@pulumi/aws";',
        'import awsToo = require("@pulumi/aws");',
        "let q: cloud.ecs.Cluster | undefined;",
        "export const f = cloud.lb.getLoadBalancerOutput;",
        "const { sns, kinesis: k } = awsToo;",
        'type T = typeof import("@pulumi/aws").sfn.StateMachine;',
        "export { q, sns, k, type T };",
      ].join("\n"),
    );
    try {
      expect([...usedNames(file).keys()].sort()).to.deep.equal(["ecs", "kinesis", "lb", "sfn", "sns"]);
      expect(["ecs", "kinesis", "lb", "sfn", "sns"].filter((n) => shimNames.has(n))).to.deep.equal([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("tsconfig.json and tsconfig.lint.json cover the repository's TypeScript", () => {
  /** Every .ts source of the repository (declarations, temp files and build output aside). */
  function repositoryFiles(dir = ROOT, out: string[] = []): string[] {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if ([".git", "node_modules", ".build", "out", ".cache"].includes(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) repositoryFiles(p, out);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && !e.name.endsWith(".tmp.ts")) out.push(p);
    }
    return out;
  }
  /** Module specifiers of a file's import and export declarations (type-only ones included). */
  const specifiers = (file: string): string[] =>
    parse(file).statements.flatMap((st) => ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? [st.moduleSpecifier.text] : []));

  it("tsc checks every .ts file of the repository (a new folder must join tsconfig.json's include)", () => {
    const checked = projectFiles("tsconfig.json");
    const files = repositoryFiles();
    expect(files.length).to.be.greaterThan(100);
    expect(files.filter((f) => !checked.has(f)).map((f) => path.relative(ROOT, f))).to.deep.equal([]);
  });

  it("the typed lint covers every file that can hold an Output: it imports @pulumi/*, or a module that does", () => {
    const files = repositoryFiles();
    const known = new Set(files);
    const resolveLocal = (from: string, spec: string): string | undefined => {
      if (!spec.startsWith(".")) return undefined;
      const base = path.resolve(path.dirname(from), spec);
      return [`${base}.ts`, path.join(base, "index.ts")].find((f) => known.has(f));
    };
    const direct = new Set(files.filter((f) => specifiers(f).some((s) => s.startsWith("@pulumi/"))));
    const carriers = files.filter((f) => direct.has(f) || specifiers(f).some((s) => direct.has(resolveLocal(f, s) ?? "")));
    expect(direct.size, "the scan found no @pulumi/* import at all").to.be.greaterThan(10);
    const typed = projectFiles("tsconfig.lint.json");
    expect(carriers.filter((f) => !typed.has(f)).map((f) => path.relative(ROOT, f))).to.deep.equal([]);
  });
});
