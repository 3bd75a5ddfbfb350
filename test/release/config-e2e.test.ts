/**
 * End-to-end check of the config the CLI writes: the edited stack file, read the way the program
 * reads it (config/stack-file.ts → raw values as config/load.ts parses them), must pass the program's
 * own validator, and `resolveAliasRouting` on the resulting release settings must route the alias
 * as the command intended.
 */
import { expect } from "chai";
import type { AwsClientStub } from "aws-sdk-client-mock";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { resolveAliasRouting, type AliasRouting } from "../../components/private-function/release-routing";
import { loadStackFile } from "../../config/stack-file";
import { STACK_CONFIG_KEYS, type RawStackConfig } from "../../config/schema";
import { validateStackSettings, type StackSettings } from "../../config/validate";
import { FakeClock, FakeStackDriver, harness, mockAlarms, setRelease, tempProject } from "./support";

/** Raw config exactly as config/load.ts builds it from what the Pulumi CLI hands the program. */
function rawFromStackFile(root: string, stack: string): RawStackConfig {
  const f = loadStackFile(root, stack);
  const raw: Record<string, unknown> = { region: f.config["aws:region"] };
  for (const key of STACK_CONFIG_KEYS) {
    const text = f.config[`${f.project}:${key}`];
    if (text === undefined) continue;
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  return raw;
}

function validated(root: string, stack: string): StackSettings {
  const { settings, problems } = validateStackSettings(rawFromStackFile(root, stack), { project: "private-lambda", stack });
  const errors = problems.filter((p) => p.severity === "error");
  expect(errors.map((e) => e.message)).to.deep.equal([]);
  expect(settings).to.not.equal(undefined);
  return settings!;
}

function routingOf(settings: StackSettings, key: string, published: string): AliasRouting {
  const f = settings.functions.find((x) => x.key === key)!;
  return resolveAliasRouting(f.release, published);
}

describe("release CLI: the stack config it writes is valid and routes as intended", () => {
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

  function deployed(stack: string, published: Record<string, string>, pin?: { key: string; stableVersion: string }) {
    if (pin) setRelease(project.file(stack), pin.key, { stableVersion: pin.stableVersion });
    const driver = new FakeStackDriver(project.root, published, new FakeClock());
    driver.deploy(stack);
    return driver;
  }

  it("the unedited stack files are valid (baseline)", () => {
    validated(project.root, "dev");
    validated(project.root, "prod");
  });

  it("after a full shift: stable = canary, weight 0, alias unchanged on the new version", async () => {
    const driver = deployed("prod", { "pageview-counter": "8" }, { key: "pageview-counter", stableVersion: "7" });
    const h = harness({ root: project.root, driver });
    expect(await h.run("shift", "--stack", "prod", "--function", "pageview-counter", "--interval", "1m")).to.equal(0);
    const s = validated(project.root, "prod");
    expect(s.functions.find((f) => f.key === "pageview-counter")!.release).to.deep.equal({ aliasName: "live", stableVersion: "8", canaryWeight: 0 });
    expect(routingOf(s, "pageview-counter", "8")).to.deep.equal({ functionVersion: "8", state: "unchanged" });
  });

  it("after rollback --to: the alias on the chosen version, the newest version dark", async () => {
    const driver = deployed("prod", { "pageview-counter": "9" }, { key: "pageview-counter", stableVersion: "8" });
    const h = harness({ root: project.root, driver });
    expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter", "--to", "5")).to.equal(0);
    const s = validated(project.root, "prod");
    expect(routingOf(s, "pageview-counter", "9")).to.deep.equal({ functionVersion: "5", state: "dark" });
  });

  it("after promote on a first-deploy function (release block added to dev's hello)", async () => {
    const driver = deployed("dev", { hello: "3" });
    const h = harness({ root: project.root, driver });
    expect(await h.run("promote", "--stack", "dev", "--function", "hello")).to.equal(0);
    const s = validated(project.root, "dev");
    expect(routingOf(s, "hello", "3")).to.deep.equal({ functionVersion: "3", state: "unchanged" });
    // The next published version is dark until a canary weight is set.
    expect(routingOf(s, "hello", "4")).to.deep.equal({ functionVersion: "3", state: "dark" });
  });

  it("after canary then rollback: weight 0, alias back on stable", async () => {
    const driver = deployed("prod", { "pageview-counter": "8" }, { key: "pageview-counter", stableVersion: "7" });
    const h = harness({ root: project.root, driver });
    expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.2")).to.equal(0);
    expect(await h.run("rollback", "--stack", "prod", "--function", "pageview-counter")).to.equal(0);
    const s = validated(project.root, "prod");
    expect(routingOf(s, "pageview-counter", "8")).to.deep.equal({ functionVersion: "7", state: "dark" });
  });

  it("after canary --weight 0.1: one additional version at 0.1, different from the primary", async () => {
    const driver = deployed("prod", { "pageview-counter": "8" }, { key: "pageview-counter", stableVersion: "7" });
    const h = harness({ root: project.root, driver });
    expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1")).to.equal(0);
    const s = validated(project.root, "prod");
    const r = routingOf(s, "pageview-counter", "8");
    expect(r).to.deep.equal({ functionVersion: "7", additionalVersionWeights: { "8": 0.1 }, state: "canary", canaryVersion: "8" });
    expect(Object.keys(r.additionalVersionWeights!)).to.have.length(1).and.not.include(r.functionVersion);
  });

  it("after canary --weight 0.1 the program's validator reports no error at all", async () => {
    const driver = deployed("prod", { "pageview-counter": "8" }, { key: "pageview-counter", stableVersion: "7" });
    const h = harness({ root: project.root, driver });
    expect(await h.run("canary", "--stack", "prod", "--function", "pageview-counter", "--weight", "0.1")).to.equal(0);
    validated(project.root, "prod");
  });
});
