import { expect } from "chai";
import * as fc from "fast-check";
import { estimateFunctionCost, estimateStackCost } from "../../pricing/cost";
import { toCents } from "../../pricing/money";
import { DEFAULT_PRICE_TABLE } from "../../pricing/rates";
import type { Architecture, CostBreakdown, CostLine, CostOptions, FunctionUsage, InfrastructureUsage, NamedFunctionUsage } from "../../pricing/types";
import { HAND_CHECKED_PRICE_TABLE } from "../fixtures/hand-checked-prices";

// Invariants of the cost engine (docs/sources.md#conventions). Regions with all three tiers, so any usage is priceable.
const FULL_TIER_REGIONS = ["us-east-1", "us-east-2", "us-west-2"];

const architectureArb = fc.constantFrom<Architecture>("x86_64", "arm64");
const provisionedArb = fc.record({
  concurrency: fc.integer({ min: 0, max: 200 }),
  hoursPerMonth: fc.double({ min: 0, max: 744, noNaN: true }),
  requestsPerMonth: fc.integer({ min: 0, max: 50_000_000 }),
  avgDurationMs: fc.double({ min: 0, max: 30_000, noNaN: true }),
});
/** Up to 1e8 requests × 60 s × 10 GB = 6e10 GB-s: reaches tier 3 of both architectures. */
const usageArb: fc.Arbitrary<FunctionUsage> = fc.record(
  {
    region: fc.constantFrom(...FULL_TIER_REGIONS),
    architecture: architectureArb,
    memoryMb: fc.integer({ min: 128, max: 10_240 }),
    ephemeralStorageMb: fc.integer({ min: 512, max: 10_240 }),
    requestsPerMonth: fc.integer({ min: 0, max: 100_000_000 }),
    avgDurationMs: fc.double({ min: 0, max: 60_000, noNaN: true }),
    provisioned: provisionedArb,
  },
  { requiredKeys: ["region", "architecture", "memoryMb", "requestsPerMonth", "avgDurationMs"] },
);
const freeTierArb = fc.boolean();

const cents = (usd: number) => toCents(usd);
/** The unit price of a line that must be priced (every estimate without missingPrices "unpriced"). */
function unitPrice(l: CostLine): number {
  if (l.unitPriceUsd === null) throw new Error(`${l.id} is unpriced: ${l.unpriced?.reason ?? ""}`);
  return l.unitPriceUsd;
}
const total = (usage: FunctionUsage, freeTier = false) => cents(estimateFunctionCost(usage, { freeTier }).totalUsd);

function expectConsistent(cost: CostBreakdown): void {
  const lineCents = cost.lines.map((l) => cents(l.usd));
  for (const l of cost.lines) {
    expect(l.usd, l.id).to.be.at.least(0);
    expect(l.quantity, l.id).to.be.at.least(0);
    expect(Math.abs(l.usd * 100 - cents(l.usd)), `${l.id} is whole cents`).to.be.below(1e-6);
  }
  expect(cents(cost.totalUsd)).to.equal(lineCents.reduce((a, b) => a + b, 0));
  const parts = [cost.requestsUsd, cost.computeUsd, cost.provisionedConcurrencyUsd, cost.provisionedDurationUsd, cost.ephemeralStorageUsd];
  expect(cents(cost.totalUsd)).to.equal(parts.map(cents).reduce((a, b) => a + b, 0));
}

/** Functions of a once-failing case of "splits each bill line exactly" (see there). */
const SPLIT_COUNTEREXAMPLE: NamedFunctionUsage[] = [
  { region: "us-east-1", architecture: "x86_64", memoryMb: 128, requestsPerMonth: 0, avgDurationMs: 0, name: "fn0" },
  { region: "us-east-1", architecture: "arm64", memoryMb: 4744, requestsPerMonth: 69253213, avgDurationMs: 58441.00000005, name: "fn1" },
  { region: "us-east-1", architecture: "x86_64", memoryMb: 128, requestsPerMonth: 0, avgDurationMs: 0, name: "fn2" },
  { region: "us-east-1", architecture: "arm64", memoryMb: 1944, requestsPerMonth: 18640813, avgDurationMs: 5e-324, name: "fn3" },
  { region: "us-east-1", architecture: "x86_64", memoryMb: 128, requestsPerMonth: 0, avgDurationMs: 0, name: "fn4" },
  { region: "us-east-1", architecture: "x86_64", memoryMb: 128, requestsPerMonth: 0, avgDurationMs: 0, name: "fn5" },
] as const;

