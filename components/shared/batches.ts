/**
 * Building a stack's resources in batches, with a yield to the event loop between batches.
 *
 * Constructing a resource only starts its registration; the rest (inputs awaited, serialised, sent,
 * outputs resolved) runs on promises. Without a yield every resource of the stack is constructed
 * first and all of their registrations are in flight at once: under the plan's mock engine, 500
 * functions then peak at ~1.3 GB (and at 830 MB on Node 24 with yields between the functions but
 * none between their 500 roles). With one yield per batch, each batch's registrations finish (and
 * their garbage goes) while the next is built. Under `pulumi preview`/`up` a yield costs nothing and
 * changes no resource or output. Measured in bench/README.md ("Plan").
 *
 * No Pulumi import: bench/plan-scale.ts reads RESOURCES_PER_YIELD for its floor, which must yield as
 * the program does.
 */

/** Resources constructed between two yields. */
export const RESOURCES_PER_YIELD = 50;

/** Batch sizes in items of each kind: a function is ~10 resources, a role 2, a function's triggers up to ~10. */
export const FUNCTIONS_PER_YIELD = RESOURCES_PER_YIELD / 10;
export const ROLES_PER_YIELD = RESOURCES_PER_YIELD / 2;

/** `build(item)` for each item in order, yielding to the event loop (`setImmediate`) after every `perYield` items. */
export async function buildInBatches<T, R>(items: readonly T[], perYield: number, build: (item: T) => R): Promise<R[]> {
  if (!Number.isInteger(perYield) || perYield < 1) throw new RangeError(`perYield: got ${perYield}, allowed a whole number ≥ 1`);
  const built: R[] = [];
  for (const [i, item] of items.entries()) {
    if (i > 0 && i % perYield === 0) await new Promise((resolve) => setImmediate(resolve));
    built.push(build(item));
  }
  return built;
}
