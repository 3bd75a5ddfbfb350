// Test doubles shared by the handler specs.
import { Tracer } from "@aws-lambda-powertools/tracer";
import type { HandlerLogger } from "../../functions/shared/observability";

export interface LogRecord {
  level: "info" | "warn" | "error";
  message: string;
  attributes: Record<string, unknown>[];
}

/** A {@link HandlerLogger} that keeps every record in memory instead of printing JSON lines. */
export function recordingLogger(): HandlerLogger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const log = (level: LogRecord["level"]) => (message: string, ...attributes: Record<string, unknown>[]) => {
    records.push({ level, message, attributes });
  };
  return { records, addContext: () => undefined, info: log("info"), warn: log("warn"), error: log("error") };
}

/** A Tracer switched off explicitly, as outside Lambda. */
export const disabledTracer = (): Tracer => new Tracer({ serviceName: "test", enabled: false });

/** Runs `fn` with some environment variables set (or deleted with `undefined`), then restores them. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** Parses a handler response body. */
export const bodyOf = (response: { body: string }): Record<string, unknown> => JSON.parse(response.body) as Record<string, unknown>;
