/**
 * The rule table, the output shape (sorting, formatting), purity and robustness of the guardrails.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { evaluateGuardrails, formatFindings, formatRuleTable, RULES, sortFindings, TYPES, UNKNOWN, type Finding, type GuardrailResource } from "../../guardrails/rules";
import { DEV, PROD, res } from "./support";

const ROOT = path.resolve(__dirname, "../..");

describe("guardrails: rule table and output", () => {
  it("gives every rule a unique id PL-<AREA>-<NNN>, a severity, a one-line why and fix, and the types it reads", () => {
    expect(new Set(RULES.map((r) => r.id)).size).to.equal(RULES.length);
    expect(new Set(RULES.map((r) => r.slug)).size).to.equal(RULES.length);
    for (const r of RULES) {
      expect(r.id).to.match(/^PL-(FN|IAM|NET|COST)-\d{3}$/);
      expect(r.slug).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(["error", "warning"]).to.include(r.severity);
      for (const text of [r.title, r.why, r.fix]) {
        expect(text, r.id).to.be.a("string").and.not.equal("");
        expect(text, r.id).to.not.include("\n");
      }
      expect(r.appliesTo.length, r.id).to.be.greaterThan(0);
    }
  });

  it("covers every resource type of the brief", () => {
    const read = new Set(RULES.flatMap((r) => [...r.appliesTo]));
    for (const t of [TYPES.function, TYPES.permission, TYPES.functionUrl, TYPES.invokeConfig, TYPES.role, TYPES.rolePolicy, TYPES.rolePolicyAttachment, TYPES.policy, TYPES.securityGroup, TYPES.securityGroupRule, TYPES.securityGroupIngressRule, TYPES.vpcEndpoint, TYPES.logGroup, TYPES.awsxVpc]) {
      expect(read.has(t), t).to.equal(true);
    }
  });

  it("has a test naming every rule id", () => {
    const tests = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => fs.readFileSync(path.join(__dirname, f), "utf8"))
      .join("\n");
    for (const r of RULES) expect(tests.includes(`"${r.id}`) || tests.includes(`${r.id} `), r.id).to.equal(true);
  });

  it("sorts errors first, then by rule order, resource, property", () => {
    const rs = [
      res(TYPES.function, "b", { name: "b", runtime: "nodejs22.x", tracingConfig: { mode: "PassThrough" } }),
      res(TYPES.function, "a", { name: "a", runtime: "nodejs24.x" }),
    ];
    const f = evaluateGuardrails(rs, { ...DEV, today: "2026-11-25" });
    const firstWarning = f.findIndex((x) => x.severity === "warning");
    expect(firstWarning).to.be.greaterThan(0);
    expect(f.slice(firstWarning).every((x) => x.severity === "warning")).to.equal(true);
    expect(f.map((x) => `${x.ruleId} ${x.resource}`).slice(0, 4)).to.deep.equal([
      "PL-FN-001 aws:lambda/function:Function::a",
      "PL-FN-001 aws:lambda/function:Function::b",
      "PL-FN-002 aws:lambda/function:Function::a",
      "PL-FN-002 aws:lambda/function:Function::b",
    ]);
    expect(sortFindings([...f].reverse())).to.deep.equal(f);
  });

  it("names the resource as <type>::<name> and the property as a dotted path in every finding", () => {
    const f = evaluateGuardrails([res(TYPES.securityGroup, "sg", { ingress: [{ cidrBlocks: ["0.0.0.0/0"] }] })], DEV);
    expect(f).to.deep.equal([
      {
        ruleId: "PL-NET-001",
        severity: "error",
        resource: "aws:ec2/securityGroup:SecurityGroup::sg",
        property: "ingress.0.cidrBlocks.0",
        message: 'got "0.0.0.0/0", allowed the VPC CIDR or a caller security group, never anywhere',
        value: "0.0.0.0/0",
        allowed: "the VPC CIDR or a caller security group, never anywhere",
        why: RULES.find((r) => r.id === "PL-NET-001")!.why,
        fix: RULES.find((r) => r.id === "PL-NET-001")!.fix,
      },
    ]);
  });

  it("formats findings with counts, one line each plus why and fix", () => {
    const f = evaluateGuardrails([res(TYPES.function, "f", { name: "f", runtime: "nodejs24.x", tracingConfig: { mode: UNKNOWN }, vpcConfig: { subnetIds: ["a", "b"], securityGroupIds: ["s"] } })], DEV);
    const text = formatFindings(f);
    expect(text.split("\n")[0]).to.equal("Guardrails (1 error, 0 warnings, 1 not evaluated):");
    expect(text).to.include("  - error PL-FN-005 aws:lambda/function:Function::f name: no aws:cloudwatch/logGroup:LogGroup named \"/aws/lambda/f\"");
    expect(text).to.include("  - warning PL-FN-002 aws:lambda/function:Function::f tracingConfig.mode: not evaluated: tracingConfig.mode unknown at preview");
    expect(text).to.match(/\n {6}why: .+\n {6}fix: .+/);
    expect(formatFindings([])).to.equal(`Guardrails: no findings (${RULES.length} rules checked).`);
    expect(formatFindings(f, { details: false }).split("\n")).to.have.length(3);
  });

  it("renders the rule table as Markdown", () => {
    const md = formatRuleTable();
    expect(md.split("\n")).to.have.length(RULES.length + 2);
    expect(md).to.include("| PL-COST-001 | error |");
  });

  it("skips disabled rules", () => {
    const rs = [res(TYPES.functionUrl, "u", { functionName: "f", authorizationType: "NONE" })];
    expect(evaluateGuardrails(rs, DEV)).to.have.length(1);
    expect(evaluateGuardrails(rs, { ...DEV, disabledRules: ["PL-FN-008"] })).to.deep.equal([]);
  });

  describe("robustness (fast-check)", () => {
    const types = [...new Set(RULES.flatMap((r) => [...r.appliesTo]))];
    const junk = fc.oneof(fc.anything(), fc.constant(UNKNOWN), fc.json(), fc.constant("*"), fc.constant("0.0.0.0/0"));
    const resource: fc.Arbitrary<GuardrailResource> = fc.record({
      type: fc.constantFrom(...types),
      name: fc.string(),
      inputs: fc.dictionary(
        fc.constantFrom("name", "policy", "assumeRolePolicy", "vpcConfig", "tracingConfig", "runtime", "ingress", "serviceName", "privateDnsEnabled", "principal", "policyArn", "managedPolicyArns", "inlinePolicies", "retentionInDays", "functionName", "destinationConfig", "deadLetterConfig", "loggingConfig", "enableDnsHostnames", "numberOfAvailabilityZones", "cidrBlocks", "type", "cidrIpv4"),
        junk,
      ),
    });

    it("never throws on arbitrary inputs, and is deterministic and order-independent", () => {
      fc.assert(
        fc.property(fc.array(resource, { maxLength: 8 }), fc.boolean(), (rs, prod) => {
          const ctx = { ...(prod ? PROD : DEV), stackFunctionNames: ["f"], cost: { totalUsd: 10, budgetUsd: 5 } };
          const a: Finding[] = evaluateGuardrails(rs, ctx);
          expect(evaluateGuardrails(rs, ctx)).to.deep.equal(a);
          expect(evaluateGuardrails([...rs].reverse(), ctx).map((x) => JSON.stringify(x)).sort()).to.deep.equal(a.map((x) => JSON.stringify(x)).sort());
          for (const x of a) {
            expect(x.resource).to.include("::");
            expect(x.property).to.be.a("string").and.not.equal("");
          }
        }),
        { numRuns: 300 },
      );
    });

    it("policy documents: random JSON strings never throw", () => {
      fc.assert(
        fc.property(fc.oneof(fc.json(), fc.string()), (policy) => {
          evaluateGuardrails([res(TYPES.rolePolicy, "p", { policy }), res(TYPES.role, "r", { assumeRolePolicy: policy }), res(TYPES.vpcEndpoint, "e", { serviceName: "com.amazonaws.us-east-1.lambda", policy })], DEV);
        }),
        { numRuns: 500 },
      );
    });

    it("ignores malformed resource lists instead of throwing", () => {
      expect(evaluateGuardrails([null, 3, { name: "x" }, { type: TYPES.function, inputs: null }] as unknown as GuardrailResource[], DEV).every((f) => f.resource.startsWith(TYPES.function))).to.equal(true);
      expect(evaluateGuardrails(undefined as unknown as GuardrailResource[], DEV)).to.deep.equal([]);
    });
  });

  it("keeps guardrails/ pure: no @pulumi imports, no process, clock, file system or network", () => {
    const found: string[] = [];
    for (const file of fs.readdirSync(path.join(ROOT, "guardrails")).filter((f) => f.endsWith(".ts"))) {
      const text = fs.readFileSync(path.join(ROOT, "guardrails", file), "utf8");
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const visit = (node: ts.Node) => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
          const spec = node.moduleSpecifier.text;
          if (spec.startsWith("@pulumi/") || /^(node:)?(fs|http|https|net|child_process)$/.test(spec)) found.push(`${file}: imports ${spec}`);
        }
        if (ts.isIdentifier(node) && (node.text === "process" || node.text === "require")) found.push(`${file}: uses ${node.text}`);
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") found.push(`${file}: new Date`);
        if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "Date") found.push(`${file}: Date.${node.name.text}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).to.deep.equal([]);
  });
});

describe("guardrails: documentation", () => {
  it("policy/README.md carries the current rule table", () => {
    const readme = fs.readFileSync(path.join(ROOT, "policy/README.md"), "utf8");
    expect(readme).to.include(formatRuleTable());
  });
});
