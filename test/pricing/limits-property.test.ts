import { expect } from "chai";
import fc from "fast-check";
import { environmentBytes, validateFunction, validateStack } from "../../pricing/validate-function";
import { formatViolations } from "../../pricing/violations";
import { checkRuntime } from "../../pricing/runtimes";
import { AccountQuotas, FunctionSettings, ValidateOptions } from "../../pricing/types";
import type { Violation } from "../../pricing/violations";

/** Any value, including NaN, -0, BigInt, null-prototype objects, Maps, typed arrays, sparse arrays. */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

const num = fc.oneof(fc.integer({ min: -20, max: 20_000 }), fc.double(), fc.constantFrom(NaN, Infinity, -0, 128, 10_240, 900));
const str = fc.oneof(fc.string(), fc.constantFrom("", "$LATEST", "3", "nodejs22.x", "index.handler", "rest", "http", "direct", "s3"));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, anything);

/** Settings whose fields are the right keys with wrong, edge or random values. */
const settings = fc.record(
  {
    name: maybe(str),
    runtime: maybe(fc.constantFrom("nodejs22.x", "nodejs20.x", "nodejs16.x", "python3.9", "java21")),
    handler: maybe(str),
    architecture: maybe(fc.constantFrom("x86_64", "arm64", "mips")),
    memoryMb: maybe(num),
    timeoutSeconds: maybe(num),
    ephemeralStorageMb: maybe(num),
    environment: maybe(fc.dictionary(str, maybe(str))),
    description: maybe(str),
    layers: maybe(fc.array(maybe(fc.record({ arn: maybe(str), unzippedBytes: maybe(num) }, { requiredKeys: [] })))),
    package: maybe(fc.record({ zippedBytes: maybe(num), unzippedBytes: maybe(num), upload: maybe(str) }, { requiredKeys: [] })),
    reservedConcurrency: maybe(num),
    provisionedConcurrency: maybe(num),
    snapStart: maybe(fc.boolean()),
    release: maybe(
      fc.record(
        { aliasName: maybe(str), stableVersion: maybe(str), canaryVersion: maybe(str), canaryWeight: maybe(fc.oneof(num, fc.double({ min: 0, max: 1 }))) },
        { requiredKeys: [] },
      ),
    ),
    vpc: maybe(fc.record({ subnetIds: maybe(fc.array(maybe(str))), securityGroupIds: maybe(fc.array(maybe(str))) }, { requiredKeys: [] })),
    triggers: maybe(
      fc.record(
        {
          apiGateway: maybe(str),
          sqs: maybe(fc.record({ visibilityTimeoutSeconds: maybe(num), batchingWindowSeconds: maybe(num) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

const account = fc.oneof(fc.constant(undefined), maybe(fc.record({ concurrencyLimit: maybe(num), maxMemoryMb: maybe(num) }, { requiredKeys: [] })));
const options = fc.oneof(
  fc.constant(undefined),
  maybe(fc.record({ today: maybe(fc.constantFrom("2025-11-25", "2026-04-30", "2026-02-30", "x")), pathPrefix: maybe(str), autoNamed: maybe(fc.boolean()) }, { requiredKeys: [] })),
);

function wellFormed(vs: Violation[]): void {
  expect(vs).to.be.an("array");
  for (const v of vs) {
    expect(v.path).to.be.a("string").and.not.equal("");
    expect(v.rule).to.match(/^[a-z]+(\.[a-zA-Z]+)+$/);
    expect(v.message).to.be.a("string").and.not.equal("");
    expect(v.message).to.contain(v.path);
    expect(["error", "warning"]).to.include(v.severity);
  }
}

describe("pricing/limits properties", () => {
  it("validateFunction never throws on arbitrary input, and every violation has a path, rule and message", () => {
    fc.assert(
      fc.property(fc.oneof(anything, settings), account, options, (f, a, o) => {
        const vs = validateFunction(f as FunctionSettings, a as AccountQuotas, o as ValidateOptions);
        wellFormed(vs);
        expect(() => formatViolations("Invalid stack config", vs)).to.not.throw();
      }),
      { numRuns: 1000 },
    );
  });

  it("validateStack never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(settings, anything), { maxLength: 4 }), anything), account, options, (fns, a, o) => {
        wellFormed(validateStack(fns as FunctionSettings[], a as AccountQuotas, o as ValidateOptions));
      }),
      { numRuns: 500 },
    );
  });

  it("checkRuntime never throws", () => {
    fc.assert(
      fc.property(anything, anything, (r, today) => {
        const c = checkRuntime(r as string, today as string);
        expect(["ok", "warning", "error"]).to.include(c.status);
      }),
    );
  });

  it("environmentBytes equals Buffer.byteLength of the JSON for any strings", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), fc.string({ unit: "binary" })), (env) => {
        expect(environmentBytes(env)).to.equal(Buffer.byteLength(JSON.stringify(env), "utf8"));
      }),
    );
  });

  it("memory is valid exactly for integers 128–10240", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 20_000 }), (m) => {
        const ok = validateFunction({
          name: "api",
          runtime: "nodejs22.x",
          handler: "index.handler",
          architecture: "arm64",
          memoryMb: m,
          timeoutSeconds: 3,
        }).every((v) => v.rule !== "lambda.memory.range");
        expect(ok).to.equal(m >= 128 && m <= 10_240);
      }),
    );
  });
});