describe("pricing/cost properties", () => {
  it("has no negative line and a total equal to the sum of its rounded lines", () => {
    fc.assert(
      fc.property(usageArb, freeTierArb, (usage, freeTier) => {
        const cost = estimateFunctionCost(usage, { freeTier });
        expectConsistent(cost);
        // Each line is its quantity × unit price, rounded to cents.
        for (const l of cost.lines) expect(cents(l.usd), l.id).to.equal(cents(l.quantity * unitPrice(l)));
      }),
    );
  });

  it("is monotone non-decreasing in requests, duration and memory", () => {
    fc.assert(
      fc.property(
        usageArb,
        freeTierArb,
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 5_000, noNaN: true }),
        fc.integer({ min: 0, max: 2_048 }),
        (usage, freeTier, moreRequests, moreMs, moreMb) => {
          const base = total(usage, freeTier);
          expect(total({ ...usage, requestsPerMonth: usage.requestsPerMonth + moreRequests }, freeTier)).to.be.at.least(base);
          expect(total({ ...usage, avgDurationMs: usage.avgDurationMs + moreMs }, freeTier)).to.be.at.least(base);
          expect(total({ ...usage, memoryMb: usage.memoryMb + moreMb }, freeTier)).to.be.at.least(base);
        },
      ),
    );
  });

  it("never costs more with the free tier", () => {
    fc.assert(
      fc.property(usageArb, (usage) => {
        expect(total(usage, true)).to.be.at.most(total(usage, false));
      }),
    );
  });

  it("costs no more on arm64 than on x86_64 for the same usage in us-east-1", () => {
    fc.assert(
      fc.property(usageArb, freeTierArb, (usage, freeTier) => {
        const inUsEast1 = { ...usage, region: "us-east-1" };
        expect(total({ ...inUsEast1, architecture: "arm64" }, freeTier)).to.be.at.most(total({ ...inUsEast1, architecture: "x86_64" }, freeTier));
      }),
    );
  });

  it("is continuous across every duration tier bound (no jump beyond the marginal cost and rounding)", () => {
    const bounds: readonly [Architecture, number][] = [
      ["x86_64", 6e9],
      ["x86_64", 15e9],
      ["arm64", 7.5e9],
      ["arm64", 18.75e9],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...bounds), fc.integer({ min: 1, max: 1_000 }), freeTierArb, ([architecture, bound], epsilon, freeTier) => {
        // 1 s × 1,024 MB = 1 GB-s per request: requests = GB-s (plus the free 400,000 when applied).
        const at = (gbSeconds: number) =>
          total({ region: "us-east-1", architecture, memoryMb: 1024, avgDurationMs: 1000, requestsPerMonth: gbSeconds + (freeTier ? 400_000 : 0) }, freeTier);
        const jumpCents = at(bound + epsilon) - at(bound);
        const marginalCents = epsilon * (0.0000166667 + 0.0000002) * 100;
        expect(jumpCents).to.be.at.least(0);
        expect(jumpCents).to.be.at.most(marginalCents + 2); // one cent of rounding per changed line
        const belowCents = at(bound) - at(bound - epsilon);
        expect(Math.abs(jumpCents - belowCents)).to.be.at.most(2);
      }),
    );
  });

  describe("stacks", () => {
    const namedArb = (i: number) => usageArb.map((u): NamedFunctionUsage => ({ ...u, name: `fn${i}` }));
    const functionsArb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => namedArb(i))));
    const infraArb: fc.Arbitrary<InfrastructureUsage | undefined> = fc.option(
      fc.record({
        region: fc.constantFrom("us-east-1", "us-west-2"),
        interfaceEndpoints: fc.record({ count: fc.integer({ min: 0, max: 10 }), azs: fc.integer({ min: 1, max: 3 }), dataProcessedGb: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
        natGateways: fc.record({ count: fc.integer({ min: 0, max: 3 }), dataProcessedGb: fc.double({ min: 0, max: 1e5, noNaN: true }) }),
        logs: fc.record({ ingestedGb: fc.double({ min: 0, max: 1e5, noNaN: true }), storedGb: fc.double({ min: 0, max: 1e5, noNaN: true }) }),
        xray: fc.record({ tracesRecorded: fc.integer({ min: 0, max: 1e8 }), tracesRetrievedOrScanned: fc.integer({ min: 0, max: 1e8 }) }),
      }),
      { nil: undefined },
    );
    const otherUsageArb = fc.record({
      "us-east-1": fc.record({ x86_64: fc.double({ min: 0, max: 3e10, noNaN: true }), arm64: fc.double({ min: 0, max: 3e10, noNaN: true }) }),
    });

    // The hand-checked 2025-10-01 table prices every line here (X-Ray included); the generated catalog
    // has no X-Ray price, so with it X-Ray lines are unpriced $0 lines and the identity must still hold.
    const pricesArb = fc.constantFrom<Pick<CostOptions, "prices" | "missingPrices">>(
      { prices: HAND_CHECKED_PRICE_TABLE },
      { prices: DEFAULT_PRICE_TABLE, missingPrices: "unpriced" },
    );

    it("has a total equal to Σ function totals + infrastructure total, exactly in cents", () => {
      fc.assert(
        fc.property(functionsArb, infraArb, otherUsageArb, freeTierArb, pricesArb, (functions, infrastructure, otherUsage, freeTier, prices) => {
          const stack = estimateStackCost({ functions, infrastructure, otherUsage }, { freeTier, ...prices });
          const functionCents = stack.functions.reduce((sum, f) => sum + cents(f.totalUsd), 0);
          expect(cents(stack.totalUsd)).to.equal(functionCents + cents(stack.infrastructure.totalUsd));
          stack.functions.forEach(expectConsistent);
          for (const l of stack.infrastructure.lines) expect(l.usd, l.id).to.be.at.least(0);
        }),
      );
    });

    it("splits each bill line exactly: Σ function cents per (region, architecture, line) = the line priced on the summed quantity", () => {
      fc.assert(
        fc.property(functionsArb, otherUsageArb, freeTierArb, (functions, otherUsage, freeTier) => {
          const stack = estimateStackCost({ functions, otherUsage }, { freeTier });
          const bill = new Map<string, { quantity: number; unitPriceUsd: number; cents: number }>();
          stack.functions.forEach((f, i) => {
            for (const l of f.lines) {
              const key = `${functions[i].region} ${functions[i].architecture} ${l.id}`;
              const entry = bill.get(key) ?? { quantity: 0, unitPriceUsd: unitPrice(l), cents: 0 };
              bill.set(key, { ...entry, quantity: entry.quantity + l.quantity, cents: entry.cents + cents(l.usd) });
            }
          });
          for (const [key, line] of bill) expect(line.cents, key).to.equal(cents(line.quantity * line.unitPriceUsd));
          const billCents = [...bill.values()].reduce((sum, line) => sum + line.cents, 0);
          expect(cents(stack.totalUsd)).to.equal(billCents);
        }),
        // A case fast-check once found: with quantities shown to 12 significant digits but split on
        // the exact ones, these arm64 duration lines summed to a cent more than the line was charged.
        { examples: [[SPLIT_COUNTEREXAMPLE, { "us-east-1": { x86_64: 0, arm64: 0 } }, true]] },
      );
    });

    it("gives each function line within 2 cents of its own quantity × unit price", () => {
      fc.assert(
        fc.property(functionsArb, otherUsageArb, freeTierArb, (functions, otherUsage, freeTier) => {
          const stack = estimateStackCost({ functions, otherUsage }, { freeTier });
          for (const f of stack.functions) {
            for (const l of f.lines) expect(Math.abs(cents(l.usd) - l.quantity * unitPrice(l) * 100), `${f.name} ${l.id}`).to.be.at.most(2);
          }
        }),
      );
    });

    it("equals estimateFunctionCost for a single function", () => {
      fc.assert(
        fc.property(usageArb, freeTierArb, (usage, freeTier) => {
          const stack = estimateStackCost({ functions: [{ ...usage, name: "only" }] }, { freeTier });
          const { name, ...fromStack } = stack.functions[0];
          expect(name).to.equal("only");
          expect(fromStack).to.deep.equal(estimateFunctionCost(usage, { freeTier }));
          expect(stack.totalUsd).to.equal(fromStack.totalUsd);
        }),
      );
    });

    it("never costs more with the free tier", () => {
      fc.assert(
        fc.property(functionsArb, otherUsageArb, (functions, otherUsage) => {
          const withFree = estimateStackCost({ functions, otherUsage }, { freeTier: true });
          const without = estimateStackCost({ functions, otherUsage }, { freeTier: false });
          expect(cents(withFree.totalUsd)).to.be.at.most(cents(without.totalUsd));
        }),
      );
    });

    it("never costs more (beyond rounding) when other usage in the account grows", () => {
      fc.assert(
        fc.property(functionsArb, fc.double({ min: 0, max: 3e10, noNaN: true }), fc.double({ min: 0, max: 1e10, noNaN: true }), (functions, other, more) => {
          const at = (x86: number) => cents(estimateStackCost({ functions, otherUsage: { "us-east-1": { x86_64: x86 } } }).totalUsd);
          // Higher tiers are cheaper, so more usage elsewhere lowers this stack's cost, except that a
          // window newly straddling a bound is one more rounded bill line: at most 1 cent more.
          expect(at(other + more)).to.be.at.most(at(other) + 1);
        }),
      );
    });
  });
});
