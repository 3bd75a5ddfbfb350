import type { APIGatewayProxyResult } from "aws-lambda";
import { errorResponse, findEventParameter, jsonResponse } from "../shared/http";

/** Greeted when the event carries no name. */
export const DEFAULT_NAME = "World";
/** Longest accepted name, in Unicode code points (an emoji counts as one). */
export const MAX_NAME_CHARS = 100;

export const nameNotStringMessage = (type: string): string => `name must be a string, got ${type}`;
export const nameLengthMessage = (chars: number): string =>
  `name must be 1–${MAX_NAME_CHARS} characters, got ${chars}`;

/** A name, or why the event's name was refused. */
export type NameResolution = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly message: string };

/**
 * The name to greet: `event.name`, else `event.queryStringParameters.name`, else
 * `event.pathParameters.name`, else {@link DEFAULT_NAME}. Absent means `undefined` or `null`;
 * a present name must be a string of 1–{@link MAX_NAME_CHARS} code points.
 */
export function resolveHelloName(event: unknown): NameResolution {
  const found = findEventParameter(event, "name");
  if (found === undefined) return { ok: true, name: DEFAULT_NAME };
  const { value } = found;
  if (typeof value !== "string") {
    return { ok: false, message: nameNotStringMessage(Array.isArray(value) ? "array" : typeof value) };
  }
  const chars = [...value].length;
  if (chars < 1 || chars > MAX_NAME_CHARS) return { ok: false, message: nameLengthMessage(chars) };
  return { ok: true, name: value };
}

/** 200 `{ message: "Hello, <name>!" }`, or 400 `{ error }` for a refused name. */
export function toHelloResponse(resolution: NameResolution): APIGatewayProxyResult {
  return resolution.ok
    ? jsonResponse(200, { message: `Hello, ${resolution.name}!` })
    : errorResponse(400, resolution.message);
}
