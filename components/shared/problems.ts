import * as pulumi from "@pulumi/pulumi";
import { errorsOf, formatViolations, warningsOf, type Violation } from "../../pricing/violations";

/**
 * The project's one `throwIfProblems`: throw one `ResourceError` listing every error-severity problem;
 * log warnings against the resource. Call before creating any child, so invalid args register nothing
 * below `resource`. (The program throws a `RunError` in `config/load.ts`; pure modules only return lists.)
 */
export function throwIfProblems(resource: pulumi.Resource, title: string, problems: readonly Violation[]): void {
  const errors = errorsOf(problems);
  if (errors.length > 0) throw new pulumi.ResourceError(formatViolations(title, errors), resource);
  for (const w of warningsOf(problems)) pulumi.log.warn(w.message, resource);
}
