import * as pulumi from "@pulumi/pulumi";
import type { Violation } from "../../pricing";
import { formatViolations } from "../../pricing";

/**
 * Throw one `ResourceError` listing every error-severity problem; log warnings against the
 * resource. Call before creating any child, so invalid args register nothing below `resource`.
 */
export function throwIfProblems(resource: pulumi.Resource, title: string, problems: readonly Violation[]): void {
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new pulumi.ResourceError(formatViolations(title, errors), resource);
  for (const w of problems.filter((p) => p.severity === "warning")) pulumi.log.warn(w.message, resource);
}
