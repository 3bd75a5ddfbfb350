/** Checks of {@link PrivateNetwork}'s args and of the region, every problem at once. Pure. */
import type { Violation } from "../../pricing";

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
