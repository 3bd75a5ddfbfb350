import type { APIGatewayProxyResult } from "aws-lambda";

/** The one content type our handlers answer with. */
export const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ "content-type": "application/json" });

/**
 * An API-Gateway-style response whose body is `JSON.stringify(body)`. The shape is accepted by REST
 * (payload v1) and HTTP (payload v2) APIs, by function URLs and by direct invocations alike.
 */
export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
}

/** A 4xx/5xx response carrying `{ "error": message }`. */
export function errorResponse(statusCode: number, message: string): APIGatewayProxyResult {
  return jsonResponse(statusCode, { error: message });
}

/** `value` if it is a non-null object (not an array), else `undefined`: events are untrusted input. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * The first of `event[key]`, `event.queryStringParameters[key]`, `event.pathParameters[key]` that is
 * present, with where it came from. `undefined` and `null` count as absent (JSON has no `undefined`).
 * Handles direct invocations (`{ "name": "Ada" }`) and API Gateway v1/v2 and function-URL events.
 */
export function findEventParameter(
  event: unknown,
  key: string,
  sources: readonly EventParameterSource[] = ["event", "queryStringParameters", "pathParameters"],
): { source: EventParameterSource; value: unknown } | undefined {
  const root = asRecord(event);
  if (root === undefined) return undefined;
  for (const source of sources) {
    const bag = source === "event" ? root : asRecord(root[source]);
    const value = bag?.[key];
    if (value !== undefined && value !== null) return { source, value };
  }
  return undefined;
}

/** Where {@link findEventParameter} looks, in order. */
export type EventParameterSource = "event" | "queryStringParameters" | "pathParameters";
