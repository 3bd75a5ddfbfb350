import { expect } from "chai";
import * as fc from "fast-check";
import { evaluateGuardrails } from "../../guardrails/rules";
import { brief, DEV, PROD } from "./support";

describe("guardrails: cost rules", () => {
  describe("PL-COST-001 within budget", () => {
    it("rejects an estimate over the budget, on the stack (property pricing.budgetUsd), with the overage", () => {
      const f = evaluateGuardrails([], { ...DEV, stack: "private-lambda-dev", cost: { totalUsd: 62.5, budgetUsd: 50 } });
      expect(brief(f)).to.deep.equal(["PL-COST-001 pulumi:pulumi:Stack::private-lambda-dev pricing.budgetUsd error"]);
      expect(f[0]!.message).to.equal("estimated 62.50 USD/month, over the budget of 50.00 USD/month by 12.50 USD");
    });

    it("accepts an estimate at or under the budget", () => {
      expect(evaluateGuardrails([], { ...DEV, cost: { totalUsd: 50, budgetUsd: 50 } })).to.deep.equal([]);
      expect(evaluateGuardrails([], { ...PROD, cost: { totalUsd: 10, budgetUsd: 400 } })).to.deep.equal([]);
    });

    it("fails exactly when the total exceeds the budget (property)", () => {
      const money = fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100);
      fc.assert(
        fc.property(money, money, (totalUsd, budgetUsd) => {
          const f = evaluateGuardrails([], { ...DEV, cost: { totalUsd, budgetUsd } });
          expect(f.length).to.equal(totalUsd > budgetUsd ? 1 : 0);
        }),
      );
    });
  });

  describe("PL-COST-002 prod has a budget", () => {
    it("warns when a prod stack has no budget, not a dev stack", () => {
      expect(brief(evaluateGuardrails([], { ...PROD, cost: { totalUsd: 120 } }))).to.deep.equal(["PL-COST-002 pulumi:pulumi:Stack::stack pricing.budgetUsd warning"]);
      expect(evaluateGuardrails([], { ...DEV, cost: { totalUsd: 120 } })).to.deep.equal([]);
    });

    it("skips both cost rules without a cost report (the policy pack has none)", () => {
      expect(evaluateGuardrails([], PROD)).to.deep.equal([]);
    });
  });
});
