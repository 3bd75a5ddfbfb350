import { expect } from "chai";
import fc from "fast-check";
import { createHelloHandler } from "../../functions/hello/handler";
import { MAX_NAME_CHARS } from "../../functions/hello/greeting";
import { bodyOf, disabledTracer, recordingLogger, withEnv } from "./support";

describe("functions/hello", () => {
  const setup = () => {
    const logger = recordingLogger();
    return { logger, handler: createHelloHandler({ logger, tracer: disabledTracer() }) };
  };

  describe("greets", () => {
    it("greets the World when the event carries no name", async () => {
      const { handler } = setup();
      const res = await handler({});
      expect(res).to.deep.equal({
        statusCode: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: "Hello, World!" }),
      });
    });

    it("greets the World for an API Gateway v1 event with null parameter maps", async () => {
      const { handler } = setup();
      const res = await handler({ queryStringParameters: null, pathParameters: null } as never);
      expect(bodyOf(res)).to.deep.equal({ message: "Hello, World!" });
    });

    it("greets the name given as event.name", async () => {
      const { handler, logger } = setup();
      const res = await handler({ name: "Ada" });
      expect(res.statusCode).to.equal(200);
      expect(bodyOf(res)).to.deep.equal({ message: "Hello, Ada!" });
      expect(logger.records).to.deep.equal([{ level: "info", message: "greeting", attributes: [{ name: "Ada" }] }]);
    });

    it("greets the name given as a query string parameter", async () => {
      const { handler } = setup();
      const res = await handler({ queryStringParameters: { name: "Grace" } } as never);
      expect(bodyOf(res)).to.deep.equal({ message: "Hello, Grace!" });
    });

    it("greets the name given as a path parameter", async () => {
      const { handler } = setup();
      const res = await handler({ pathParameters: { name: "Linus" } } as never);
      expect(bodyOf(res)).to.deep.equal({ message: "Hello, Linus!" });
    });

    it("prefers event.name over the query string, and the query string over the path", async () => {
      const { handler } = setup();
      const all = { name: "A", queryStringParameters: { name: "Q" }, pathParameters: { name: "P" } };
      expect(bodyOf(await handler(all as never)).message).to.equal("Hello, A!");
      expect(bodyOf(await handler({ ...all, name: undefined } as never)).message).to.equal("Hello, Q!");
      expect(bodyOf(await handler({ pathParameters: { name: "P" }, queryStringParameters: {} } as never)).message).to.equal("Hello, P!");
    });

    it(`accepts exactly ${MAX_NAME_CHARS} characters, counting an emoji as one`, async () => {
      const { handler } = setup();
      const emoji = "😀".repeat(MAX_NAME_CHARS); // 200 UTF-16 code units
      expect((await handler({ name: emoji })).statusCode).to.equal(200);
      expect((await handler({ name: "x".repeat(MAX_NAME_CHARS) })).statusCode).to.equal(200);
    });
  });

  describe("refuses bad names with 400", () => {
    const cases: [string, unknown, RegExp][] = [
      ["a number", 42, /^name must be a string, got number$/],
      ["an object", { first: "Ada" }, /^name must be a string, got object$/],
      ["an array", ["Ada"], /^name must be a string, got array$/],
      ["a boolean", true, /^name must be a string, got boolean$/],
      ["101 characters", "x".repeat(101), /^name must be 1–100 characters, got 101$/],
      ["an empty string", "", /^name must be 1–100 characters, got 0$/],
    ];
    for (const [what, name, message] of cases) {
      it(`refuses ${what} with a 400 JSON error`, async () => {
        const { handler, logger } = setup();
        const res = await handler({ name });
        expect(res.statusCode).to.equal(400);
        expect(res.headers).to.deep.equal({ "content-type": "application/json" });
        expect(bodyOf(res).error).to.match(message);
        expect(logger.records.map((r) => r.level)).to.deep.equal(["warn"]);
      });
    }

    it("refuses a bad query string name too", async () => {
      const { handler } = setup();
      const res = await handler({ queryStringParameters: { name: "y".repeat(150) } } as never);
      expect(res.statusCode).to.equal(400);
      expect(bodyOf(res).error).to.match(/got 150$/);
    });
  });

  it("never throws: any JSON event gets a 200 greeting or a 400 error, both JSON", async () => {
    const { handler } = setup();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ name: fc.jsonValue() }, { requiredKeys: [] }),
          fc.record({ queryStringParameters: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.jsonValue())) }),
          fc.record({ pathParameters: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), fc.string({ maxLength: 120 }))) }),
        ),
        async (event) => {
          const res = await handler(event as never);
          const body = bodyOf(res);
          if (res.statusCode === 200) expect(body.message).to.be.a("string").and.match(/^Hello, [\s\S]+!$/);
          else {
            expect(res.statusCode).to.equal(400);
            expect(body.error).to.match(/^name must be /);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("answers 200 exactly for strings of 1–100 code points, echoing them unchanged", async () => {
    const { handler } = setup();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 130 }), async (name) => {
        const res = await handler({ name });
        const chars = Array.from(name).length;
        if (chars >= 1 && chars <= 100) expect(bodyOf(res)).to.deep.equal({ message: `Hello, ${name}!` });
        else expect(bodyOf(res)).to.deep.equal({ error: `name must be 1–100 characters, got ${chars}` });
      }),
      { numRuns: 300 },
    );
  });

  it("works as deployed: the index.ts handler with the real Logger and Tracer, outside Lambda", async () => {
    await withEnv({ POWERTOOLS_LOG_LEVEL: "SILENT", AWS_EXECUTION_ENV: undefined }, async () => {
      const modulePath = require.resolve("../../functions/hello/index");
      delete require.cache[modulePath];
      const { handler } = (await import("../../functions/hello/index")) as typeof import("../../functions/hello/index");
      const res = await handler({ name: "Ada" });
      expect(bodyOf(res)).to.deep.equal({ message: "Hello, Ada!" });
    });
  });
});
