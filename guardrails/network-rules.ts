/**
 * Network rules: security group ingress from anywhere, the Lambda interface endpoint (private DNS,
 * scoped policy), VPC DNS attributes and AZ count. Pure.
 */
import type { FindingCollector, GuardrailContext, GuardrailResource } from "./findings";
import { readEndpointPolicy } from "./iam-rules";
import { sameAction } from "./policy-document";
import { TYPES } from "./rule-table";
import { isUnknown, probe } from "./values";

const ANY_IPV4 = "0.0.0.0/0";
const ANY_IPV6 = "::/0";

/** `com.amazonaws.<region>.lambda` (also `cn.com.amazonaws…`): the Lambda interface endpoint. */
export function isLambdaEndpointService(serviceName: string): boolean {
  return /\.lambda$/.test(serviceName.trim());
}

/** Region in an endpoint service name, e.g. `us-east-1` in `com.amazonaws.us-east-1.lambda`. */
export function regionOfServiceName(serviceName: string): string | undefined {
  return /(?:^|\.)([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d)\.[^.]+$/.exec(serviceName.trim())?.[1];
}

const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([^:]*):([^:]*):function:([^:]+)(?::([^:]+))?$/;

export function checkNetwork(c: FindingCollector, resources: readonly GuardrailResource[], ctx: GuardrailContext): void {
  for (const r of resources) {
    switch (r.type) {
      case TYPES.securityGroup:
        checkInlineIngress(c, r);
        break;
      case TYPES.securityGroupRule:
        checkSecurityGroupRule(c, r);
        break;
      case TYPES.securityGroupIngressRule:
        checkCidr(c, r, "cidrIpv4", ANY_IPV4);
        checkCidr(c, r, "cidrIpv6", ANY_IPV6);
        break;
      case TYPES.vpcEndpoint:
        checkEndpoint(c, r, ctx);
        break;
      case TYPES.awsxVpc:
      case TYPES.vpc:
        checkVpcResource(c, r);
        break;
    }
  }
}

function checkCidr(c: FindingCollector, r: GuardrailResource, property: string, anywhere: string): void {
  const v = probe(r.inputs, property);
  if (v.kind === "unknown") c.notEvaluated("PL-NET-001", r, property);
  else if (v.kind === "value" && typeof v.value === "string" && v.value.trim() === anywhere) {
    c.violation("PL-NET-001", r, property, { value: v.value, allowed: "the VPC CIDR or a caller security group, never anywhere" });
  }
}

function checkCidrList(c: FindingCollector, r: GuardrailResource, property: string, anywhere: string): void {
  const v = probe(r.inputs, property);
  if (v.kind === "unknown") return c.notEvaluated("PL-NET-001", r, property);
  if (v.kind !== "value" || !Array.isArray(v.value)) return;
  v.value.forEach((cidr, i) => {
    if (isUnknown(cidr)) c.notEvaluated("PL-NET-001", r, `${property}.${i}`);
    else if (typeof cidr === "string" && cidr.trim() === anywhere) {
      c.violation("PL-NET-001", r, `${property}.${i}`, { value: cidr, allowed: "the VPC CIDR or a caller security group, never anywhere" });
    }
  });
}

function checkInlineIngress(c: FindingCollector, sg: GuardrailResource): void {
  const ingress = probe(sg.inputs, "ingress");
  if (ingress.kind === "unknown") return c.notEvaluated("PL-NET-001", sg, "ingress");
  if (ingress.kind !== "value" || !Array.isArray(ingress.value)) return;
  ingress.value.forEach((rule, i) => {
    if (isUnknown(rule)) return c.notEvaluated("PL-NET-001", sg, `ingress.${i}`);
    checkCidrList(c, sg, `ingress.${i}.cidrBlocks`, ANY_IPV4);
    checkCidrList(c, sg, `ingress.${i}.ipv6CidrBlocks`, ANY_IPV6);
  });
}

function checkSecurityGroupRule(c: FindingCollector, r: GuardrailResource): void {
  const type = probe(r.inputs, "type");
  if (type.kind === "unknown") return c.notEvaluated("PL-NET-001", r, "type");
  if (type.kind !== "value" || type.value !== "ingress") return;
  checkCidrList(c, r, "cidrBlocks", ANY_IPV4);
  checkCidrList(c, r, "ipv6CidrBlocks", ANY_IPV6);
}

function checkEndpoint(c: FindingCollector, ep: GuardrailResource, ctx: GuardrailContext): void {
  const svc = probe(ep.inputs, "serviceName");
  if (svc.kind === "unknown") {
    for (const id of ["PL-NET-002", "PL-NET-003", "PL-NET-004"] as const) c.notEvaluated(id, ep, "serviceName");
    return;
  }
  if (svc.kind !== "value" || typeof svc.value !== "string" || !isLambdaEndpointService(svc.value)) return;

  const dns = probe(ep.inputs, "privateDnsEnabled");
  if (dns.kind === "unknown") c.notEvaluated("PL-NET-002", ep, "privateDnsEnabled");
  else if (dns.kind === "absent" || dns.value !== true) {
    c.violation("PL-NET-002", ep, "privateDnsEnabled", { value: dns.kind === "value" ? dns.value : undefined, allowed: "true", message: dns.kind === "absent" ? "got nothing (false), allowed true" : undefined });
  }

  const statements = readEndpointPolicy(c, ep, ["PL-NET-003", "PL-NET-004"]);
  if (statements === "absent") {
    c.violation("PL-NET-003", ep, "policy", { message: "got no policy, which means full access (any action on any function in any account); allowed a policy naming this stack's functions", allowed: "a policy naming this stack's functions" });
    return;
  }
  if (!statements) return;

  const region = ctx.region ?? regionOfServiceName(svc.value);
  const names = ctx.stackFunctionNames ? new Set(ctx.stackFunctionNames) : undefined;
  for (const s of statements) {
    const at = `policy.Statement.${s.index}`;
    if (s.effect === "unknown") {
      c.notEvaluated("PL-NET-003", ep, `${at}.Effect`);
      c.notEvaluated("PL-NET-004", ep, `${at}.Effect`);
      continue;
    }
    if (s.effect !== "Allow") continue;

    if (s.action.kind === "unknown") c.notEvaluated("PL-NET-004", ep, `${at}.Action`);
    else if (s.notAction.kind !== "absent") c.violation("PL-NET-004", ep, `${at}.NotAction`, { message: 'got NotAction (every other Lambda action), allowed Action ["lambda:InvokeFunction"]', allowed: '["lambda:InvokeFunction"]' });
    else {
      const others = (s.action.kind === "list" ? s.action.items : []).filter((a) => !sameAction(a, "lambda:InvokeFunction"));
      if (others.length > 0) c.violation("PL-NET-004", ep, `${at}.Action`, { value: others, allowed: '["lambda:InvokeFunction"]' });
    }

    if (s.notResource.kind !== "absent") {
      c.violation("PL-NET-003", ep, `${at}.NotResource`, { message: "got NotResource (every other function), allowed Resource naming this stack's functions", allowed: "this stack's function ARNs" });
      continue;
    }
    if (s.resource.kind === "unknown") {
      c.notEvaluated("PL-NET-003", ep, `${at}.Resource`);
      continue;
    }
    if (s.resource.kind === "absent") {
      c.violation("PL-NET-003", ep, `${at}.Resource`, { message: "got no Resource, allowed this stack's function ARNs", allowed: "this stack's function ARNs" });
      continue;
    }
    s.resource.items.forEach((arn, i) => {
      const problem = resourceProblem(arn, region, names);
      if (problem) c.violation("PL-NET-003", ep, `${at}.Resource.${i}`, { value: arn, allowed: "this stack's function ARNs", message: `got ${JSON.stringify(arn)}: ${problem}; allowed this stack's function ARNs` });
    });
  }
}

/** What is wrong with one Resource entry of the Lambda endpoint policy, or undefined. */
function resourceProblem(arn: string, region: string | undefined, names: ReadonlySet<string> | undefined): string | undefined {
  if (arn.trim() === "*") return "every function in every account";
  const m = FUNCTION_ARN.exec(arn.trim());
  if (!m) return "not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:qualifier])";
  const [, , arnRegion, account, name] = m;
  if (arnRegion!.includes("*") || arnRegion === "") return "a wildcard region";
  if (account!.includes("*") || account === "") return "a wildcard account";
  if (name!.includes("*") || name!.includes("?")) return "a wildcard function name";
  if (region !== undefined && arnRegion !== region) return `region ${arnRegion}, not the stack's region ${region}`;
  if (names && !names.has(name!)) return `function ${name} is not one of this stack's functions (${[...names].sort().join(", ") || "none"})`;
  return undefined;
}

function checkVpcResource(c: FindingCollector, vpc: GuardrailResource): void {
  const hostnames = probe(vpc.inputs, "enableDnsHostnames");
  if (hostnames.kind === "unknown") c.notEvaluated("PL-NET-005", vpc, "enableDnsHostnames");
  else if (hostnames.kind === "absent" || hostnames.value !== true) {
    c.violation("PL-NET-005", vpc, "enableDnsHostnames", {
      value: hostnames.kind === "value" ? hostnames.value : undefined,
      allowed: "true",
      message: `got ${hostnames.kind === "absent" ? "nothing (default false)" : JSON.stringify(hostnames.value)}, allowed true: private DNS for interface endpoints needs it`,
    });
  }
  const support = probe(vpc.inputs, "enableDnsSupport");
  if (support.kind === "unknown") c.notEvaluated("PL-NET-005", vpc, "enableDnsSupport");
  else if (support.kind === "value" && support.value !== true) c.violation("PL-NET-005", vpc, "enableDnsSupport", { value: support.value, allowed: "true (the default)" });

  if (vpc.type !== TYPES.awsxVpc) return;
  const names = probe(vpc.inputs, "availabilityZoneNames");
  const count = probe(vpc.inputs, "numberOfAvailabilityZones");
  if (names.kind === "unknown") return c.notEvaluated("PL-NET-005", vpc, "availabilityZoneNames");
  if (names.kind === "value" && Array.isArray(names.value)) {
    if (names.value.length < 2) c.violation("PL-NET-005", vpc, "availabilityZoneNames", { value: names.value, allowed: "at least 2 AZs" });
    return;
  }
  if (count.kind === "unknown") return c.notEvaluated("PL-NET-005", vpc, "numberOfAvailabilityZones");
  // awsx's default is 3 AZs.
  if (count.kind === "value" && (typeof count.value !== "number" || count.value < 2)) c.violation("PL-NET-005", vpc, "numberOfAvailabilityZones", { value: count.value, allowed: "at least 2 (awsx default 3)" });
}
