import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from "aws-lambda";
import { type HandlerLogger, withHandlerSubsegment } from "../shared/observability";
import { resolveHelloName, toHelloResponse } from "./greeting";

/** A direct invocation (`{ "name": "Ada" }`) or an API Gateway REST/HTTP API event. */
export type HelloEvent = { readonly name?: unknown } | APIGatewayProxyEvent | APIGatewayProxyEventV2;

export type HelloHandler = (event: HelloEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** What {@link createHelloHandler} needs; `index.ts` builds them once per execution environment. */
export interface HelloDeps {
  readonly logger: HandlerLogger;
  readonly tracer: Tracer;
}

/** The hello handler. Never throws: a bad name is a 400 response. */
export function createHelloHandler({ logger, tracer }: HelloDeps): HelloHandler {
  return (event, context) =>
    withHandlerSubsegment(tracer, "## hello", async () => {
      if (context !== undefined) logger.addContext(context);
      const resolution = resolveHelloName(event);
      if (resolution.ok) logger.info("greeting", { name: resolution.name });
      else logger.warn("rejected name", { reason: resolution.message });
      return toHelloResponse(resolution);
    });
}
