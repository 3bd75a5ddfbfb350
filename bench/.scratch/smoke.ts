import { handler } from "/work/main/functions/hello/index";
import { DynamoDBClient, CreateTableCommand } from "@aws-sdk/client-dynamodb";
(async () => {
  console.log(await handler({ name: "Ada" }));
  console.log(await handler({ queryStringParameters: { name: 5 } } as never));
  const dynalite = require("dynalite");
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`; process.env.TABLE_NAME = "pageviews";
  process.env.AWS_REGION = "us-east-1"; process.env.AWS_ACCESS_KEY_ID = "x"; process.env.AWS_SECRET_ACCESS_KEY = "x";
  const c = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  await c.send(new CreateTableCommand({ TableName: "pageviews", KeySchema: [{ AttributeName: "page", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "page", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
  const pv = require("/work/main/functions/pageview-counter/index");
  console.log(await pv.handler({ page: "home" }));
  console.log(await pv.handler({ pathParameters: { page: "home" } }));
  console.log(await pv.handler({ page: "bad page" }));
  server.close();
})();
