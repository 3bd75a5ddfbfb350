/**
 * release/outputs.ts: where the alias points comes from the provider-reported `alias` output of the
 * program, not from `routing` (what the config requested).
 */
import { expect } from "chai";
import { deployedFunction, describeRouting } from "../../release/outputs";

describe("release: deployed routing from the stack outputs", () => {
  it("reads the provider-reported alias (functionVersion, additionalVersionWeights), not the requested routing", () => {
    // The config asked for 7 + 8 at 10 %, but the update failed half-way: the provider reports the
    // alias still on 7 alone. Status must say 7 (100 %).
    const outputs = {
      functionOutputs: {
        api: {
          name: "p-prod-api",
          version: "8",
          routing: { functionVersion: "7", additionalVersionWeights: { "8": 0.1 }, state: "canary" },
          alias: { name: "live", functionVersion: "7", additionalVersionWeights: {} },
          alarmNames: [],
        },
      },
    };
    const r = deployedFunction(outputs, "api", "prod");
    expect(r).to.have.property("fn");
    const fn = (r as { fn: Parameters<typeof describeRouting>[1] }).fn;
    expect(fn.aliasVersion).to.equal("7");
    expect(fn.weighted).to.equal(undefined);
    expect(describeRouting("live", fn)).to.equal("alias live → version 7 (100 %) [canary]");
  });

  it("shows the reported weights: 7 at 90 % and 8 at 10 %", () => {
    const outputs = {
      functionOutputs: {
        api: { version: "8", routing: { functionVersion: "7", state: "canary" }, alias: { functionVersion: "7", additionalVersionWeights: { "8": 0.1 } }, alarmNames: [] },
      },
    };
    const fn = (deployedFunction(outputs, "api", "prod") as { fn: Parameters<typeof describeRouting>[1] }).fn;
    expect(fn.weighted).to.deep.equal({ version: "8", weight: 0.1 });
    expect(describeRouting("live", fn)).to.equal("alias live → version 7 (90 %) + version 8 (10 %) [canary]");
  });

  it("falls back to the requested routing for stacks deployed before the alias output existed", () => {
    const outputs = { functionOutputs: { api: { version: "3", routing: { functionVersion: "3", state: "unchanged" }, alarmNames: [] } } };
    const fn = (deployedFunction(outputs, "api", "prod") as { fn: Parameters<typeof describeRouting>[1] }).fn;
    expect(fn.aliasVersion).to.equal("3");
  });
});
