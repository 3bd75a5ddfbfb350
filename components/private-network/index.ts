import * as aws from "@pulumi/aws";
// The ec2 module alone: the package's index also loads awsx "classic" (ECS, ECR, load balancers and
// AWS SDK clients), ~0.1 s of CPU in every run for nothing this component uses; the index's only
// other effect, registering the awsx provider package for rehydrating awsx provider references,
// never applies here (bench/README.md, "Plan").
import * as awsxEc2 from "@pulumi/awsx/ec2";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/problems";
import { AWSX_NAT_STRATEGY, onePerAz, subnetSpecsFor, type NatStrategy } from "./subnets";
import { chooseAvailabilityZones, EXECUTE_API_SERVICE, endpointServiceName, executeApiEndpointPolicy, interfaceEndpointServices, lambdaEndpointPolicy, unsupportedSubnetAzs, type EndpointServiceAzs } from "./endpoints";
import { validateNetworkArgs } from "./validate";

/** A new VPC built with awsx. */
export interface NewVpcArgs {
  readonly mode: "create";
  /** @default "10.0.0.0/16" */
  readonly cidrBlock?: string;
  /** Number of AZs with a function subnet, at least 2. @default 2 */
  readonly availabilityZones?: number;
  /**
   * NAT gateways. `none` gives isolated subnets (no internet). awsx's own default is one NAT per
   * AZ, which this component never uses implicitly.
   * @default "none"
   */
  readonly natGateways?: NatStrategy;
}

/** An existing VPC adopted as is. DNS support and hostnames must be on (checked at deploy). */
export interface ExistingVpcArgs {
  readonly mode: "existing";
  readonly vpcId: string;
  readonly cidrBlock: string;
  /** Function subnets with their AZ; at least two distinct AZs. */
  readonly subnets: readonly { readonly id: string; readonly availabilityZone: string }[];
  /** Route tables of the function subnets, for gateway endpoints. @default - none */
  readonly routeTableIds?: readonly string[];
}

/** Arguments for {@link PrivateNetwork}. */
export interface PrivateNetworkArgs {
  readonly vpc: NewVpcArgs | ExistingVpcArgs;
  /** Region of the stack, e.g. `us-east-1`: endpoint service names and ARNs use it. */
  readonly region: string;
  /** Account id, for the endpoint policy's ARNs and principal condition. */
  readonly accountId: pulumi.Input<string>;
  /** Physical names of the functions callers may invoke through the Lambda endpoint. */
  readonly lambdaFunctionNames: readonly string[];
  /** Further interface endpoints (short names: `xray`, `sqs`, `secretsmanager`). @default - none */
  readonly interfaceEndpoints?: readonly string[];
  /** Gateway endpoints (free). @default - none */
  readonly gatewayEndpoints?: readonly ("s3" | "dynamodb")[];
  /**
   * The functions' execution roles and their base policies ({@link createExecutionRole}): every
   * child of the network depends on them, so a destroy deletes them last (Lambda needs them to
   * release the functions' ENIs). @default - none
   */
  readonly executionRoles?: readonly pulumi.Resource[];
  /**
   * Create the `execute-api` interface endpoint that private REST APIs (http triggers) are reached
   * through, with an endpoint policy limited to this account's APIs. Its private DNS stays off, so
   * public API Gateway APIs keep resolving normally in the VPC; callers use the API's
   * `https://{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com/{stage}` URL.
   * @default false
   */
  readonly privateApiEndpoint?: boolean;
}

/**
 * Private networking for VPC Lambdas: a VPC (new via awsx, or adopted), function and endpoint
 * security groups, the Lambda interface endpoint with private DNS and a scoped endpoint policy,
 * and further interface/gateway endpoints.
 */
export class PrivateNetwork extends pulumi.ComponentResource {
  public static readonly type = "private-lambda:network:PrivateNetwork";

  public readonly vpcId: pulumi.Output<string>;
  /** Subnets the functions attach to (isolated or private). */
  public readonly functionSubnetIds: pulumi.Output<string[]>;
  public readonly functionSecurityGroupId: pulumi.Output<string>;
  /** Empty SG swapped onto functions before they are destroyed (fast ENI release). */
  public readonly replacementSecurityGroupId: pulumi.Output<string>;
  public readonly endpointSecurityGroupId: pulumi.Output<string>;
  public readonly lambdaEndpointId: pulumi.Output<string>;
  public readonly lambdaEndpointDnsName: pulumi.Output<string>;
  /** The `execute-api` endpoint, when `privateApiEndpoint` is set. */
  public readonly executeApiEndpointId?: pulumi.Output<string>;
  /** Endpoint ids by short service name (`lambda`, `xray`, `dynamodb` ...). */
  public readonly endpointIds: pulumi.Output<Record<string, string>>;
  /** AZs the function subnets span. */
  public readonly availabilityZoneCount: number;
  /** AZ names of the function subnets: chosen where every interface endpoint service is offered (new VPC), or the given subnets' AZs. */
  public readonly availabilityZoneNames: pulumi.Output<string[]>;

