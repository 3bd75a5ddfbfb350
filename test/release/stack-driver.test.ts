import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AutomationStackDriver, findOnPath, isUnavailable, PULUMI_MISSING, pulumiDriver } from "../../release/stack-driver";

describe("release/stack-driver", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-path-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds an executable on PATH without running it", () => {
    const bin = path.join(dir, "pulumi");
    fs.writeFileSync(bin, "#!/bin/sh\nexit 99\n", { mode: 0o755 });
    expect(findOnPath("pulumi", { PATH: `/nonexistent:${dir}` }, "linux")).to.equal(bin);
  });

  it("ignores files that are not executable, and directories", () => {
    fs.writeFileSync(path.join(dir, "pulumi"), "", { mode: 0o644 });
    fs.mkdirSync(path.join(dir, "sub", "pulumi"), { recursive: true });
    expect(findOnPath("pulumi", { PATH: `${dir}:${path.join(dir, "sub")}` }, "linux")).to.equal(undefined);
  });

  it("without pulumi on PATH says exactly what is missing and where to get it", () => {
    const d = pulumiDriver(dir, () => undefined, { PATH: dir });
    expect(isUnavailable(d)).to.equal(true);
    expect(d).to.deep.equal({ unavailable: PULUMI_MISSING });
    expect(PULUMI_MISSING).to.match(/^`pulumi` CLI not found on PATH: install it from https:\/\/www\.pulumi\.com\//);
  });

  it("with pulumi on PATH gives the Automation API driver for the project directory", () => {
    fs.writeFileSync(path.join(dir, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    expect(pulumiDriver(dir, () => undefined, { PATH: dir })).to.be.instanceOf(AutomationStackDriver);
  });
});
