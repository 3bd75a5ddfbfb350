/**
 * Lambda facts as generated data: the API model's constraints (`lambda-api.json`) and the runtime
 * lifecycle (`runtime-lifecycle.json`), typed and frozen. Regenerate both with
 * `npm run catalog -- refresh-facts` (catalog/refresh-facts.ts); never edit the JSON by hand.
 *
 * Sources: the Lambda API model in boto/botocore (`botocore/data/lambda/2015-03-31/service-2.json`),
 * the runtime lifecycle in aws-cloudformation/cfn-lint (`src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json`,
 * generated from https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html) cross-checked
 * against terraform-linters/tflint-ruleset-aws. Each file records the commit and date it was built from.
 */
import apiJson from "./lambda-api.json";
import lifecycleJson from "./runtime-lifecycle.json";
import type { ApiConstraint, ApiConstraintKey, ApiFacts, FactsSource, LifecycleFacts, RuntimeLifecycle } from "./generate";

export type { ApiConstraint, ApiConstraintKey, ApiFacts, FactsSource, LifecycleFacts, RuntimeFamily, RuntimeLifecycle } from "./generate";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** `lambda-api.json`: constraints of the Lambda API model, with the quota overrides. */
export const LAMBDA_API_FACTS: ApiFacts = deepFreeze(apiJson as unknown as ApiFacts);

/** `runtime-lifecycle.json`: every runtime of the API's Runtime enum with AWS's lifecycle dates. */
export const RUNTIME_LIFECYCLE: LifecycleFacts = deepFreeze(lifecycleJson as unknown as LifecycleFacts);

/** GitHub page of a source file at its recorded commit (or on the default branch when unknown). */
export function sourceUrl(s: FactsSource): string {
  return `https://github.com/${s.repo}/blob/${s.commit ?? "HEAD"}/${s.path}`;
}

/** One constraint by key. */
export function apiConstraint(key: ApiConstraintKey, facts: ApiFacts = LAMBDA_API_FACTS): ApiConstraint {
  return facts.constraints[key];
}

/** The constraint's minimum; throws (naming the shape) if the model gives none. */
export function apiMin(key: ApiConstraintKey, facts: ApiFacts = LAMBDA_API_FACTS): number {
  const c = apiConstraint(key, facts);
  if (c.min === undefined) throw new Error(`pricing/facts: ${key} (shape ${c.shape}) has no min`);
  return c.min;
}

/**
 * The maximum this project allows: the quota override when there is one (memory 10,240 MB, timeout
 * 900 s, function name 64 characters), else the model's maximum. Throws (naming the shape) if neither.
 */
export function apiMax(key: ApiConstraintKey, facts: ApiFacts = LAMBDA_API_FACTS): number {
  const c = apiConstraint(key, facts);
  const max = c.quota?.max ?? c.max;
  if (max === undefined) throw new Error(`pricing/facts: ${key} (shape ${c.shape}) has no max`);
  return max;
}

/** The model's pattern anchored to the whole value (AWS matches whole values); throws if there is none. */
export function apiPattern(key: ApiConstraintKey, facts: ApiFacts = LAMBDA_API_FACTS): RegExp {
  const c = apiConstraint(key, facts);
  if (c.pattern === undefined) throw new Error(`pricing/facts: ${key} (shape ${c.shape}) has no pattern`);
  return new RegExp(`^(?:${c.pattern})$`);
}

/** The model's enum values; throws if there are none. */
export function apiEnum(key: ApiConstraintKey, facts: ApiFacts = LAMBDA_API_FACTS): readonly string[] {
  const c = apiConstraint(key, facts);
  if (c.enum === undefined) throw new Error(`pricing/facts: ${key} (shape ${c.shape}) has no enum`);
  return c.enum;
}

/** Lifecycle row of a runtime, when the API knows the runtime. */
export function runtimeLifecycle(runtime: string, facts: LifecycleFacts = RUNTIME_LIFECYCLE): RuntimeLifecycle | undefined {
  return facts.runtimes.find((r) => r.runtime === runtime);
}