  constructor(name: string, args: PrivateNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PrivateNetwork.type, name, {}, opts);
    const v = args.vpc;
    const azCount = v.mode === "create" ? (v.availabilityZones ?? 2) : new Set(v.subnets.map((s) => s.availabilityZone)).size;
    throwIfProblems(this, `Invalid PrivateNetwork "${name}"`, validateNetworkArgs({ azCount, functionNames: args.lambdaFunctionNames, region: args.region }));
    this.availabilityZoneCount = azCount;
    const invokeOpts = { parent: this };
    // Every child depends on the functions' execution roles, so that a destroy deletes the
    // subnets and security groups (which wait until Lambda has released the functions' ENIs)
    // before the roles Lambda needs to release them.
    const parent: pulumi.CustomResourceOptions = { parent: this, dependsOn: args.executionRoles ? [...args.executionRoles] : undefined };

    let vpcId: pulumi.Output<string>;
    let subnetIds: pulumi.Output<string[]>;
    /** One subnet per AZ: AWS allows a single endpoint subnet in each AZ. */
    let endpointSubnetIds: pulumi.Output<string[]>;
    let routeTableIds: pulumi.Output<string[]>;
    let cidrBlock: string;
    let hasNat: boolean;
    let privateDns: pulumi.Output<boolean>;
    let azNames: pulumi.Output<string[]>;

    // Interface endpoint services this network creates, and the AZs each is offered in. The
    // invokes run at preview too, so the answer is known before anything is created.
    const requested = [...(args.interfaceEndpoints ?? []), ...(args.privateApiEndpoint ? [EXECUTE_API_SERVICE] : [])];
    const interfaceServices = interfaceEndpointServices(requested);
    const serviceAzs: pulumi.Output<EndpointServiceAzs[]> = pulumi.all(
      interfaceServices.map((svc) =>
        aws.ec2
          .getVpcEndpointServiceOutput({ serviceName: endpointServiceName(args.region, svc), serviceType: "Interface" }, invokeOpts)
          .apply((r) => ({ serviceName: r.serviceName, availabilityZones: [...r.availabilityZones].sort() })),
      ),
    );

    if (v.mode === "create") {
      const nat = v.natGateways ?? "none";
      cidrBlock = v.cidrBlock ?? "10.0.0.0/16";
      hasNat = nat !== "none";
      // awsx alone takes the first N AZ names of the account; pick N where every endpoint service is offered.
      const regionAzs = aws.getAvailabilityZonesOutput({ state: "available" }, invokeOpts);
      azNames = pulumi.all([regionAzs, serviceAzs]).apply(([zones, services]) => {
        const chosen = chooseAvailabilityZones({ regionAzs: zones.names, services, count: azCount });
        if ("problem" in chosen) throw new pulumi.ResourceError(`PrivateNetwork "${name}": ${chosen.problem}`, this);
        return chosen.names;
      });
      const vpc = new awsxEc2.Vpc(
        `${name}-vpc`,
        {
          cidrBlock,
          // Typed as a plain list, but sent as an input: the plugin gets the resolved list (invoke
          // results are known at preview and carry no dependencies).
          availabilityZoneNames: azNames as unknown as string[],
          enableDnsHostnames: true, // defaults to false in awsx; private DNS for endpoints needs it
          enableDnsSupport: true,
          natGateways: { strategy: AWSX_NAT_STRATEGY[nat] },
          subnetStrategy: "Auto",
          subnetSpecs: subnetSpecsFor(nat),
          tags: { Name: name },
        },
        parent,
      );
      vpcId = vpc.vpcId;
      subnetIds = hasNat ? vpc.privateSubnetIds : vpc.isolatedSubnetIds;
      endpointSubnetIds = subnetIds; // awsx makes one subnet of each spec per AZ
      // Real awsx returns RouteTable resources (id: Output<string>); apply lifts either form.
      routeTableIds = vpc.routeTables.apply((rts) => pulumi.all(rts.map((rt) => rt.id)));
      privateDns = pulumi.output(true);
    } else {
      cidrBlock = v.cidrBlock;
      hasNat = false;
      vpcId = pulumi.output(v.vpcId);
      subnetIds = pulumi.output(v.subnets.map((s) => s.id));
      azNames = pulumi.output([...new Set(v.subnets.map((sub) => sub.availabilityZone))]);
      // The given subnets must sit in AZs every endpoint service is offered in (known at deploy).
      endpointSubnetIds = serviceAzs.apply((services) => {
        const problems = unsupportedSubnetAzs(v.subnets, services);
        if (problems.length > 0) throw new pulumi.ResourceError(`PrivateNetwork "${name}": ${problems.length} subnet problem(s):\n  - ${problems.join("\n  - ")}`, this);
        return onePerAz(v.subnets);
      });
      routeTableIds = pulumi.output([...(v.routeTableIds ?? [])]);
      // Known only at deploy time: the adopted VPC's DNS attributes (docs/sources.md#private-networking).
      const existing = aws.ec2.getVpcOutput({ id: v.vpcId }, invokeOpts);
      privateDns = existing.apply((e) => {
        if (!e.enableDnsHostnames || !e.enableDnsSupport) {
          throw new pulumi.ResourceError(
            `vpc ${v.vpcId}: private DNS for the Lambda endpoint needs enableDnsHostnames and enableDnsSupport on; got hostnames=${e.enableDnsHostnames}, support=${e.enableDnsSupport}`,
            this,
          );
        }
        return true;
      });
    }

