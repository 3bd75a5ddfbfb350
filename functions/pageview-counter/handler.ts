import type { Tracer } from "@aws-lambda-powertools/tracer";
import { type DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from "aws-lambda";
import { errorResponse, jsonResponse } from "../shared/http";
import { type HandlerLogger, withHandlerSubsegment } from "../shared/observability";
import { TABLE_NAME_MISSING_MESSAGE, resolvePage, toCount, toIncrementInput } from "./counter";

/** A direct invocation (`{ "page": "home" }`) or an API Gateway event with path parameter `page`. */
export type PageviewEvent = { readonly page?: unknown } | APIGatewayProxyEvent | APIGatewayProxyEventV2;

export type PageviewHandler = (event: PageviewEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/** What {@link createPageviewCounterHandler} needs; `index.ts` builds them once per execution environment. */
export interface PageviewCounterDeps {
  /** Already wrapped by `tracer.captureAWSv3Client` in production. */
  readonly client: Pick<DynamoDBClient, "send">;
  /** Table with string partition key `page`; `undefined` makes every invocation a logged 500. */
  readonly tableName: string | undefined;
  readonly logger: HandlerLogger;
  readonly tracer: Tracer;
}

/** 200 `{ page, count }`; 400 for a bad page (nothing is written); 500 for configuration or DynamoDB errors. */
export function createPageviewCounterHandler({ client, tableName, logger, tracer }: PageviewCounterDeps): PageviewHandler {
  return (event, context) =>
    withHandlerSubsegment(tracer, "## pageview-counter", async () => {
      if (context !== undefined) logger.addContext(context);
      if (tableName === undefined || tableName === "") {
        logger.error(TABLE_NAME_MISSING_MESSAGE);
        return errorResponse(500, TABLE_NAME_MISSING_MESSAGE);
      }
      const resolution = resolvePage(event);
      if (!resolution.ok) {
        logger.warn("rejected page", { reason: resolution.message });
        return errorResponse(400, resolution.message);
      }
      const { page } = resolution;
      try {
        // Not idempotent: if the SDK retries a request that DynamoDB had already applied (a lost
        // response), the page is counted twice. Acceptable for a pageview counter.
        const result = await client.send(new UpdateItemCommand(toIncrementInput(tableName, page)));
        const count = toCount(result.Attributes);
        logger.info("counted", { page, count });
        return jsonResponse(200, { page, count });
      } catch (error) {
        tracer.addErrorAsMetadata(error as Error);
        logger.error("increment failed", { page, error });
        return errorResponse(500, "could not count the page view");
      }
    });
}
