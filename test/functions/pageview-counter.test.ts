import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { expect } from "chai";
import { createPageviewCounterHandler, type PageviewCounterDeps } from "../../functions/pageview-counter/handler";
import { TABLE_NAME_MISSING_MESSAGE } from "../../functions/pageview-counter/counter";
import { bodyOf, disabledTracer, recordingLogger, withEnv } from "./support";

// dynalite has no type declarations; this is the part of its API we use.
type DynaliteServer = { listen(port: number, host: string, cb: () => void): void; address(): AddressInfo; close(cb: () => void): void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (opts: { createTableMs: number }) => DynaliteServer;

const TABLE = "pageviews";
const FAKE_CREDENTIALS = { accessKeyId: "x", secretAccessKey: "x" };

describe("functions/pageview-counter (against dynalite on 127.0.0.1)", function () {
  this.timeout(30_000);
  let server: DynaliteServer;
  let endpoint: string;
  let client: DynamoDBClient;

  before(async () => {
    server = dynalite({ createTableMs: 0 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)); // ephemeral port, loopback only
    endpoint = `http://127.0.0.1:${server.address().port}`;
    client = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: FAKE_CREDENTIALS });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: "page", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "page", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  });

  after(async () => {
    client?.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** A handler on the shared client that counts the commands it sends. */
  const setup = (overrides: Partial<PageviewCounterDeps> = {}) => {
    const logger = recordingLogger();
    const sent: string[] = [];
    const counting: PageviewCounterDeps["client"] = {
      send: ((command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return (client.send as (c: unknown) => Promise<unknown>)(command);
      }) as DynamoDBClient["send"],
    };
    const handler = createPageviewCounterHandler({ client: counting, tableName: TABLE, logger, tracer: disabledTracer(), ...overrides });
    return { handler, logger, sent };
  };

  const storedCount = async (page: string): Promise<number | undefined> => {
    const { Item } = await client.send(new GetItemCommand({ TableName: TABLE, Key: { page: { S: page } }, ConsistentRead: true }));
    return Item?.count?.N === undefined ? undefined : Number(Item.count.N);
  };
  const itemCount = async (): Promise<number> => (await client.send(new ScanCommand({ TableName: TABLE, Select: "COUNT" }))).Count ?? -1;

  it("returns 1 for a page's first view, then 2", async () => {
    const { handler, sent } = setup();
    const first = await handler({ page: "home" });
    expect(first).to.deep.equal({
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ page: "home", count: 1 }),
    });
    expect(bodyOf(await handler({ page: "home" }))).to.deep.equal({ page: "home", count: 2 });
    expect(sent).to.deep.equal(["UpdateItemCommand", "UpdateItemCommand"]);
    expect(await storedCount("home")).to.equal(2);
  });

  it("reads the page from the API Gateway path parameter", async () => {
    const { handler } = setup();
    const res = await handler({ pathParameters: { page: "from-path_1" } } as never);
    expect(bodyOf(res)).to.deep.equal({ page: "from-path_1", count: 1 });
  });

  it("loses no increment: 500 concurrent views of one page count exactly 500, each seeing a distinct value", async () => {
    const { handler } = setup();
    const responses = await Promise.all(Array.from({ length: 500 }, () => handler({ page: "concurrent" })));
    expect(responses.every((r) => r.statusCode === 200)).to.equal(true);
    const counts = responses.map((r) => bodyOf(r).count as number).sort((a, b) => a - b);
    expect(counts).to.deep.equal(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(await storedCount("concurrent")).to.equal(500);
  });

  describe("refuses bad pages with 400 and writes nothing", () => {
    const cases: [string, unknown, RegExp][] = [
      ["a page with a space", { page: "bad page" }, /^page must match \^\[a-zA-Z0-9_-\]\{1,128\}\$, got "bad page"$/],
      ["an empty page", { page: "" }, /^page must match .*, got ""$/],
      ["a 129-character page", { page: "p".repeat(129) }, /^page must match .*, got "p{40}…"$/],
      ["a path traversal", { pathParameters: { page: "../etc" } }, /got "\.\.\/etc"$/],
      ["a number", { page: 7 }, /^page must match .*, got number$/],
      ["no page at all", {}, /^page is required/],
    ];
    for (const [what, event, message] of cases) {
      it(`refuses ${what}`, async () => {
        const { handler, sent, logger } = setup();
        const before = await itemCount();
        const res = await handler(event as never);
        expect(res.statusCode).to.equal(400);
        expect(bodyOf(res).error).to.match(message);
        expect(sent, "DynamoDB commands sent").to.deep.equal([]);
        expect(await itemCount()).to.equal(before);
        expect(logger.records.map((r) => r.level)).to.deep.equal(["warn"]);
      });
    }

    it("accepts a 128-character page (the upper bound)", async () => {
      const { handler } = setup();
      const page = "a".repeat(128);
      expect(bodyOf(await handler({ page }))).to.deep.equal({ page, count: 1 });
    });
  });

  it("answers 500 and logs why when TABLE_NAME is missing, without calling DynamoDB", async () => {
    const { handler, sent, logger } = setup({ tableName: undefined });
    const res = await handler({ page: "home" });
    expect(res.statusCode).to.equal(500);
    expect(bodyOf(res)).to.deep.equal({ error: TABLE_NAME_MISSING_MESSAGE });
    expect(TABLE_NAME_MISSING_MESSAGE).to.match(/TABLE_NAME environment variable is not set/);
    expect(logger.records).to.deep.equal([{ level: "error", message: TABLE_NAME_MISSING_MESSAGE, attributes: [] }]);
    expect(sent).to.deep.equal([]);
  });

  it("answers 500 without leaking details when DynamoDB fails (no such table)", async () => {
    const { handler, logger } = setup({ tableName: "no-such-table" });
    const res = await handler({ page: "home" });
    expect(res.statusCode).to.equal(500);
    expect(bodyOf(res)).to.deep.equal({ error: "could not count the page view" });
    expect(logger.records).to.have.length(1);
    expect(logger.records[0]).to.include({ level: "error", message: "increment failed" });
    expect((logger.records[0].attributes[0].error as Error).name).to.equal("ResourceNotFoundException");
  });

  describe("index.ts as deployed (module-scope client from the environment, real Logger and Tracer)", () => {
    const indexPath = require.resolve("../../functions/pageview-counter/index");
    const load = () => {
      delete require.cache[indexPath];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(indexPath) as typeof import("../../functions/pageview-counter/index");
    };
    const env = () => ({
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "x",
      AWS_SECRET_ACCESS_KEY: "x",
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      POWERTOOLS_LOG_LEVEL: "SILENT",
    });
    after(() => delete require.cache[indexPath]);

    it("counts through DYNAMODB_ENDPOINT with tracing off outside Lambda (AWS_EXECUTION_ENV unset)", async () => {
      await withEnv({ ...env(), TABLE_NAME: TABLE, AWS_EXECUTION_ENV: undefined }, async () => {
        const { handler } = load();
        expect(bodyOf(await handler({ page: "deployed" }))).to.deep.equal({ page: "deployed", count: 1 });
        expect(bodyOf(await handler({ page: "deployed" }))).to.deep.equal({ page: "deployed", count: 2 }); // warm: same client
      });
    });

    it("counts with a Lambda-like environment and POWERTOOLS_TRACE_ENABLED=false", async () => {
      await withEnv({ ...env(), TABLE_NAME: TABLE, AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x", POWERTOOLS_TRACE_ENABLED: "false" }, async () => {
        const { handler } = load();
        expect(bodyOf(await handler({ page: "deployed-lambda-env" }))).to.deep.equal({ page: "deployed-lambda-env", count: 1 });
      });
    });

    it("answers 500 when TABLE_NAME is unset", async () => {
      await withEnv({ ...env(), TABLE_NAME: undefined, AWS_EXECUTION_ENV: undefined }, async () => {
        const { handler } = load();
        const res = await handler({ page: "home" });
        expect(res.statusCode).to.equal(500);
        expect(bodyOf(res)).to.deep.equal({ error: TABLE_NAME_MISSING_MESSAGE });
      });
    });
  });
});
