import { expect } from "chai";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { PrivateNetwork } from "../../components/private-network";
import { awsxVpcExpansion, natGatewayCount, subnetSpecsFor } from "../../components/private-network/subnets";
import { chooseAvailabilityZones, interfaceEndpointServices, lambdaEndpointPolicy, unsupportedSubnetAzs } from "../../components/private-network/endpoints";
import { validateNetworkArgs } from "../../components/private-network/validate";
import { endpointServiceAzs, one, recorder, registered, settle, valueOf } from "../helpers/mocks";

const EP = "aws:ec2/vpcEndpoint:VpcEndpoint";
const SG = "aws:ec2/securityGroup:SecurityGroup";

async function build(name: string, args: ConstructorParameters<typeof PrivateNetwork>[1]): Promise<PrivateNetwork> {
  const n = new PrivateNetwork(name, args);
  await valueOf(n.endpointIds);
  await valueOf(n.lambdaEndpointDnsName);
  await settle();
  return n;
}

describe("PrivateNetwork", () => {
  describe("GIVEN a new VPC without NAT in us-east-1", () => {
    let net: PrivateNetwork;
    before(async () => {
      net = await build("n1", {
        vpc: { mode: "create", availabilityZones: 2 },
        region: "us-east-1",
        accountId: "123456789012",
        lambdaFunctionNames: ["app-dev-api", "app-dev-worker"],
        interfaceEndpoints: ["xray"],
        gatewayEndpoints: ["dynamodb"],
      });
    });

    it("asks awsx for 2 AZs of isolated subnets, no NAT gateway, DNS hostnames and support on", () => {
      const vpc = one("n1", "awsx:ec2:Vpc", "n1-vpc").inputs as Record<string, any>;
      // Explicit AZ names (awsx would otherwise take the first N of the account), never both.
      expect(vpc).to.deep.include({ availabilityZoneNames: ["us-east-1a", "us-east-1b"], enableDnsHostnames: true, enableDnsSupport: true, cidrBlock: "10.0.0.0/16" });
      expect(vpc).to.not.have.property("numberOfAvailabilityZones");
      expect(vpc.natGateways).to.deep.equal({ strategy: "None" });
      expect(vpc.subnetSpecs.map((s: { type: string }) => s.type)).to.deep.equal(["Isolated"]);
    });

    it("puts the functions in the isolated subnets", async () => {
      expect(await valueOf(net.functionSubnetIds)).to.have.length(2);
      expect(net.availabilityZoneCount).to.equal(2);
    });

    it("creates the Lambda interface endpoint with private DNS in the function subnets", () => {
      const ep = one("n1", EP, "n1-lambda-endpoint").inputs as Record<string, any>;
      expect(ep).to.include({ serviceName: "com.amazonaws.us-east-1.lambda", vpcEndpointType: "Interface", privateDnsEnabled: true });
      expect(ep.subnetIds).to.have.length(2);
      expect(ep.securityGroupIds).to.have.length(1);
    });

    it("scopes the Lambda endpoint policy to InvokeFunction on this stack's functions by this account", () => {
      const policy = JSON.parse((one("n1", EP, "n1-lambda-endpoint").inputs as { policy: string }).policy);
      expect(policy.Statement).to.have.length(1);
      const s = policy.Statement[0];
      expect(s.Action).to.deep.equal(["lambda:InvokeFunction"]);
      expect(s.Resource).to.deep.equal([
        "arn:aws:lambda:us-east-1:123456789012:function:app-dev-api",
        "arn:aws:lambda:us-east-1:123456789012:function:app-dev-api:*",
        "arn:aws:lambda:us-east-1:123456789012:function:app-dev-worker",
        "arn:aws:lambda:us-east-1:123456789012:function:app-dev-worker:*",
      ]);
      expect(s.Condition).to.deep.equal({ StringEquals: { "aws:PrincipalAccount": "123456789012" } });
    });

    it("adds the xray interface endpoint and a free dynamodb gateway endpoint on the VPC's route tables", () => {
      expect((one("n1", EP, "n1-xray-endpoint").inputs as Record<string, any>).serviceName).to.equal("com.amazonaws.us-east-1.xray");
      const gw = one("n1", EP, "n1-dynamodb-endpoint").inputs as Record<string, any>;
      expect(gw).to.include({ vpcEndpointType: "Gateway", serviceName: "com.amazonaws.us-east-1.dynamodb" });
      expect(gw.routeTableIds).to.have.length(2);
      expect(gw).to.not.have.property("policy");
    });

    it("gives the function SG no ingress and HTTPS-only egress to the VPC and the gateway prefix list", () => {
      const sg = one("n1", SG, "n1-fn-sg").inputs as Record<string, any>;
      expect(sg.ingress ?? []).to.deep.equal([]);
      expect(sg.egress).to.have.length(2);
      for (const e of sg.egress) expect(e).to.include({ protocol: "tcp", fromPort: 443, toPort: 443 });
      expect(sg.egress[0].cidrBlocks).to.deep.equal(["10.0.0.0/16"]);
      expect(sg.egress[1].prefixListIds[0]).to.match(/^pl-/);
      expect(JSON.stringify(sg.egress)).to.not.include("0.0.0.0/0");
    });

    it("lets the endpoint SG accept 443 from the function SG and the VPC only", () => {
      const sg = one("n1", SG, "n1-endpoint-sg").inputs as Record<string, any>;
      expect(sg.ingress).to.have.length(2);
      expect(sg.ingress[0]).to.include({ fromPort: 443, toPort: 443 });
      expect(sg.ingress[0].securityGroups[0]).to.match(/^sg-/);
      expect(sg.ingress[1].cidrBlocks).to.deep.equal(["10.0.0.0/16"]);
    });

    it("names every child `n1-<role>` under the component", () => {
      const children = registered("n1").filter((r) => r.type !== PrivateNetwork.type);
      expect(children.map((c) => c.name).sort()).to.deep.equal(["n1-dynamodb-endpoint", "n1-endpoint-sg", "n1-fn-replacement-sg", "n1-fn-sg", "n1-lambda-endpoint", "n1-vpc", "n1-xray-endpoint"]);
      for (const c of children) expect(c.parent).to.deep.equal({ type: PrivateNetwork.type, name: "n1" });
    });
  });

  describe("GIVEN an endpoint service that is not offered in every AZ of the region", () => {
    after(() => {
      delete endpointServiceAzs.xray;
    });

    it("asks awsx for the first AZs where every interface endpoint service is offered, and asks AWS which those are", async () => {
      // us-east-1 lists a–f; xray (in this test) skips us-east-1a: the two chosen AZs are b and c.
      endpointServiceAzs.xray = ["us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
      const net = await build("n5", { vpc: { mode: "create", availabilityZones: 2 }, region: "us-east-1", accountId: "123456789012", lambdaFunctionNames: ["f"], interfaceEndpoints: ["xray"] });
      expect(await valueOf(net.availabilityZoneNames)).to.deep.equal(["us-east-1b", "us-east-1c"]);
      expect((one("n5", "awsx:ec2:Vpc", "n5-vpc").inputs as Record<string, any>).availabilityZoneNames).to.deep.equal(["us-east-1b", "us-east-1c"]);
      const asked = recorder.invokes.filter((i) => i.token === "aws:ec2/getVpcEndpointService:getVpcEndpointService").map((i) => i.inputs.serviceName);
      expect(asked).to.include.members(["com.amazonaws.us-east-1.lambda", "com.amazonaws.us-east-1.xray"]);
    });
  });

  describe("GIVEN NAT strategy onePerAz", () => {
    it("declares Public and Private subnets, uses the private ones and allows HTTPS out through NAT", async () => {
      const net = await build("n2", { vpc: { mode: "create", availabilityZones: 3, natGateways: "onePerAz" }, region: "eu-west-1", accountId: "123456789012", lambdaFunctionNames: ["f"] });
      const vpc = one("n2", "awsx:ec2:Vpc", "n2-vpc").inputs as Record<string, any>;
      expect(vpc.natGateways).to.deep.equal({ strategy: "OnePerAz" });
      expect(vpc.subnetSpecs.map((s: { type: string }) => s.type)).to.deep.equal(["Public", "Private"]);
      expect(await valueOf(net.functionSubnetIds)).to.have.length(3);
      const egress = (one("n2", SG, "n2-fn-sg").inputs as Record<string, any>).egress;
      expect(egress.map((e: any) => e.cidrBlocks)).to.deep.include(["0.0.0.0/0"]);
    });
  });

  describe("GIVEN an existing VPC with two function subnets in one AZ", () => {
    it("gives the functions every subnet but each endpoint one subnet per AZ", async () => {
      const net = await build("n4", {
        vpc: { mode: "existing", vpcId: "vpc-4", cidrBlock: "10.0.0.0/16", subnets: [{ id: "s-a1", availabilityZone: "us-east-1a" }, { id: "s-a2", availabilityZone: "us-east-1a" }, { id: "s-b1", availabilityZone: "us-east-1b" }] },
        region: "us-east-1",
        accountId: "123456789012",
        lambdaFunctionNames: ["f"],
      });
      expect(await valueOf(net.functionSubnetIds)).to.deep.equal(["s-a1", "s-a2", "s-b1"]);
      expect((one("n4", EP, "n4-lambda-endpoint").inputs as Record<string, any>).subnetIds).to.deep.equal(["s-a1", "s-b1"]);
    });
  });

  describe("GIVEN an existing VPC", () => {
    it("creates no VPC, uses the given subnets and route tables", async () => {
      const net = await build("n3", {
        vpc: { mode: "existing", vpcId: "vpc-123", cidrBlock: "172.16.0.0/16", subnets: [{ id: "subnet-1", availabilityZone: "us-east-1a" }, { id: "subnet-2", availabilityZone: "us-east-1b" }], routeTableIds: ["rtb-1"] },
        region: "us-east-1",
        accountId: "123456789012",
        lambdaFunctionNames: ["f"],
        gatewayEndpoints: ["s3"],
      });
      expect(registered("n3").filter((r) => r.type === "awsx:ec2:Vpc")).to.have.length(0);
      expect(await valueOf(net.functionSubnetIds)).to.deep.equal(["subnet-1", "subnet-2"]);
      expect((one("n3", EP, "n3-s3-endpoint").inputs as Record<string, any>).routeTableIds).to.deep.equal(["rtb-1"]);
      expect((one("n3", EP, "n3-lambda-endpoint").inputs as Record<string, any>)).to.include({ vpcId: "vpc-123", privateDnsEnabled: true });
    });
  });

  describe("GIVEN invalid args", () => {
    it("throws one ResourceError with every problem and registers nothing", async () => {
      expect(() => new PrivateNetwork("bad-net", { vpc: { mode: "existing", vpcId: "vpc-1", cidrBlock: "10.0.0.0/16", subnets: [{ id: "s", availabilityZone: "us-east-1a" }] }, region: "mars", accountId: "1", lambdaFunctionNames: [] })).to.throw(
        pulumi.ResourceError,
        /availabilityZones: got 1[\s\S]*lambdaFunctionNames: got none[\s\S]*region: got "mars"/,
      );
      await settle();
      expect(registered("bad-net").filter((r) => r.type !== PrivateNetwork.type)).to.have.length(0);
    });
  });
});

describe("private-network logic", () => {
  it("declares Isolated subnets without NAT, both Public and Private with NAT", () => {
    expect(subnetSpecsFor("none").map((s) => s.type)).to.deep.equal(["Isolated"]);
    expect(subnetSpecsFor("single").map((s) => s.type)).to.deep.equal(["Public", "Private"]);
  });

  describe("chooseAvailabilityZones", () => {
    const regionAzs = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"];
    const all = (name: string) => ({ serviceName: `com.amazonaws.us-east-1.${name}`, availabilityZones: regionAzs });

    it("takes the region's first AZs when every service is offered everywhere", () => {
      expect(chooseAvailabilityZones({ regionAzs, services: [all("lambda"), all("xray")], count: 3 })).to.deep.equal({ names: ["us-east-1a", "us-east-1b", "us-east-1c"] });
    });

    it("skips an AZ one service lacks (use1-az3 style), keeping the region's order", () => {
      // execute-api not in us-east-1b: a, c, d.
      const api = { serviceName: "com.amazonaws.us-east-1.execute-api", availabilityZones: regionAzs.filter((az) => az !== "us-east-1b") };
      expect(chooseAvailabilityZones({ regionAzs, services: [all("lambda"), api], count: 3 })).to.deep.equal({ names: ["us-east-1a", "us-east-1c", "us-east-1d"] });
    });

    it("says how many AZs are possible and which service lacks which AZ when too few remain", () => {
      const r = chooseAvailabilityZones({ regionAzs: ["ap-south-1a", "ap-south-1b", "ap-south-1c"], services: [{ serviceName: "com.amazonaws.ap-south-1.lambda", availabilityZones: ["ap-south-1a", "ap-south-1b", "ap-south-1c"] }, { serviceName: "com.amazonaws.ap-south-1.sqs", availabilityZones: ["ap-south-1a", "ap-south-1c"] }], count: 3 });
      expect(r).to.have.property("problem");
      expect((r as { problem: string }).problem).to.match(/^network\.availabilityZones: got 3, allowed at most 2 \(.*ap-south-1a, ap-south-1c\); com\.amazonaws\.ap-south-1\.sqs is not offered in ap-south-1b/);
    });

    it("flags each existing subnet in an AZ a service lacks, with its index and id", () => {
      const subnets = [{ id: "subnet-1", availabilityZone: "us-east-1a" }, { id: "subnet-2", availabilityZone: "us-east-1b" }];
      expect(unsupportedSubnetAzs(subnets, [all("lambda")])).to.deep.equal([]);
      const msgs = unsupportedSubnetAzs(subnets, [all("lambda"), { serviceName: "com.amazonaws.us-east-1.execute-api", availabilityZones: ["us-east-1a", "us-east-1c"] }]);
      expect(msgs).to.have.length(1);
      expect(msgs[0]).to.match(/^network\.subnets\.1 \(subnet-2\): got availabilityZone us-east-1b, allowed one where com\.amazonaws\.us-east-1\.execute-api is offered/);
    });
  });

  describe("awsxVpcExpansion (rules of awsx/ec2/vpc.ts, see AWSX_VPC_SOURCE)", () => {
    const count = (rows: { type: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.type.split(":").pop(), r.count]));

    it("isolated subnets, NAT None, 3 AZs: VPC + IGW + 3 × (subnet, route table, association), no route = 11", () => {
      const rows = awsxVpcExpansion({ azCount: 3, subnetTypes: ["Isolated"], nat: "None" });
      expect(count(rows)).to.deep.equal({ Vpc: 1, InternetGateway: 1, Subnet: 3, RouteTable: 3, RouteTableAssociation: 3 });
      expect(rows.reduce((s, r) => s + r.count, 0)).to.equal(1 + 1 + 3 * 3);
    });

    it("public + private, NAT Single, 2 AZs: 4 subnets, 4 tables, 4 associations, 2 IGW + 2 NAT routes, 1 NAT, 1 EIP = 20", () => {
      const rows = awsxVpcExpansion({ azCount: 2, subnetTypes: ["Public", "Private"], nat: "Single" });
      expect(count(rows)).to.deep.equal({ Vpc: 1, InternetGateway: 1, Subnet: 4, RouteTable: 4, RouteTableAssociation: 4, Route: 4, NatGateway: 1, Eip: 1 });
      expect(rows.reduce((s, r) => s + r.count, 0)).to.equal(2 + 4 * 4 + 2);
    });

    it("public + private, NAT OnePerAz, 3 AZs: a NAT gateway and an EIP per AZ = 2 + 6 × 4 + 6 = 32", () => {
      const rows = awsxVpcExpansion({ azCount: 3, subnetTypes: ["Public", "Private"], nat: "OnePerAz" });
      expect(count(rows)).to.include({ Route: 6, NatGateway: 3, Eip: 3 });
      expect(rows.reduce((s, r) => s + r.count, 0)).to.equal(32);
    });
  });

  it("counts NAT gateways as awsx creates them", () => {
    expect([natGatewayCount("none", 3), natGatewayCount("single", 3), natGatewayCount("onePerAz", 3)]).to.deep.equal([0, 1, 3]);
  });

  it("refuses GovCloud and China regions, whose ARNs use another partition", () => {
    for (const region of ["us-gov-west-1", "cn-north-1"]) {
      expect(validateNetworkArgs({ azCount: 2, functionNames: ["f"], region }).map((p) => p.path)).to.deep.equal(["region"]);
    }
    expect(validateNetworkArgs({ azCount: 2, functionNames: ["f"], region: "ap-south-1" })).to.deep.equal([]);
  });

  it("always lists lambda first and keeps gateway services out of the interface list", () => {
    expect(interfaceEndpointServices(["sqs", "lambda", "s3", "xray", "sqs"])).to.deep.equal(["lambda", "sqs", "xray"]);
  });

  it("never grants a `*` resource or action in the endpoint policy (property)", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/), { minLength: 1, maxLength: 20 }), (names) => {
        const p = JSON.parse(lambdaEndpointPolicy({ region: "us-east-1", accountId: "123456789012", functionNames: names }));
        const s = p.Statement[0];
        return s.Resource.length === names.length * 2 && !s.Resource.includes("*") && s.Action.every((a: string) => !a.includes("*"));
      }),
    );
  });
});
