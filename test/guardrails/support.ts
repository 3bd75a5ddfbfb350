/**
 * Shared helpers for the guardrail tests: record real resources registered under the mock engine
 * (test/setup/mocks.ts) and pick findings.
 */
import { PrivateFunction } from "../../components/private-function";
import { PrivateNetwork } from "../../components/private-network";
import type { Finding, GuardrailContext, GuardrailResource } from "../../guardrails/rules";
import { registered, settle, valueOf } from "../helpers/mocks";

/** Fixed "today" for runtime checks: nodejs22.x is then 156 days from deprecation, nodejs20.x past it. */
export const TODAY = "2026-11-25";
export const DEV: GuardrailContext = { env: "dev", today: TODAY };
export const PROD: GuardrailContext = { env: "prod", today: TODAY };

export const ACCOUNT = "123456789012";

/**
 * Run `build` (which registers resources named `<prefix>` or `<prefix>-…`), wait for the
 * registrations, and return what the mock engine recorded, as rule inputs. Component nodes are
 * kept: the rules ignore types they do not know.
 */
export async function record(prefix: string, build: () => unknown): Promise<GuardrailResource[]> {
  build();
  await settle();
  return registered(prefix).map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
}

/**
 * Record a compliant stack built from the components: `<prefix>-net` (a new 2-AZ VPC in
 * us-east-1) and `<prefix>-api`, a function named `functionName` with reserved concurrency.
 */
export function recordCompliantStack(prefix: string, functionName: string, reservedConcurrency: number): Promise<GuardrailResource[]> {
  return record(prefix, () => {
    const n = new PrivateNetwork(`${prefix}-net`, { vpc: { mode: "create", availabilityZones: 2 }, region: "us-east-1", accountId: ACCOUNT, lambdaFunctionNames: [functionName] });
    void valueOf(n.endpointIds);
    const f = new PrivateFunction(`${prefix}-api`, {
      functionName,
      code: { zipPath: "/tmp/x.zip", base64Sha256: "q83vEjRWeJA=", zippedBytes: 10, unzippedBytes: 10, upload: "direct" },
      runtime: "nodejs24.x",
      logRetentionDays: 14,
      reservedConcurrency,
      subnetIds: n.functionSubnetIds,
      subnetCount: 2,
      securityGroupIds: [n.functionSecurityGroupId],
      replacementSecurityGroupIds: [n.replacementSecurityGroupId],
      today: TODAY,
    });
    void valueOf(f.aliasArn);
  });
}

/** Findings of one rule. */
export function ofRule(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** `ruleId resource property severity` lines, for compact deep-equal assertions. */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.resource} ${f.property} ${f.severity}`);
}

/** Only the errors. */
export function errors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error");
}

/** A plain resource. */
export function res(type: string, name: string, inputs: Record<string, unknown>): GuardrailResource {
  return { type, name, inputs };
}
