import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { Context } from "aws-lambda";

/**
 * The slice of Powertools `Logger` the handlers use. A real `Logger` satisfies it; tests pass a
 * recording fake so they can assert on what was logged without parsing stdout.
 */
export interface HandlerLogger {
  addContext(context: Context): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}

/**
 * Runs one invocation inside an X-Ray subsegment named `subsegmentName` (Powertools' manual
 * instrumentation pattern, without middy or decorators): annotates cold start and service name,
 * records the result or the error as metadata, and restores the parent segment afterwards.
 *
 * When tracing is disabled (outside Lambda, or `POWERTOOLS_TRACE_ENABLED=false`) every Tracer call
 * below is a no-op and `getSegment()` returns a detached dummy subsegment, so this is safe anywhere.
 */
export async function withHandlerSubsegment<T>(
  tracer: Tracer,
  subsegmentName: string,
  run: () => Promise<T>,
): Promise<T> {
  const parent = tracer.getSegment();
  const subsegment = parent?.addNewSubsegment(subsegmentName);
  if (subsegment !== undefined) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    const result = await run();
    tracer.addResponseAsMetadata(result, subsegmentName);
    return result;
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    if (parent !== undefined && subsegment !== undefined) {
      subsegment.close();
      tracer.setSegment(parent);
    }
  }
}
