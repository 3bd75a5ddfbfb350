/**
 * Shared helpers for the guardrail tests: record real resources registered under the mock engine
 * (test/setup/mocks.ts) and pick findings.
 */
import type { Finding, GuardrailContext, GuardrailResource } from "../../guardrails/rules";
import { registered, settle } from "../helpers/mocks";

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
