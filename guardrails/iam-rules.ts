/**
 * IAM rules: wildcard actions, wildcard resources, admin policies, trust policies, document
 * validity. Pure.
 */
import { VPC_ENI_ACTIONS, XRAY_WRITE_ACTIONS } from "../components/private-function/execution-policy";
import type { FindingCollector, GuardrailContext, GuardrailResource } from "./findings";
import { isWildcardAction, parsePolicyDocument, sameAction, type ParsedDocument, type Statement } from "./policy-document";
import type { RuleId } from "./rule-table";
import { TYPES } from "./rule-table";
import { isNonEmptyString, isUnknown, probe, showInput } from "./values";

/**
 * Actions AWS only grants on `Resource: "*"`: the ENI actions of AWSLambdaVPCAccessExecutionRole
 * and the X-Ray write/sampling actions (docs/sources.md#private-networking, #xray).
 */
export const STAR_RESOURCE_ACTIONS: readonly string[] = [
  ...VPC_ENI_ACTIONS,
  ...XRAY_WRITE_ACTIONS,
  "xray:GetSampling*",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
];

/** The only service principal execution roles trust by default (PL-IAM-004). */
export const LAMBDA_SERVICE = "lambda.amazonaws.com";

/** Managed policies that make a role an administrator (by policy name, any path). */
export const ADMIN_POLICY_NAMES: readonly string[] = ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"];

const ATTACHMENT_TYPES: readonly string[] = [TYPES.rolePolicyAttachment, TYPES.policyAttachment, TYPES.userPolicyAttachment, TYPES.groupPolicyAttachment];
const POLICY_TYPES: readonly string[] = [TYPES.rolePolicy, TYPES.policy, TYPES.userPolicy, TYPES.groupPolicy];
const IDENTITY_RULES: readonly RuleId[] = ["PL-IAM-001", "PL-IAM-002", "PL-IAM-003"];

/** Name of an admin managed policy an ARN points to, or undefined. */
export function adminPolicyName(arn: string): string | undefined {
  const m = /:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m && ADMIN_POLICY_NAMES.includes(m[1]!) ? m[1] : undefined;
}

function allowedOnStar(action: string): boolean {
  return STAR_RESOURCE_ACTIONS.some((a) => sameAction(a, action));
}

/** An identity-policy document of a resource and the dotted path it sits at. */
interface DocumentAt {
  readonly resource: GuardrailResource;
  readonly property: string;
  readonly raw: unknown;
}

function identityDocuments(resources: readonly GuardrailResource[], c: FindingCollector): DocumentAt[] {
  const out: DocumentAt[] = [];
  for (const r of resources) {
    if (POLICY_TYPES.includes(r.type)) {
      const p = probe(r.inputs, "policy");
      out.push({ resource: r, property: "policy", raw: p.kind === "value" ? p.value : p.kind === "unknown" ? r.inputs.policy : undefined });
    } else if (r.type === TYPES.role) {
      const inline = probe(r.inputs, "inlinePolicies");
      if (inline.kind === "unknown") for (const id of IDENTITY_RULES) c.notEvaluated(id, r, "inlinePolicies");
      else if (inline.kind === "value" && Array.isArray(inline.value)) {
        inline.value.forEach((_, i) => {
          const p = probe(r.inputs, `inlinePolicies.${i}.policy`);
          if (p.kind === "unknown") for (const id of IDENTITY_RULES) c.notEvaluated(id, r, `inlinePolicies.${i}.policy`);
          // Role outputs may carry a placeholder `{ name: "", policy: "" }` when no inline policy
          // is managed there (a policy pack sees outputs): an empty document is absent, not invalid.
          else if (p.kind === "value" && p.value !== "") out.push({ resource: r, property: `inlinePolicies.${i}.policy`, raw: p.value });
        });
      }
    }
  }
  return out;
}

/** Report parse outcomes; return the statements when the document could be read. */
function readDocument(c: FindingCollector, d: DocumentAt, rules: readonly RuleId[], required: boolean): readonly Statement[] | undefined {
  const parsed: ParsedDocument = parsePolicyDocument(d.raw);
  switch (parsed.kind) {
    case "ok":
      return parsed.statements;
    case "unknown":
      for (const id of rules) c.notEvaluated(id, d.resource, d.property);
      return undefined;
    case "secret":
      for (const id of rules) c.notEvaluated(id, d.resource, d.property, "secret");
      return undefined;
    case "absent":
      // A required document that is absent was computed and dropped.
      if (required) for (const id of rules) c.notEvaluated(id, d.resource, d.property);
      return undefined;
    case "invalid":
      c.violation("PL-IAM-005", d.resource, d.property, { message: `${parsed.reason}; allowed a JSON policy document`, allowed: "a JSON policy document" });
      return undefined;
  }
}

