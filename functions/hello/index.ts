// Lambda entry point (handler "index.handler"). The thin, impure shell: Powertools objects are
// created once per execution environment, at module scope, and reused by warm invocations.
// Everything testable lives in handler.ts and greeting.ts.
import { Logger } from "@aws-lambda-powertools/logger";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { createHelloHandler } from "./handler";

const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? "hello";

export const handler = createHelloHandler({
  logger: new Logger({ serviceName: SERVICE_NAME }),
  tracer: new Tracer({ serviceName: SERVICE_NAME }),
});
