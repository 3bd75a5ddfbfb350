/**
 * Cost rules: the stack's estimate against its monthly budget. Pure. The numbers come from the cost
 * report (`report/cost-report.ts`: `totalUsd`, `budgetUsd`), handed over in the context.
 */
import type { FindingCollector, GuardrailContext } from "./findings";
import { isProdEnv, TYPES } from "./rule-table";

export function checkCost(c: FindingCollector, ctx: GuardrailContext): void {
  const cost = ctx.cost;
  if (!cost) return;
  const stack = `${TYPES.stack}::${ctx.stack ?? "stack"}`;
  const budget = cost.budgetUsd;
  if (budget === undefined || budget === null) {
    if (isProdEnv(ctx.env)) c.violation("PL-COST-002", stack, "pricing.budgetUsd", { message: `got no budget for the ${ctx.env} stack, allowed a monthly budget in USD`, allowed: "a monthly budget in USD" });
    return;
  }
  if (typeof cost.totalUsd !== "number" || !Number.isFinite(cost.totalUsd)) return c.notEvaluated("PL-COST-001", stack, "totalUsd");
  if (typeof budget !== "number" || !Number.isFinite(budget)) return c.notEvaluated("PL-COST-001", stack, "pricing.budgetUsd");
  if (cost.totalUsd > budget) {
    const over = Math.round((cost.totalUsd - budget) * 100) / 100;
    c.violation("PL-COST-001", stack, "pricing.budgetUsd", {
      value: cost.totalUsd,
      allowed: `≤ ${budget.toFixed(2)} USD/month`,
      message: `estimated ${cost.totalUsd.toFixed(2)} USD/month, over the budget of ${budget.toFixed(2)} USD/month by ${over.toFixed(2)} USD`,
    });
  }
}
