/**
 * Lambda function rules: VPC, tracing, runtime, log group, reserved concurrency, async failure
 * handling, function URLs, public permissions. Pure.
 */
import { checkRuntime } from "../pricing/runtimes";
import type { FindingCollector, GuardrailContext, GuardrailResource } from "./findings";
import { isProdEnv, TYPES } from "./rule-table";
import { containsUnknown, isNonEmptyString, isUnknown, probe } from "./values";

/** Name of the function a `functionName` input refers to: a name, an ARN or a partial ARN. */
export function functionNameFromReference(ref: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(ref);
  return m ? m[1]! : ref;
}

export function checkFunctions(c: FindingCollector, resources: readonly GuardrailResource[], ctx: GuardrailContext): void {
  const functions = resources.filter((r) => r.type === TYPES.function);
  const logGroups = resources.filter((r) => r.type === TYPES.logGroup);
  const invokeConfigs = resources.filter((r) => r.type === TYPES.invokeConfig);

  for (const fn of functions) {
    checkVpc(c, fn, ctx);
    checkTracing(c, fn);
    checkRuntimeOf(c, fn, ctx);
    checkLogGroup(c, fn, logGroups);
    if (isProdEnv(ctx.env)) checkReservedConcurrency(c, fn);
  }
  checkAsync(c, functions, invokeConfigs);
  for (const url of resources.filter((r) => r.type === TYPES.functionUrl)) {
    const auth = probe(url.inputs, "authorizationType");
    c.violation("PL-FN-008", url, "authorizationType", {
      value: auth.kind === "value" ? auth.value : undefined,
      allowed: "no function URL",
      message: `function URL${auth.kind === "value" ? ` (authorizationType ${JSON.stringify(auth.value)})` : ""} gives the function a public HTTPS endpoint outside the VPC; allowed no function URL`,
    });
  }
  for (const p of resources.filter((r) => r.type === TYPES.permission)) checkPermission(c, p);
  for (const pc of resources.filter((r) => r.type === TYPES.provisionedConcurrency)) checkPcQualifier(c, pc, "qualifier", (v) => v);
  for (const t of resources.filter((r) => r.type === TYPES.scalableTarget)) {
    const ns = probe(t.inputs, "serviceNamespace");
    if (ns.kind === "value" && ns.value !== "lambda") continue;
    // Application Auto Scaling names a Lambda alias or version `function:<name>:<qualifier>`
    // (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
    checkPcQualifier(c, t, "resourceId", (v) => /^function:[^:]+:(.+)$/.exec(v)?.[1]);
  }
}

/**
 * PL-FN-010: the qualifier a provisioned-concurrency resource names must be an alias. A version is
 * digits or `$LATEST` (aliases cannot be all digits: the API's alias pattern `(?!^[0-9]+$)`).
 */
function checkPcQualifier(c: FindingCollector, r: GuardrailResource, property: string, qualifierOf: (value: string) => string | undefined): void {
  const v = probe(r.inputs, property);
  if (v.kind === "unknown" || (v.kind === "value" && containsUnknown(v.value))) return c.notEvaluated("PL-FN-010", r, property);
  if (v.kind !== "value" || typeof v.value !== "string") return;
  const qualifier = qualifierOf(v.value);
  if (qualifier === undefined) {
    return c.violation("PL-FN-010", r, property, { value: v.value, allowed: "function:<name>:<alias>", message: `got ${JSON.stringify(v.value)}: no alias qualifier; allowed function:<name>:<alias>` });
  }
  if (/^\d+$/.test(qualifier) || qualifier === "$LATEST") {
    c.violation("PL-FN-010", r, property, {
      value: v.value,
      allowed: "an alias (e.g. live)",
      message: `got version ${qualifier}: provisioned concurrency on a version stays there when the alias moves (new version cold, old one still billed); allowed an alias (e.g. live)`,
    });
  }
}