export function checkIam(c: FindingCollector, resources: readonly GuardrailResource[], ctx: GuardrailContext): void {
  const trusted = new Set([LAMBDA_SERVICE, ...(Array.isArray(ctx.trustedServicePrincipals) ? ctx.trustedServicePrincipals : [])]);
  for (const d of identityDocuments(resources, c)) {
    const statements = readDocument(c, d, IDENTITY_RULES, true);
    if (statements) checkIdentityStatements(c, d, statements);
  }
  for (const r of resources) {
    if (ATTACHMENT_TYPES.includes(r.type)) {
      const arn = probe(r.inputs, "policyArn");
      if (arn.kind === "unknown") c.notEvaluated("PL-IAM-003", r, "policyArn");
      else if (arn.kind === "value" && typeof arn.value === "string" && adminPolicyName(arn.value)) {
        c.violation("PL-IAM-003", r, "policyArn", { value: arn.value, allowed: `no ${ADMIN_POLICY_NAMES.join(", ")}` });
      } else if (arn.kind === "absent") c.notEvaluated("PL-IAM-003", r, "policyArn");
    }
    if (r.type === TYPES.role) {
      checkManagedArns(c, r);
      checkTrust(c, r, trusted);
    }
  }
}

function checkManagedArns(c: FindingCollector, role: GuardrailResource): void {
  const arns = probe(role.inputs, "managedPolicyArns");
  if (arns.kind === "unknown") return c.notEvaluated("PL-IAM-003", role, "managedPolicyArns");
  if (arns.kind !== "value" || !Array.isArray(arns.value)) return;
  arns.value.forEach((a, i) => {
    if (isUnknown(a)) c.notEvaluated("PL-IAM-003", role, `managedPolicyArns.${i}`);
    else if (typeof a === "string" && adminPolicyName(a)) c.violation("PL-IAM-003", role, `managedPolicyArns.${i}`, { value: a, allowed: `no ${ADMIN_POLICY_NAMES.join(", ")}` });
  });
}

function checkIdentityStatements(c: FindingCollector, d: DocumentAt, statements: readonly Statement[]): void {
  for (const s of statements) {
    const at = `${d.property}.Statement.${s.index}`;
    if (s.effect === "unknown") {
      for (const id of IDENTITY_RULES) c.notEvaluated(id, d.resource, `${at}.Effect`);
      continue;
    }
    if (s.effect !== "Allow") continue;

    // PL-IAM-001: named actions only.
    if (s.notAction.kind !== "absent") {
      c.violation("PL-IAM-001", d.resource, `${at}.NotAction`, {
        value: s.notAction.kind === "list" ? s.notAction.items : undefined,
        allowed: "Action with named actions",
        message: `got an Allow with NotAction, which allows every other action, current and future; allowed Action with named actions`,
      });
    }
    if (s.action.kind === "unknown") {
      for (const id of IDENTITY_RULES) c.notEvaluated(id, d.resource, `${at}.Action`);
      continue;
    }
    const actions = s.action.kind === "list" ? s.action.items : [];
    const wild = actions.filter(isWildcardAction);
    if (wild.length > 0) c.violation("PL-IAM-001", d.resource, `${at}.Action`, { value: wild.length === 1 ? wild[0] : wild, allowed: 'named actions (no "*" or "service:*")' });

    // PL-IAM-002 / PL-IAM-003 need the resources.
    if (s.resource.kind === "unknown") {
      c.notEvaluated("PL-IAM-002", d.resource, `${at}.Resource`);
      c.notEvaluated("PL-IAM-003", d.resource, `${at}.Resource`);
      continue;
    }
    const star = s.notResource.kind !== "absent" || (s.resource.kind === "list" && s.resource.items.some((x) => x.trim() === "*"));
    if (!star) continue;
    const property = s.notResource.kind !== "absent" ? `${at}.NotResource` : `${at}.Resource`;
    const needless = s.notAction.kind !== "absent" ? ["(NotAction)"] : actions.filter((a) => !allowedOnStar(a));
    if (needless.length > 0) {
      c.violation("PL-IAM-002", d.resource, property, {
        value: needless,
        allowed: '"*" only for the VPC ENI and X-Ray actions',
        message: `got ${s.notResource.kind !== "absent" ? "NotResource (every other resource)" : '"*"'} for ${needless.map((a) => JSON.stringify(a)).join(", ")}, allowed "*" only for the VPC ENI and X-Ray actions; name the resources`,
      });
    }
    const admin = s.notAction.kind !== "absent" || actions.some((a) => a.trim() === "*" || /^\*:\*$/.test(a.trim()) || sameAction(a.trim(), "iam:*"));
    if (admin) {
      c.violation("PL-IAM-003", d.resource, at, {
        value: s.notAction.kind !== "absent" ? "NotAction" : actions,
        allowed: "no administrator statement",
        message: `got an Allow of ${s.notAction.kind !== "absent" ? "NotAction" : showInput(actions.filter((a) => isWildcardAction(a)))} on every resource: administrator access; allowed no administrator statement`,
      });
    }
  }
}


