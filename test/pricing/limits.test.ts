import { expect } from "chai";
import { ASYNC_PAYLOAD_MAX_KB, AWS_ERROR_TEXT, LAMBDA_LIMITS, LAMBDA_LIMITS_SOURCES, LOG_RETENTION_DAYS, maxReservableConcurrency, RESERVED_ENVIRONMENT_KEYS } from "../../pricing/limits";
import { environmentBytes, validateAliasName, validateFunction, validateFunctionName, validateLogRetentionDays, validatePayloadBytes } from "../../pricing/validate-function";
import { formatViolations, Violation } from "../../pricing/violations";
import { addDays, envOfBytes, expectNone, expectOne, fn, layerArn, summary } from "./limits-fixtures";

describe("pricing/limits", () => {
  describe("LAMBDA_LIMITS", () => {
    // Each figure as AWS publishes it, in the page's own units, with the page it is read from; the
    // test converts it (1 MB = 1,048,576 bytes, 1 KB = 1,024 bytes, 1 minute = 60 s) and compares.
    // Not a copy of LAMBDA_LIMITS: a wrong conversion or a stale figure in the code fails here.
    const MB = 1_048_576;
    const QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
    const API = "https://docs.aws.amazon.com/lambda/latest/api";
    const published: readonly { key: keyof typeof LAMBDA_LIMITS; stated: string; value: number; source: string }[] = [
      { key: "memoryMinMb", stated: "128 MB", value: 128, source: QUOTAS },
      { key: "memoryMaxMb", stated: "10,240 MB", value: 10_240, source: QUOTAS },
      { key: "timeoutMaxSeconds", stated: "900 seconds (15 minutes)", value: 15 * 60, source: QUOTAS },
      { key: "timeoutMinSeconds", stated: "Timeout: minimum value of 1", value: 1, source: `${API}/API_CreateFunction.html` },
      { key: "ephemeralStorageMinMb", stated: "/tmp between 512 MB", value: 512, source: QUOTAS },
      { key: "ephemeralStorageMaxMb", stated: "and 10,240 MB", value: 10_240, source: QUOTAS },
      { key: "environmentMaxBytes", stated: "environment variables: 4 KB", value: 4 * 1024, source: QUOTAS },
      { key: "zippedDirectUploadMaxBytes", stated: "50 MB (zipped, uploaded directly)", value: 50 * MB, source: QUOTAS },
      { key: "unzippedMaxBytes", stated: "250 MB (unzipped, including layers)", value: 250 * MB, source: QUOTAS },
      { key: "containerImageMaxBytes", stated: "container image 10 GB (uncompressed)", value: 10 * 1024 * MB, source: QUOTAS },
      { key: "syncPayloadMaxBytes", stated: "synchronous: 6 MB", value: 6 * MB, source: `${API}/API_Invoke.html` },
      { key: "asyncPayloadMaxBytes", stated: "asynchronous: 1 MB", value: MB, source: `${API}/API_Invoke.html` },
      { key: "maxLayers", stated: "5 layers", value: 5, source: QUOTAS },
      { key: "defaultConcurrencyLimit", stated: "concurrent executions: 1,000", value: 1_000, source: QUOTAS },
      { key: "functionNameMaxLength", stated: "function name only: limited to 64 characters", value: 64, source: `${API}/API_CreateFunction.html` },
      { key: "handlerMaxLength", stated: "Handler: maximum length of 128", value: 128, source: `${API}/API_CreateFunction.html` },
      { key: "descriptionMaxLength", stated: "Description: maximum length of 256", value: 256, source: `${API}/API_CreateFunction.html` },
      { key: "maxSubnets", stated: "SubnetIds: maximum number of 16 items", value: 16, source: `${API}/API_VpcConfig.html` },
      { key: "maxSecurityGroups", stated: "SecurityGroupIds: maximum number of 5 items", value: 5, source: `${API}/API_VpcConfig.html` },
      { key: "aliasNameMaxLength", stated: "Name: maximum length of 128", value: 128, source: `${API}/API_CreateAlias.html` },
      { key: "routingWeightMin", stated: "AdditionalVersionWeights value: minimum 0.0", value: 0, source: `${API}/API_AliasRoutingConfiguration.html` },
      { key: "routingWeightMax", stated: "maximum 1.0", value: 1, source: `${API}/API_AliasRoutingConfiguration.html` },
      { key: "reservedConcurrencyMin", stated: "ReservedConcurrentExecutions: minimum value of 0", value: 0, source: `${API}/API_PutFunctionConcurrency.html` },
      { key: "unreservedConcurrencyFloor", stated: "at least 100 concurrent executions stay unreserved", value: 100, source: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html" },
      { key: "asyncRetryAttemptsMin", stated: "MaximumRetryAttempts: minimum value of 0", value: 0, source: `${API}/API_PutFunctionEventInvokeConfig.html` },
      { key: "asyncRetryAttemptsMax", stated: "maximum value of 2", value: 2, source: `${API}/API_PutFunctionEventInvokeConfig.html` },
      { key: "asyncEventAgeMinSeconds", stated: "MaximumEventAgeInSeconds: minimum value of 60", value: 60, source: `${API}/API_PutFunctionEventInvokeConfig.html` },
      { key: "asyncEventAgeMaxSeconds", stated: "maximum value of 21600 (6 hours)", value: 6 * 60 * 60, source: `${API}/API_PutFunctionEventInvokeConfig.html` },
      { key: "esmBatchSizeMin", stated: "BatchSize: minimum value of 1", value: 1, source: `${API}/API_CreateEventSourceMapping.html` },
      { key: "esmBatchSizeMax", stated: "maximum value of 10000", value: 10_000, source: `${API}/API_CreateEventSourceMapping.html` },
      { key: "esmBatchingWindowMinSeconds", stated: "MaximumBatchingWindowInSeconds: minimum value of 0", value: 0, source: `${API}/API_CreateEventSourceMapping.html` },
      { key: "esmBatchingWindowMaxSeconds", stated: "maximum value of 300 (5 minutes)", value: 5 * 60, source: `${API}/API_CreateEventSourceMapping.html` },
      { key: "sqsMaximumConcurrencyMin", stated: "MaximumConcurrency: minimum value of 2", value: 2, source: `${API}/API_ScalingConfig.html` },
      { key: "sqsMaximumConcurrencyMax", stated: "maximum value of 1000", value: 1_000, source: `${API}/API_ScalingConfig.html` },
      { key: "apiGatewayRestTimeoutSeconds", stated: "REST API integration timeout: 50 ms – 29 seconds", value: 29, source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html" },
      { key: "apiGatewayHttpTimeoutSeconds", stated: "HTTP API integration timeout: 30 seconds", value: 30, source: "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html" },
      { key: "sqsVisibilityTimeoutMultiplier", stated: "visibility timeout at least six times the function timeout", value: 6, source: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html" },
    ];
    for (const f of published) {
      it(`${f.key}: ${f.stated} (${f.source})`, () => {
        expect(LAMBDA_LIMITS[f.key]).to.equal(f.value);
      });
    }

    it("derives what AWS does not state directly", () => {
      // An auto-named function is `<logical name>-<7 random characters>` and a function name has at
      // most 64 characters: the logical name keeps 64 − 1 − 7 = 56.
      expect(LAMBDA_LIMITS.autoNameLogicalNameMaxLength).to.equal(64 - 1 - 7);
      expect(LAMBDA_LIMITS.autoNameLogicalNameMaxLength + 1 + LAMBDA_LIMITS.autoNameRandomSuffixLength).to.equal(LAMBDA_LIMITS.functionNameMaxLength);
      // The async payload limit in KB, as the trigger settings state it: 1 MB = 1,024 KB.
      expect(ASYNC_PAYLOAD_MAX_KB).to.equal(1_024);
    });

    it("has a source for every limit", () => {
      expect(Object.keys(LAMBDA_LIMITS_SOURCES).sort()).to.deep.equal(Object.keys(LAMBDA_LIMITS).sort());
      for (const [k, s] of Object.entries(LAMBDA_LIMITS_SOURCES)) expect(s, k).to.match(/https:\/\/|pulumi\//);
    });

    it("lists the CloudWatch Logs retention values and the reserved environment keys (golden)", () => {
      expect([...LOG_RETENTION_DAYS]).to.deep.equal([
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
      ]);
      expect(RESERVED_ENVIRONMENT_KEYS).to.have.length(17);
      expect(RESERVED_ENVIRONMENT_KEYS).to.include.members(["_HANDLER", "AWS_REGION", "AWS_LAMBDA_INITIALIZATION_TYPE", "LAMBDA_RUNTIME_DIR"]);
    });
  });

  describe("validateFunction baseline", () => {
    it("accepts a complete valid function", () => {
      expectNone(
        validateFunction(
          fn({
            ephemeralStorageMb: 2048,
            environment: { TABLE_NAME: "orders", LOG_LEVEL: "info" },
            description: "Orders API",
            layers: [{ arn: layerArn(), unzippedBytes: 1_000 }],
            package: { zippedBytes: 1_000, unzippedBytes: 5_000, upload: "direct" },
            vpc: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] },
            reservedConcurrency: 20,
            provisionedConcurrency: 5,
            release: { aliasName: "live", stableVersion: "3", canaryVersion: "4", canaryWeight: 0 },
            triggers: { apiGateway: "http", sqs: { visibilityTimeoutSeconds: 60 } },
          }),
        ),
      );
    });
  });

  describe("memory", () => {
    it("accepts 128 and 10240 MB", () => {
      expectNone(validateFunction(fn({ memoryMb: 128 })));
      expectNone(validateFunction(fn({ memoryMb: 10_240 })));
    });

    it("rejects memory below 128 MB", () => {
      expectOne(validateFunction(fn({ memoryMb: 127 })), "lambda.memory.range", "functions.api.memoryMb", /got 127, allowed integer 128–10240 MB$/);
    });

    it("rejects memory above 10240 MB", () => {
      const v = expectOne(validateFunction(fn({ memoryMb: 10_241 })), "lambda.memory.range", "functions.api.memoryMb", /got 10241, allowed integer 128–10240 MB/);
      expect(v).to.include({ value: 10_241, allowed: "integer 128–10240 MB" });
    });

    it("rejects fractional, NaN and string memory", () => {
      expectOne(validateFunction(fn({ memoryMb: 1024.5 })), "lambda.memory.range", "functions.api.memoryMb", /got 1024\.5,/);
      expectOne(validateFunction(fn({ memoryMb: NaN })), "lambda.memory.range", "functions.api.memoryMb", /got NaN,/);
      expectOne(validateFunction(fn({ memoryMb: "1024" })), "lambda.memory.range", "functions.api.memoryMb", /got "1024" \(a string\),/);
      expectOne(validateFunction(fn({ memoryMb: undefined })), "lambda.memory.range", "functions.api.memoryMb", /got nothing,/);
    });

    it("rejects memory above the account's ceiling and names it", () => {
      expectNone(validateFunction(fn({ memoryMb: 3008 }), { maxMemoryMb: 3008 }));
      expectOne(
        validateFunction(fn({ memoryMb: 3009 }), { maxMemoryMb: 3008 }),
        "lambda.memory.accountMax",
        "functions.api.memoryMb",
        /got 3009, allowed integer 128–3008 MB \(this account's memory ceiling is 3008 MB\); AWS rejects it with "Member must have value less than or equal to 3008"/,
      );
    });
  });

  describe("timeout", () => {
    it("accepts 1 and 900 seconds", () => {
      expectNone(validateFunction(fn({ timeoutSeconds: 1 })));
      expectNone(validateFunction(fn({ timeoutSeconds: 900 })));
    });

    it("rejects 0 and 901 seconds", () => {
      expectOne(validateFunction(fn({ timeoutSeconds: 0 })), "lambda.timeout.range", "functions.api.timeoutSeconds", /got 0, allowed integer 1–900 seconds/);
      expectOne(validateFunction(fn({ timeoutSeconds: 901 })), "lambda.timeout.range", "functions.api.timeoutSeconds", /got 901, allowed integer 1–900 seconds/);
    });
  });

  describe("ephemeral storage", () => {
    it("accepts 512 and 10240 MB, and no value", () => {
      expectNone(validateFunction(fn({ ephemeralStorageMb: 512 })));
      expectNone(validateFunction(fn({ ephemeralStorageMb: 10_240 })));
      expectNone(validateFunction(fn({ ephemeralStorageMb: undefined })));
    });

    it("rejects 511 and 10241 MB", () => {
      expectOne(validateFunction(fn({ ephemeralStorageMb: 511 })), "lambda.ephemeralStorage.range", "functions.api.ephemeralStorageMb", /got 511, allowed integer 512–10240 MB/);
      expectOne(validateFunction(fn({ ephemeralStorageMb: 10_241 })), "lambda.ephemeralStorage.range", "functions.api.ephemeralStorageMb", /got 10241,/);
    });
  });

  describe("architecture", () => {
    it("accepts x86_64 and arm64 only", () => {
      expectNone(validateFunction(fn({ architecture: "x86_64" })));
      expectNone(validateFunction(fn({ architecture: "arm64" })));
      expectOne(validateFunction(fn({ architecture: "amd64" })), "lambda.architecture.allowed", "functions.api.architecture", /got "amd64", allowed "x86_64" or "arm64"/);
    });
  });

  describe("runtime", () => {
    const D = "2026-04-30"; // nodejs20.x

    it("accepts a runtime 181 days before its deprecation", () => {
      expectNone(validateFunction(fn({ runtime: "nodejs20.x" }), undefined, { today: addDays(D, -181) }));
    });

    it("warns 180 days before deprecation", () => {
      expectOne(
        validateFunction(fn({ runtime: "nodejs20.x" }), undefined, { today: addDays(D, -180) }),
        "lambda.runtime.deprecating",
        "functions.api.runtime",
        /got "nodejs20\.x", allowed until 2026-04-30, but it is deprecated in 180 days/,
        "warning",
      );
    });

    it("rejects it on and after the deprecation date", () => {
      for (const today of [D, addDays(D, 1)]) {
        expectOne(validateFunction(fn({ runtime: "nodejs20.x" }), undefined, { today }), "lambda.runtime.deprecated", "functions.api.runtime", /deprecated since 2026-04-30/);
      }
    });

    it("rejects unknown and deprecated runtimes, stating AWS's block dates", () => {
      // nodejs23.x is not in the Lambda API model's Runtime enum (AWS never shipped odd Node.js releases).
      expectOne(validateFunction(fn({ runtime: "nodejs23.x" })), "lambda.runtime.unknown", "functions.api.runtime", /got "nodejs23\.x", allowed one of nodejs26\.x, nodejs24\.x/);
      // nodejs16.x: deprecated 2024-06-12, create blocked 2027-02-01, update blocked 2027-03-03
      // (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
      expectOne(
        validateFunction(fn({ runtime: "nodejs16.x" }), undefined, { today: "2026-12-01" }),
        "lambda.runtime.deprecated",
        "functions.api.runtime",
        /deprecated since 2024-06-12; AWS blocks creating functions on it from 2027-02-01 and updating them from 2027-03-03/,
      );
    });

    it("accepts Java, .NET and Ruby runtimes the API lists (java21 deprecates 2029-06-30)", () => {
      expectNone(validateFunction(fn({ runtime: "java21" }), undefined, { today: "2026-12-01" }));
    });

    it("reports an invalid today under options.today", () => {
      expectOne(validateFunction(fn(), undefined, { today: "31/12/2025" }), "lambda.runtime.today", "options.today", /got today "31\/12\/2025", allowed an ISO date/);
    });
  });

  describe("handler", () => {
    it("accepts 1 and 128 characters", () => {
      expectNone(validateFunction(fn({ handler: "h" })));
      expectNone(validateFunction(fn({ handler: `index.${"h".repeat(122)}` })));
    });

    it("rejects 129 characters, an empty handler, whitespace and a missing handler", () => {
      expectOne(validateFunction(fn({ handler: "h".repeat(129) })), "lambda.handler.length", "functions.api.handler", /\(129 characters\), allowed 1–128 characters/);
      expectOne(validateFunction(fn({ handler: "" })), "lambda.handler.length", "functions.api.handler", /got "" \(0 characters\)/);
      expectOne(validateFunction(fn({ handler: "index handler" })), "lambda.handler.pattern", "functions.api.handler", /got "index handler", allowed no whitespace/);
      expectOne(validateFunction(fn({ handler: undefined })), "lambda.handler.required", "functions.api.handler", /got nothing, allowed 1–128 characters/);
    });
  });

  describe("function name", () => {
    const named = (n: number) => "f".repeat(n);

    it("accepts 64 characters when the name is the physical name", () => {
      expectNone(validateFunctionName(named(64), "p", { autoNamed: false }));
      expectNone(validateFunction(fn({ name: named(64) }), undefined, { autoNamed: false }));
    });

    it("rejects 65 characters", () => {
      const vs = validateFunctionName(named(65), "functions.x.name", { autoNamed: false });
      expectOne(vs, "lambda.functionName.length", "functions.x.name", /\(65 characters\), allowed 1–64 characters$/);
    });

    it("accepts a 56-character logical name for Pulumi auto-naming", () => {
      expectNone(validateFunctionName(named(56), "p"));
      expectNone(validateFunction(fn({ name: named(56) })));
    });

    it("rejects a 57-character logical name with Pulumi's preview error", () => {
      const vs = validateFunction(fn({ name: named(57) }));
      expectOne(
        vs,
        "pulumi.autoName.length",
        `functions.${named(57)}.name`,
        new RegExp(`\\(57 characters\\), allowed 1–56 characters for an auto-named function; Pulumi appends .*"name '${named(57)}-' plus 7 random chars is longer than maximum length 64"`),
      );
      expect(AWS_ERROR_TEXT.pulumiAutoName("x")).to.equal("name 'x-' plus 7 random chars is longer than maximum length 64");
    });

    it("rejects characters outside [a-zA-Z0-9-_] and empty or non-string names", () => {
      expectNone(validateFunctionName("my-Func_01", "p"));
      expectOne(validateFunctionName("api.v2", "p"), "lambda.functionName.pattern", "p", /got "api\.v2", allowed characters of a-z, A-Z, 0-9, - and _/);
      expectOne(validateFunctionName("", "p"), "lambda.functionName.length", "p", /got "" \(0 characters\)/);
      expectOne(validateFunctionName(42, "p"), "lambda.functionName.pattern", "p", /got 42 \(a number\)/);
    });
  });

  describe("description", () => {
    it("accepts 256 characters (multi-byte counted as characters) and rejects 257", () => {
      expectNone(validateFunction(fn({ description: "d".repeat(256) })));
      expectNone(validateFunction(fn({ description: "é".repeat(256) })));
      expectOne(validateFunction(fn({ description: "d".repeat(257) })), "lambda.description.length", "functions.api.description", /\(257 characters\), allowed 0–256 characters/);
    });
  });

  describe("environment", () => {
    it("measures UTF-8 bytes of the JSON map without whitespace", () => {
      expect(environmentBytes(undefined)).to.equal(0);
      expect(environmentBytes({})).to.equal(2);
      expect(environmentBytes({ A1: "b" })).to.equal('{"A1":"b"}'.length);
      expect(environmentBytes({ K1: "é" })).to.equal(11); // é is 2 bytes
      expect(environmentBytes({ K1: "€" })).to.equal(12); // € is 3 bytes
      expect(environmentBytes({ K1: "😀" })).to.equal(13); // a surrogate pair is 4 bytes
      expect(environmentBytes({ K1: 'a"b' })).to.equal(13); // the quote is escaped: \" (2 bytes)
    });

    it("accepts exactly 4096 bytes and rejects 4097", () => {
      expectNone(validateFunction(fn({ environment: envOfBytes(4096) })));
      expectOne(
        validateFunction(fn({ environment: envOfBytes(4097) })),
        "lambda.environment.size",
        "functions.api.environment",
        /got 4,097 bytes, allowed ≤ 4,096 bytes \(UTF-8 JSON of the whole map, no whitespace\)/,
      );
    });

    it("counts multi-byte characters as their UTF-8 bytes, not string length", () => {
      const ok = envOfBytes(4096, "é");
      expect(ok.K1.length).to.be.below(2100);
      expectNone(validateFunction(fn({ environment: ok })));
      const over = envOfBytes(4097, "😀");
      expect(JSON.stringify(over).length).to.be.below(4096);
      expectOne(validateFunction(fn({ environment: over })), "lambda.environment.size", "functions.api.environment", /got 4,097 bytes/);
    });

    it("checks key names against [a-zA-Z]([a-zA-Z0-9_])+", () => {
      expectNone(validateFunction(fn({ environment: { AB: "1", a_1: "2", Z9: "3" } })));
      const vs = validateFunction(fn({ environment: { A: "1", "1AB": "2", "MY-KEY": "3", _X: "4" } }));
      expect(summary(vs)).to.deep.equal([
        "error lambda.environment.keyPattern @ functions.api.environment.A",
        'error lambda.environment.keyPattern @ functions.api.environment["1AB"]',
        'error lambda.environment.keyPattern @ functions.api.environment["MY-KEY"]',
        "error lambda.environment.keyPattern @ functions.api.environment._X",
      ]);
      expect(vs[0].message).to.match(/got name "A", allowed a name matching \[a-zA-Z\]\[a-zA-Z0-9_\]\+/);
    });

    it("rejects every reserved key", () => {
      for (const key of RESERVED_ENVIRONMENT_KEYS) {
        expectOne(validateFunction(fn({ environment: { [key]: "x" } })), "lambda.environment.reservedKey", `functions.api.environment.${key}`, new RegExp(`got "${key}", allowed a name Lambda does not reserve`));
      }
    });

    it("rejects non-string values and a non-object map", () => {
      expectOne(validateFunction(fn({ environment: { PORT: 8080 } })), "lambda.environment.valueType", "functions.api.environment.PORT", /got 8080 \(a number\), allowed a string value/);
      expectOne(validateFunction(fn({ environment: ["A=1"] })), "lambda.environment.type", "functions.api.environment", /got \["A=1"\] \(a list\)/);
    });
  });

  describe("layers", () => {
    it("accepts 5 layers and rejects 6", () => {
      const layers = (n: number) => Array.from({ length: n }, (_, i) => ({ arn: layerArn(60, i + 1) }));
      expectNone(validateFunction(fn({ layers: layers(5) })));
      expectOne(validateFunction(fn({ layers: layers(6) })), "lambda.layers.count", "functions.api.layers", /got 6 layers, allowed at most 5 layers/);
    });

    // The API model's LayerVersionArn is 1–2048 characters (it was 140 before the awslayer form;
    // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html, Layers).
    it("accepts a 2048-character ARN and rejects 2049", () => {
      expectNone(validateFunction(fn({ layers: [{ arn: layerArn(2048) }] })));
      expectOne(validateFunction(fn({ layers: [{ arn: layerArn(2049) }] })), "lambda.layers.arn", "functions.api.layers[0].arn", /\(2049 characters\), allowed a layer version ARN of 1–2048 characters/);
    });

    it("accepts the AWS-managed arn:<partition>:lambda:::awslayer:<name> form", () => {
      expectNone(validateFunction(fn({ layers: [{ arn: "arn:aws:lambda:::awslayer:AWSLambdaPowertoolsTypeScriptV2" }] })));
      for (const arn of ["arn:aws:lambda:us-east-1::awslayer:x", "arn:aws:lambda:::awslayer:", "arn:aws:lambda:::awslayer:a:1"]) {
        expectOne(validateFunction(fn({ layers: [{ arn }] })), "lambda.layers.arn", "functions.api.layers[0].arn", /or arn:<partition>:lambda:::awslayer:<name>/);
      }
    });

    it("rejects ARNs that are not layer versions", () => {
      for (const arn of [
        "arn:aws:lambda:us-east-1:123456789012:layer:deps", // no version
        "arn:aws:lambda:us-east-1:12345678901:layer:deps:1", // 11-digit account
        "arn:aws:lambda:us-east-1:123456789012:function:deps:1",
        "deps",
      ]) {
        expectOne(validateFunction(fn({ layers: [{ arn }] })), "lambda.layers.arn", "functions.api.layers[0].arn", /allowed a layer version ARN/);
      }
      expectNone(validateFunction(fn({ layers: [{ arn: "arn:aws-cn:lambda:cn-north-1:123456789012:layer:my_deps-2:17" }] })));
    });
  });

  describe("package", () => {
    const pkg = (zippedBytes: number, unzippedBytes: number, upload = "direct") => ({ package: { zippedBytes, unzippedBytes, upload } });

    it("accepts 52,428,800 zipped bytes uploaded directly and rejects 52,428,801", () => {
      expectNone(validateFunction(fn(pkg(52_428_800, 100_000_000))));
      expectOne(
        validateFunction(fn(pkg(52_428_801, 100_000_000))),
        "lambda.package.zippedDirect",
        "functions.api.package.zippedBytes",
        /got 52,428,801 bytes with upload "direct", allowed ≤ 52,428,800 bytes \(50 MB\) zipped for a direct upload; upload the zip through S3/,
      );
    });

    it("accepts a larger zip uploaded through S3", () => {
      expectNone(validateFunction(fn(pkg(52_428_801, 100_000_000, "s3"))));
    });

    it("accepts code + layers of exactly 262,144,000 unzipped bytes and rejects one more, with AWS's text", () => {
      const layers = [
        { arn: layerArn(60, 1), unzippedBytes: 100_000_000 },
        { arn: layerArn(60, 2), unzippedBytes: 62_144_000 },
      ];
      expectNone(validateFunction(fn({ ...pkg(10_000_000, 100_000_000), layers })));
      expectOne(
        validateFunction(fn({ ...pkg(10_000_000, 100_000_001), layers })),
        "lambda.package.unzipped",
        "functions.api.package.unzippedBytes",
        /got 262,144,001 bytes \(code 100,000,001 \+ layers 162,144,000\), allowed ≤ 262,144,000 bytes \(250 MB\) for code \+ all layers, unzipped; AWS rejects it with "Unzipped size must be smaller than 262144000 bytes"/,
      );
    });

    it("checks layers alone when the package size is unknown", () => {
      expectOne(
        validateFunction(fn({ layers: [{ arn: layerArn(), unzippedBytes: 262_144_001 }] })),
        "lambda.package.unzipped",
        "functions.api.layers",
        /code 0 \+ layers 262,144,001/,
      );
    });

    it("rejects invalid sizes and upload modes", () => {
      const vs = validateFunction(fn({ package: { zippedBytes: -1, unzippedBytes: NaN, upload: "ftp" } }));
      expect(summary(vs)).to.deep.equal([
        "error lambda.package.size @ functions.api.package.zippedBytes",
        "error lambda.package.size @ functions.api.package.unzippedBytes",
        "error lambda.package.upload @ functions.api.package.upload",
      ]);
      expect(vs[2].message).to.match(/got "ftp", allowed "direct" or "s3"/);
    });
  });

  describe("vpc", () => {
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const vpc = (subnets: number, sgs: number) => fn({ vpc: { subnetIds: ids("subnet", subnets), securityGroupIds: ids("sg", sgs) } });

    it("accepts 16 subnets and rejects 17", () => {
      expectNone(validateFunction(vpc(16, 1)));
      expectOne(validateFunction(vpc(17, 1)), "lambda.vpc.subnets.count", "functions.api.vpc.subnetIds", /got 17 subnets, allowed 1–16 subnet ids/);
    });

    it("accepts 5 security groups and rejects 6", () => {
      expectNone(validateFunction(vpc(2, 5)));
      expectOne(validateFunction(vpc(2, 6)), "lambda.vpc.securityGroups.count", "functions.api.vpc.securityGroupIds", /got 6 security groups, allowed 1–5 security group ids/);
    });

    it("rejects no subnets and no security groups", () => {
      const vs = validateFunction(vpc(0, 0));
      expect(summary(vs)).to.deep.equal([
        "error lambda.vpc.subnets.count @ functions.api.vpc.subnetIds",
        "error lambda.vpc.securityGroups.count @ functions.api.vpc.securityGroupIds",
      ]);
      expect(vs[0].message).to.match(/got 0 subnets, allowed 1–16 subnet ids/);
    });

    it("warns about a single subnet (one AZ)", () => {
      expectOne(validateFunction(vpc(1, 1)), "lambda.vpc.subnets.single", "functions.api.vpc.subnetIds", /got 1 subnet, allowed 1–16 subnet ids, but one subnet is one Availability Zone/, "warning");
    });
  });

  describe("reserved concurrency", () => {
    it("accepts 0 with a warning that it throttles everything", () => {
      expectOne(validateFunction(fn({ reservedConcurrency: 0 })), "lambda.reservedConcurrency.zero", "functions.api.reservedConcurrency", /got 0, allowed integer 0–900, but 0 throttles every invocation/, "warning");
    });

    it("accepts account concurrency − 100 and rejects one more, quoting AWS", () => {
      expectNone(validateFunction(fn({ reservedConcurrency: 900 })));
      expectOne(
        validateFunction(fn({ reservedConcurrency: 901 })),
        "lambda.reservedConcurrency.accountLimit",
        "functions.api.reservedConcurrency",
        /got 901, allowed integer 0–900 \(account concurrency 1000 − 100 unreserved minimum\); AWS rejects it with "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of \[100\]\."/,
      );
      expectNone(validateFunction(fn({ reservedConcurrency: 1900 }), { concurrencyLimit: 2000 }));
      expect(validateFunction(fn({ reservedConcurrency: 1901 }), { concurrencyLimit: 2000 })[0].rule).to.equal("lambda.reservedConcurrency.accountLimit");
    });

    it("keeps a small account's whole quota unreserved", () => {
      expect(maxReservableConcurrency(10)).to.equal(0);
      expectOne(validateFunction(fn({ reservedConcurrency: 1 }), { concurrencyLimit: 10 }), "lambda.reservedConcurrency.accountLimit", "functions.api.reservedConcurrency", /minimum value of \[10\]/);
    });

    it("rejects negative (Pulumi's -1) and fractional values", () => {
      expectOne(validateFunction(fn({ reservedConcurrency: -1 })), "lambda.reservedConcurrency.range", "functions.api.reservedConcurrency", /got -1, allowed integer 0–900; omit it/);
      expectOne(validateFunction(fn({ reservedConcurrency: 2.5 })), "lambda.reservedConcurrency.range", "functions.api.reservedConcurrency", /got 2\.5,/);
    });
  });

  describe("provisioned concurrency", () => {
    const release = { aliasName: "live" };

    it("accepts 1 on an alias and rejects 0", () => {
      expectNone(validateFunction(fn({ provisionedConcurrency: 1, release })));
      expectOne(validateFunction(fn({ provisionedConcurrency: 0, release })), "lambda.provisionedConcurrency.range", "functions.api.provisionedConcurrency", /got 0, allowed integer ≥ 1/);
    });

    it("requires an alias (never $LATEST)", () => {
      expectOne(validateFunction(fn({ provisionedConcurrency: 2 })), "lambda.provisionedConcurrency.requiresAlias", "functions.api.provisionedConcurrency", /got 2, allowed only with an alias .*never \$LATEST/);
    });

    it("warns when it equals reserved concurrency", () => {
      expectOne(
        validateFunction(fn({ provisionedConcurrency: 10, reservedConcurrency: 10, release })),
        "lambda.provisionedConcurrency.equalsReserved",
        "functions.api.provisionedConcurrency",
        /got 10 \(= reservedConcurrency\), allowed integer 1–10 \(≤ reservedConcurrency 10\), but equal values leave nothing for \$LATEST/,
        "warning",
      );
    });

    it("rejects more than reserved concurrency, quoting AWS", () => {
      expectOne(
        validateFunction(fn({ provisionedConcurrency: 11, reservedConcurrency: 10, release })),
        "lambda.provisionedConcurrency.reserved",
        "functions.api.provisionedConcurrency",
        /got 11, allowed integer 1–10 \(≤ reservedConcurrency 10\); AWS rejects it with "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"/,
      );
    });

    it("without a reservation, accepts account concurrency − 100 and rejects one more", () => {
      expectNone(validateFunction(fn({ provisionedConcurrency: 900, release })));
      expectOne(validateFunction(fn({ provisionedConcurrency: 901, release })), "lambda.provisionedConcurrency.accountLimit", "functions.api.provisionedConcurrency", /got 901, allowed integer 1–900/);
    });

    it("rejects SnapStart together with provisioned concurrency", () => {
      expectNone(validateFunction(fn({ snapStart: true, release })));
      expectOne(validateFunction(fn({ provisionedConcurrency: 1, snapStart: true, release })), "lambda.provisionedConcurrency.snapStart", "functions.api.provisionedConcurrency", /got 1 with snapStart true, allowed provisioned concurrency or SnapStart, not both/);
    });

    it("warns that PC must not change while the alias has weights", () => {
      expectOne(
        validateFunction(fn({ provisionedConcurrency: 2, release: { aliasName: "live", stableVersion: "1", canaryVersion: "2", canaryWeight: 0.1 } })),
        "lambda.alias.weight.provisionedConcurrency",
        "functions.api.release.canaryWeight",
        /got 0\.1 with provisionedConcurrency 2, allowed 0–1, but provisioned concurrency settings must not change while the alias has weights; AWS rejects such a change with "Alias with weights can not be used with Provisioned Concurrency"; .*reservedConcurrency/,
        "warning",
      );
    });
  });

  describe("alias", () => {
    it("accepts a 128-character name and rejects 129", () => {
      expectNone(validateAliasName("a".repeat(128), "p"));
      expectNone(validateFunction(fn({ release: { aliasName: "a".repeat(128) } })));
      expectOne(validateFunction(fn({ release: { aliasName: "a".repeat(129) } })), "lambda.alias.name.length", "functions.api.release.aliasName", /\(129 characters\), allowed 1–128 characters/);
    });

    it("rejects all-digit names, $LATEST, other characters and empty names", () => {
      expectNone(validateAliasName("v2-live_1", "p"));
      expectOne(validateAliasName("123", "p"), "lambda.alias.name.pattern", "p", /got "123", allowed .*not all digits.*read as a version number/);
      expectOne(validateAliasName("$LATEST", "p"), "lambda.alias.name.pattern", "p", /got "\$LATEST", .*\$LATEST is the unpublished version/);
      expectOne(validateAliasName("live.v2", "p"), "lambda.alias.name.pattern", "p", /got "live\.v2"/);
      expectOne(validateAliasName("", "p"), "lambda.alias.name.length", "p", /got "" \(0 characters\)/);
      expectOne(validateAliasName(undefined, "p"), "lambda.alias.name.pattern", "p", /got nothing/);
    });

    it("requires version numbers for stableVersion and canaryVersion", () => {
      expectNone(validateFunction(fn({ release: { aliasName: "live", stableVersion: "1", canaryVersion: "12" } })));
      const vs = validateFunction(
        fn({ release: { aliasName: "live", stableVersion: "$LATEST", canaryVersion: "arn:aws:lambda:us-east-1:123456789012:function:api:3" } }),
      );
      expect(summary(vs)).to.deep.equal([
        "error lambda.alias.version @ functions.api.release.stableVersion",
        "error lambda.alias.version @ functions.api.release.canaryVersion",
      ]);
      expect(vs[0].message).to.match(/got "\$LATEST", allowed a published version number such as "3"/);
      expect(vs[1].message).to.match(/give the version number, not an ARN/);
    });

    it("accepts weights 0 and 1 and rejects -0.1, 1.01 and NaN", () => {
      const withWeight = (canaryWeight: unknown) => fn({ release: { aliasName: "live", stableVersion: "1", canaryVersion: "2", canaryWeight } });
      expectNone(validateFunction(withWeight(0)));
      expectNone(validateFunction(withWeight(1)));
      for (const w of [-0.1, 1.01, NaN, "0.5"]) {
        expectOne(validateFunction(withWeight(w)), "lambda.alias.weight.range", "functions.api.release.canaryWeight", /allowed a number 0–1/);
      }
    });

    it("requires stableVersion for a weight above 0; canaryVersion may be unknown until deploy", () => {
      expectOne(
        validateFunction(fn({ release: { aliasName: "live", canaryVersion: "4", canaryWeight: 0.5 } })),
        "lambda.alias.weight.versions",
        "functions.api.release.stableVersion",
        /got nothing, allowed a published version number when canaryWeight > 0 \(got canaryWeight 0\.5\)/,
      );
      expect(summary(validateFunction(fn({ release: { aliasName: "live", canaryWeight: 0.5 } })))).to.deep.equal([
        "error lambda.alias.weight.versions @ functions.api.release.stableVersion",
      ]);
      expectNone(validateFunction(fn({ release: { aliasName: "live", stableVersion: "3", canaryWeight: 0.5 } })));
    });

    it("requires a known canaryVersion to differ from stableVersion", () => {
      expectNone(validateFunction(fn({ release: { aliasName: "live", stableVersion: "1", canaryWeight: 0 } })));
      expectOne(
        validateFunction(fn({ release: { aliasName: "live", stableVersion: "3", canaryVersion: "3", canaryWeight: 0.1 } })),
        "lambda.alias.weight.sameVersion",
        "functions.api.release.canaryVersion",
        /got "3", allowed a version other than stableVersion "3"/,
      );
    });
  });

  describe("triggers", () => {
    it("accepts 29 s behind a REST API and rejects 30 s", () => {
      expectNone(validateFunction(fn({ timeoutSeconds: 29, triggers: { apiGateway: "rest" } })));
      expectOne(
        validateFunction(fn({ timeoutSeconds: 30, triggers: { apiGateway: "rest" } })),
        "lambda.trigger.apiGateway.timeout",
        "functions.api.timeoutSeconds",
        /got 30 seconds, allowed ≤ 29 seconds behind a REST API \(integration timeout\)/,
      );
    });

    it("accepts 30 s behind an HTTP API and rejects 31 s", () => {
      expectNone(validateFunction(fn({ timeoutSeconds: 30, triggers: { apiGateway: "http" } })));
      expectOne(validateFunction(fn({ timeoutSeconds: 31, triggers: { apiGateway: "http" } })), "lambda.trigger.apiGateway.timeout", "functions.api.timeoutSeconds", /allowed ≤ 30 seconds behind an HTTP API/);
      expectOne(validateFunction(fn({ triggers: { apiGateway: "websocket" } })), "lambda.trigger.apiGateway.type", "functions.api.triggers.apiGateway", /got "websocket", allowed "rest" or "http"/);
    });

    it("accepts an SQS visibility timeout of exactly 6 × timeout and rejects one second less", () => {
      expectNone(validateFunction(fn({ timeoutSeconds: 30, triggers: { sqs: { visibilityTimeoutSeconds: 180 } } })));
      expectOne(
        validateFunction(fn({ timeoutSeconds: 30, triggers: { sqs: { visibilityTimeoutSeconds: 179 } } })),
        "lambda.trigger.sqs.visibilityTimeout",
        "functions.api.triggers.sqs.visibilityTimeoutSeconds",
        /got 179 seconds, allowed ≥ 180 seconds \(6 × timeoutSeconds 30 \+ batching window 0\)/,
      );
    });

    it("adds the batching window", () => {
      const sqs = (visibilityTimeoutSeconds: number) => fn({ timeoutSeconds: 30, triggers: { sqs: { visibilityTimeoutSeconds, batchingWindowSeconds: 5 } } });
      expectNone(validateFunction(sqs(185)));
      expectOne(validateFunction(sqs(184)), "lambda.trigger.sqs.visibilityTimeout", "functions.api.triggers.sqs.visibilityTimeoutSeconds", /allowed ≥ 185 seconds/);
    });

    it("quotes AWS when the visibility timeout is below the function timeout", () => {
      expectOne(
        validateFunction(fn({ timeoutSeconds: 60, triggers: { sqs: { visibilityTimeoutSeconds: 30 } } })),
        "lambda.trigger.sqs.visibilityTimeout",
        "functions.api.triggers.sqs.visibilityTimeoutSeconds",
        /"Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds"/,
      );
    });
  });

  describe("invocation payloads", () => {
    // Quotas page: 6 MB synchronous (6,291,456 bytes), 1 MB asynchronous (1,048,576 bytes).
    it("accepts 6,291,456 bytes synchronously and rejects 6,291,457", () => {
      expectNone(validatePayloadBytes(6_291_456, "sync", "functions.api.usage.payloadBytes"));
      expectOne(validatePayloadBytes(6_291_457, "sync", "functions.api.usage.payloadBytes"), "lambda.payload.sync", "functions.api.usage.payloadBytes", /got 6,291,457 bytes, allowed integer 0–6,291,456 bytes \(6 MB, synchronous invocation\)/);
    });

    it("accepts 1,048,576 bytes asynchronously and rejects 1,048,577", () => {
      expectNone(validatePayloadBytes(1_048_576, "async", "p"));
      expectOne(validatePayloadBytes(1_048_577, "async", "p"), "lambda.payload.async", "p", /got 1,048,577 bytes, allowed integer 0–1,048,576 bytes \(1 MB, asynchronous invocation\)/);
      expectOne(validatePayloadBytes(-1, "async", "p"), "lambda.payload.async", "p", /got -1 bytes/);
      expectOne(validatePayloadBytes("big", "async", "p"), "lambda.payload.async", "p", /got "big" \(a string\)/);
    });
  });

  describe("alias routing weight (API Weight 0.0–1.0)", () => {
    const alias = (canaryWeight: unknown) => ({ release: { aliasName: "live", stableVersion: "1", canaryVersion: "2", canaryWeight } });
    it("accepts 0 and 1 and rejects just outside", () => {
      expectNone(validateFunction(fn(alias(0))));
      expectNone(validateFunction(fn(alias(1))));
      for (const w of [-0.01, 1.01]) {
        expectOne(validateFunction(fn(alias(w))), "lambda.alias.weight.range", "functions.api.release.canaryWeight", /allowed a number 0–1 \(share of traffic/);
      }
    });
  });

  describe("log retention", () => {
    it("accepts every allowed value and no value", () => {
      for (const d of LOG_RETENTION_DAYS) expectNone(validateLogRetentionDays(d, "logs.retentionDays"));
      expectNone(validateLogRetentionDays(undefined, "logs.retentionDays"));
    });

    it("rejects values between and beyond the allowed ones", () => {
      for (const d of [0, 2, 6, 364, 366, 3654, 14.5, "14"]) {
        expectOne(validateLogRetentionDays(d, "logs.retentionDays"), "logs.retentionDays.allowed", "logs.retentionDays", /allowed one of 1, 3, 5, .*, 3653 days; omit it to keep logs forever$/);
      }
    });
  });

  describe("account quotas", () => {
    it("reports invalid quotas under account.* and skips the checks that need them", () => {
      const vs = validateFunction(fn({ reservedConcurrency: 5000, memoryMb: 4096 }), { concurrencyLimit: -1, maxMemoryMb: 20_000 } as never);
      expect(summary(vs)).to.deep.equal([
        "error account.concurrencyLimit.range @ account.concurrencyLimit",
        "error account.maxMemoryMb.range @ account.maxMemoryMb",
      ]);
    });
  });

  describe("many problems at once", () => {
    it("reports every problem with its path, never stopping at the first", () => {
      const vs = validateFunction(
        fn({
          name: "worker",
          memoryMb: 64,
          timeoutSeconds: 901,
          architecture: "sparc",
          handler: "",
          environment: { AWS_REGION: "eu-west-1" },
          layers: Array.from({ length: 6 }, (_, i) => ({ arn: layerArn(60, i + 1) })),
          vpc: { subnetIds: [], securityGroupIds: ["sg-1"] },
          release: { aliasName: "1", canaryWeight: 2 },
          triggers: { sqs: { visibilityTimeoutSeconds: "30" } },
        }),
      );
      expect(summary(vs)).to.deep.equal([
        "error lambda.handler.length @ functions.worker.handler",
        "error lambda.architecture.allowed @ functions.worker.architecture",
        "error lambda.memory.range @ functions.worker.memoryMb",
        "error lambda.timeout.range @ functions.worker.timeoutSeconds",
        "error lambda.environment.reservedKey @ functions.worker.environment.AWS_REGION",
        "error lambda.layers.count @ functions.worker.layers",
        "error lambda.vpc.subnets.count @ functions.worker.vpc.subnetIds",
        "error lambda.alias.name.pattern @ functions.worker.release.aliasName",
        "error lambda.alias.weight.range @ functions.worker.release.canaryWeight",
        "error lambda.trigger.sqs.values @ functions.worker.triggers.sqs.visibilityTimeoutSeconds",
      ]);
      for (const v of vs) expect(v.message.startsWith(`${v.path}: got `), v.message).to.equal(true);
    });

    it("uses opts.pathPrefix for every path", () => {
      const vs = validateFunction(fn({ memoryMb: 1, timeoutSeconds: 0 }), undefined, { pathPrefix: "args" });
      expect(vs.map((v) => v.path)).to.deep.equal(["args.memoryMb", "args.timeoutSeconds"]);
      expect(vs[0].message).to.match(/^args\.memoryMb: got 1,/);
    });

    it("rejects settings that are not an object", () => {
      expectOne(validateFunction(null as never), "lambda.settings.type", "functions.<unnamed>", /got null, allowed an object of function settings/);
    });
  });

  describe("formatViolations", () => {
    it("prints a title with counts, errors first, then warnings, one path per line", () => {
      const vs = validateFunction(fn({ memoryMb: 64, reservedConcurrency: 0, timeoutSeconds: 901 }));
      expect(formatViolations("Invalid stack config", vs)).to.equal(
        [
          "Invalid stack config (2 problems, 1 warning):",
          "  - functions.api.memoryMb: got 64, allowed integer 128–10240 MB",
          "  - functions.api.timeoutSeconds: got 901, allowed integer 1–900 seconds",
          "  - warning: functions.api.reservedConcurrency: got 0, allowed integer 0–900, but 0 throttles every invocation of every version and $LATEST; omit it to leave the function unreserved",
        ].join("\n"),
      );
    });

    it("uses the singular, prefixes paths missing from foreign messages, and prints nothing for no violations", () => {
      const foreign: Violation = { path: "x.y", value: 1, rule: "r", message: "too big", severity: "error" };
      expect(formatViolations("Invalid stack config", [foreign])).to.equal("Invalid stack config (1 problem):\n  - x.y: too big");
      expect(formatViolations("Invalid stack config", [])).to.equal("");
    });
  });
});
