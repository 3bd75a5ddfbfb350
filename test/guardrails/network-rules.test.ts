/**
 * Network rules (PL-NET-*), fed with inputs recorded under the mock engine: the PrivateNetwork
 * component as the compliant baseline; raw security groups, rules, endpoints and awsx VPCs for the
 * violations.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { expect } from "chai";
import { PrivateNetwork } from "../../components/private-network";
import { lambdaEndpointPolicy } from "../../components/private-network/endpoints";
import { regionOfServiceName } from "../../guardrails/network-rules";
import { evaluateGuardrails, type GuardrailResource } from "../../guardrails/rules";
import { valueOf } from "../helpers/mocks";
import { ACCOUNT, brief, DEV, ofRule, record, res } from "./support";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const EP = "aws:ec2/vpcEndpoint:VpcEndpoint";
const NAMES = ["app-dev-api", "app-dev-worker"];

function lambdaEndpoint(name: string, args: Partial<aws.ec2.VpcEndpointArgs> = {}): aws.ec2.VpcEndpoint {
  return new aws.ec2.VpcEndpoint(name, {
    vpcId: "vpc-1",
    serviceName: "com.amazonaws.us-east-1.lambda",
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupIds: ["sg-ep"],
    policy: lambdaEndpointPolicy({ region: "us-east-1", accountId: ACCOUNT, functionNames: NAMES }),
    ...args,
  });
}

const endpointPolicy = (Resource: unknown, Action: unknown = ["lambda:InvokeFunction"]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action, Resource }] });

describe("guardrails: network rules (recorded under the mock engine)", () => {
  let network: GuardrailResource[];
  before(async () => {
    network = await record("grn-net", () => {
      const n = new PrivateNetwork("grn-net", {
        vpc: { mode: "create", availabilityZones: 2 },
        region: "us-east-1",
        accountId: ACCOUNT,
        lambdaFunctionNames: NAMES,
        interfaceEndpoints: ["xray"],
        gatewayEndpoints: ["dynamodb"],
      });
      void valueOf(n.endpointIds);
    });
  });

  it("finds nothing in PrivateNetwork's VPC, security groups and endpoints", () => {
    expect(network.map((r) => r.type)).to.include.members(["awsx:ec2:Vpc", SG, EP]);
    expect(evaluateGuardrails(network, { ...DEV, region: "us-east-1", stackFunctionNames: NAMES })).to.deep.equal([]);
  });

  describe("PL-NET-001 no ingress from anywhere", () => {
    it("rejects 0.0.0.0/0 and ::/0 in inline ingress (property ingress.<i>.cidrBlocks.<j>), not in egress", async () => {
      const rs = await record("grn-sg", () => {
        new aws.ec2.SecurityGroup("grn-sg-open", {
          vpcId: "vpc-1",
          ingress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] },
            { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/16", "0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
          ],
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-NET-001"))).to.deep.equal([`PL-NET-001 ${SG}::grn-sg-open ingress.1.cidrBlocks.1 error`, `PL-NET-001 ${SG}::grn-sg-open ingress.1.ipv6CidrBlocks.0 error`]);
    });

    it("rejects separate ingress rule resources (SecurityGroupRule, vpc.SecurityGroupIngressRule), not egress rules", async () => {
      const rs = await record("grn-rule", () => {
        new aws.ec2.SecurityGroupRule("grn-rule-in", { type: "ingress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] });
        new aws.ec2.SecurityGroupRule("grn-rule-out", { type: "egress", securityGroupId: "sg-1", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] });
        new aws.vpc.SecurityGroupIngressRule("grn-rule-v4", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
        new aws.vpc.SecurityGroupIngressRule("grn-rule-v6", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0" });
        new aws.vpc.SecurityGroupIngressRule("grn-rule-vpc", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-NET-001"))).to.deep.equal([
        "PL-NET-001 aws:ec2/securityGroupRule:SecurityGroupRule::grn-rule-in cidrBlocks.0 error",
        "PL-NET-001 aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::grn-rule-v4 cidrIpv4 error",
        "PL-NET-001 aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::grn-rule-v6 cidrIpv6 error",
      ]);
    });
  });

  describe("PL-NET-002 Lambda endpoint private DNS", () => {
    it("rejects a Lambda endpoint without private DNS (property privateDnsEnabled); other services are not its business", async () => {
      const rs = await record("grn-dns", () => {
        lambdaEndpoint("grn-dns-off", { privateDnsEnabled: false });
        lambdaEndpoint("grn-dns-unset", { privateDnsEnabled: undefined });
        lambdaEndpoint("grn-dns-xray", { serviceName: "com.amazonaws.us-east-1.xray", privateDnsEnabled: false, policy: undefined });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-NET-002"))).to.deep.equal([`PL-NET-002 ${EP}::grn-dns-off privateDnsEnabled error`, `PL-NET-002 ${EP}::grn-dns-unset privateDnsEnabled error`]);
    });
  });

  describe("PL-NET-003 Lambda endpoint policy scoped to this stack's functions", () => {
    it("rejects a missing policy: full access (property policy)", async () => {
      const rs = await record("grn-nopolicy", () => lambdaEndpoint("grn-nopolicy", { policy: undefined }));
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-NET-003");
      expect(brief(f)).to.deep.equal([`PL-NET-003 ${EP}::grn-nopolicy policy error`]);
      expect(f[0]!.message).to.match(/full access/);
    });

    it('rejects "*", a wildcard region or name, another region and a foreign function (property policy.Statement.0.Resource.<i>)', async () => {
      const arn = (region: string, name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;
      const rs = await record("grn-wild", () =>
        lambdaEndpoint("grn-wild", {
          policy: endpointPolicy(["*", "arn:aws:lambda:*:123456789012:function:app-dev-api", arn("us-east-1", "app-*"), arn("eu-west-1", "app-dev-api"), arn("us-east-1", "someone-else"), arn("us-east-1", "app-dev-api"), `${arn("us-east-1", "app-dev-api")}:*`]),
        }),
      );
      const f = ofRule(evaluateGuardrails(rs, { ...DEV, stackFunctionNames: NAMES }), "PL-NET-003");
      expect(f.map((x) => x.property)).to.deep.equal([0, 1, 2, 3, 4].map((i) => `policy.Statement.0.Resource.${i}`));
      expect(f.map((x) => x.message.replace(/^got "[^"]*": /, "").replace(/;.*$/, ""))).to.deep.equal([
        "every function in every account",
        "a wildcard region",
        "a wildcard function name",
        "region eu-west-1, not the stack's region us-east-1",
        "function someone-else is not one of this stack's functions (app-dev-api, app-dev-worker)",
      ]);
    });

    it("takes the region from the endpoint's service name when the context has none", () => {
      expect(regionOfServiceName("com.amazonaws.ap-south-1.lambda")).to.equal("ap-south-1");
      expect(regionOfServiceName("com.amazonaws.us-gov-west-1.lambda")).to.equal("us-gov-west-1");
    });
  });

  describe("PL-NET-004 Lambda endpoint allows only InvokeFunction", () => {
    it("warns on other actions (property policy.Statement.0.Action)", async () => {
      const rs = await record("grn-actions", () =>
        lambdaEndpoint("grn-actions", { policy: endpointPolicy([`arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-dev-api`], ["lambda:InvokeFunction", "lambda:UpdateFunctionCode"]) }),
      );
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-NET-004");
      expect(brief(f)).to.deep.equal([`PL-NET-004 ${EP}::grn-actions policy.Statement.0.Action warning`]);
      expect(f[0]!.value).to.deep.equal(["lambda:UpdateFunctionCode"]);
    });
  });

  describe("PL-NET-005 VPC in two AZs with DNS on", () => {
    it("rejects awsx's defaults for DNS hostnames (property enableDnsHostnames) and a single AZ (property numberOfAvailabilityZones)", async () => {
      const rs = await record("grn-vpc", () => {
        new awsx.ec2.Vpc("grn-vpc-default", { natGateways: { strategy: "None" } });
        new awsx.ec2.Vpc("grn-vpc-one", { numberOfAvailabilityZones: 1, enableDnsHostnames: true, enableDnsSupport: false });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-NET-005"))).to.deep.equal([
        "PL-NET-005 awsx:ec2:Vpc::grn-vpc-default enableDnsHostnames error",
        "PL-NET-005 awsx:ec2:Vpc::grn-vpc-one enableDnsSupport error",
        "PL-NET-005 awsx:ec2:Vpc::grn-vpc-one numberOfAvailabilityZones error",
      ]);
    });

    it("checks DNS hostnames on aws.ec2.Vpc too", () => {
      expect(brief(ofRule(evaluateGuardrails([res("aws:ec2/vpc:Vpc", "plain", { cidrBlock: "10.0.0.0/16" })], DEV), "PL-NET-005"))).to.deep.equal(["PL-NET-005 aws:ec2/vpc:Vpc::plain enableDnsHostnames error"]);
    });
  });
});
