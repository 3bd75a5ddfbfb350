// Lambda entry point (handler "index.handler"). The thin, impure shell: the DynamoDB client and the
// Powertools objects are created once per execution environment, at module scope, and reused by warm
// invocations. Environment:
//   TABLE_NAME         required; without it every invocation answers 500 and logs why
//   DYNAMODB_ENDPOINT  optional endpoint override (local DynamoDB in tests); unset in AWS
import { Logger } from "@aws-lambda-powertools/logger";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createPageviewCounterHandler } from "./handler";

const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? "pageview-counter";
const tracer = new Tracer({ serviceName: SERVICE_NAME });
const endpoint = process.env.DYNAMODB_ENDPOINT;

export const handler = createPageviewCounterHandler({
  client: tracer.captureAWSv3Client(new DynamoDBClient(endpoint ? { endpoint } : {})),
  tableName: process.env.TABLE_NAME,
  logger: new Logger({ serviceName: SERVICE_NAME }),
  tracer,
});
