import { expect } from "chai";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { DescribeAlarmsCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { PULUMI_MISSING } from "../../release/stack-driver";
import { FakeClock, FakeStackDriver, harness, mockAlarms, releaseOf, setRelease, tempProject } from "./support";

const KEY = "pageview-counter";
const SHIFT = ["shift", "--stack", "prod", "--function", KEY, "--steps", "10,25,50,100", "--interval", "5m", "--poll", "30s"];
const MIN = 60_000;

describe("release CLI: shift", () => {
  let project: ReturnType<typeof tempProject>;
  let cw: AwsClientStub<CloudWatchClient> | undefined;
  let clock: FakeClock;
  let driver: FakeStackDriver;

  /** prod's pageview-counter: stable 7, version 8 published (dark, or at `weight`). */
  function setup(weight = 0, published = "8") {
    project = tempProject();
    clock = new FakeClock();
    setRelease(project.file("prod"), KEY, { stableVersion: "7", canaryWeight: weight });
    driver = new FakeStackDriver(project.root, { [KEY]: published, hello: "3" }, clock);
    driver.deploy("prod");
  }
  const weights = () => driver.ups.map((u) => u.release[KEY]!.canaryWeight);
  const stables = () => driver.ups.map((u) => u.release[KEY]!.stableVersion);

  afterEach(() => {
    cw?.restore();
    cw = undefined;
    project.cleanup();
  });

  it("runs 10, 25, 50, 100 and ends promoted: stableVersion = canary, weight 0, one up per step", async () => {
    setup();
    cw = mockAlarms();
    const h = harness({ root: project.root, driver, clock });
    const start = clock.now();
    expect(await h.run(...SHIFT)).to.equal(0);

    expect(driver.ups).to.have.length(4);
    expect(weights()).to.deep.equal([0.1, 0.25, 0.5, 0]);
    expect(stables()).to.deep.equal(["7", "7", "7", "8"]);
    expect(releaseOf(project.read("prod"), KEY)).to.deep.equal({ aliasName: "live", stableVersion: "8", canaryWeight: 0 });
    // Each step is watched for the full interval before the next one.
    expect(driver.ups.map((u) => (u.at - start) / MIN)).to.deep.equal([0, 5, 10, 15]);
    expect(clock.now() - start).to.equal(20 * MIN);

    const out = h.out.join("\n");
    expect(out).to.contain("step 1/4: 10 % of alias live to version 8, 90 % stays on 7");
    expect(out).to.contain("step 4/4: 100 % → promote: stableVersion 7 → 8, canaryWeight 0");
    expect(out).to.match(/ {2}25 %: 4m30s left · alarms: 5 OK/);
    expect(out).to.contain("shift complete: version 8 is the stable version of pageview-counter on alias live (was 7)");
    // Alarms read: before the shift, then every 30 s for 5 min per step.
    expect(cw.commandCalls(DescribeAlarmsCommand)).to.have.length(1 + 4 * 10);
    // During the canary steps the canary-version alarms are watched too.
    const names = cw.commandCalls(DescribeAlarmsCommand)[5]!.args[0].input.AlarmNames!;
    expect(names).to.include("private-lambda-prod-pageview-counter-live-canary-alarm-errors");
  });

  it("rolls back at once on an ALARM mid-shift: weight 0, alias on stable, exit 1", async () => {
    setup();
    let readsAt25 = 0;
    cw = mockAlarms((name) => {
      if (driver.deployedWeight(KEY) !== 0.25 || !name.endsWith("canary-alarm-errors")) return "OK";
      return ++readsAt25 >= 2 ? "ALARM" : "OK"; // fires on the second read at 25 %
    });
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(1);

    expect(weights()).to.deep.equal([0.1, 0.25, 0]);
    expect(stables()).to.deep.equal(["7", "7", "7"]);
    expect(releaseOf(project.read("prod"), KEY)).to.deep.equal({ aliasName: "live", stableVersion: "7", canaryWeight: 0 });
    expect(driver.deployedWeight(KEY)).to.equal(0);
    // "At once": two polls (1 min) after the 25 % apply, not after the 5 min interval.
    expect(driver.ups[2]!.at - driver.ups[1]!.at).to.equal(1 * MIN);
    const err = h.err.join("\n");
    expect(err).to.match(/ALARM at 25 %: private-lambda-prod-pageview-counter-live-canary-alarm-errors \(Threshold Crossed/);
    expect(err).to.contain("rolling back: canaryWeight 0, alias live back on version 7");
    expect(err).to.contain("shift failed at 25 %: rolled back; alias live serves version 7 only");
  });

  it("after the 100 % step, an ALARM restores the previous stable version", async () => {
    setup();
    cw = mockAlarms(() => (releaseOf(project.read("prod"), KEY).stableVersion === "8" ? "ALARM" : "OK"));
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(1);
    expect(stables()).to.deep.equal(["7", "7", "7", "8", "7"]);
    expect(releaseOf(project.read("prod"), KEY)).to.deep.equal({ aliasName: "live", stableVersion: "7", canaryWeight: 0 });
  });

  it("resumes an interrupted shift from the config: at 25 % it goes on at 50 %", async () => {
    setup(0.25);
    cw = mockAlarms();
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(0);
    expect(h.out.join("\n")).to.contain("shift in progress at 25 %: resuming at 50 %");
    expect(weights()).to.deep.equal([0.5, 0]);
    expect(stables()).to.deep.equal(["7", "8"]);
    expect(releaseOf(project.read("prod"), KEY)).to.deep.equal({ aliasName: "live", stableVersion: "8", canaryWeight: 0 });
  });

  it("is safe to interrupt while watching: stops at 25 %, says so, and a re-run finishes", async () => {
    setup();
    cw = mockAlarms();
    const controller = new AbortController();
    clock.onSleep = (n) => n === 13 && controller.abort(); // 3rd poll of step 2 (25 %)
    const h = harness({ root: project.root, driver, clock, signal: controller.signal });
    expect(await h.run(...SHIFT)).to.equal(130);
    expect(releaseOf(project.read("prod"), KEY).canaryWeight).to.equal(0.25);
    expect(h.err.join("\n")).to.contain("interrupted at 25 %: alias live sends 25 % to version 8 and stays there. Re-run the same");
    expect(h.err.join("\n")).to.contain("or add --abort to roll back");

    clock.onSleep = undefined;
    const again = harness({ root: project.root, driver, clock });
    expect(await again.run(...SHIFT)).to.equal(0);
    expect(again.out.join("\n")).to.contain("shift in progress at 25 %: resuming at 50 %");
    expect(weights()).to.deep.equal([0.1, 0.25, 0.5, 0]);
  });

  it("re-applies the config's step first when the last apply did not finish", async () => {
    setup(0.1);
    setRelease(project.file("prod"), KEY, { canaryWeight: 0.25 }); // written, apply interrupted
    cw = mockAlarms();
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(0);
    expect(h.out.join("\n")).to.contain("the deployed alias sends 10 % to the canary but the config says 25 %: the last apply did not finish; applying and watching 25 % again first");
    expect(weights()).to.deep.equal([0.25, 0.5, 0]);
  });

  it("--abort rolls back a shift in progress", async () => {
    setup(0.5);
    cw = mockAlarms();
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT, "--abort")).to.equal(0);
    expect(weights()).to.deep.equal([0]);
    expect(releaseOf(project.read("prod"), KEY)).to.deep.equal({ aliasName: "live", stableVersion: "7", canaryWeight: 0 });
    expect(h.out.join("\n")).to.contain("shift aborted: alias live serves version 7 only");
  });

  it("rolls back when an apply fails mid-shift", async () => {
    setup();
    cw = mockAlarms();
    driver.failUps.add(2);
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(1);
    expect(weights()).to.deep.equal([0.1, 0.25, 0]);
    expect(releaseOf(project.read("prod"), KEY).canaryWeight).to.equal(0);
    expect(h.err.join("\n")).to.match(/pulumi up failed at 25 %: error: update failed/);
  });

  it("says loudly when the rollback itself cannot be applied", async () => {
    setup();
    cw = mockAlarms(() => (driver.deployedWeight(KEY) === 0.1 ? "ALARM" : "OK"));
    driver.failUps.add(2);
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(1);
    expect(h.err.join("\n")).to.match(/ROLLBACK NOT APPLIED: .*\n.*alias live may still send 10 % to version 8\. Run `npm run release -- rollback --stack prod --function pageview-counter --apply`/);
    expect(releaseOf(project.read("prod"), KEY).canaryWeight).to.equal(0);
  });

  it("does not start when an alarm is already firing", async () => {
    setup();
    cw = mockAlarms((name) => (name.endsWith("live-alarm-errors") ? "ALARM" : "OK"));
    const before = project.read("prod");
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(1);
    expect(h.err.join("\n")).to.match(/alarms in ALARM before the shift: .*live-alarm-errors.*; not starting/);
    expect(project.read("prod")).to.equal(before);
    expect(driver.ups).to.have.length(0);
  });

  it("has nothing to shift when the latest published version is the stable one", async () => {
    setup(0, "7");
    cw = mockAlarms();
    const before = project.read("prod");
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run(...SHIFT)).to.equal(0);
    expect(h.out.join("\n")).to.contain("nothing to shift: the latest published version 7 is the stable version of pageview-counter");
    expect(project.read("prod")).to.equal(before);
  });

  it("stops at the last step below 100 % without promoting", async () => {
    setup();
    cw = mockAlarms();
    const h = harness({ root: project.root, driver, clock });
    expect(await h.run("shift", "--stack", "prod", "--function", KEY, "--steps", "5,20", "--interval", "1m")).to.equal(0);
    expect(weights()).to.deep.equal([0.05, 0.2]);
    expect(h.out.join("\n")).to.contain("shift finished at 20 %: version 8 keeps 20 % of alias live; run `promote` to finish");
  });

  describe("prerequisites and validation (nothing changes)", () => {
    it("needs the pulumi CLI", async () => {
      setup();
      const before = project.read("prod");
      const h = harness({ root: project.root, driver: { unavailable: PULUMI_MISSING }, clock });
      expect(await h.run(...SHIFT)).to.equal(2);
      expect(h.err.join("\n")).to.contain("`pulumi` CLI not found on PATH");
      expect(project.read("prod")).to.equal(before);
    });

    it("needs AWS credentials to read alarms", async () => {
      setup();
      cw = mockAlarms();
      cw.on(DescribeAlarmsCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
      const before = project.read("prod");
      const h = harness({ root: project.root, driver, clock });
      expect(await h.run(...SHIFT)).to.equal(2);
      expect(h.err.join("\n")).to.match(/cannot read alarm states: no AWS credentials: set AWS_PROFILE.*; nothing changed/);
      expect(project.read("prod")).to.equal(before);
      expect(driver.ups).to.have.length(0);
    });

    for (const [flag, value, message] of [
      ["--steps", "50,25", /--steps: got "50,25", allowed comma-separated integer percentages 1–100 in ascending order.*25 does not come after 50/],
      ["--steps", "0,100", /--steps: got "0,100".*0 is outside 1–100/],
      ["--interval", "5", /--interval: got "5", allowed a whole number of seconds, minutes or hours such as 30s, 5m, 1h/],
      ["--interval", "fast", /--interval: got "fast"/],
    ] as const) {
      it(`rejects ${flag} ${value}`, async () => {
        setup();
        const before = project.read("prod");
        const h = harness({ root: project.root, driver, clock });
        const args = [...SHIFT];
        args[args.indexOf(flag) + 1] = value;
        expect(await h.run(...args)).to.equal(2);
        expect(h.err.join("\n")).to.match(message);
        expect(project.read("prod")).to.equal(before);
      });
    }
  });
});
