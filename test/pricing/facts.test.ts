import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runRefreshFacts } from "../../catalog/refresh-facts";
import { apiMax, apiPattern, LAMBDA_API_FACTS, RUNTIME_LIFECYCLE } from "../../pricing/facts";
import {
  apiModelToFacts,
  describeFactsChanges,
  FactsFormatError,
  lifecycleToFacts,
  type FactsSource,
} from "../../pricing/facts/generate";
import { cfnLifecycleFixture, lambdaModelFixture, tflintLifecycleFixture } from "../fixtures/facts/lambda-model";

/*
 * Fixtures (test/fixtures/facts/lambda-model.ts) are hand-written in the sources' exact formats: botocore's
 * service-2.json for the Lambda API model, cfn-lint's LmbdRuntimeLifecycle.json and tflint-ruleset-aws's
 * deprecated_runtimes.json, with AWS's published figures. Expected figures below are AWS's published
 * values (API reference pages and the runtimes page), not read back from the generated data.
 */
let fixtureDir: string;
let MODEL_FILE: string;
let CFN_FILE: string;
let TFLINT_FILE: string;
const load = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
const SRC: FactsSource = { repo: "boto/botocore", path: "botocore/data/lambda/2015-03-31/service-2.json", commit: "a".repeat(40), date: "2026-07-30T18:08:53Z" };
const CFN_SRC: FactsSource = { repo: "aws-cloudformation/cfn-lint", path: "x.json", commit: "b".repeat(40), date: "2026-06-02T13:44:15-07:00" };
const TFL_SRC: FactsSource = { repo: "terraform-linters/tflint-ruleset-aws", path: "y.json", commit: "c".repeat(40), date: "2026-08-03T02:38:35Z" };
const QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";

const model = lambdaModelFixture;

function lifecycle(over: { primary?: unknown; crossCheck?: unknown } = {}) {
  const enumValues = apiModelToFacts(model(), SRC, "2026-12-06").constraints.runtime.enum!;
  return lifecycleToFacts({
    primary: over.primary ?? load(CFN_FILE),
    primarySource: CFN_SRC,
    crossCheck: "crossCheck" in over ? over.crossCheck : load(TFLINT_FILE),
    crossCheckSource: TFL_SRC,
    runtimeEnum: enumValues,
    apiModelSource: SRC,
    generatedOn: "2026-12-06",
  });
}

