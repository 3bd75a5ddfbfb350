import { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { withHandlerSubsegment } from "../../functions/shared/observability";
import { withEnv } from "./support";

describe("functions/shared/observability (Powertools Tracer outside Lambda)", () => {
  it("is disabled outside Lambda (AWS_EXECUTION_ENV unset) and then leaves SDK clients untouched", async () => {
    await withEnv({ AWS_EXECUTION_ENV: undefined, POWERTOOLS_TRACE_ENABLED: undefined }, () => {
      const tracer = new Tracer({ serviceName: "t" });
      expect(tracer.isTracingEnabled()).to.equal(false);
      const client = new DynamoDBClient({ region: "us-east-1" });
      expect(tracer.captureAWSv3Client(client)).to.equal(client);
      client.destroy();
    });
  });

  it("is disabled in a Lambda environment by POWERTOOLS_TRACE_ENABLED=false, and enabled without it", async () => {
    await withEnv({ AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", POWERTOOLS_TRACE_ENABLED: "false" }, () => {
      expect(new Tracer().isTracingEnabled()).to.equal(false);
    });
    await withEnv({ AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", POWERTOOLS_TRACE_ENABLED: undefined }, () => {
      // captureHTTPsRequests off: an enabled Tracer would otherwise patch http/https for the whole test run.
      expect(new Tracer({ captureHTTPsRequests: false }).isTracingEnabled()).to.equal(true);
    });
  });

  it("runs the invocation and returns its result when tracing is disabled", async () => {
    const tracer = new Tracer({ enabled: false });
    expect(await withHandlerSubsegment(tracer, "## t", async () => 42)).to.equal(42);
  });

  it("rethrows the invocation's error unchanged", async () => {
    const tracer = new Tracer({ enabled: false });
    const boom = new Error("boom");
    let caught: unknown;
    try {
      await withHandlerSubsegment(tracer, "## t", async () => {
        throw boom;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).to.equal(boom);
  });

  it("still returns the result when tracing is on but there is no X-Ray segment (only warnings)", async () => {
    const warnings: unknown[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args[0]);
    try {
      await withEnv({ AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", POWERTOOLS_TRACE_ENABLED: undefined }, async () => {
        const tracer = new Tracer({ serviceName: "t", captureHTTPsRequests: false });
        expect(tracer.isTracingEnabled()).to.equal(true);
        expect(await withHandlerSubsegment(tracer, "## t", async () => "ok")).to.equal("ok");
      });
    } finally {
      console.warn = originalWarn;
    }
    expect(warnings.join("\n")).to.match(/Failed to get the current sub\/segment/);
  });
});
