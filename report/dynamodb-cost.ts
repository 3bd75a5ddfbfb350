/**
 * Stack settings → the DynamoDB part of the monthly cost report (issue 17). Pure. Per table:
 * `tables.<key>.usage` when given; else request units derived from the functions that use the table
 * (`functions.<f>.tables[].access`) and their requests, each derived figure recorded as assumed.
 *
 * Derivation (one item of `avgItemKb`, default 1 KB, per request): `increment` is one UpdateItem
 * (one write); `read` one eventually consistent read; `readWrite` one read and one write.
 */
import { estimateDynamoDbCost, readRequestUnits, writeRequestUnits, type DynamoDbCost, type PriceTable, type TableUsage } from "../pricing";
import type { StackSettings } from "../config/validate";
import type { Assumption } from "./assumptions";

/** Item size when a table's usage does not give one, KB. */
export const DEFAULT_ITEM_KB = 1;

/** Table usage for one scenario; `requestsOf(key)` is a function's resolved requests per month. */
export function dynamoDbTableUsage(settings: StackSettings, requestsOf: (key: string) => number, assumptions?: Assumption[]): TableUsage[] {
  const note = (path: string, value: number, why: string) => assumptions?.push({ path, value, note: why });
  return Object.entries(settings.tables).map(([key, t]) => {
    const u = t.usage ?? {};
    const base = `tables.${key}.usage`;
    const users = settings.functions.flatMap((f) => f.tables.filter((x) => x.table === key).map((x) => ({ f, access: x.access })));
    const itemKb = u.avgItemKb ?? DEFAULT_ITEM_KB;
    const consistency = u.readConsistency ?? "eventual";
    let writes = u.writeRequestsPerMonth;
    let reads = u.readRequestsPerMonth;
    if (u.writeRequestUnitsPerMonth === undefined && writes === undefined) {
      writes = users.filter((x) => x.access !== "read").reduce((s, x) => s + requestsOf(x.f.key), 0);
      note(`${base}.writeRequestsPerMonth`, writes, `one write per request of ${users.filter((x) => x.access !== "read").map((x) => x.f.key).join(", ") || "no function"} (access increment/readWrite)`);
    }
    if (u.readRequestUnitsPerMonth === undefined && reads === undefined) {
      reads = users.filter((x) => x.access !== "increment").reduce((s, x) => s + requestsOf(x.f.key), 0);
      note(`${base}.readRequestsPerMonth`, reads, `one ${consistency} read per request of ${users.filter((x) => x.access !== "increment").map((x) => x.f.key).join(", ") || "no function"} (access read/readWrite)`);
    }
    if (u.avgItemKb === undefined && (u.writeRequestUnitsPerMonth === undefined || u.readRequestUnitsPerMonth === undefined)) note(`${base}.avgItemKb`, itemKb, "items up to 1 KB");
    const storageGb = u.storageGb ?? 0;
    if (u.storageGb === undefined) note(`${base}.storageGb`, 0, "table size not known: storage (and PITR) not counted");
    return {
      name: key,
      writeRequestUnits: u.writeRequestUnitsPerMonth ?? writeRequestUnits(writes ?? 0, itemKb),
      readRequestUnits: u.readRequestUnitsPerMonth ?? readRequestUnits(reads ?? 0, itemKb, consistency),
      storageGb,
      pointInTimeRecovery: t.pointInTimeRecovery,
    };
  });
}

/** The DynamoDB cost of a scenario (no lines when the stack has no tables). */
export function dynamoDbCost(settings: StackSettings, prices: PriceTable, requestsOf: (key: string) => number, assumptions?: Assumption[]): DynamoDbCost {
  const tables = dynamoDbTableUsage(settings, requestsOf, assumptions);
  if (tables.length === 0) return { totalUsd: 0, lines: [] };
  return estimateDynamoDbCost({ region: settings.region, tables }, { prices, missingPrices: "unpriced" });
}
