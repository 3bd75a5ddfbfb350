/**
 * Safe reading of IAM-style policy documents (identity policies, trust policies, VPC endpoint
 * policies). Pure; never throws: bad JSON or a bad shape is a result, not an exception.
 */
import { SECRET_PLACEHOLDER } from "../pricing/violations";
import { containsUnknown, isUnknown } from "./values";

/** A list-valued statement field: known strings, or unknown (some part computed). */
export type Field = { readonly kind: "unknown" } | { readonly kind: "absent" } | { readonly kind: "list"; readonly items: readonly string[] };

export interface Statement {
  /** Position in `Statement` (0 when `Statement` is a single object). */
  readonly index: number;
  readonly effect: "Allow" | "Deny" | "unknown";
  readonly action: Field;
  readonly notAction: Field;
  readonly resource: Field;
  readonly notResource: Field;
  /** Raw `Principal` (`"*"`, `{ Service: … }`, `{ AWS: … }` …), unknown marker included. */
  readonly principal: unknown;
  readonly notPrincipal: unknown;
}

export type ParsedDocument =
  | { readonly kind: "ok"; readonly statements: readonly Statement[] }
  /** The document, or the string it would be parsed from, is computed. */
  | { readonly kind: "unknown" }
  /** The offline plan redacted it (`"[secret]"`). */
  | { readonly kind: "secret" }
  | { readonly kind: "absent" }
  /** `reason` says what is wrong: "not valid JSON: …", "Statement.1.Effect: …". */
  | { readonly kind: "invalid"; readonly reason: string };

function field(raw: unknown, path: string, problems: string[]): Field {
  if (raw === undefined) return { kind: "absent" };
  if (isUnknown(raw) || containsUnknown(raw)) return { kind: "unknown" };
  if (typeof raw === "string") return { kind: "list", items: [raw] };
  if (Array.isArray(raw) && raw.every((x) => typeof x === "string")) return { kind: "list", items: raw as string[] };
  problems.push(`${path}: got ${describe(raw)}, allowed a string or a list of strings`);
  return { kind: "absent" };
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list with a non-string item";
  return `a ${typeof v}`;
}

/**
 * Parse a policy document given as a JSON string (what `aws.iam.RolePolicy.policy` takes) or as
 * an object (what `aws.iam.Role.assumeRolePolicy` may take).
 */
export function parsePolicyDocument(value: unknown): ParsedDocument {
  if (value === undefined || value === null) return { kind: "absent" };
  if (isUnknown(value)) return { kind: "unknown" };
  let doc: unknown = value;
  if (typeof value === "string") {
    if (value === SECRET_PLACEHOLDER) return { kind: "secret" };
    try {
      doc = JSON.parse(value);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { kind: "invalid", reason: `not valid JSON: ${why.length > 80 ? `${why.slice(0, 77)}...` : why}` };
    }
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { kind: "invalid", reason: `got ${describe(doc)}, allowed a JSON object with a "Statement"` };
  const raw = (doc as Record<string, unknown>).Statement;
  if (isUnknown(raw)) return { kind: "unknown" };
  if (raw === undefined) return { kind: "invalid", reason: `no "Statement"` };
  const list = Array.isArray(raw) ? raw : [raw];
  const problems: string[] = [];
  const statements: Statement[] = [];
  let unknown = false;
  list.forEach((s, index) => {
    const at = `Statement.${index}`;
    if (isUnknown(s)) {
      unknown = true;
      return;
    }
    if (s === null || typeof s !== "object" || Array.isArray(s)) {
      problems.push(`${at}: got ${describe(s)}, allowed an object`);
      return;
    }
    const st = s as Record<string, unknown>;
    let effect: Statement["effect"];
    if (isUnknown(st.Effect)) effect = "unknown";
    else if (st.Effect === "Allow" || st.Effect === "Deny") effect = st.Effect;
    else {
      problems.push(`${at}.Effect: got ${JSON.stringify(st.Effect) ?? "nothing"}, allowed "Allow" or "Deny"`);
      return;
    }
    statements.push({
      index,
      effect,
      action: field(st.Action, `${at}.Action`, problems),
      notAction: field(st.NotAction, `${at}.NotAction`, problems),
      resource: field(st.Resource, `${at}.Resource`, problems),
      notResource: field(st.NotResource, `${at}.NotResource`, problems),
      principal: st.Principal,
      notPrincipal: st.NotPrincipal,
    });
  });
  if (problems.length > 0) return { kind: "invalid", reason: problems.join("; ") };
  if (unknown) return { kind: "unknown" };
  return { kind: "ok", statements };
}

/** IAM action names are case-insensitive. */
export function sameAction(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** `*`, `*:*`, `service:*`, or a wildcard in the service part (`*:GetObject`). */
export function isWildcardAction(action: string): boolean {
  if (action.trim() === "*") return true;
  const colon = action.indexOf(":");
  if (colon < 0) return action.includes("*");
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  return service.includes("*") || name === "*";
}
