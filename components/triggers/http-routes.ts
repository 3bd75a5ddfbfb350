/**
 * Routes of the private REST API: path rules, resource paths, route ids and slugs, the invoke
 * permission's source ARN, the private API's resource policy and invoke URL, and what the
 * Deployment's `triggers` hash. Pure (docs/sources.md#private-networking).
 */
import { shortenName } from "../../config/names";
import { HttpRoute } from "./settings";

const LITERAL_SEGMENT = /^[A-Za-z0-9._-]+$/;
const PARAM_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Why a route path is invalid, or undefined. */
export function routePathProblem(path: string): string | undefined {
  if (path === "/") return undefined;
  if (!path.startsWith("/")) return "the path starts with /";
  const segments = path.slice(1).split("/");
  const params = new Set<string>();
  for (const [i, seg] of segments.entries()) {
    if (seg === "") return "no empty segments and no trailing /";
    const m = PARAM_SEGMENT.exec(seg);
    if (m) {
      if (m[2] === "+" && i !== segments.length - 1) return "a greedy {param+} only as the last segment";
      if (params.has(m[1]!)) return `each path parameter once (${m[1]} repeats)`;
      params.add(m[1]!);
    } else if (!LITERAL_SEGMENT.test(seg)) return `segments of a-z, A-Z, 0-9, ".", "_", "-" or {param} (got segment ${JSON.stringify(seg)})`;
  }
  return undefined;
}

/** Kebab-case id of a path for logical names: `/` → `root`, `/visit/{page}` → `visit-page-param`. */
export function routeSlug(path: string): string {
  if (path === "/") return "root";
  return path
    .slice(1)
    .split("/")
    .map((seg) => {
      const m = PARAM_SEGMENT.exec(seg);
      const base = (m ? m[1]! : seg).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "x";
      return m ? `${base}-${m[2] === "+" ? "greedy" : "param"}` : base;
    })
    .join("-");
}

/** Id of a route for logical names: `get-visit-page-param`. */
export function routeId(route: HttpRoute): string {
  return `${route.method.toLowerCase()}-${routeSlug(route.path)}`;
}

/** Resources (non-root path prefixes) the API needs, parents before children. */
export function apiResourcePaths(routes: readonly HttpRoute[]): { path: string; parentPath: string; pathPart: string }[] {
  const paths = new Set<string>();
  for (const r of routes) {
    if (r.path === "/") continue;
    const segs = r.path.slice(1).split("/");
    for (let i = 1; i <= segs.length; i++) paths.add(`/${segs.slice(0, i).join("/")}`);
  }
  return [...paths]
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0))
    .map((path) => {
      const cut = path.lastIndexOf("/");
      return { path, parentPath: cut === 0 ? "/" : path.slice(0, cut), pathPart: path.slice(cut + 1) };
    });
}

/**
 * `sourceArn` of the Lambda permission for one route: the API's execution ARN, the stage, the method
 * (`*` for ANY) and the path with every parameter segment as `*`, e.g.
 * `arn:aws:execute-api:us-east-1:123456789012:abc123/v1/GET/visit/*`.
 */
export function routeSourceArn(executionArn: string, stageName: string, route: HttpRoute): string {
  const method = route.method === "ANY" ? "*" : route.method;
  const path = route.path === "/" ? "" : route.path.slice(1).split("/").map((s) => (s.startsWith("{") ? "*" : s)).join("/");
  return `${executionArn}/${stageName}/${method}/${path}`;
}

/** `statementId` of a route's permission, unique per function, ≤ 100 characters. */
export function routeStatementId(route: HttpRoute): string {
  return shortenName(`private-api-${routeId(route)}`, 100);
}

/**
 * Resource policy of the private REST API: `execute-api:Invoke` is allowed only through the given VPC
 * endpoint (`aws:SourceVpce`) and explicitly denied from anywhere else.
 */
export function privateApiResourcePolicy(executionArn: string, vpcEndpointId: string): string {
  const resource = `${executionArn}/*`;
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowInvokeThroughTheVpcEndpoint",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringEquals: { "aws:SourceVpce": vpcEndpointId } },
      },
      {
        Sid: "DenyInvokeFromAnywhereElse",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: resource,
        Condition: { StringNotEquals: { "aws:SourceVpce": vpcEndpointId } },
      },
    ],
  });
}

/** Invoke URL of a private API through its associated endpoint: `https://{api}-{vpce}.execute-api.{region}.amazonaws.com/{stage}`. */
export function privateApiInvokeUrl(restApiId: string, vpcEndpointId: string, region: string, stageName: string): string {
  return `https://${restApiId}-${vpcEndpointId}.execute-api.${region}.amazonaws.com/${stageName}`;
}

/**
 * What the private REST API's Deployment `triggers` hash, as canonical JSON per key: a stage serves
 * the snapshot taken when its Deployment was created, so anything the snapshot contains must force a
 * new Deployment when it changes. That is the routes and the integration timeout (`shape`), and the
 * integration targets (`integrations`): the alias's invoke ARN, which changes with the alias name or
 * the function name (without it the stage keeps calling the old alias, which a rename deletes). The
 * alias invoke ARN carries no version, so releases (new versions behind the alias) never redeploy.
 * The resource policy is hashed separately, once its document is known.
 */
export function deploymentTriggerInputs(input: {
  readonly routes: readonly HttpRoute[];
  readonly integrationTimeoutSeconds: number;
  /** The integration URI of each route, in the order of `routes`. */
  readonly integrationUris: readonly string[];
}): { readonly routes: string; readonly integrations: string } {
  return {
    routes: JSON.stringify({ routes: input.routes, integrationTimeoutSeconds: input.integrationTimeoutSeconds }),
    integrations: JSON.stringify(input.routes.map((r, i) => [`${r.method} ${r.path}`, input.integrationUris[i] ?? ""])),
  };
}