function checkVpc(c: FindingCollector, fn: GuardrailResource, ctx: GuardrailContext): void {
  const vpc = probe(fn.inputs, "vpcConfig");
  if (vpc.kind === "unknown") return c.notEvaluated("PL-FN-001", fn, "vpcConfig");
  if (vpc.kind === "absent") {
    return c.violation("PL-FN-001", fn, "vpcConfig", { message: "got no vpcConfig, allowed private subnets in at least two AZs and security groups: the function is not in a VPC" });
  }
  const subnets = probe(fn.inputs, "vpcConfig.subnetIds");
  // vpcConfig without subnetIds can only mean a computed list that was dropped (AWS requires it).
  if (subnets.kind !== "value") c.notEvaluated("PL-FN-001", fn, "vpcConfig.subnetIds");
  else if (!Array.isArray(subnets.value)) c.violation("PL-FN-001", fn, "vpcConfig.subnetIds", { value: subnets.value, allowed: "a list of at least 2 subnet ids" });
  else {
    // The list is known even when its items are not: the count is what the rule checks.
    const count = subnets.value.length;
    if (count < 2) {
      c.violation("PL-FN-001", fn, "vpcConfig.subnetIds", {
        value: subnets.value,
        allowed: "at least 2 subnets (one per AZ; the rule counts subnets, it cannot see their AZs)",
        message: `got ${count} subnet${count === 1 ? "" : "s"}, allowed at least 2 subnets (one per AZ; the rule counts subnets, it cannot see their AZs)`,
      });
    } else if (ctx.availabilityZones !== undefined && ctx.availabilityZones < 2) {
      c.violation("PL-FN-001", fn, "vpcConfig.subnetIds", {
        value: subnets.value,
        allowed: "subnets in at least 2 AZs",
        message: `got ${count} subnets, but the stack's network spans ${ctx.availabilityZones} AZ; allowed subnets in at least 2 AZs`,
      });
    }
  }
  const sgs = probe(fn.inputs, "vpcConfig.securityGroupIds");
  if (sgs.kind !== "value") c.notEvaluated("PL-FN-001", fn, "vpcConfig.securityGroupIds");
  else if (!Array.isArray(sgs.value) || sgs.value.length === 0) c.violation("PL-FN-001", fn, "vpcConfig.securityGroupIds", { value: sgs.value, allowed: "at least 1 security group" });
}

function checkTracing(c: FindingCollector, fn: GuardrailResource): void {
  const mode = probe(fn.inputs, "tracingConfig.mode");
  if (mode.kind === "unknown") return c.notEvaluated("PL-FN-002", fn, "tracingConfig.mode");
  if (mode.kind === "absent" || mode.value !== "Active") {
    c.violation("PL-FN-002", fn, "tracingConfig.mode", {
      value: mode.kind === "value" ? mode.value : undefined,
      allowed: '"Active"',
      message: mode.kind === "absent" ? 'got nothing (PassThrough), allowed "Active"' : undefined,
    });
  }
}

function checkRuntimeOf(c: FindingCollector, fn: GuardrailResource, ctx: GuardrailContext): void {
  const runtime = probe(fn.inputs, "runtime");
  if (runtime.kind === "unknown") {
    c.notEvaluated("PL-FN-003", fn, "runtime");
    c.notEvaluated("PL-FN-004", fn, "runtime");
    return;
  }
  // Container images have no runtime; the rule is about managed runtimes.
  if (runtime.kind === "absent" && probe(fn.inputs, "packageType").kind === "value" && fn.inputs.packageType === "Image") return;
  const check = checkRuntime(runtime.kind === "value" ? runtime.value : undefined, ctx.today);
  if (check.status === "error") c.violation("PL-FN-003", fn, "runtime", { value: runtime.kind === "value" ? runtime.value : undefined, allowed: check.allowed, message: check.message });
  else if (check.status === "warning") c.violation("PL-FN-004", fn, "runtime", { value: runtime.kind === "value" ? runtime.value : undefined, allowed: check.allowed, message: check.message });
}

function checkLogGroup(c: FindingCollector, fn: GuardrailResource, logGroups: readonly GuardrailResource[]): void {
  const custom = probe(fn.inputs, "loggingConfig.logGroup");
  let expected: string;
  let property: string;
  if (custom.kind === "unknown") return c.notEvaluated("PL-FN-005", fn, "loggingConfig.logGroup");
  if (custom.kind === "value" && isNonEmptyString(custom.value)) {
    expected = custom.value;
    property = "loggingConfig.logGroup";
  } else {
    const name = probe(fn.inputs, "name");
    // An auto-named function's name is computed: without it there is no log group name to look for.
    if (name.kind !== "value" || !isNonEmptyString(name.value)) return c.notEvaluated("PL-FN-005", fn, "name");
    expected = `/aws/lambda/${name.value}`;
    property = "name";
  }
  const matches = logGroups.filter((g) => probe(g.inputs, "name").kind === "value" && g.inputs.name === expected);
  if (matches.length === 0) {
    if (logGroups.some((g) => probe(g.inputs, "name").kind === "unknown")) return c.notEvaluated("PL-FN-005", fn, property);
    return c.violation("PL-FN-005", fn, property, {
      value: expected,
      allowed: `an ${TYPES.logGroup} named "${expected}" with retentionInDays set`,
      message: `no ${TYPES.logGroup} named "${expected}"; Lambda would create it with logs that never expire; allowed a managed log group with retentionInDays set`,
    });
  }
  for (const match of matches) {
    const retention = probe(match.inputs, "retentionInDays");
    if (retention.kind === "unknown") c.notEvaluated("PL-FN-005", match, "retentionInDays");
    else if (retention.kind === "absent" || retention.value === 0) {
      c.violation("PL-FN-005", match, "retentionInDays", {
        value: retention.kind === "value" ? retention.value : undefined,
        allowed: "a retention in days (1, 3, 5, 7, 14, 30, …)",
        message: `got ${retention.kind === "value" ? "0" : "nothing"} (never expire), allowed a retention in days (1, 3, 5, 7, 14, 30, …)`,
      });
    }
  }
}

