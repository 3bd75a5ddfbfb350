/**
 * Drives the real policy pack the way the Pulumi CLI does, without the CLI: starts
 * `@pulumi/pulumi/cmd/run-policy-pack` in `policy/` (ts-node with type checking, like the CLI's
 * Node.js policy host), reads the analyzer's port from stdout and calls `AnalyzeStack` over gRPC
 * with resources whose properties may hold Pulumi's unknown sentinels, as at `pulumi preview`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const PACK_DIR = path.join(ROOT, "policy");

// Resolved from @pulumi/pulumi, so the message classes are the ones its gRPC service checks.
/* eslint-disable @typescript-eslint/no-require-imports */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const analyzerRpc = require(path.join(pulumiDir, "proto/analyzer_grpc_pb.js"));
const analyzerPb = require(path.join(pulumiDir, "proto/analyzer_pb.js"));
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb.js", { paths: [pulumiDir] }));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [pulumiDir] }));
/* eslint-enable @typescript-eslint/no-require-imports */

export interface PackResource {
  readonly type: string;
  readonly name: string;
  readonly props: Record<string, unknown>;
  /** @default urn:pulumi:<stack>::private-lambda::<type>::<name> */
  readonly urn?: string;
}

export interface PackDiagnostic {
  readonly policyName: string;
  readonly message: string;
  readonly urn: string;
  /** 0 advisory, 1 mandatory, 2 disabled, 3 remediate (pulumirpc.EnforcementLevel). */
  readonly enforcementLevel: number;
}

export interface RunningPack {
  readonly info: { name: string; policies: string[] };
  analyzeStack(stack: string, resources: readonly PackResource[]): Promise<PackDiagnostic[]>;
  stop(): void;
}

function call<T>(client: any, method: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

/** Start the pack; resolves once its gRPC server listens. */
export async function startPack(timeoutMs = 50_000): Promise<RunningPack> {
  const entry = path.join(pulumiDir, "cmd/run-policy-pack");
  const child: ChildProcess = spawn(process.execPath, [entry, "127.0.0.1:0", "."], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
  const stderr: Buffer[] = [];
  child.stderr!.on("data", (b: Buffer) => stderr.push(b));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`policy pack did not start in ${timeoutMs} ms: ${Buffer.concat(stderr).toString()}`)), timeoutMs);
    let out = "";
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`policy pack exited with ${code}: ${Buffer.concat(stderr).toString()}`));
    });
  });
  const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const infoRes = await call<any>(client, "getAnalyzerInfo", new emptyPb.Empty());
  const info = { name: infoRes.getName(), policies: infoRes.getPoliciesList().map((p: any) => p.getName()) };

  return {
    info,
    async analyzeStack(stack, resources) {
      const req = new analyzerPb.AnalyzeStackRequest();
      req.setResourcesList(
        resources.map((r) => {
          const ar = new analyzerPb.AnalyzerResource();
          ar.setType(r.type);
          ar.setName(r.name);
          ar.setUrn(r.urn ?? `urn:pulumi:${stack}::private-lambda::${r.type}::${r.name}`);
          ar.setProperties(structPb.Struct.fromJavaScript(r.props));
          ar.setOptions(new analyzerPb.AnalyzerResourceOptions());
          return ar;
        }),
      );
      const res = await call<any>(client, "analyzeStack", req);
      return res.getDiagnosticsList().map((d: any) => ({ policyName: d.getPolicyname(), message: d.getMessage(), urn: d.getUrn(), enforcementLevel: d.getEnforcementlevel() }));
    },
    stop() {
      client.close();
      child.kill();
    },
  };
}
