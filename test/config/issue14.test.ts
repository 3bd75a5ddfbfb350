/**
 * Issue 14 "Nothing lost, nothing unchecked", config side: unknown keys at every level with
 * "did you mean", one version rule, numbers kept as written, usage that cannot happen, and
 * messages that say what is true.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { settingsFromStackFile, loadStackFile, StackFileError } from "../../config/stack-file";
import { validateStackSettings } from "../../config/validate";
import { type RawStackConfig } from "../../config/schema";
import { ROOT } from "../helpers/program";

const opts = { project: "private-lambda", stack: "dev", today: "2026-11-24" };
const network = { mode: "create", interfaceEndpoints: ["xray"] };

function problems(raw: Record<string, unknown>) {
  return validateStackSettings(raw as RawStackConfig, opts).problems;
}
function withFunction(fn: Record<string, unknown>, top: Record<string, unknown> = {}) {
  return problems({ region: "us-east-1", network, functions: { hello: { source: "functions/hello", ...fn } }, ...top });
}
function messageAt(list: ReturnType<typeof problems>, p: string): string {
  const found = list.find((x) => x.path === p);
  expect(found, `${p} in ${JSON.stringify(list.map((x) => x.message), null, 1)}`).to.not.equal(undefined);
  return found!.message;
}

/** A project copy in a temp dir with one stack file. */
function tempStack(yaml: string): { root: string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "config-issue14-"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
  fs.writeFileSync(path.join(root, "Pulumi.t.yaml"), yaml);
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

describe("issue 14: config keys, versions, numbers, usage, messages", () => {
  describe("unknown keys are errors with did-you-mean", () => {
    const cases: [string, string][] = [
      ["memorySize", "memoryMb"],
      ["MemorySize", "memoryMb"],
      ["memory_size", "memoryMb"],
      ["timeout", "timeoutSeconds"],
      ["Timeout", "timeoutSeconds"],
      ["reservedConcurrentExecutions", "reservedConcurrency"],
      ["reserved_concurrent_executions", "reservedConcurrency"],
      ["provisionedConcurrentExecutions", "provisionedConcurrency"],
      ["Handler", "handler"],
      ["runtim", "runtime"],
    ];
    for (const [given, ours] of cases) {
      it(`functions.hello.${given} → did you mean ${ours}?`, () => {
        expect(messageAt(withFunction({ [given]: 1 }), `functions.hello.${given}`)).to.match(new RegExp(`^functions\\.hello\\.${given}: unknown key \\(did you mean ${ours}\\?\\); allowed keys here: `));
      });
    }

    it("a key with nothing near gets the list only", () => {
      expect(messageAt(withFunction({ colour: "blue" }), "functions.hello.colour")).to.match(/^functions\.hello\.colour: unknown key; allowed keys here: source, zip/);
    });

    it("nested levels too: release.stableVerison, alarms.enable", () => {
      const list = withFunction({ release: { stableVerison: "3" }, alarms: { enable: false } });
      expect(messageAt(list, "functions.hello.release.stableVerison")).to.match(/did you mean stableVersion\?/);
      expect(messageAt(list, "functions.hello.alarms.enable")).to.match(/did you mean enabled\?/);
    });

    it("top level: private-lambda:logRetentionDay is an error naming the namespaced key", () => {
      const msg = messageAt(withFunction({}, { logRetentionDay: 7 }), "private-lambda:logRetentionDay");
      expect(msg).to.match(/^private-lambda:logRetentionDay: unknown key \(did you mean private-lambda:logRetentionDays\?\); allowed keys in the private-lambda namespace: private-lambda:env, /);
    });

    it("the plan's reader enumerates the namespace: a stack file with private-lambda:logRetentionDay fails; secrets named by secretEnvironment do not", () => {
      const t = tempStack(
        [
          "config:",
          "  aws:region: us-east-1",
          "  private-lambda:logRetentionDay: 7",
          "  private-lambda:dbPassword:",
          "    secure: AAABAHhlbGxv",
          "  private-lambda:network:",
          "    mode: create",
          "    interfaceEndpoints: [xray]",
          "  private-lambda:functions:",
          "    hello:",
          "      source: functions/hello",
          "      secretEnvironment:",
          "        DB_PASSWORD: dbPassword",
          "",
        ].join("\n"),
      );
      try {
        const r = settingsFromStackFile(loadStackFile(t.root, "t"), opts.today);
        expect(r.problems.map((p) => p.path)).to.deep.equal(["private-lambda:logRetentionDay"]);
      } finally {
        t.cleanup();
      }
    });

    it("a runtime typo: nodejs24 → did you mean nodejs24.x", () => {
      expect(messageAt(withFunction({ runtime: "nodejs24" }), "functions.hello.runtime")).to.match(/got "nodejs24", allowed one of .*; did you mean "nodejs24\.x"\?$/);
    });
  });

  describe("release.stableVersion: one rule with the release CLI", () => {
    it('refuses "0" (Lambda numbers versions from 1)', () => {
      expect(messageAt(withFunction({ release: { stableVersion: "0" } }), "functions.hello.release.stableVersion")).to.match(
        /^functions\.hello\.release\.stableVersion: got "0", allowed a published version number ≥ 1 \(Lambda numbers versions from 1\)/,
      );
    });

    it("accepts an unquoted number as the version it means", () => {
      const r = validateStackSettings({ region: "us-east-1", network, functions: { hello: { source: "x", release: { stableVersion: 3 } } } } as RawStackConfig, opts);
      expect(r.problems.filter((p) => p.severity === "error")).to.deep.equal([]);
      expect(r.settings!.functions[0]!.release.stableVersion).to.equal("3");
    });
  });

  describe("numbers that overflow are reported as written", () => {
    it("memoryMb: 1e309 in a stack file → got 1e309, not null", () => {
      const t = tempStack(["config:", "  aws:region: us-east-1", "  private-lambda:functions:", "    hello:", "      source: functions/hello", "      memoryMb: 1e309", ""].join("\n"));
      try {
        const r = settingsFromStackFile(loadStackFile(t.root, "t"), opts.today);
        const msg = messageAt(r.problems, "functions.hello.memoryMb");
        expect(msg).to.match(/^functions\.hello\.memoryMb: got 1e309 \(too large for a number\), allowed a number$/);
        expect(msg).not.to.match(/null/);
      } finally {
        t.cleanup();
      }
    });
  });

  describe("YAML errors show the line and a caret", () => {
    it("no trailing colon; the offending line and a caret under the column", () => {
      const t = tempStack("config:\n  aws:region: us-east-1\n  private-lambda:env: [dev\n");
      try {
        let error: Error | undefined;
        try {
          loadStackFile(t.root, "t");
        } catch (e) {
          error = e as Error;
        }
        expect(error).to.be.instanceOf(StackFileError);
        const lines = error!.message.split("\n");
        expect(lines[0]).to.match(/^Pulumi\.t\.yaml is not valid YAML: .* at line \d+, column \d+$/);
        expect(lines[1]).to.match(/^ {2}\d+ \| /);
        expect(lines[2]).to.match(/^ +\^$/);
      } finally {
        t.cleanup();
      }
    });
  });

  describe("usage that cannot happen", () => {
    it("avgDurationMs above the timeout is an error (timeout 5 s, 6000 ms)", () => {
      const msg = messageAt(withFunction({ timeoutSeconds: 5, usage: { requestsPerMonth: 1000, avgDurationMs: 6000 } }), "functions.hello.usage.avgDurationMs");
      expect(msg).to.match(/got 6000 ms, allowed at most the function's timeout, 5000 ms/);
    });

    it("more than 10^15 requests is an error", () => {
      const list = withFunction({ usage: { requestsPerMonth: 2e15, avgDurationMs: 10 } });
      expect(list.find((p) => p.path === "functions.hello.usage.requestsPerMonth")).to.include({ severity: "error", rule: "usage.requestsAbsurd" });
    });

    it("average concurrency above reserved concurrency is a warning with the figure", () => {
      // 2,628,000,000 requests × 0.1 s = 262,800,000 s of work; over 730 h = 2,628,000 s → 100 at once; reserved 50.
      const list = withFunction({ reservedConcurrency: 50, usage: { requestsPerMonth: 2_628_000_000, avgDurationMs: 100 } });
      const w = list.find((p) => p.rule === "usage.concurrencyAboveLimit")!;
      expect(w.severity).to.equal("warning");
      expect(w.message).to.match(/average concurrency of 100, above reservedConcurrency 50/);
    });

    it("average concurrency above the account limit (no reserved concurrency) is a warning", () => {
      // 1e12 requests × 1 s / 2,628,000 s ≈ 380,518 > 1000.
      const list = withFunction({ timeoutSeconds: 10, usage: { requestsPerMonth: 1e12, avgDurationMs: 1000 } });
      expect(list.find((p) => p.rule === "usage.concurrencyAboveLimit")!.message).to.match(/average concurrency of 380,518, above the account concurrency limit 1000/);
    });
  });

  describe("messages that say what is true", () => {
    it("log retention: omitting gives 14 days (stack) or the stack's value (function); never 'forever'", () => {
      const list = withFunction({ logRetentionDays: 9 }, { logRetentionDays: 8 });
      expect(messageAt(list, "logRetentionDays")).to.match(/omit it for the default, 14 days \(logs that never expire are not allowed here\)/);
      expect(messageAt(list, "functions.hello.logRetentionDays")).to.match(/omit it for the stack's logRetentionDays, 8 days/);
      for (const p of list) expect(p.message).not.to.match(/forever/);
    });

    it("an existing network with one subnet names network.subnets, not functions.*.vpc.subnetIds or subnet-0", () => {
      const list = problems({
        region: "us-east-1",
        network: { mode: "existing", vpcId: "vpc-1", cidrBlock: "10.0.0.0/16", subnets: [{ id: "subnet-0abc1234", availabilityZone: "us-east-1a" }], interfaceEndpoints: ["xray"] },
        functions: { hello: { source: "x" }, other: { source: "y" } },
      });
      for (const p of list) {
        expect(p.path).not.to.match(/vpc\.subnetIds/);
        expect(p.message).not.to.match(/subnet-0\b|vpc\.subnetIds/);
      }
      expect(list.filter((p) => p.path === "network.subnets").length).to.be.at.least(1);
    });

    it("GovCloud is refused at aws:region, and the message does not suggest prices", () => {
      const msg = messageAt(withFunction({}, { region: "us-gov-west-1" }), "aws:region");
      expect(msg).to.match(/^aws:region: got "us-gov-west-1", allowed a region of the aws partition .*GovCloud \(aws-us-gov\) is refused, whatever the prices/);
      expect(msg).not.to.match(/override/);
    });

    it("a missing aws:region is reported under aws:region with the exact command", () => {
      expect(messageAt(problems({ network, functions: { hello: { source: "x" } } }), "aws:region")).to.match(/^aws:region: got nothing, required .*`pulumi config set aws:region <region>`/);
    });
  });
});
