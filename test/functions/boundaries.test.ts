import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";

// ARCHITECTURE.md (layers; docs/sources.md#conventions): handlers import nothing from @pulumi/*, and only the Lambda entry files
// (functions/<name>/index.ts, the thin shell) read the process environment.
const FUNCTIONS_DIR = path.resolve(__dirname, "../../functions");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

describe("functions/ boundaries", () => {
  const files = tsFiles(FUNCTIONS_DIR);

  it("has handler sources to check", () => {
    expect(files.map((f) => path.relative(FUNCTIONS_DIR, f).split(path.sep).join("/"))).to.include.members([
      "hello/index.ts",
      "pageview-counter/index.ts",
    ]);
  });

  it("imports nothing from @pulumi/*, not even types", () => {
    const offenders = files.filter((f) => /(from\s+|require\(\s*|import\(\s*)["']@pulumi\//.test(fs.readFileSync(f, "utf8")));
    expect(offenders).to.deep.equal([]);
  });

  it("reads process.env only in the Lambda entry files", () => {
    const offenders = files
      .filter((f) => path.basename(f) !== "index.ts" || path.dirname(path.dirname(f)) !== FUNCTIONS_DIR)
      .filter((f) => /\bprocess\./.test(fs.readFileSync(f, "utf8")));
    expect(offenders).to.deep.equal([]);
  });
});
