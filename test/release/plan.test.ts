import { expect } from "chai";
import fc from "fast-check";
import { resolveAliasRouting } from "../../components/private-function/release-routing";
import { UsageError } from "../../release/errors";
import { deployedDiffers, planCanary, planPromote, planRollback, shiftSchedule, type ReleaseView } from "../../release/plan";
import { ALARM_DEFAULTS } from "../../release/stack-config";

function view(over: Partial<ReleaseView> & { published?: string; weighted?: { version: string; weight: number } } = {}): ReleaseView {
  const { published, weighted, ...rest } = over;
  const base: ReleaseView = {
    key: "api",
    functionName: "p-dev-api",
    aliasName: "live",
    stableVersion: "7",
    canaryWeight: 0,
    timeoutSeconds: 10,
    alarms: ALARM_DEFAULTS,
    ...rest,
  };
  if (published === undefined) return base;
  const r = resolveAliasRouting(base, published);
  const w = weighted ?? (r.additionalVersionWeights ? { version: Object.keys(r.additionalVersionWeights)[0]!, weight: Object.values(r.additionalVersionWeights)[0]! } : undefined);
  return { ...base, deployed: { version: published, aliasVersion: r.functionVersion, weighted: w, state: r.state, alarmNames: [] } };
}

describe("release/plan", () => {
  describe("shiftSchedule", () => {
    const steps = [10, 25, 50, 100];
    for (const [configPct, deployedPct, expected, note] of [
      [0, 0, [10, 25, 50, 100], undefined],
      [10, 10, [25, 50, 100], "shift in progress at 10 %: resuming at 25 %"],
      [25, 25, [50, 100], "shift in progress at 25 %: resuming at 50 %"],
      [30, 30, [50, 100], "shift in progress at 30 %: resuming at 50 %"],
      [25, 10, [25, 50, 100], "the last apply did not finish; applying and watching 25 % again first"],
      [0, 25, [10, 25, 50, 100], "still sends 25 % to the canary but the config says 0 %"],
      [100, 100, [100], "shift in progress at 100 %: resuming at 100 %"],
    ] as const) {
      it(`config ${configPct} %, deployed ${deployedPct} % → ${expected.join(", ")}`, () => {
        const s = shiftSchedule(steps, configPct, deployedPct);
        expect(s.steps).to.deep.equal(expected);
        if (note) expect(s.notes.join("\n")).to.contain(note);
        else expect(s.notes).to.deep.equal([]);
      });
    }
    it("has nothing left past the last step below 100", () => {
      const s = shiftSchedule([10, 50], 50, 50);
      expect(s.steps).to.deep.equal([]);
      expect(s.notes[0]).to.match(/shift already at 50 %, at or past the last step \(50 %\): nothing left/);
    });
    it("never skips a step above the config's weight and never repeats one below it (property)", () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 99 }), (raw, configPct) => {
          const ordered = [...raw].sort((a, b) => a - b);
          const s = shiftSchedule(ordered, configPct, configPct);
          expect(s.steps).to.deep.equal(ordered.filter((p) => p > configPct));
        }),
      );
    });
  });

  describe("planCanary", () => {
    it("sets the weight; the canary is the latest published version", () => {
      expect(planCanary(view({ published: "8" }), 0.1).change).to.deep.equal({ canaryWeight: 0.1 });
    });
    it("refuses a stable version newer than anything published", () => {
      expect(() => planCanary(view({ stableVersion: "9", published: "8" }), 0.1)).to.throw(UsageError, /stableVersion is 9, but the latest published version is 8/);
    });
    it("gives no provisioned-concurrency warning at weight 0 and three with weights", () => {
      expect(planCanary(view({ published: "8", provisionedConcurrency: 5, canaryWeight: 0.1 }), 0).warnings).to.deep.equal([]);
      expect(planCanary(view({ published: "8", provisionedConcurrency: 5, reservedConcurrency: 5 }), 0.5).warnings.join("\n")).to.match(
        /about 2\.5 on version 7 and 2\.5 on version 8[\s\S]*never changes provisionedConcurrency[\s\S]*reservedConcurrency 5 leaves no room/,
      );
    });
  });

  describe("planPromote / planRollback", () => {
    it("promote: stable := latest published, weight 0", () => {
      expect(planPromote(view({ published: "8", canaryWeight: 0.5 })).change).to.deep.equal({ stableVersion: "8", canaryWeight: 0 });
    });
    it("promote --version of an older version leaves the latest dark", () => {
      const d = planPromote(view({ published: "9" }), "8");
      expect(d.change).to.deep.equal({ stableVersion: "8", canaryWeight: 0 });
      expect(d.notes.join("\n")).to.contain("version 9 (latest published) stays published and dark");
    });
    it("promote with nothing to shift changes nothing", () => {
      const d = planPromote(view({ published: "7" }));
      expect(d.change).to.equal(undefined);
      expect(d.nothing).to.match(/^nothing to shift: version 7 is already the stable version/);
    });
    it("rollback --to N: stable := N, weight 0; N must be published", () => {
      expect(planRollback(view({ published: "9", canaryWeight: 0.1 }), "3").change).to.deep.equal({ stableVersion: "3", canaryWeight: 0 });
      expect(() => planRollback(view({ published: "9" }), "10")).to.throw(UsageError, /--to: got 10, allowed a published version of p-dev-api: 1–9/);
    });
    it("every command's result routes the alias to at most one additional version, never the primary (property)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (stable, ahead, w) => {
          const published = String(stable + ahead);
          const v = view({ stableVersion: String(stable), published });
          for (const d of [planCanary(v, w), planPromote(v), planRollback(v, String(stable))]) {
            const release = { aliasName: "live", stableVersion: d.change?.stableVersion ?? v.stableVersion, canaryWeight: d.change?.canaryWeight ?? v.canaryWeight };
            const r = resolveAliasRouting(release, published);
            const extra = Object.keys(r.additionalVersionWeights ?? {});
            expect(extra.length).to.be.at.most(1);
            expect(extra).to.not.include(r.functionVersion);
          }
        }),
      );
    });
  });

  it("deployedDiffers spots an apply that did not finish", () => {
    expect(deployedDiffers(view({ published: "8", canaryWeight: 0.25 }))).to.equal(false);
    expect(deployedDiffers(view({ published: "8", canaryWeight: 0.25, weighted: { version: "8", weight: 0.1 } }))).to.equal(true);
  });
});
