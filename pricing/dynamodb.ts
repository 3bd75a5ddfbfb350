/**
 * Monthly cost of DynamoDB tables in on-demand capacity mode (Standard table class): write and read
 * request units, storage and point-in-time recovery. Pure: prices come from a {@link PriceTable}.
 *
 * Rules (https://aws.amazon.com/dynamodb/pricing/on-demand/, "Key terms"):
 * - A standard write of an item up to 1 KB is one write request unit (WRU); larger items take one
 *   more WRU per further KB (started). A transactional write takes twice as many.
 * - A strongly consistent read of an item up to 4 KB is one read request unit (RRU); larger items one
 *   more per further 4 KB (started). Eventually consistent reads take half, transactional reads twice.
 * - Storage and point-in-time recovery (PITR, billed on the table's size) per GB-month.
 * Each line is rounded to cents half-up; a missing price makes the line unpriced (pricing/lines.ts).
 * The DynamoDB free tier (25 GB of storage) is not subtracted: it applies once per account.
 */
import { costLine, requirePrice, unpricedReason, type MissingPrices } from "./lines";
import { sumUsd } from "./money";
import { DEFAULT_PRICE_TABLE, regionPricesFor } from "./rates";
import type { CostLine, PriceTable } from "./types";

/** How a read is made; decides the RRU per 4 KB. */
export type ReadConsistency = "eventual" | "strong" | "transactional";
/** How a write is made; decides the WRU per KB. */
export type WriteKind = "standard" | "transactional";

export const READ_CONSISTENCIES: readonly ReadConsistency[] = ["eventual", "strong", "transactional"];

/** KB (1,024 bytes) one WRU writes. */
export const WRITE_UNIT_KB = 1;
/** KB one RRU reads strongly consistently. */
export const READ_UNIT_KB = 4;

const READ_FACTOR: Readonly<Record<ReadConsistency, number>> = { eventual: 0.5, strong: 1, transactional: 2 };
const WRITE_FACTOR: Readonly<Record<WriteKind, number>> = { standard: 1, transactional: 2 };

/**
 * Write request units of `writes` writes of items of `itemKb` KB each.
 * @param kind @default "standard"
 */
export function writeRequestUnits(writes: number, itemKb: number, kind: WriteKind = "standard"): number {
  return writes * Math.max(1, Math.ceil(itemKb / WRITE_UNIT_KB)) * WRITE_FACTOR[kind];
}

/**
 * Read request units of `reads` reads of items of `itemKb` KB each.
 * @param consistency @default "eventual"
 */
export function readRequestUnits(reads: number, itemKb: number, consistency: ReadConsistency = "eventual"): number {
  return reads * Math.max(1, Math.ceil(itemKb / READ_UNIT_KB)) * READ_FACTOR[consistency];
}

/** Monthly usage of one on-demand table, in billed units. */
export interface TableUsage {
  /** Label used in line ids and items, e.g. the table's config key. */
  readonly name: string;
  readonly writeRequestUnits: number;
  readonly readRequestUnits: number;
  /** Average table size over the month, GB. @default 0 */
  readonly storageGb?: number;
  /** PITR enabled (billed on the table's size). @default false */
  readonly pointInTimeRecovery?: boolean;
}

export interface DynamoDbUsage {
  readonly region: string;
  readonly tables: readonly TableUsage[];
}

export interface DynamoDbCost {
  /** Sum of the rounded lines. */
  readonly totalUsd: number;
  readonly lines: CostLine[];
}

export interface DynamoDbCostOptions {
  /** @default DEFAULT_PRICE_TABLE */
  readonly prices?: PriceTable;
  /** @default "error" */
  readonly missingPrices?: MissingPrices;
}

/**
 * Cost lines of the tables: per table, write and read request units, storage, and PITR when enabled
 * (ids `dynamodb.<name>.writeRequests`, `.readRequests`, `.storage`, `.pitr`).
 */
export function estimateDynamoDbCost(usage: DynamoDbUsage, opts: DynamoDbCostOptions = {}): DynamoDbCost {
  const table = opts.prices ?? DEFAULT_PRICE_TABLE;
  const mode = opts.missingPrices ?? "error";
  const prices = regionPricesFor(table, usage.region);
  const d = prices.dynamodb ?? {};
  const line = (field: string, price: number | undefined, id: string, item: string, quantity: number, unit: string): CostLine =>
    costLine(prices, field, {
      id,
      item,
      quantity,
      unit,
      unitPriceUsd: requirePrice(prices, usage.region, field, price, mode),
      unpricedReason: unpricedReason(usage.region, field),
    });
  const lines: CostLine[] = [];
  for (const t of usage.tables) {
    const id = `dynamodb.${t.name}`;
    lines.push(line("dynamodb.writeRequestUsdPerUnit", d.writeRequestUsdPerUnit, `${id}.writeRequests`, `DynamoDB ${t.name}: write request units`, t.writeRequestUnits, "WRU"));
    lines.push(line("dynamodb.readRequestUsdPerUnit", d.readRequestUsdPerUnit, `${id}.readRequests`, `DynamoDB ${t.name}: read request units`, t.readRequestUnits, "RRU"));
    const gb = t.storageGb ?? 0;
    lines.push(line("dynamodb.storageUsdPerGbMonth", d.storageUsdPerGbMonth, `${id}.storage`, `DynamoDB ${t.name}: storage`, gb, "GB-month"));
    if (t.pointInTimeRecovery === true) lines.push(line("dynamodb.pitrUsdPerGbMonth", d.pitrUsdPerGbMonth, `${id}.pitr`, `DynamoDB ${t.name}: point-in-time recovery`, gb, "GB-month"));
  }
  return { totalUsd: sumUsd(lines.map((l) => l.usd)), lines };
}

