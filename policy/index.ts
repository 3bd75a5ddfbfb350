/**
 * CrossGuard policy pack "private-lambda-guardrails": the guardrails of `guardrails/rules.ts` as
 * one stack policy per rule, plus an advisory policy for values unknown at preview.
 *
 *   pulumi preview --policy-pack policy
 *
 * The shell: the clock and the PolicyPack (which reads ./package.json and starts the analyzer's
 * gRPC server). All logic is in ./policies.ts and ../guardrails/.
 */
import { PolicyPack } from "@pulumi/policy";
import { guardrailPolicies } from "./policies";

const today = (): string => new Date().toISOString().slice(0, 10);

new PolicyPack("private-lambda-guardrails", {
  description: "Security and cost guardrails for AWS Lambda in private VPCs (private-lambda).",
  policies: guardrailPolicies({ today }),
});
