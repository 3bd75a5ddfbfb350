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
 * Subnet specs for `awsx.ec2.Vpc`. Without NAT the function subnets are `Isolated`: awsx gives them
 * no route at all, which says what they are (awsx 3.x would also accept `Private` subnets with
 * strategy `None`, and give them no route either: `validateNatGatewayStrategy` in
 * https://github.com/pulumi/pulumi-awsx/blob/v3.8.0/awsx/ec2/vpc.ts lets `None` through with any
 * subnet types). With NAT, awsx needs both `Public` (for the NAT gateways) and `Private` or
 * `Isolated` subnets, or it throws in its plugin, which mocks never run; the stack validator checks
 * the same combinations.
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

// ---------------------------------------------------------------------------------------------
// Availability Zones the endpoint services support
// ---------------------------------------------------------------------------------------------

/** An interface endpoint service and the AZs it is offered in (`ec2.getVpcEndpointService`). */
export interface EndpointServiceAzs {
  /** `com.amazonaws.<region>.<service>` */
  readonly serviceName: string;
  readonly availabilityZones: readonly string[];
}

/**
 * The AZs for a new VPC: the first `count` of the region's AZs (in the order AWS lists them) that
 * every interface endpoint service the stack creates is offered in. awsx on its own takes the
 * first N AZ names of the account, and CreateVpcEndpoint then refuses a subnet in an AZ the service
 * lacks (a few services skip an AZ in some regions, e.g. use1-az3 in us-east-1). Lambda functions
 * attach to the same subnets, so the Lambda endpoint service's list also stands for Lambda itself.
 */
export function chooseAvailabilityZones(input: { readonly regionAzs: readonly string[]; readonly services: readonly EndpointServiceAzs[]; readonly count: number }): { names: string[] } | { problem: string } {
  const supported = input.regionAzs.filter((az) => input.services.every((s) => s.availabilityZones.includes(az)));
  if (supported.length >= input.count) return { names: supported.slice(0, input.count) };
  const lacking = input.services
    .map((s) => ({ s, missing: input.regionAzs.filter((az) => !s.availabilityZones.includes(az)) }))
    .filter((x) => x.missing.length > 0)
    .map((x) => `${x.s.serviceName} is not offered in ${x.missing.join(", ")}`);
  return {
    problem:
      `network.availabilityZones: got ${input.count}, allowed at most ${supported.length} (the AZs of the region where every interface endpoint service is offered: ${supported.join(", ") || "none"}); ` +
      `${lacking.join("; ") || "the region has fewer AZs"}. Lower network.availabilityZones or drop the service from network.interfaceEndpoints`,
  };
}

/**
 * Subnets of an existing VPC that sit in an AZ where an interface endpoint service is not offered:
 * one message per subnet and service, empty when all is well.
 */
export function unsupportedSubnetAzs(subnets: readonly { readonly id: string; readonly availabilityZone: string }[], services: readonly EndpointServiceAzs[]): string[] {
  const out: string[] = [];
  for (const [i, sub] of subnets.entries()) {
    for (const s of services) {
      if (!s.availabilityZones.includes(sub.availabilityZone)) {
        out.push(`network.subnets.${i} (${sub.id}): got availabilityZone ${sub.availabilityZone}, allowed one where ${s.serviceName} is offered (${s.availabilityZones.join(", ")}); choose a subnet in one of those AZs`);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What awsx.ec2.Vpc expands to
// ---------------------------------------------------------------------------------------------

/**
 * Source of {@link awsxVpcExpansion}'s rules: awsx's `Vpc` as read at tag v3.8.0; `awsx/ec2/` is
 * unchanged from there to the repository's state of August 2026, after it (package.json pins 3.9.0).
 * Re-read it on every awsx upgrade.
 */
export const AWSX_VPC_SOURCE = "https://github.com/pulumi/pulumi-awsx/blob/v3.8.0/awsx/ec2/vpc.ts";

/**
 * The AWS resources `awsx.ec2.Vpc` creates inside its plugin (one opaque node under mocks), from
 * awsx's own allocation rules ({@link AWSX_VPC_SOURCE}, class `Vpc`, `initialize`):
 * - one `aws.ec2.Vpc` and one `aws.ec2.InternetGateway`, always (even with isolated subnets only:
 *   "AWS does not charge for it");
 * - per AZ and per subnet spec: a `Subnet`, its own `RouteTable` and a `RouteTableAssociation`;
 * - a `Route` to the internet gateway per public subnet, a `Route` to a NAT gateway per private
 *   subnet when the strategy is not `None`, none for isolated subnets;
 * - NAT gateways in the public subnets, `shouldCreateNatGateway`: `Single` 1, `OnePerAz` one per AZ,
 *   `None` 0; each with an `Eip` unless allocation ids are given (never here).
 */
export function awsxVpcExpansion(input: { readonly azCount: number; readonly subnetTypes: readonly ("Public" | "Private" | "Isolated")[]; readonly nat: "None" | "Single" | "OnePerAz" }): { type: string; count: number }[] {
  const n = input.azCount;
  const specs = input.subnetTypes.length;
  const pub = input.subnetTypes.filter((t) => t === "Public").length;
  const priv = input.subnetTypes.filter((t) => t === "Private").length;
  const nat = pub === 0 ? 0 : input.nat === "None" ? 0 : input.nat === "Single" ? 1 : n;
  const rows = [
    { type: "aws:ec2/vpc:Vpc", count: 1 },
    { type: "aws:ec2/internetGateway:InternetGateway", count: 1 },
    { type: "aws:ec2/subnet:Subnet", count: n * specs },
    { type: "aws:ec2/routeTable:RouteTable", count: n * specs },
    { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", count: n * specs },
    { type: "aws:ec2/route:Route", count: n * pub + (input.nat === "None" ? 0 : n * priv) },
    { type: "aws:ec2/natGateway:NatGateway", count: nat },
    { type: "aws:ec2/eip:Eip", count: nat },
  ];
  return rows.filter((r) => r.count > 0);
}