    // Gateway endpoints first: the function SG's egress names their prefix lists.
    const gateways: Record<string, aws.ec2.VpcEndpoint> = {};
    for (const svc of [...new Set(args.gatewayEndpoints ?? [])].sort()) {
      gateways[svc] = new aws.ec2.VpcEndpoint(
        `${name}-${svc}-endpoint`,
        { vpcId, serviceName: endpointServiceName(args.region, svc), vpcEndpointType: "Gateway", routeTableIds, tags: { Name: `${name}-${svc}` } },
        parent,
      );
    }

    const egress: aws.types.input.ec2.SecurityGroupEgress[] = [
      { description: "HTTPS to interface endpoints in the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidrBlock] },
      ...Object.entries(gateways).map(([svc, ep]) => ({
        description: `HTTPS to ${svc} through its gateway endpoint`,
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        prefixListIds: [ep.prefixListId],
      })),
      ...(hasNat ? [{ description: "HTTPS to the internet through NAT", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] : []),
    ];
    const fnSg = new aws.ec2.SecurityGroup(
      `${name}-fn-sg`,
      { vpcId, description: "Private Lambda functions: no ingress, HTTPS egress to endpoints only", egress, tags: { Name: `${name}-functions` } },
      parent,
    );
    const replacementSg = new aws.ec2.SecurityGroup(
      `${name}-fn-replacement-sg`,
      { vpcId, description: "Swapped onto functions before destroy so their ENIs are released quickly; no rules", tags: { Name: `${name}-fn-replacement` } },
      parent,
    );
    const endpointSg = new aws.ec2.SecurityGroup(
      `${name}-endpoint-sg`,
      {
        vpcId,
        description: "Interface endpoints: HTTPS from the functions and from callers in the VPC",
        ingress: [
          { description: "HTTPS from the functions", protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [fnSg.id] },
          { description: "HTTPS from callers in the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidrBlock] },
        ],
        tags: { Name: `${name}-endpoints` },
      },
      parent,
    );

    const interfaces: Record<string, aws.ec2.VpcEndpoint> = {};
    for (const svc of interfaceServices) {
      // Only the endpoint created for private APIs gets the API treatment; an "execute-api" listed in
      // interfaceEndpoints without privateApiEndpoint keeps the generic settings it always had.
      const privateApi = args.privateApiEndpoint === true && svc === EXECUTE_API_SERVICE;
      interfaces[svc] = new aws.ec2.VpcEndpoint(
        `${name}-${svc}-endpoint`,
        {
          vpcId,
          serviceName: endpointServiceName(args.region, svc),
          vpcEndpointType: "Interface",
          privateDnsEnabled: privateApi ? false : privateDns,
          subnetIds: endpointSubnetIds,
          securityGroupIds: [endpointSg.id],
          policy:
            svc === "lambda"
              ? pulumi.output(args.accountId).apply((accountId) => lambdaEndpointPolicy({ region: args.region, accountId, functionNames: args.lambdaFunctionNames }))
              : privateApi
                ? pulumi.output(args.accountId).apply((accountId) => executeApiEndpointPolicy({ region: args.region, accountId }))
                : undefined,
          tags: { Name: `${name}-${svc}` },
        },
        parent,
      );
    }

    const lambdaEndpoint = interfaces["lambda"]!;
    this.vpcId = vpcId;
    this.functionSubnetIds = subnetIds;
    this.functionSecurityGroupId = fnSg.id;
    this.replacementSecurityGroupId = replacementSg.id;
    this.endpointSecurityGroupId = endpointSg.id;
    this.lambdaEndpointId = lambdaEndpoint.id;
    this.availabilityZoneNames = azNames;
    this.lambdaEndpointDnsName = lambdaEndpoint.dnsEntries.apply((d) => d[0]?.dnsName ?? "");
    this.executeApiEndpointId = args.privateApiEndpoint ? interfaces[EXECUTE_API_SERVICE]!.id : undefined;
    this.endpointIds = pulumi.all(Object.fromEntries(Object.entries({ ...interfaces, ...gateways }).map(([k, ep]) => [k, ep.id])));

    this.registerOutputs({
      vpcId: this.vpcId,
      functionSubnetIds: this.functionSubnetIds,
      functionSecurityGroupId: this.functionSecurityGroupId,
      replacementSecurityGroupId: this.replacementSecurityGroupId,
      endpointSecurityGroupId: this.endpointSecurityGroupId,
      lambdaEndpointId: this.lambdaEndpointId,
      lambdaEndpointDnsName: this.lambdaEndpointDnsName,
      endpointIds: this.endpointIds,
      availabilityZoneNames: this.availabilityZoneNames,
      ...(this.executeApiEndpointId ? { executeApiEndpointId: this.executeApiEndpointId } : {}),
    });
  }
}