function checkReservedConcurrency(c: FindingCollector, fn: GuardrailResource): void {
  const rc = probe(fn.inputs, "reservedConcurrentExecutions");
  if (rc.kind === "unknown") return c.notEvaluated("PL-FN-006", fn, "reservedConcurrentExecutions");
  const v = rc.kind === "value" ? rc.value : undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    c.violation("PL-FN-006", fn, "reservedConcurrentExecutions", {
      value: v,
      allowed: "an integer ≥ 0 in prod",
      message: `got ${v === undefined ? "nothing" : JSON.stringify(v)}${v === -1 || v === undefined ? " (unreserved)" : ""}, allowed an integer ≥ 0 in prod`,
    });
  }
}

function checkAsync(c: FindingCollector, functions: readonly GuardrailResource[], invokeConfigs: readonly GuardrailResource[]): void {
  // First function of a name wins (two functions cannot share a physical name in one account and region).
  const byName = new Map<string, GuardrailResource>();
  for (const fn of functions) if (typeof fn.inputs.name === "string" && !isUnknown(fn.inputs.name) && !byName.has(fn.inputs.name)) byName.set(fn.inputs.name, fn);
  const withDestination = new Set<GuardrailResource>();
  const dlqOf = (fn: GuardrailResource | undefined) => (fn ? probe(fn.inputs, "deadLetterConfig.targetArn") : undefined);

  for (const ic of invokeConfigs) {
    const target = probe(ic.inputs, "functionName");
    if (target.kind !== "value" || typeof target.value !== "string") {
      c.notEvaluated("PL-FN-007", ic, "functionName");
      continue;
    }
    const fn = byName.get(functionNameFromReference(target.value));
    const dest = probe(ic.inputs, "destinationConfig.onFailure.destination");
    if (dest.kind === "unknown") {
      c.notEvaluated("PL-FN-007", ic, "destinationConfig.onFailure.destination");
      continue;
    }
    if (dest.kind === "value" && isNonEmptyString(dest.value)) {
      if (fn) withDestination.add(fn);
      continue;
    }
    const dlq = dlqOf(fn);
    if (dlq?.kind === "value" && isNonEmptyString(dlq.value)) continue;
    if (dlq?.kind === "unknown") {
      c.notEvaluated("PL-FN-007", fn!, "deadLetterConfig.targetArn");
      continue;
    }
    c.violation("PL-FN-007", ic, "destinationConfig.onFailure.destination", {
      message: `got no on-failure destination${fn ? ` and no deadLetterConfig.targetArn on ${fn.name}` : ""}, allowed an SQS, SNS, Lambda or EventBridge ARN: failed async events would be dropped`,
      allowed: "an on-failure destination ARN or a dead-letter queue",
    });
  }

  for (const fn of functions) {
    const dlc = probe(fn.inputs, "deadLetterConfig");
    if (dlc.kind === "absent" || withDestination.has(fn)) continue;
    if (dlc.kind === "unknown") {
      c.notEvaluated("PL-FN-007", fn, "deadLetterConfig");
      continue;
    }
    const arn = probe(fn.inputs, "deadLetterConfig.targetArn");
    if (arn.kind === "unknown") c.notEvaluated("PL-FN-007", fn, "deadLetterConfig.targetArn");
    else if (arn.kind === "absent" || !isNonEmptyString(arn.value)) {
      c.violation("PL-FN-007", fn, "deadLetterConfig.targetArn", { value: arn.kind === "value" ? arn.value : undefined, allowed: "an SQS queue or SNS topic ARN" });
    }
  }
}

function checkPermission(c: FindingCollector, p: GuardrailResource): void {
  const principal = probe(p.inputs, "principal");
  if (principal.kind === "unknown") return c.notEvaluated("PL-FN-009", p, "principal");
  if (principal.kind !== "value" || principal.value !== "*") return;
  const conditions = ["sourceAccount", "sourceArn", "principalOrgId"].map((k) => probe(p.inputs, k));
  if (conditions.some((x) => x.kind === "value" && isNonEmptyString(x.value) && !isUnknown(x.value))) return;
  if (conditions.some((x) => x.kind === "unknown" || (x.kind === "value" && containsUnknown(x.value)))) return c.notEvaluated("PL-FN-009", p, "principal");
  c.violation("PL-FN-009", p, "principal", {
    value: "*",
    allowed: 'a named principal, or "*" with sourceAccount, sourceArn or principalOrgId',
    message: 'got "*" without sourceAccount, sourceArn or principalOrgId: any AWS account may invoke the function; allowed a named principal, or "*" with one of those conditions',
  });
}
