import { expect } from "chai";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import * as fs from "node:fs";
import * as path from "node:path";
import { PULUMI_MISSING } from "../../release/stack-driver";
import { FakeStackDriver, harness, lineDiff, mockAlarms, releaseOf, setRelease, tempProject } from "./support";

/**
 * The copied prod file with the page-view counter's provisioned-concurrency schedule (issue 18) replaced
 * by a fixed value, for the tests of the fixed path.
 */
function fixedProvisionedConcurrency(file: string, n: number): void {
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(/      provisionedConcurrency:\n(?:        .*\n)+/, `      provisionedConcurrency: ${n}\n`);
  if (next === text) throw new Error("no provisionedConcurrency block in the prod file");
  fs.writeFileSync(file, next);
}

describe("release CLI: canary, promote, rollback, status", () => {
  let project: ReturnType<typeof tempProject>;
  let cw: AwsClientStub<CloudWatchClient>;

  beforeEach(() => {
    project = tempProject();
    cw = mockAlarms();
  });
  afterEach(() => {
    cw.restore();
    project.cleanup();
  });

  /** prod's pageview-counter pinned at 7 with version 8 published dark. */
  function darkCanary(published = "8") {
    setRelease(project.file("prod"), "pageview-counter", { stableVersion: "7", canaryWeight: 0 });
    const driver = new FakeStackDriver(project.root, { "pageview-counter": published, hello: "3" });
    driver.deploy("prod");
    return driver;
  }

  describe("invalid input leaves the stack file byte for byte unchanged", () => {
    for (const weight of ["-0.1", "1.5", "abc", ""]) {
      it(`rejects --weight ${JSON.stringify(weight)} with exit 2, naming the flag, the value and the range`, async () => {
        const driver = darkCanary();
        const before = project.read("prod");
        const h = harness({ root: project.root, driver });
        const code = await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", weight, "--apply");
        expect(code).to.equal(2);
        expect(h.err.join("\n")).to.contain(`--weight: got ${JSON.stringify(weight)}, allowed a number 0–1`);
        expect(project.read("prod")).to.equal(before);
        expect(driver.ups).to.have.length(0);
      });
    }

    it("lists the functions for an unknown function key", async () => {
      const before = project.read("dev");
      const h = harness({ root: project.root, driver: new FakeStackDriver(project.root, {}) });
      expect(await h.run("canary", "--stack", "dev", "--function", "api", "--weight", "0.1")).to.equal(2);
      expect(h.err.join("\n")).to.match(/--function: unknown function "api" in Pulumi\.dev\.yaml; functions: hello, pageview-counter/);
      expect(project.read("dev")).to.equal(before);
    });

    it("lists the stacks for an unknown stack", async () => {
      const h = harness({ root: project.root, driver: new FakeStackDriver(project.root, {}) });
      expect(await h.run("promote", "--stack", "qa", "--function", "hello")).to.equal(2);
      expect(h.err.join("\n")).to.match(/unknown stack "qa": no Pulumi\.qa\.yaml in .*; stacks: dev, prod/);
    });

    for (const [flag, value] of [
      ["--version", "0"],
      ["--version", "latest"],
    ] as const) {
      it(`rejects promote ${flag} ${value}`, async () => {
        const driver = darkCanary();
        const before = project.read("prod");
        const h = harness({ root: project.root, driver });
        expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter", flag, value)).to.equal(2);
        expect(h.err.join("\n")).to.contain(`${flag}: got "${value}", allowed a published version number`);
        expect(project.read("prod")).to.equal(before);
      });
    }

    it("rejects rollback --to a version that was never published", async () => {
      const driver = darkCanary("9");
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "12", "--apply")).to.equal(2);
      expect(h.err.join("\n")).to.match(/--to: got 12, allowed a published version of private-lambda-prod-pageview-counter: 1–9/);
      expect(project.read("prod")).to.equal(before);
      expect(driver.ups).to.have.length(0);
    });

    it("treats a missing required flag as a usage error (exit 2)", async () => {
      const h = harness({ root: project.root, driver: new FakeStackDriver(project.root, {}) });
      expect(await h.run("canary", "--stack", "prod", "--function", "hello")).to.equal(2);
      expect(h.err.join("\n")).to.match(/required option '--weight <w>' not specified/);
      expect(await h.run("launch", "--stack", "prod")).to.equal(2);
    });

    it("exits 0 for --help and 2 when no command is given", async () => {
      const h = harness({ root: project.root, driver: new FakeStackDriver(project.root, {}) });
      expect(await h.run("shift", "--help")).to.equal(0);
      expect(h.out.join("\n")).to.match(/--steps <list> +comma-separated integer percentages 1–100/);
      expect(await h.run()).to.equal(2);
    });
  });

  describe("canary", () => {
    it("sets the weight in place: one changed line, comments and other keys exactly as they were", async () => {
      const driver = darkCanary();
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1")).to.equal(0);
      const after = project.read("prod");
      expect(lineDiff(before, after)).to.deep.equal({ removed: ["        canaryWeight: 0"], added: ["        canaryWeight: 0.1"] });
      expect(after.replace("        canaryWeight: 0.1\n", "        canaryWeight: 0\n")).to.equal(before);
      expect(driver.ups).to.have.length(0);
      expect(h.out.join("\n")).to.contain("Pulumi.prod.yaml: functions.pageview-counter.release.canaryWeight: 0 → 0.1 (10 %)");
      expect(h.out.join("\n")).to.contain("not applied: run again with --apply");
    });

    it("with --apply runs pulumi up once and reports the new routing", async () => {
      const driver = darkCanary();
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1", "--apply")).to.equal(0);
      expect(driver.ups).to.have.length(1);
      expect(driver.lastRelease("pageview-counter")).to.deep.include({ stableVersion: "7", canaryWeight: 0.1 });
      expect(h.out.join("\n")).to.contain("deployed: alias live → version 7 (90 %) + version 8 (10 %) [canary]");
    });

    it("with --apply runs pulumi up with the repository's policy pack", async () => {
      const driver = darkCanary();
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1", "--apply")).to.equal(0);
      expect(driver.policyPacksSeen).to.deep.equal([[path.join(project.root, "policy")]]);
    });

    it("fails the release (exit 1) on a mandatory policy violation, naming it; an advisory one is only printed", async () => {
      const driver = darkCanary();
      driver.policyViolations.set(1, [
        { policyPackName: "private-lambda-guardrails", policyName: "PL-FN-002", enforcementLevel: "advisory", message: "tracing is not Active" },
        { policyPackName: "private-lambda-guardrails", policyName: "PL-NET-001", enforcementLevel: "mandatory", message: "function is not in a VPC", resourceUrn: "urn:pulumi:prod::private-lambda::aws:lambda/function:Function::pageview-counter-fn" },
      ]);
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1", "--apply")).to.equal(1);
      const err = h.err.join("\n");
      expect(err).to.match(/policy violation \(mandatory\): private-lambda-guardrails\/PL-NET-001 on urn:pulumi:prod::private-lambda::aws:lambda\/function:Function::pageview-counter-fn: function is not in a VPC/);
      expect(err).to.match(/pulumi up failed for stack prod: 1 mandatory policy violation\(s\) from the policy pack \(policy\/\), the update did not go through: PL-NET-001: function is not in a VPC/);
      expect(err).to.match(/policy private-lambda-guardrails\/PL-FN-002 \(advisory\): tracing is not Active/);
      // The update did not go through: the deployed alias is still on 7 alone.
      expect(driver.deployedWeight("pageview-counter")).to.equal(0);
    });

    it("warns about provisioned concurrency split between versions and reserved concurrency", async () => {
      fixedProvisionedConcurrency(project.file("prod"), 5);
      const driver = darkCanary();
      const h = harness({ root: project.root, driver });
      await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.2");
      const err = h.err.join("\n");
      expect(err).to.match(/provisioned concurrency 5 on alias live is split between the two versions by weight.*about 4 on version 7 and 1 on version 8.*over-provision/);
      expect(err).to.contain("this CLI never changes provisionedConcurrency");
      expect(err).to.contain("Alias with weights can not be used with Provisioned Concurrency");
      expect(err).to.match(/reservedConcurrency 100 caps both versions together/);
    });

    it("warns about a provisioned-concurrency schedule (issue 18): scaling suspended during the shift, split by weight, never changed by the CLI", async () => {
      const driver = darkCanary();
      const h = harness({ root: project.root, driver });
      await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.2");
      const err = h.err.join("\n");
      expect(err).to.contain("provisioned concurrency on alias live is scaling 1–5 (schedules up to 20): while the alias has weights, scaling is suspended and capacity changes are held");
      expect(err).to.match(/split between the two versions by weight.*over-provision/);
      expect(err).to.contain("this CLI never changes provisionedConcurrency");
      // Said once, by the CLI: the validator's own warning about the weighted alias is not repeated.
      expect(err).not.to.contain("pc.scaling.weighted");
      expect(err.match(/scaling is suspended/g) ?? []).to.have.length(1);
    });

    it("does not warn about provisioned concurrency for a function without it", async () => {
      setRelease(project.file("prod"), "hello", { stableVersion: "2" });
      const driver = new FakeStackDriver(project.root, { hello: "3" });
      driver.deploy("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "hello", "--weight", "0.1")).to.equal(0);
      expect(h.err.join("\n")).not.to.contain("provisioned concurrency");
    });

    it("pins stableVersion to the alias's current version on a first-deploy function", async () => {
      const driver = new FakeStackDriver(project.root, { hello: "4" });
      driver.deploy("dev");
      const before = project.read("dev");
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "dev", "--function", "hello", "--weight", "0.1")).to.equal(0);
      expect(releaseOf(project.read("dev"), "hello")).to.deep.equal({ aliasName: "live", stableVersion: "4", canaryWeight: 0.1 });
      expect(lineDiff(before, project.read("dev")).removed).to.deep.equal([]);
      expect(h.out.join("\n")).to.match(/pinning it to 4.*\n.*nothing to canary yet; the weight applies to the next version/);
    });

    it("says exactly what is missing when --apply has no pulumi CLI, and changes nothing", async () => {
      darkCanary();
      const before = project.read("prod");
      const h = harness({ root: project.root, driver: { unavailable: PULUMI_MISSING } });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1", "--apply")).to.equal(2);
      expect(h.err.join("\n")).to.contain("`pulumi` CLI not found on PATH: install it from https://www.pulumi.com/docs/iac/download-install/");
      expect(h.err.join("\n")).to.contain("or run without --apply; Pulumi.prod.yaml left unchanged");
      expect(project.read("prod")).to.equal(before);
    });

    it("edits the file without pulumi when --apply is not given", async () => {
      setRelease(project.file("prod"), "pageview-counter", { stableVersion: "7" });
      const h = harness({ root: project.root, driver: { unavailable: PULUMI_MISSING } });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.05")).to.equal(0);
      expect(releaseOf(project.read("prod"), "pageview-counter").canaryWeight).to.equal(0.05);
      expect(h.out.join("\n")).to.contain("deployed state unknown");
    });

    it("reports an apply failure with exit 1 and says the file keeps the change", async () => {
      const driver = darkCanary();
      driver.failUps.add(1);
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1", "--apply")).to.equal(1);
      expect(h.err.join("\n")).to.match(/pulumi up failed for stack prod: error: update failed\nPulumi\.prod\.yaml keeps the change \(stableVersion 7, canaryWeight 0\.1\)/);
    });

    it("accepts --stack-file for an edit without --apply, and refuses --apply with it", async () => {
      const other = path.join(project.root, "copy.yaml");
      fs.copyFileSync(project.file("prod"), other);
      setRelease(other, "pageview-counter", { stableVersion: "7" });
      const h = harness({ root: project.root, driver: new FakeStackDriver(project.root, {}) });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.3", "--stack-file", other)).to.equal(0);
      expect(releaseOf(fs.readFileSync(other, "utf8"), "pageview-counter").canaryWeight).to.equal(0.3);
      const before = fs.readFileSync(other, "utf8");
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.4", "--stack-file", other, "--apply")).to.equal(2);
      expect(h.err.join("\n")).to.match(/pulumi reads the config of stack prod from .*Pulumi\.prod\.yaml/);
      expect(fs.readFileSync(other, "utf8")).to.equal(before);
    });
  });

  describe("promote", () => {
    it("makes the latest published version stable with weight 0", async () => {
      const driver = darkCanary();
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0.5 });
      const h = harness({ root: project.root, driver });
      expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter", "--apply")).to.equal(0);
      expect(releaseOf(project.read("prod"), "pageview-counter")).to.deep.equal({ aliasName: "live", stableVersion: "8", canaryWeight: 0 });
      expect(driver.ups).to.have.length(1);
      expect(h.out.join("\n")).to.contain("deployed: alias live → version 8 (100 %) [unchanged]");
    });

    it("says there is nothing to shift when the published version is the stable one, and changes nothing", async () => {
      const driver = darkCanary("7");
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter", "--apply")).to.equal(0);
      expect(h.out.join("\n")).to.match(/nothing to shift: version 7 is already the stable version of pageview-counter and alias live has no weights; the latest published version is 7/);
      expect(project.read("prod")).to.equal(before);
      expect(driver.ups).to.have.length(0);
    });

    // Changed with issue 14: an unchecked --version is refused without --force (it used to be written).
    it("needs --version, and --force to write it unchecked, when the stack outputs cannot be read", async () => {
      darkCanary();
      const before = project.read("prod");
      const h = harness({ root: project.root, driver: { unavailable: PULUMI_MISSING } });
      expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter")).to.equal(2);
      expect(h.err.join("\n")).to.match(/cannot tell the canary version of pageview-counter: `pulumi` CLI not found on PATH.*; pass --version N/);
      expect(project.read("prod")).to.equal(before);
      expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter", "--version", "8")).to.equal(2);
      expect(h.err.join("\n")).to.match(/--version 8: cannot check that version 8 of private-lambda-prod-pageview-counter was published: `pulumi` CLI not found on PATH.*add --force to write it unchecked/);
      expect(project.read("prod")).to.equal(before);
      expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter", "--version", "8", "--force")).to.equal(0);
      expect(h.err.join("\n")).to.match(/warning: --force: version 8 not checked/);
      expect(releaseOf(project.read("prod"), "pageview-counter").stableVersion).to.equal("8");
    });

    it("refuses promote --version 99 of a version never published (outputs say 8): exit 2, file unchanged", async () => {
      const driver = darkCanary("8");
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("promote", "--stack", "prod", "--function", "pageview-counter", "--version", "99")).to.equal(2);
      expect(h.err.join("\n")).to.match(/--version: got 99, allowed a published version of private-lambda-prod-pageview-counter: 1–8/);
      expect(project.read("prod")).to.equal(before);
    });
  });

  describe("issue 14: unchecked versions, files that already have errors, unwritable files", () => {
    it("refuses rollback --to 99 when the outputs cannot be read (what could not be checked), then writes it with --force", async () => {
      darkCanary();
      const before = project.read("prod");
      const h = harness({ root: project.root, driver: { unavailable: PULUMI_MISSING } });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "99")).to.equal(2);
      expect(h.err.join("\n")).to.match(/--to 99: cannot check that version 99 of private-lambda-prod-pageview-counter was published: `pulumi` CLI not found on PATH.*stack outputs not read.*add --force/);
      expect(project.read("prod")).to.equal(before);
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "99", "--force")).to.equal(0);
      expect(releaseOf(project.read("prod"), "pageview-counter")).to.include({ stableVersion: "99", canaryWeight: 0 });
    });

    it("rollback still works when only the canary weight is invalid (1.5), and says so first", async () => {
      const driver = darkCanary();
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 1.5 });
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter")).to.equal(0);
      expect(h.err.join("\n")).to.match(/Pulumi\.prod\.yaml already has 1 error .*\n  - functions\.pageview-counter\.release\.canaryWeight: got 1\.5/);
      expect(h.out.join("\n")).to.contain("functions.pageview-counter.release.canaryWeight: 1.5 (invalid) → 0 (0 %)");
      expect(releaseOf(project.read("prod"), "pageview-counter")).to.include({ stableVersion: "7", canaryWeight: 0 });
    });

    it("lists the errors a stack file already has and refuses an edit that does not fix them", async () => {
      const driver = darkCanary();
      fs.writeFileSync(project.file("prod"), project.read("prod").replace("memoryMb: 512", "memoryMb: 64"));
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1")).to.equal(2);
      const err = h.err.join("\n");
      expect(err).to.match(/warning: Pulumi\.prod\.yaml already has 1 error \(pulumi up would stop on it\):\n  - functions\.hello\.memoryMb: got 64/);
      expect(err).to.match(/this change does not fix them; fix the file first\. Pulumi\.prod\.yaml left unchanged/);
      expect(err).not.to.match(/\n\s+at /); // no stack trace
      expect(project.read("prod")).to.equal(before);
    });

    it("an unquoted stableVersion (7) is the version it means; \"0\" is refused with the plan's rule", async () => {
      const driver = darkCanary();
      fs.writeFileSync(project.file("prod"), project.read("prod").replace(/stableVersion: "?7"?/, "stableVersion: 7"));
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0.2 });
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter")).to.equal(0);
      expect(releaseOf(project.read("prod"), "pageview-counter").canaryWeight).to.equal(0);
      fs.writeFileSync(project.file("prod"), project.read("prod").replace(/stableVersion: 7/, 'stableVersion: "0"'));
      const before = project.read("prod");
      const h2 = harness({ root: project.root, driver });
      expect(await h2.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1")).to.equal(2);
      expect(h2.err.join("\n")).to.match(/functions\.pageview-counter\.release\.stableVersion: got "0", allowed a published version number ≥ 1 \(Lambda numbers versions from 1\)/);
      expect(project.read("prod")).to.equal(before);
    });

    it("a read-only stack file: one clean message, exit 2, no stack trace, file unchanged", async () => {
      const driver = darkCanary();
      const before = project.read("prod");
      fs.chmodSync(project.file("prod"), 0o444);
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "8")).to.equal(2);
      expect(h.err).to.have.length(1);
      expect(h.err[0]).to.match(/^error: .*Pulumi\.prod\.yaml is read-only \(.*\); make it writable \(chmod u\+w\) or edit a copy with --stack-file; Pulumi\.prod\.yaml left unchanged$/);
      fs.chmodSync(project.file("prod"), 0o644);
      expect(project.read("prod")).to.equal(before);
    });

    it("an unwritable directory: one clean message, exit 2", async () => {
      const driver = darkCanary();
      fs.chmodSync(project.root, 0o555);
      try {
        const h = harness({ root: project.root, driver });
        expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "8")).to.equal(2);
        expect(h.err).to.have.length(1);
        expect(h.err[0]).to.match(/^error: cannot write in .*: the lock file and the temp file go beside Pulumi\.prod\.yaml.*left unchanged$/);
      } finally {
        fs.chmodSync(project.root, 0o755);
      }
    });
  });

  describe("rollback", () => {
    it("sets the weight to 0 and leaves the alias on stable", async () => {
      const driver = darkCanary();
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0.25 });
      driver.deploy("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--apply")).to.equal(0);
      expect(releaseOf(project.read("prod"), "pageview-counter")).to.deep.equal({ aliasName: "live", stableVersion: "7", canaryWeight: 0 });
      expect(driver.deployedWeight("pageview-counter")).to.equal(0);
      expect(h.out.join("\n")).to.contain("deployed: alias live → version 7 (100 %) [dark]");
    });

    it("--to points the alias at an earlier published version: stableVersion := N, weight 0", async () => {
      const driver = darkCanary("9");
      setRelease(project.file("prod"), "pageview-counter", { stableVersion: "8", canaryWeight: 0.1 });
      driver.deploy("prod");
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "5", "--apply")).to.equal(0);
      const after = project.read("prod");
      expect(releaseOf(after, "pageview-counter")).to.deep.equal({ aliasName: "live", stableVersion: "5", canaryWeight: 0 });
      expect(lineDiff(before, after)).to.deep.equal({ removed: ['        stableVersion: "8"', "        canaryWeight: 0.1"], added: ['        stableVersion: "5"', "        canaryWeight: 0"] });
      expect(h.out.join("\n")).to.contain("deployed: alias live → version 5 (100 %) [dark]");
    });

    it("has nothing to roll back when the alias is on stable without weights", async () => {
      const driver = darkCanary();
      const before = project.read("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--apply")).to.equal(0);
      expect(h.out.join("\n")).to.contain("nothing to roll back: alias live is on the stable version 7 with no weights");
      expect(project.read("prod")).to.equal(before);
      expect(driver.ups).to.have.length(0);
    });

    it("re-applies when the config already has weight 0 but the deployed alias still has weights", async () => {
      const driver = darkCanary();
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0.25 });
      driver.deploy("prod");
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0 }); // edited, never applied
      const h = harness({ root: project.root, driver });
      expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--apply")).to.equal(0);
      expect(h.out.join("\n")).to.contain("the deployed alias still has weights");
      expect(driver.ups).to.have.length(1);
      expect(driver.deployedWeight("pageview-counter")).to.equal(0);
    });

    it("without a stable version asks for --to", async () => {
      const h = harness({ root: project.root, driver: new FakeStackDriver(project.root, {}) });
      expect(await h.run("rollback", "--stack", "dev", "--function", "hello")).to.equal(2);
      expect(h.err.join("\n")).to.match(/nothing to roll back to: functions\.hello\.release\.stableVersion is not set.*use --to N/);
    });
  });

  describe("status", () => {
    it("shows config, deployed routing, concurrency and alarm states", async () => {
      fixedProvisionedConcurrency(project.file("prod"), 5);
      const driver = darkCanary();
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0.1 });
      driver.deploy("prod");
      cw.restore();
      cw = mockAlarms((name) => (name.endsWith("canary-alarm-p99-duration") ? "ALARM" : "OK"));
      const h = harness({ root: project.root, driver });
      expect(await h.run("status", "--stack", "prod", "--function", "pageview-counter")).to.equal(0);
      const out = h.out.join("\n");
      expect(out).to.contain("config:      stableVersion 7 · canaryWeight 0.1 (10 %)");
      expect(out).to.contain("deployed:    latest published version 8 · alias live → version 7 (90 %) + version 8 (10 %) [canary]");
      expect(out).to.contain("release:     canary version 8 at 10 %; stable 7 at 90 %");
      expect(out).to.contain("concurrency: provisioned 5 on alias live (split between the versions by weight) · reserved 100");
      expect(out).to.match(/alarms:      1 ALARM \(private-lambda-prod-pageview-counter-live-canary-alarm-p99-duration\), 4 OK/);
      expect(out).to.match(/ALARM +private-lambda-prod-pageview-counter-live-canary-alarm-p99-duration/);
    });

    it("shows a provisioned-concurrency schedule by its range (issue 18)", async () => {
      const driver = darkCanary();
      setRelease(project.file("prod"), "pageview-counter", { canaryWeight: 0.1 });
      driver.deploy("prod");
      const h = harness({ root: project.root, driver });
      expect(await h.run("status", "--stack", "prod", "--function", "pageview-counter")).to.equal(0);
      expect(h.out.join("\n")).to.contain("concurrency: provisioned scaling 1–5 (schedules up to 20) on alias live (split between the versions by weight, scaling suspended) · reserved 100");
    });

    it("without pulumi and credentials says what is missing and still shows the config", async () => {
      cw.restore();
      cw = mockAlarms();
      cw.rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
      const h = harness({ root: project.root, driver: { unavailable: PULUMI_MISSING } });
      expect(await h.run("status", "--stack", "dev")).to.equal(0);
      const all = h.all.join("\n");
      expect(all).to.contain("`pulumi` CLI not found on PATH");
      expect(all).to.contain("stack outputs not read, showing the config only");
      expect(all).to.contain("no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
      expect(all).to.contain("alarm states not read");
      expect(all).to.match(/hello \(stack dev · function private-lambda-dev-hello · alias live\)/);
      expect(all).to.match(/pageview-counter \(stack dev/);
    });
  });
});
