/**
 * The network's VPC endpoints: service names, the interface endpoints to create, the Lambda and
 * execute-api endpoint policies, and the Availability Zones the endpoint services are offered in.
 * Pure.
 */

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
