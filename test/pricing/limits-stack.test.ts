import { expect } from "chai";
import { validateStack } from "../../pricing/validate-function";
import { expectNone, expectOne, fn, summary } from "./limits-fixtures";

describe("pricing/limits validateStack", () => {
  it("accepts Σ reserved concurrency of exactly account concurrency − 100", () => {
    expectNone(validateStack([fn({ name: "a", reservedConcurrency: 450 }), fn({ name: "b", reservedConcurrency: 450 })]));
  });

  // Code storage per Region: 300 GB = 300 × 1024³ = 322,122,547,200 bytes
  // (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
  describe("code storage (300 GB per Region)", () => {
    const pkg = (zippedBytes: number) => ({ package: { zippedBytes, unzippedBytes: 1_000, upload: "s3" } });
    it("accepts zipped packages totalling exactly 322,122,547,200 bytes", () => {
      expectNone(validateStack([fn({ name: "a", ...pkg(161_061_273_600) }), fn({ name: "b", ...pkg(161_061_273_600) })]));
    });

    it("rejects one byte more, at the functions path", () => {
      expectOne(
        validateStack([fn({ name: "a", ...pkg(161_061_273_600) }), fn({ name: "b", ...pkg(161_061_273_601) })]),
        "lambda.codeStorage.total",
        "functions",
        /^functions: got 322,122,547,201 bytes for one version of each function, allowed Σ zipped packages ≤ 322,122,547,200 bytes \(300 GB of code storage per Region\)/,
      );
    });
  });

  it("rejects Σ reserved concurrency one above, quoting AWS's error", () => {
    const vs = validateStack([fn({ name: "a", reservedConcurrency: 450 }), fn({ name: "b", reservedConcurrency: 451 })]);
    expectOne(
      vs,
      "lambda.concurrency.unreservedFloor",
      "functions",
      /^functions: got Σ reserved concurrency 901 \(a 450 \+ b 451\), allowed Σ ≤ 900 \(account concurrency 1000 − 100 unreserved minimum\); AWS rejects the last one with "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of \[100\]\."/,
    );
    expect(vs[0].value).to.equal(901);
  });

  it("uses the account's concurrency limit", () => {
    const two = (a: number, b: number) => [fn({ name: "a", reservedConcurrency: a }), fn({ name: "b", reservedConcurrency: b })];
    expectNone(validateStack(two(200, 200), { concurrencyLimit: 500 }));
    expectOne(validateStack(two(200, 201), { concurrencyLimit: 500 }), "lambda.concurrency.unreservedFloor", "functions", /allowed Σ ≤ 400 \(account concurrency 500 − 100/);
  });

  it("counts provisioned concurrency of functions without a reservation", () => {
    const vs = validateStack([
      fn({ name: "a", reservedConcurrency: 800 }),
      fn({ name: "b", provisionedConcurrency: 101, release: { aliasName: "live" } }),
      fn({ name: "c", reservedConcurrency: 0 }),
    ]);
    expect(summary(vs)).to.deep.equal([
      "warning lambda.reservedConcurrency.zero @ functions.c.reservedConcurrency",
      "error lambda.concurrency.unreservedFloor @ functions",
    ]);
    expect(vs[1].message).to.match(/got Σ reserved concurrency 901 \(a 800 \+ b 101 provisioned, no reservation\)/);
  });

  it("leaves a single over-limit function to its own rule", () => {
    expect(summary(validateStack([fn({ name: "a", reservedConcurrency: 901 }), fn({ name: "b" })]))).to.deep.equal([
      "error lambda.reservedConcurrency.accountLimit @ functions.a.reservedConcurrency",
    ]);
  });

  it("rejects duplicate function names", () => {
    expectOne(
      validateStack([fn({ name: "api" }), fn({ name: "worker" }), fn({ name: "api" })]),
      "lambda.functionName.duplicate",
      "functions.api.name",
      /got "api" for functions #1, #3, allowed a name used by one function only/,
    );
  });

  it("prefixes each function's paths with its name and reports every problem of every function", () => {
    const vs = validateStack([fn({ name: "api", memoryMb: 1 }), fn({ name: "worker", timeoutSeconds: 0 })]);
    expect(summary(vs)).to.deep.equal([
      "error lambda.memory.range @ functions.api.memoryMb",
      "error lambda.timeout.range @ functions.worker.timeoutSeconds",
    ]);
  });

  it("uses opts.pathPrefix as the prefix of the functions map", () => {
    const vs = validateStack([fn({ name: "api", memoryMb: 1 })], undefined, { pathPrefix: "stack.functions" });
    expect(vs.map((v) => v.path)).to.deep.equal(["stack.functions.api.memoryMb"]);
  });

  it("reports account and today problems once, not once per function", () => {
    const vs = validateStack([fn({ name: "a" }), fn({ name: "b" })], { concurrencyLimit: 0 }, { today: "soon" });
    expect(summary(vs)).to.deep.equal([
      "error account.concurrencyLimit.range @ account.concurrencyLimit",
      "error lambda.runtime.today @ options.today",
    ]);
    expect(summary(validateStack([], { concurrencyLimit: NaN }))).to.deep.equal(["error account.concurrencyLimit.range @ account.concurrencyLimit"]);
  });

  it("names functions without a usable name by index", () => {
    const vs = validateStack([fn({ name: "" })]);
    expect(summary(vs)).to.deep.equal(["error lambda.functionName.length @ functions[0].name"]);
  });

  it("rejects a non-list", () => {
    expectOne(validateStack({} as never), "lambda.stack.type", "functions", /got \{\} \(an object\), allowed a list of function settings/);
  });
});
