import { expect } from "chai";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { editFileLocked, lockFileOf, notWritable, withFileLock, writeFileAtomic } from "../../tools/file-lock";

const REPO_ROOT = path.resolve(__dirname, "../..");

describe("tools/file-lock: serialised, atomic file edits", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "file-lock-test-"));
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes atomically: the new text, the old mode, no temp file left", () => {
    const file = path.join(dir, "a.yaml");
    fs.writeFileSync(file, "old\n", { mode: 0o640 });
    writeFileAtomic(file, "new\n");
    expect(fs.readFileSync(file, "utf8")).to.equal("new\n");
    expect(fs.statSync(file).mode & 0o777).to.equal(0o640);
    expect(fs.readdirSync(dir)).to.deep.equal(["a.yaml"]);
  });

  it("gives up after the timeout with a message naming the holder (pid, host, command, time)", async () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, "x: 1\n");
    // A live holder: this very process, on this host.
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: process.pid, host: os.hostname(), command: "release promote --stack prod --function hello", since: "2026-01-02T03:04:05.000Z" }));
    let error: Error | undefined;
    const started = Date.now();
    try {
      await editFileLocked(file, () => "x: 2\n", { timeoutMs: 300, retryMs: 20 });
    } catch (e) {
      error = e as Error;
    }
    expect(Date.now() - started).to.be.at.least(300);
    expect(error?.message).to.match(
      new RegExp(
        `^Pulumi\\.prod\\.yaml is being edited by another command: Pulumi\\.prod\\.yaml\\.lock held by pid ${process.pid} on ${os.hostname().replace(/[.]/g, "\\.")} \\(release promote --stack prod --function hello\\), since 2026-01-02T03:04:05\\.000Z; gave up after 0\\.3 s\\. .*delete .*Pulumi\\.prod\\.yaml\\.lock$`,
      ),
    );
    expect(fs.readFileSync(file, "utf8")).to.equal("x: 1\n");
  });

  it("removes a stale lock whose holder process is dead on this host, then edits", async () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, "x: 1\n");
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: 999_999, host: os.hostname(), command: "release canary", since: "2026-01-02T03:04:05.000Z" }));
    const text = await editFileLocked(file, (t) => t.replace("1", "2"), { timeoutMs: 1_000, isAlive: (pid) => pid !== 999_999 });
    expect(text).to.equal("x: 2\n");
    expect(fs.readFileSync(file, "utf8")).to.equal("x: 2\n");
    expect(fs.existsSync(lockFileOf(file))).to.equal(false);
  });

  it("never breaks a lock held on another host, even if that pid does not exist here", async () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, "x: 1\n");
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: 999_999, host: "ci-runner-7", command: "release shift", since: "2026-01-02T03:04:05.000Z" }));
    let error: Error | undefined;
    await editFileLocked(file, () => "x: 2\n", { timeoutMs: 200, retryMs: 20, isAlive: () => false }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/held by pid 999999 on ci-runner-7 \(release shift\)/);
    expect(fs.readFileSync(file, "utf8")).to.equal("x: 1\n");
  });

  it("releases the lock when the edit throws", async () => {
    const file = path.join(dir, "f.txt");
    fs.writeFileSync(file, "a");
    let error: Error | undefined;
    await withFileLock(file, () => {
      throw new Error("boom");
    }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal("boom");
    expect(fs.existsSync(lockFileOf(file))).to.equal(false);
  });

  it("names a read-only file and an unwritable directory", () => {
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(file, "x: 1\n");
    fs.chmodSync(file, 0o444);
    expect(notWritable(file)).to.match(/Pulumi\.prod\.yaml is read-only .*chmod u\+w/);
    fs.chmodSync(file, 0o644);
    fs.chmodSync(dir, 0o555);
    expect(notWritable(file)).to.match(/^cannot write in .*: the lock file and the temp file go beside Pulumi\.prod\.yaml/);
  });

  it("6 concurrent release processes editing different functions of one stack file all land", async function () {
    this.timeout(120_000);
    const n = 6;
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    const keys = Array.from({ length: n }, (_, i) => `fn${i + 1}`);
    const file = path.join(dir, "Pulumi.prod.yaml");
    fs.writeFileSync(
      file,
      [
        "config:",
        "  aws:region: us-east-1",
        "  private-lambda:network:",
        "    mode: create",
        "    interfaceEndpoints:",
        "      - xray",
        "  private-lambda:functions:",
        ...keys.flatMap((k) => [`    ${k}:`, "      source: functions/hello"]),
        "",
      ].join("\n"),
    );
    // No `pulumi` on PATH: the versions cannot be checked, so --force; each child writes its own function.
    const env = { ...process.env, PATH: path.dirname(process.execPath) };
    const run = (key: string, version: number) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ["-r", path.join(REPO_ROOT, "plan/register.js"), path.join(REPO_ROOT, "release/cli.ts"), "rollback", "--stack", "prod", "--function", key, "--to", String(version), "--force", "--root", dir],
          { cwd: REPO_ROOT, env },
        );
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("close", (code) => resolve({ code, out }));
      });
    const results = await Promise.all(keys.map((k, i) => run(k, i + 2)));
    for (const r of results) expect(r.code, r.out).to.equal(0);
    const config = parse(fs.readFileSync(file, "utf8")).config["private-lambda:functions"] as Record<string, { release?: { stableVersion?: string } }>;
    // Every edit landed: fn1 → "2", fn2 → "3", … fn6 → "7".
    expect(keys.map((k) => config[k]?.release?.stableVersion)).to.deep.equal(["2", "3", "4", "5", "6", "7"]);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(["Pulumi.prod.yaml", "Pulumi.yaml"]);
  });
});
