/**
 * IAM rules (PL-IAM-*): the execution role and policy PrivateFunction builds pass; wildcard,
 * admin and foreign-trust documents fail. Roles and policies are registered for real where it
 * matters (object-valued trust policy), plain objects otherwise.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { executionRolePolicy, LAMBDA_ASSUME_ROLE_POLICY } from "../../components/private-function/execution-policy";
import { adminPolicyName, STAR_RESOURCE_ACTIONS } from "../../guardrails/iam-rules";
import { isWildcardAction, parsePolicyDocument } from "../../guardrails/policy-document";
import { evaluateGuardrails } from "../../guardrails/rules";
import { brief, DEV, ofRule, record, res } from "./support";

const RP = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";
const ATT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (name: string, policy: unknown) => res(RP, name, { role: "r", policy });
const GOOD_POLICY = JSON.stringify(
  executionRolePolicy({ logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f", tables: [{ arn: "arn:aws:dynamodb:us-east-1:123456789012:table/t", access: "increment" }] }),
);

describe("guardrails: IAM rules", () => {
  it("finds nothing in PrivateFunction's execution policy (ENI and X-Ray actions on *) and trust policy", () => {
    const rs = [rolePolicy("ok-policy", GOOD_POLICY), res(ROLE, "ok-role", { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY })];
    expect(evaluateGuardrails(rs, DEV)).to.deep.equal([]);
  });

  describe("PL-IAM-001 no wildcard actions", () => {
    it('rejects "*", "service:*" and "*:Get" actions (property policy.Statement.<i>.Action)', () => {
      const rs = [
        rolePolicy("p-star", doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" })),
        rolePolicy("p-list", doc({ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-east-1:1:table/t" }, { Effect: "Allow", Action: ["sqs:SendMessage", "*:GetObject"], Resource: "arn:aws:sqs:us-east-1:1:q" })),
      ];
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-001");
      expect(brief(f)).to.deep.equal([`PL-IAM-001 ${RP}::p-list policy.Statement.1.Action error`, `PL-IAM-001 ${RP}::p-star policy.Statement.0.Action error`]);
      expect(f[1]!.message).to.equal('got "s3:*", allowed named actions (no "*" or "service:*")');
    });

    it("rejects Allow with NotAction, accepts Deny with a wildcard", () => {
      const rs = [
        rolePolicy("p-not", doc({ Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" })),
        rolePolicy("p-deny", doc({ Effect: "Deny", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
      ];
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-001"))).to.deep.equal([`PL-IAM-001 ${RP}::p-not policy.Statement.0.NotAction error`]);
    });

    it("checks managed policies (aws:iam/policy:Policy) and role inline policies too", async () => {
      const rs = await record("gri-inline", () => {
        new aws.iam.Policy("gri-inline-managed", { policy: doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:us-east-1:1:table/t" }) });
        new aws.iam.Role("gri-inline-role", {
          assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY,
          inlinePolicies: [{ name: "extra", policy: doc({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }) }],
        });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-001"))).to.deep.equal([
        "PL-IAM-001 aws:iam/policy:Policy::gri-inline-managed policy.Statement.0.Action error",
        `PL-IAM-001 ${ROLE}::gri-inline-role inlinePolicies.0.policy.Statement.0.Action error`,
      ]);
    });

    it("classifies actions", () => {
      for (const a of ["*", "s3:*", "*:*", "*:GetObject", " * "]) expect(isWildcardAction(a), a).to.equal(true);
      for (const a of ["s3:GetObject", "s3:Get*", "dynamodb:UpdateItem", "xray:GetSampling*"]) expect(isWildcardAction(a), a).to.equal(false);
    });
  });

  describe("PL-IAM-002 resource * only where AWS requires it", () => {
    it('rejects "*" for a DynamoDB action (property policy.Statement.<i>.Resource), naming the action', () => {
      const rs = [rolePolicy("p-res", doc({ Effect: "Allow", Action: ["ec2:CreateNetworkInterface", "dynamodb:GetItem"], Resource: "*" }))];
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-002");
      expect(brief(f)).to.deep.equal([`PL-IAM-002 ${RP}::p-res policy.Statement.0.Resource error`]);
      expect(f[0]!.message).to.match(/"dynamodb:GetItem"/).and.not.match(/CreateNetworkInterface/);
    });

    it("accepts every ENI and X-Ray action on *, in any letter case", () => {
      const rs = [rolePolicy("p-eni", doc({ Effect: "Allow", Action: [...STAR_RESOURCE_ACTIONS, "EC2:createnetworkinterface"], Resource: ["*"] }))];
      expect(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-002")).to.deep.equal([]);
    });

    it("rejects Allow with NotResource", () => {
      const rs = [rolePolicy("p-notres", doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }))];
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-002"))).to.deep.equal([`PL-IAM-002 ${RP}::p-notres policy.Statement.0.NotResource error`]);
    });
  });

  describe("PL-IAM-003 no admin", () => {
    it("rejects AdministratorAccess / PowerUserAccess / IAMFullAccess attachments (property policyArn)", async () => {
      const rs = await record("gri-admin", () => {
        new aws.iam.RolePolicyAttachment("gri-admin-admin", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
        new aws.iam.RolePolicyAttachment("gri-admin-basic", { role: "r", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });
        new aws.iam.Role("gri-admin-role", { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY, managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-003"))).to.deep.equal([`PL-IAM-003 ${ROLE}::gri-admin-role managedPolicyArns.0 error`, `PL-IAM-003 ${ATT}::gri-admin-admin policyArn error`]);
    });

    it('rejects an inline "*" on "*" (property policy.Statement.<i>)', () => {
      const rs = [rolePolicy("p-admin", doc({ Effect: "Allow", Action: "*", Resource: "*" }))];
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-003"))).to.deep.equal([`PL-IAM-003 ${RP}::p-admin policy.Statement.0 error`]);
    });

    it("knows the admin policy names by ARN", () => {
      expect(adminPolicyName("arn:aws:iam::aws:policy/IAMFullAccess")).to.equal("IAMFullAccess");
      expect(adminPolicyName("arn:aws:iam::aws:policy/job-function/AdministratorAccess")).to.equal("AdministratorAccess");
      expect(adminPolicyName("arn:aws:iam::aws:policy/ReadOnlyAccess")).to.equal(undefined);
    });
  });

  describe("PL-IAM-004 roles assumable only by lambda.amazonaws.com", () => {
    it("rejects another service, an account and a NotPrincipal (property assumeRolePolicy.Statement.<i>.Principal)", async () => {
      const trust = (Principal: unknown) => ({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal, Action: "sts:AssumeRole" }] });
      const rs = await record("gri-trust", () => {
        new aws.iam.Role("gri-trust-ec2", { assumeRolePolicy: JSON.stringify(trust({ Service: ["lambda.amazonaws.com", "ec2.amazonaws.com"] })) });
        // Object form: the SDK accepts a PolicyDocument object as well as a string.
        new aws.iam.Role("gri-trust-any", { assumeRolePolicy: trust({ AWS: "*" }) as aws.iam.PolicyDocument });
        new aws.iam.Role("gri-trust-ok", { assumeRolePolicy: trust({ Service: "lambda.amazonaws.com" }) as aws.iam.PolicyDocument });
      });
      expect(brief(ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-004"))).to.deep.equal([
        `PL-IAM-004 ${ROLE}::gri-trust-any assumeRolePolicy.Statement.0.Principal error`,
        `PL-IAM-004 ${ROLE}::gri-trust-ec2 assumeRolePolicy.Statement.0.Principal error`,
      ]);
      const notPrincipal = [res(ROLE, "np", { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", NotPrincipal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) })];
      expect(brief(ofRule(evaluateGuardrails(notPrincipal, DEV), "PL-IAM-004"))).to.deep.equal([`PL-IAM-004 ${ROLE}::np assumeRolePolicy.Statement.0.NotPrincipal error`]);
    });

    it("accepts other service principals only when the stack trusts them (trustedServicePrincipals), e.g. ScheduleTrigger's scheduler role", () => {
      const scheduler = [res(ROLE, "sched", { assumeRolePolicy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" }] }) })];
      expect(brief(ofRule(evaluateGuardrails(scheduler, DEV), "PL-IAM-004"))).to.deep.equal([`PL-IAM-004 ${ROLE}::sched assumeRolePolicy.Statement.0.Principal error`]);
      expect(ofRule(evaluateGuardrails(scheduler, { ...DEV, trustedServicePrincipals: ["scheduler.amazonaws.com"] }), "PL-IAM-004")).to.deep.equal([]);
    });
  });

  describe("PL-IAM-005 valid documents", () => {
    it("turns invalid JSON and bad shapes into findings, never a throw", () => {
      const rs = [
        rolePolicy("bad-json", '{"Statement": [ {'),
        rolePolicy("bad-shape", doc({ Effect: "Permit", Action: "s3:GetObject", Resource: "*" })),
        rolePolicy("bad-action", JSON.stringify({ Statement: { Effect: "Allow", Action: [1, 2], Resource: "arn:aws:s3:::b" } })),
        res(ROLE, "bad-trust", { assumeRolePolicy: "not json" }),
      ];
      const f = ofRule(evaluateGuardrails(rs, DEV), "PL-IAM-005");
      expect(brief(f)).to.deep.equal([
        `PL-IAM-005 ${ROLE}::bad-trust assumeRolePolicy error`,
        `PL-IAM-005 ${RP}::bad-action policy error`,
        `PL-IAM-005 ${RP}::bad-json policy error`,
        `PL-IAM-005 ${RP}::bad-shape policy error`,
      ]);
      expect(f[2]!.message).to.match(/^not valid JSON: /);
      expect(f[3]!.message).to.match(/Statement\.0\.Effect: got "Permit", allowed "Allow" or "Deny"/);
    });

    it("parses string and object documents alike", () => {
      const obj = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] };
      expect(parsePolicyDocument(obj)).to.deep.equal(parsePolicyDocument(JSON.stringify(obj)));
      expect(parsePolicyDocument("[secret]")).to.deep.equal({ kind: "secret" });
    });
  });
});
