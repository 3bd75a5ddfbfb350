import { expect } from "chai";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { editYaml, YamlEditError } from "../../release/yaml-edit";
import { lineDiff, REPO_ROOT } from "./support";

const FNS = ["config", "private-lambda:functions"];
const read = (stack: string) => fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");

describe("release/yaml-edit", () => {
  it("changes only the edited value of an existing key, keeping its trailing comment", () => {
    const text = "a:\n  b:\n    stableVersion: '3'   # pinned by hand\n    canaryWeight: 0.1      # keep this spacing\n  c: 1\n";
    const out = editYaml(text, [
      { path: ["a", "b", "stableVersion"], value: "4" },
      { path: ["a", "b", "canaryWeight"], value: 0.25 },
    ]);
    expect(out).to.equal("a:\n  b:\n    stableVersion: '4'   # pinned by hand\n    canaryWeight: 0.25      # keep this spacing\n  c: 1\n");
  });

  it("adds a missing block (release) at the end of the function, indented like its siblings", () => {
    const before = read("dev");
    const after = editYaml(before, [
      { path: [...FNS, "hello", "release", "stableVersion"], value: "3" },
      { path: [...FNS, "hello", "release", "canaryWeight"], value: 0 },
    ]);
    expect(lineDiff(before, after)).to.deep.equal({ added: ["      release:", '        stableVersion: "3"', "        canaryWeight: 0"], removed: [] });
    // The block lands inside hello, after its last key (whatever that is), not after pageview-counter.
    expect(after).to.contain('      release:\n        stableVersion: "3"\n        canaryWeight: 0\n    pageview-counter:\n');
    expect(parse(after).config["private-lambda:functions"].hello.release).to.deep.equal({ stableVersion: "3", canaryWeight: 0 });
  });

  it("keeps the inline-comment spacing String(doc) would normalise (Pulumi.dev.yaml)", () => {
    const before = read("dev");
    expect(before).to.contain("      - xray          # traces leave the isolated subnets through it");
    const after = editYaml(before, [{ path: [...FNS, "pageview-counter", "release", "canaryWeight"], value: 0.1 }]);
    expect(after).to.contain("      - xray          # traces leave the isolated subnets through it");
    expect(lineDiff(before, after).removed).to.deep.equal([]);
  });

  it("changes the pinned stableVersion in place (its comment kept) and adds canaryWeight after it (Pulumi.prod.yaml)", () => {
    const before = read("prod");
    const after = editYaml(before, [
      { path: [...FNS, "pageview-counter", "release", "stableVersion"], value: "12" },
      { path: [...FNS, "pageview-counter", "release", "canaryWeight"], value: 0.1 },
    ]);
    expect(after).to.contain('        # release CLI keeps this value current.\n        stableVersion: "12"\n        canaryWeight: 0.1\n      usage:\n');
    expect(lineDiff(before, after)).to.deep.equal({ added: ['        stableVersion: "12"', "        canaryWeight: 0.1"], removed: ['        stableVersion: "1"'] });
  });

  it("writes a version as a quoted string so the schema reads a string", () => {
    const out = editYaml("r:\n  x: 1\n", [{ path: ["r", "stableVersion"], value: "7" }]);
    expect(parse(out).r.stableVersion).to.equal("7");
  });

  it("rewrites a flow map in flow style", () => {
    const out = editYaml("f:\n  release: { aliasName: live }   # c\n  k: 1\n", [{ path: ["f", "release", "canaryWeight"], value: 0.5 }]);
    expect(out).to.equal("f:\n  release: { aliasName: live, canaryWeight: 0.5 }   # c\n  k: 1\n");
  });

  it("keeps CRLF line endings and handles a file without a final newline", () => {
    expect(editYaml("a:\r\n  b: 1\r\n", [{ path: ["a", "c"], value: 2 }])).to.equal("a:\r\n  b: 1\r\n  c: 2\r\n");
    expect(editYaml("a:\n  b: 1", [{ path: ["a", "c"], value: 2 }])).to.equal("a:\n  b: 1\n  c: 2\n");
  });

  it("returns the text unchanged when the value is already there", () => {
    const before = read("prod");
    expect(editYaml(before, [{ path: [...FNS, "pageview-counter", "release", "aliasName"], value: "live" }])).to.equal(before);
  });

  it("refuses to descend into a value that is not a map", () => {
    expect(() => editYaml("a:\n  b: 1\n", [{ path: ["a", "b", "c"], value: 1 }])).to.throw(YamlEditError, /a\.b is not a map/);
    expect(() => editYaml("a: [\n", [{ path: ["a"], value: 1 }])).to.throw(YamlEditError, /not valid YAML/);
  });

  it("changes exactly one line per weight edit, whatever the weight (property)", () => {
    const base = editYaml(read("prod"), [
      { path: [...FNS, "hello", "release", "stableVersion"], value: "3" },
      { path: [...FNS, "hello", "release", "canaryWeight"], value: 0 },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (pct) => {
        const after = editYaml(base, [{ path: [...FNS, "hello", "release", "canaryWeight"], value: pct / 100 }]);
        const d = lineDiff(base, after);
        expect(d.removed).to.deep.equal(["        canaryWeight: 0"]);
        expect(d.added).to.deep.equal([`        canaryWeight: ${pct / 100}`]);
      }),
      { numRuns: 50 },
    );
  });
});
