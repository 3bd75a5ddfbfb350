import type { AttributeValue, UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { findEventParameter } from "../shared/http";

/** Accepted page ids: what a URL path segment can carry without escaping, 1–128 characters. */
export const PAGE_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;
/** Partition key attribute (string). */
export const PAGE_ATTRIBUTE = "page";
/** Counter attribute (number). */
export const COUNT_ATTRIBUTE = "count";

export const PAGE_MISSING_MESSAGE = "page is required (event.page or path parameter 'page')";
export const pageInvalidMessage = (shown: string): string =>
  `page must match ${PAGE_PATTERN.source}, got ${shown}`;
export const TABLE_NAME_MISSING_MESSAGE = "TABLE_NAME environment variable is not set";

export type PageResolution = { readonly ok: true; readonly page: string } | { readonly ok: false; readonly message: string };

/** The page id from `event.page`, else `event.pathParameters.page`, validated against {@link PAGE_PATTERN}. */
export function resolvePage(event: unknown): PageResolution {
  const found = findEventParameter(event, "page", ["event", "pathParameters"]);
  if (found === undefined) return { ok: false, message: PAGE_MISSING_MESSAGE };
  const { value } = found;
  if (typeof value === "string" && PAGE_PATTERN.test(value)) return { ok: true, page: value };
  // Echo a bounded, JSON-quoted form: the value is untrusted and may be huge.
  const shown = typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
  return { ok: false, message: pageInvalidMessage(shown) };
}

/**
 * Atomic increment: `ADD #count :one` creates the item and the attribute at 0 when missing, and
 * concurrent increments serialise on the item, so none is lost. `UPDATED_NEW` returns the new value.
 */
export function toIncrementInput(tableName: string, page: string): UpdateItemCommandInput {
  return {
    TableName: tableName,
    Key: { [PAGE_ATTRIBUTE]: { S: page } },
    UpdateExpression: "ADD #count :one",
    ExpressionAttributeNames: { "#count": COUNT_ATTRIBUTE },
    ExpressionAttributeValues: { ":one": { N: "1" } },
    ReturnValues: "UPDATED_NEW",
  };
}

/** The counter from an `UPDATED_NEW` result; throws if DynamoDB returned something else. */
export function toCount(attributes: Record<string, AttributeValue> | undefined): number {
  const raw = attributes?.[COUNT_ATTRIBUTE]?.N;
  const count = raw === undefined ? Number.NaN : Number(raw);
  if (!Number.isSafeInteger(count)) throw new Error(`UpdateItem returned no integer '${COUNT_ATTRIBUTE}' (got ${String(raw)})`);
  return count;
}