describe("pricing/facts", () => {
  before(() => {
    fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), "facts-fixtures-"));
    MODEL_FILE = path.join(fixtureDir, "service-2.json");
    CFN_FILE = path.join(fixtureDir, "LmbdRuntimeLifecycle.json");
    TFLINT_FILE = path.join(fixtureDir, "deprecated_runtimes.json");
    fs.writeFileSync(MODEL_FILE, JSON.stringify(lambdaModelFixture()));
    fs.writeFileSync(CFN_FILE, JSON.stringify(cfnLifecycleFixture()));
    fs.writeFileSync(TFLINT_FILE, JSON.stringify(tflintLifecycleFixture()));
  });
  after(() => fs.rmSync(fixtureDir, { recursive: true, force: true }));

  describe("apiModelToFacts (botocore service-2.json)", () => {
    const facts = apiModelToFacts(model(), SRC, "2026-12-06");
    const c = facts.constraints;

    it("keeps the source and date and names the model shape of every constraint", () => {
      expect(facts.source).to.deep.equal(SRC);
      expect(facts).to.include({ generatedOn: "2026-12-06", apiVersion: "2015-03-31" });
      expect(c.memorySize).to.include({ shape: "MemorySize", via: "CreateFunctionRequest.MemorySize" });
      expect(c.routingWeight).to.include({ shape: "Weight", via: "CreateAliasRequest.RoutingConfig.AdditionalVersionWeights.value", type: "double" });
      expect(c.maximumConcurrency).to.include({ shape: "MaximumConcurrency" });
    });

    it("records the model's memory and timeout maxima with the quota override next to them", () => {
      // API_CreateFunction: MemorySize 128–32768, Timeout ≥ 1 (5400 for Managed Instances); quotas page: 10,240 MB / 900 s.
      expect(c.memorySize).to.deep.include({ min: 128, max: 32_768 });
      expect(c.memorySize.quota).to.include({ max: 10_240, url: QUOTAS });
      expect(c.memorySize.quota!.note).to.match(/Managed Instances/);
      expect(c.timeout).to.deep.include({ min: 1, max: 5_400 });
      expect(c.timeout.quota).to.include({ max: 900, url: QUOTAS });
      expect(c.ephemeralStorageSize).to.deep.include({ min: 512, max: 10_240 });
      expect(c.ephemeralStorageSize.quota).to.equal(undefined);
    });

    it("extracts the ranges of the API reference", () => {
      const range = (k: keyof typeof c) => [c[k].min, c[k].max];
      expect(range("maximumRetryAttempts")).to.deep.equal([0, 2]);
      expect(range("maximumEventAgeInSeconds")).to.deep.equal([60, 21_600]);
      expect(range("batchSize")).to.deep.equal([1, 10_000]);
      expect(range("maximumBatchingWindowInSeconds")).to.deep.equal([0, 300]);
      expect(range("maximumConcurrency")).to.deep.equal([2, 1_000]);
      expect(range("routingWeight")).to.deep.equal([0, 1]);
      expect(range("aliasName")).to.deep.equal([1, 128]);
      expect(range("description")).to.deep.equal([0, 256]);
      expect(c.handler.max).to.equal(128);
      expect(c.reservedConcurrentExecutions.min).to.equal(0);
      expect(range("subnetIds")).to.deep.equal([0, 16]);
      expect(c.securityGroupIds.max).to.equal(5);
    });

    it("takes layer ARNs of 1–2048 characters including the awslayer form", () => {
      expect([c.layerVersionArn.min, c.layerVersionArn.max]).to.deep.equal([1, 2_048]);
      const re = new RegExp(`^(?:${c.layerVersionArn.pattern!})$`);
      expect(re.test("arn:aws:lambda:::awslayer:AWSLambdaPowertoolsTypeScriptV2")).to.equal(true);
      expect(re.test("arn:aws:lambda:eu-west-1:123456789012:layer:deps:3")).to.equal(true);
      expect(re.test("arn:aws:lambda:eu-west-1:123456789012:layer:deps")).to.equal(false);
    });

    it("lists the runtime enum with nodejs26.x and python3.15, and the two architectures", () => {
      expect(c.runtime.enum).to.include.members(["nodejs26.x", "python3.15", "nodejs24.x", "python3.14", "java25", "provided.al2023"]);
      expect(c.architecture.enum).to.deep.equal(["x86_64", "arm64"]);
    });

    it("throws naming the shape when a shape is missing", () => {
      const m = model();
      delete m.shapes.MaximumConcurrency;
      expect(() => apiModelToFacts(m, SRC, "2026-12-06")).to.throw(FactsFormatError, /^Lambda API model: shape MaximumConcurrency is missing$/);
    });

    it("throws naming the member path when the API uses another shape there", () => {
      const m = model();
      (m.shapes.CreateFunctionRequest!.members as Record<string, { shape: string }>).MemorySize = { shape: "Timeout" };
      expect(() => apiModelToFacts(m, SRC, "2026-12-06")).to.throw(FactsFormatError, /CreateFunctionRequest\.MemorySize is shape Timeout, expected MemorySize/);
      const m2 = model();
      delete (m2.shapes.ScalingConfig!.members as Record<string, unknown>).MaximumConcurrency;
      expect(() => apiModelToFacts(m2, SRC, "2026-12-06")).to.throw(FactsFormatError, /CreateEventSourceMappingRequest\.ScalingConfig\.MaximumConcurrency does not exist \(shape ScalingConfig has no MaximumConcurrency\)/);
    });

    it("throws naming the shape and field for a missing or mistyped bound, type or enum", () => {
      const cases: [mutate: (s: Record<string, Record<string, unknown>>) => void, message: RegExp][] = [
        [(s) => delete s.BatchSize!.max, /shape BatchSize has no max \(needed for batchSize\)/],
        [(s) => (s.BatchSize!.max = "10000"), /shape BatchSize\.max must be an integer, got "10000"/],
        [(s) => (s.Timeout!.type = "long"), /shape Timeout\.type must be "integer", got "long"/],
        [(s) => (s.Runtime!.enum = []), /shape Runtime\.enum must be a non-empty list of strings/],
        [(s) => delete s.LayerVersionArn!.pattern, /shape LayerVersionArn has no pattern \(needed for layerVersionArn\)/],
        [(s) => (s.MemorySize!.min = 99_999), /shape MemorySize has min 99999 > max 32768/],
      ];
      for (const [mutate, message] of cases) {
        const m = model();
        mutate(m.shapes);
        expect(() => apiModelToFacts(m, SRC, "2026-12-06"), String(message)).to.throw(FactsFormatError, message);
      }
    });

    it("refuses a document that is not Lambda's model", () => {
      expect(() => apiModelToFacts([], SRC, "d")).to.throw(FactsFormatError, /expected a JSON object with metadata and shapes/);
      const m = model();
      (m.metadata as Record<string, unknown>).endpointPrefix = "sqs";
      expect(() => apiModelToFacts(m, SRC, "d")).to.throw(FactsFormatError, /metadata\.endpointPrefix must be "lambda"/);
    });
  });

  describe("lifecycleToFacts (cfn-lint, cross-checked with tflint)", () => {
    it("gives AWS's three dates per runtime, newest first within each family", () => {
      const f = lifecycle();
      const row = (r: string) => f.runtimes.find((x) => x.runtime === r);
      // https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
      expect(row("python3.11")).to.include({ family: "python", deprecation: "2027-06-30", blockCreate: "2027-07-31", blockUpdate: "2027-08-31", source: "cfn-lint" });
      expect(row("nodejs16.x")).to.include({ deprecation: "2024-06-12", blockCreate: "2027-02-01", blockUpdate: "2027-03-03", successor: "nodejs24.x" });
      expect(row("go1.x")).to.include({ family: "go", deprecation: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2027-03-03", successor: "provided.al2023" });
      // The fixture has four dated Node.js runtimes; the enum's others have no lifecycle entry in it.
      const node = f.runtimes.filter((r) => r.family === "nodejs" && r.source === "cfn-lint").map((r) => r.runtime);
      expect(node).to.deep.equal(["nodejs24.x", "nodejs22.x", "nodejs20.x", "nodejs16.x"]);
      expect(f.runtimes[0]!.runtime).to.equal("nodejs26.x");
    });

    it("keeps enum runtimes without lifecycle dates as known, with no announced deprecation", () => {
      const f = lifecycle();
      for (const r of ["nodejs26.x", "python3.15"]) {
        expect(f.runtimes.find((x) => x.runtime === r), r).to.deep.include({
          deprecation: null,
          blockCreate: null,
          blockUpdate: null,
          source: "api-model",
          note: "in the Lambda API model's Runtime enum; AWS has announced no deprecation date",
        });
      }
    });

    it("lists lifecycle entries the API does not accept (dotnet9 is container-only)", () => {
      expect(lifecycle().notInApiModel).to.deep.equal(["dotnet9"]);
    });

    it("dates the data by the newest source commit and records every source", () => {
      const f = lifecycle();
      expect(f.asOf).to.equal("2026-08-03");
      expect(f.sources).to.deep.equal({ lifecycle: CFN_SRC, crossCheck: TFL_SRC, apiModel: SRC });
      expect(lifecycle({ crossCheck: undefined }).sources.crossCheck).to.equal(null);
      expect(lifecycle({ crossCheck: undefined }).asOf).to.equal("2026-06-02");
    });

    it("agrees with tflint on the fixtures and reports a disagreement when there is one", () => {
      expect(lifecycle().disagreements).to.deep.equal([]);
      const tfl = load(TFLINT_FILE) as { runtimes: Record<string, Record<string, string>> };
      tfl.runtimes["python3.10"]!.end_of_support_date = "2026-06-30T00:00:00Z";
      delete tfl.runtimes["go1.x"];
      expect(lifecycle({ crossCheck: tfl }).disagreements).to.deep.equal([
        { runtime: "go1.x", field: "presence", primary: "listed", crossCheck: null },
        { runtime: "python3.10", field: "deprecation", primary: "2026-10-31", crossCheck: "2026-06-30" },
      ]);
    });

    it("throws naming the runtime and field when the lifecycle is not in the expected format", () => {
      const bad = (mutate: (j: Record<string, Record<string, unknown>>) => void) => {
        const j = load(CFN_FILE) as Record<string, Record<string, unknown>>;
        mutate(j);
        return () => lifecycle({ primary: j });
      };
      expect(bad((j) => (j["nodejs22.x"]!.deprecated = "30/04/2027"))).to.throw(FactsFormatError, /LmbdRuntimeLifecycle\.json: nodejs22\.x\.deprecated must be an ISO date, got "30\/04\/2027"/);
      expect(bad((j) => delete j["nodejs22.x"]!.deprecated)).to.throw(FactsFormatError, /nodejs22\.x has no "deprecated" field/);
      expect(bad((j) => (j["nodejs22.x"]!["create-block"] = 20270601))).to.throw(FactsFormatError, /nodejs22\.x\.create-block must be an ISO date or null/);
      expect(() => lifecycle({ primary: [] })).to.throw(FactsFormatError, /expected an object of runtime/);
      expect(() => lifecycle({ crossCheck: { updated_at: "x", runtimes: { "nodejs22.x": {} } } })).to.throw(FactsFormatError, /deprecated_runtimes\.json: runtimes\.nodejs22\.x has no "end_of_support_date" field/);
    });
  });

  describe("describeFactsChanges", () => {
    it("names added runtimes, changed dates and enum additions", () => {
      const api = apiModelToFacts(model(), SRC, "2026-12-06");
      const life = lifecycle();
      const oldApi = JSON.parse(JSON.stringify(api)) as { constraints: Record<string, Record<string, unknown>> };
      oldApi.constraints.layerVersionArn!.max = 140;
      oldApi.constraints.runtime!.enum = (oldApi.constraints.runtime!.enum as string[]).filter((r) => r !== "nodejs26.x");
      const oldLife = JSON.parse(JSON.stringify(life)) as { runtimes: Record<string, unknown>[] };
      oldLife.runtimes = oldLife.runtimes.filter((r) => r.runtime !== "python3.15");
      oldLife.runtimes.find((r) => r.runtime === "python3.11")!.deprecation = "2026-06-30";
      oldLife.runtimes.push({ runtime: "nodejs0.x" });
      expect(describeFactsChanges({ api: oldApi, lifecycle: oldLife }, { api, lifecycle: life })).to.deep.equal([
        "constraint layerVersionArn.max: 140 → 2048",
        "constraint runtime.enum: added nodejs26.x",
        "runtime python3.15 added (no announced deprecation)",
        "runtime python3.11 deprecation: 2026-06-30 → 2027-06-30",
        "runtime nodejs0.x removed",
      ]);
      expect(describeFactsChanges({ api, lifecycle: life }, { api, lifecycle: life })).to.deep.equal([]);
    });
  });

  describe("shipped data (pricing/facts/*.json)", () => {
    it("is frozen and records its source commits", () => {
      expect(Object.isFrozen(LAMBDA_API_FACTS.constraints.memorySize)).to.equal(true);
      expect(Object.isFrozen(RUNTIME_LIFECYCLE.runtimes)).to.equal(true);
      expect(LAMBDA_API_FACTS.source).to.include({ repo: "boto/botocore", path: "botocore/data/lambda/2015-03-31/service-2.json" });
      expect(LAMBDA_API_FACTS.source.commit).to.match(/^[0-9a-f]{40}$/);
      for (const s of [RUNTIME_LIFECYCLE.sources.lifecycle, RUNTIME_LIFECYCLE.sources.crossCheck!]) expect(s.commit).to.match(/^[0-9a-f]{40}$/);
    });

    it("gives the project's maxima: quotas where they win, the model elsewhere", () => {
      expect([apiMax("memorySize"), apiMax("timeout"), apiMax("functionName"), apiMax("layerVersionArn")]).to.deep.equal([10_240, 900, 64, 2_048]);
      expect(apiPattern("aliasName").test("123")).to.equal(false);
      expect(apiPattern("aliasName").test("live")).to.equal(true);
      expect(apiPattern("environmentVariableName").test("A")).to.equal(false);
    });
  });

  describe("refresh-facts command", () => {
    let dir: string;
    let out: string[];
    const saved = { stdout: process.stdout.write, stderr: process.stderr.write, fetch: globalThis.fetch };
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "facts-"));
      out = [];
      const capture = ((chunk: string | Uint8Array) => {
        out.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
      process.stdout.write = capture;
      process.stderr.write = capture;
    });
    afterEach(() => {
      process.stdout.write = saved.stdout;
      process.stderr.write = saved.stderr;
      globalThis.fetch = saved.fetch;
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const files = () => fs.readdirSync(dir).sort();

    it("writes both files from saved sources and then reports nothing changed", async () => {
      const args = ["--from", MODEL_FILE, "--lifecycle-from", CFN_FILE, "--lifecycle-from", TFLINT_FILE, "--out", dir, "--source-commit", `boto/botocore=${"d".repeat(40)}@2026-07-30T18:08:53Z`];
      expect(await runRefreshFacts(args)).to.equal(0);
      expect(files()).to.deep.equal(["lambda-api.json", "runtime-lifecycle.json"]);
      const api = JSON.parse(fs.readFileSync(path.join(dir, "lambda-api.json"), "utf8")) as { source: FactsSource };
      expect(api.source).to.include({ commit: "d".repeat(40), date: "2026-07-30T18:08:53Z" });
      expect(out.join("")).to.match(/runtime python3\.11 added \(deprecation 2027-06-30, block create 2027-07-31, block update 2027-08-31\)/);
      out.length = 0;
      expect(await runRefreshFacts(args)).to.equal(0);
      expect(out.join("")).to.match(/No fact changed\./);
    });

    it("--dry-run writes nothing", async () => {
      expect(await runRefreshFacts(["--from", MODEL_FILE, "--lifecycle-from", CFN_FILE, "--out", dir, "--dry-run"])).to.equal(0);
      expect(files()).to.deep.equal([]);
      expect(out.join("")).to.match(/Dry run: nothing written\./);
    });

    it("a source in the wrong shape exits 1, names it and leaves the existing files untouched", async () => {
      fs.writeFileSync(path.join(dir, "lambda-api.json"), "old");
      const broken = path.join(dir, "model.json");
      const m = model();
      delete m.shapes.BatchSize;
      fs.writeFileSync(broken, JSON.stringify(m));
      expect(await runRefreshFacts(["--from", broken, "--lifecycle-from", CFN_FILE, "--out", dir])).to.equal(1);
      expect(out.join("")).to.match(/refresh-facts: Lambda API model: shape BatchSize is missing\nNothing was written\./);
      expect(fs.readFileSync(path.join(dir, "lambda-api.json"), "utf8")).to.equal("old");
      expect(files()).to.deep.equal(["lambda-api.json", "model.json"]);
    });

    it("a network failure exits 1 with a clear message and writes nothing", async () => {
      globalThis.fetch = (() => Promise.reject(new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND api.github.com") }))) as typeof fetch;
      expect(await runRefreshFacts(["--out", dir])).to.equal(1);
      expect(out.join("")).to.match(/refresh-facts: network failure fetching the newest commit of .* fetch failed: getaddrinfo ENOTFOUND api\.github\.com\nNothing was written\./);
      expect(files()).to.deep.equal([]);
    });

    it("bad flags exit 2", async () => {
      expect(await runRefreshFacts(["--from", MODEL_FILE])).to.equal(2);
      expect(out.join("")).to.match(/--from and --lifecycle-from go together/);
      expect(await runRefreshFacts(["--source-commit", "nope"])).to.equal(2);
      expect(await runRefreshFacts(["--bogus"])).to.equal(2);
    });
  });
});