function isAssumeAction(a: string): boolean {
  return /^sts:(AssumeRole\w*|TagSession|SetSourceIdentity|\*)$/i.test(a.trim()) || a.trim() === "*";
}

/** True when a Principal is exactly `{ Service: … }` naming only trusted services (by default only Lambda). */
function isTrustedOnly(principal: unknown, trusted: ReadonlySet<string>): boolean {
  if (principal === null || typeof principal !== "object" || Array.isArray(principal)) return false;
  const keys = Object.keys(principal);
  if (keys.length !== 1 || keys[0] !== "Service") return false;
  const svc = (principal as { Service: unknown }).Service;
  const list = typeof svc === "string" ? [svc] : Array.isArray(svc) ? svc : [];
  return list.length > 0 && list.every((s) => typeof s === "string" && trusted.has(s));
}

function checkTrust(c: FindingCollector, role: GuardrailResource, trusted: ReadonlySet<string>): void {
  const p = probe(role.inputs, "assumeRolePolicy");
  // assumeRolePolicy is required by AWS: absent means computed and dropped.
  const statements = readDocument(c, { resource: role, property: "assumeRolePolicy", raw: p.kind === "value" ? p.value : p.kind === "unknown" ? role.inputs.assumeRolePolicy : undefined }, ["PL-IAM-004"], true);
  if (!statements) return;
  for (const s of statements) {
    const at = `assumeRolePolicy.Statement.${s.index}`;
    if (s.effect === "unknown") {
      c.notEvaluated("PL-IAM-004", role, `${at}.Effect`);
      continue;
    }
    if (s.effect !== "Allow") continue;
    if (s.action.kind === "unknown") {
      c.notEvaluated("PL-IAM-004", role, `${at}.Action`);
      continue;
    }
    const assumes = s.notAction.kind !== "absent" || (s.action.kind === "list" && s.action.items.some(isAssumeAction));
    if (!assumes) continue;
    if (s.notPrincipal !== undefined) {
      c.violation("PL-IAM-004", role, `${at}.NotPrincipal`, { value: s.notPrincipal, allowed: `Principal { Service: "${LAMBDA_SERVICE}" } only`, message: `got an Allow with NotPrincipal (everyone else may assume the role), allowed Principal { Service: "${LAMBDA_SERVICE}" } only` });
      continue;
    }
    if (isUnknown(s.principal) || (typeof s.principal === "object" && s.principal !== null && Object.values(s.principal).some((v) => isUnknown(v) || (Array.isArray(v) && v.some(isUnknown))))) {
      c.notEvaluated("PL-IAM-004", role, `${at}.Principal`);
      continue;
    }
    if (!isTrustedOnly(s.principal, trusted)) {
      const allowed = `{ Service: ${[...trusted].map((t) => JSON.stringify(t)).join(" | ")} } only`;
      c.violation("PL-IAM-004", role, `${at}.Principal`, { value: s.principal, allowed });
    }
  }
}

/** Parse an endpoint policy for the network rules; reports PL-IAM-005 and not-evaluated findings. */
export function readEndpointPolicy(c: FindingCollector, endpoint: GuardrailResource, rules: readonly RuleId[]): readonly Statement[] | "absent" | undefined {
  const p = probe(endpoint.inputs, "policy");
  if (p.kind === "absent" || (p.kind === "value" && !isNonEmptyString(p.value) && typeof p.value === "string")) return "absent";
  return readDocument(c, { resource: endpoint, property: "policy", raw: p.kind === "value" ? p.value : endpoint.inputs.policy }, rules, false);
}
