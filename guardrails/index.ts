/** Security and cost guardrails: pure rules over registered resources, and the plan-run adapter. */
export * from "./rules";
export { contextFromRun, evaluateRun, findingsToViolations, withGuardrails, type GuardedRun, type GuardrailRunOptions } from "./plan-run";
