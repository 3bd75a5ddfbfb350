/**
 * Pure decisions of {@link PrivateNetwork}: subnet layout for awsx, endpoint lists, the Lambda
 * endpoint policy. Imported by tests without the Pulumi engine.
 */
import type { Violation } from "../../pricing";

export type NatStrategy = "none" | "single" | "onePerAz";

/** awsx `natGateways.strategy` values. */
export const AWSX_NAT_STRATEGY: Readonly<Record<NatStrategy, "None" | "Single" | "OnePerAz">> = {
  none: "None",
  single: "Single",
  onePerAz: "OnePerAz",
};

/**
 * Subnet specs for `awsx.ec2.Vpc`. Without NAT the function subnets are `Isolated` (no internet
 * route): some awsx versions reject `Private` subnets with strategy `None`
 * ("If private subnets are specified, NAT Gateway strategy cannot be 'None'"). With NAT, awsx
 * needs both `Public` (for the NAT gateways) and `Private` subnets.
 */
export function subnetSpecsFor(nat: NatStrategy): { type: "Isolated" | "Public" | "Private"; name: string }[] {
  return nat === "none"
    ? [{ type: "Isolated", name: "functions" }]
    : [
        { type: "Public", name: "public" },
        { type: "Private", name: "functions" },
      ];
}

/** Number of NAT gateways awsx creates for a strategy. */
export function natGatewayCount(nat: NatStrategy, azs: number): number {
  return nat === "none" ? 0 : nat === "single" ? 1 : azs;
}

/** `com.amazonaws.<region>.<service>` */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}

/** Interface endpoints to create: always `lambda` first, then the requested ones, deduplicated. */
export function interfaceEndpointServices(requested: readonly string[]): string[] {
  return [...new Set(["lambda", ...requested.filter((s) => s !== "s3" && s !== "dynamodb")])];
}

export interface EndpointPolicyInput {
  readonly region: string;
  readonly accountId: string;
  /** Physical names of the functions callers may invoke through the endpoint. */
  readonly functionNames: readonly string[];
}

/**
 * Endpoint policy for the Lambda interface endpoint: only `lambda:InvokeFunction`, only on this
 * stack's functions (unqualified ARN and every qualifier: versions and aliases), only by
 * principals of this account. It limits traffic through the endpoint only; it does not make the
 * function private (docs/sources.md#private-networking).
 */
export function lambdaEndpointPolicy(input: EndpointPolicyInput): string {
  const resources = [...input.functionNames]
    .sort()
    .flatMap((n) => {
      const arn = `arn:aws:lambda:${input.region}:${input.accountId}:function:${n}`;
      return [arn, `${arn}:*`];
    });
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeThisStacksFunctionsFromThisAccount",
        Effect: "Allow",
        Principal: "*",
        Action: ["lambda:InvokeFunction"],
        Resource: resources,
        Condition: { StringEquals: { "aws:PrincipalAccount": input.accountId } },
      },
    ],
  });
}

/** Service short name of the interface endpoint private REST APIs are reached through. */
export const EXECUTE_API_SERVICE = "execute-api";

/**
 * Endpoint policy for the `execute-api` interface endpoint: only `execute-api:Invoke`, only on REST
 * APIs of this account (any caller in the VPC, signed or anonymous). The API's own resource policy
 * then admits only traffic through this endpoint (components/triggers). Like every endpoint policy it
 * limits what passes through the endpoint, nothing else.
 */
export function executeApiEndpointPolicy(input: { readonly region: string; readonly accountId: string }): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "InvokeThisAccountsPrivateApis",
        Effect: "Allow",
        Principal: "*",
        Action: ["execute-api:Invoke"],
        Resource: [`arn:aws:execute-api:${input.region}:${input.accountId}:*`],
      },
    ],
  });
}

/** Problems with the network args a component can check before creating anything. */
export function validateNetworkArgs(args: { azCount: number; functionNames: readonly string[]; region: string }): Violation[] {
  const out: Violation[] = [];
  if (!Number.isInteger(args.azCount) || args.azCount < 2) {
    out.push({ path: "availabilityZones", value: args.azCount, rule: "network.azCount", message: `availabilityZones: got ${args.azCount}, allowed integer ≥ 2 (subnets in at least two AZs)`, severity: "error" });
  }
  if (args.functionNames.length === 0) {
    out.push({ path: "lambdaFunctionNames", value: [], rule: "network.endpointPolicy", message: "lambdaFunctionNames: got none; the endpoint policy needs at least one function (no \"*\" resource)", severity: "error" });
  }
  out.push(...validateRegion(args.region, "region"));
  return out;
}

/**
 * Policies and ARNs here are written for the `aws` partition; GovCloud (aws-us-gov) and China
 * (aws-cn) regions would need other ARNs, so they are refused rather than silently mis-scoped.
 * Refused outright: no price override or other setting makes them work, and the message says so.
 */
export function validateRegion(region: unknown, path: string): Violation[] {
  if (typeof region === "string" && /^[a-z]{2}-[a-z]+-\d$/.test(region) && !/^(cn|us-gov)-/.test(region)) return [];
  const partition =
    typeof region === "string" && /^us-gov-/.test(region)
      ? "GovCloud (aws-us-gov) is refused, whatever the prices: its ARNs and endpoints differ"
      : typeof region === "string" && /^cn-/.test(region)
        ? "China (aws-cn) regions are refused, whatever the prices: their ARNs and endpoints differ"
        : undefined;
  const parts = [`${path}: got ${JSON.stringify(region)}, allowed a region of the aws partition such as us-east-1 (GovCloud and China regions are not supported)`];
  if (partition) parts.push(partition);
  if (path === "aws:region") parts.push("set one with `pulumi config set aws:region <region>`");
  return [
    {
      path,
      value: region,
      rule: "network.region",
      message: parts.join("; "),
      severity: "error",
    },
  ];
}

/**
 * The first subnet of each AZ, in the given order: an interface endpoint takes at most one subnet
 * per AZ (CreateVpcEndpoint: "Found another VPC endpoint subnet in the availability zone").
 */
export function onePerAz(subnets: readonly { readonly id: string; readonly availabilityZone: string }[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of subnets) {
    if (seen.has(s.availabilityZone)) continue;
    seen.add(s.availabilityZone);
    out.push(s.id);
  }
  return out;
}
