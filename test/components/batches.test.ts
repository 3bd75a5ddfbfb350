import { expect } from "chai";
import { buildInBatches, FUNCTIONS_PER_YIELD, RESOURCES_PER_YIELD, ROLES_PER_YIELD } from "../../components/shared/batches";

// The program builds its roles, functions and triggers in batches with a yield to the event loop
// between them (index.ts), so that each batch's registrations finish before the next is built.

/** Runs `buildInBatches` while a setImmediate ticker counts event-loop turns; returns the turn each item was built in, and the turn it returned in. */
async function turnsOfBuilds(count: number, perYield: number): Promise<{ built: number[]; turns: number[]; turnAfter: number }> {
  let turn = 0;
  let running = true;
  const tick = (): void => {
    turn++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const turns: number[] = [];
  const items = Array.from({ length: count }, (_, i) => i);
  const built = await buildInBatches(items, perYield, (i) => {
    turns.push(turn);
    return i * 10;
  });
  const turnAfter = turn;
  running = false;
  return { built, turns, turnAfter };
}

describe("buildInBatches", () => {
  it("builds every item in order and returns what each build returned", async () => {
    const { built } = await turnsOfBuilds(12, 5);
    expect(built).to.deep.equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
  });

  it("yields to the event loop after every perYield items, not before the first nor after the last", async () => {
    // 12 items, 5 per batch: items 0–4 in one turn, 5–9 in a later one, 10–11 in a later one still.
    const { turns, turnAfter } = await turnsOfBuilds(12, 5);
    const batches = [turns.slice(0, 5), turns.slice(5, 10), turns.slice(10)];
    for (const batch of batches) expect(new Set(batch).size, `one turn per batch: ${turns.join(",")}`).to.equal(1);
    expect(batches[1]![0]).to.be.greaterThan(batches[0]![0]!);
    expect(batches[2]![0]).to.be.greaterThan(batches[1]![0]!);
    // No yield before the first item (it is built in the caller's turn), none after the last.
    expect(turns[0]).to.equal(0);
    expect(turnAfter).to.equal(batches[2]![0]);
  });

  it("one batch when there are no more items than perYield (no yield at all)", async () => {
    const { turns, turnAfter } = await turnsOfBuilds(5, 5);
    expect(turns).to.deep.equal([0, 0, 0, 0, 0]);
    expect(turnAfter).to.equal(0);
  });

  it("an empty list builds nothing", async () => {
    expect(await buildInBatches([], 5, () => 1)).to.deep.equal([]);
  });

  it("a batch size that is not a whole number ≥ 1 is an error", async () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      let error: unknown;
      await buildInBatches([1, 2], bad, (x) => x).catch((e: unknown) => (error = e));
      expect(error, String(bad)).to.be.instanceOf(RangeError);
      expect((error as Error).message).to.contain(`got ${bad}`);
    }
  });

  it("the program's batch sizes are valid batch sizes (whole numbers ≥ 1)", async () => {
    for (const perYield of [RESOURCES_PER_YIELD, FUNCTIONS_PER_YIELD, ROLES_PER_YIELD]) expect(await buildInBatches([1, 2, 3], perYield, (x) => x)).to.deep.equal([1, 2, 3]);
  });
});
