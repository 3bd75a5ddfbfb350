/**
 * Subnet layout, a pure decision of {@link PrivateNetwork}: NAT strategy, the awsx subnet specs,
 * one subnet per AZ, and what awsx.ec2.Vpc expands to. Beside it: `endpoints.ts`, `validate.ts`.
 * Imported by tests without the Pulumi engine.
 */

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
