/**
 * The whole program for both shipped stacks as a real `pulumi preview` of a first deploy sees it:
 * `setMocks(..., preview = true)` with every id and computed output unknown (the mock engine's
 * `unknownOutputs`: no id, state = the inputs only; awsx's VPC returns nothing, so its subnet and
 * route table ids are unknown too). Child processes, one per variant (module cache).
 */
import { expect } from "chai";
import type { ProgramRun } from "../../plan/run";
import { evaluateStack, find } from "../helpers/program";

/** An unknown value as the mock engine records it (the deserialized form of Pulumi's unknown sentinel). */
const UNKNOWN = { __pulumiUnknown: true };
const hasUnknown = (v: unknown) => JSON.stringify(v).includes('"__pulumiUnknown":true');

const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

for (const stack of ["dev", "prod"] as const) {
  describe(`program, stack ${stack}, as a preview with unknown ids and outputs`, function () {
    this.timeout(120_000);
    let preview: ProgramRun;
    let known: ProgramRun;
    before(async () => {
      [preview, known] = await Promise.all([evaluateStack({ stack, preview: true, mockOptions: { unknownOutputs: true } }), evaluateStack({ stack })]);
    });

    it("registers every resource a run with known outputs registers, without an exception", () => {
      expect(preview.failure).to.equal(undefined);
      expect(preview.violations.filter((v) => v.severity === "error")).to.deep.equal([]);
      expect(preview.resources.map(key).sort()).to.deep.equal(known.resources.map(key).sort());
      expect(preview.resources.length).to.be.greaterThan(30);
    });

    it("really had unknowns: the functions' subnet ids and the gateway endpoint's route tables (from awsx), the role ARN", () => {
      const fn = find(preview, "aws:lambda/function:Function", "hello-fn").inputs as Record<string, any>;
      const gateway = find(preview, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-dynamodb-endpoint").inputs as Record<string, any>;
      expect(gateway.routeTableIds).to.deep.equal(UNKNOWN);
      expect(hasUnknown(fn.vpcConfig.subnetIds)).to.equal(true);
      expect(fn.role).to.deep.equal(UNKNOWN);
    });

    it("still logs the cost report", () => {
      const info = preview.log.filter((l) => l.severity === "info").map((l) => l.message);
      expect(info.some((m) => m.includes(`private-lambda/${stack}`) && /Monthly cost estimate/.test(m))).to.equal(true);
    });
  });
}

describe("program, stack prod, preview: where the pinned alias points", function () {
  this.timeout(120_000);
  it("shows the pinned stableVersion as the alias's functionVersion (a plain value), and hello's (following each new version) as unknown", async () => {
    const preview = await evaluateStack({ stack: "prod", preview: true, mockOptions: { unknownOutputs: true } });
    // Pulumi.prod.yaml pins pageview-counter at "1" (it has provisioned concurrency); hello pins nothing.
    expect((find(preview, "aws:lambda/alias:Alias", "pageview-counter-alias").inputs as Record<string, unknown>).functionVersion).to.equal("1");
    expect((find(preview, "aws:lambda/alias:Alias", "hello-alias").inputs as Record<string, unknown>).functionVersion).to.deep.equal(UNKNOWN);
  });
});
