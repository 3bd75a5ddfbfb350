/**
 * Public API of the pure pricing module: shared types, money helpers, dated price tables and the cost
 * estimators. No `@pulumi/*`, no `process`, no clock, no I/O (see `test/lint/purity.test.ts`).
 */
export * from "./types";
export * from "./violations";
export * from "./money";
export * from "./rates";
export * from "./overrides";
export * from "./cost";
export { InvalidUsageError, invalidUsageMessage, type UsageProblem } from "./usage-checks";
export { DEFAULT_HOURS_PER_MONTH } from "./billing";
export { estimateInfrastructureCost } from "./infrastructure-cost";
export * from "./limits";
export * from "./validate-function";
export * from "./runtimes";
export * from "./triggers";
export * from "./dynamodb"; // usage/DynamoDB (issue 17)
