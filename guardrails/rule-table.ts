/**
 * The guardrail rules as data: id, severity, why, fix. Pure; imported by the rules, the policy
 * pack and the docs. Ids never change once shipped (users configure policies by them).
 */

export type GuardrailSeverity = "error" | "warning";

/** Resource types the rules read (Pulumi type tokens). */
export const TYPES = {
  function: "aws:lambda/function:Function",
  permission: "aws:lambda/permission:Permission",
  functionUrl: "aws:lambda/functionUrl:FunctionUrl",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  provisionedConcurrency: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
  scalableTarget: "aws:appautoscaling/target:Target",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  policy: "aws:iam/policy:Policy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  awsxVpc: "awsx:ec2:Vpc",
  vpc: "aws:ec2/vpc:Vpc",
  stack: "pulumi:pulumi:Stack",
} as const;

export interface RuleInfo {
  /** Stable id, `PL-<AREA>-<NNN>`. */
  readonly id: string;
  /** Short kebab-case name; the policy pack's policy name is `<id lower-case>-<slug>`. */
  readonly slug: string;
  /** Severity of a violation. "Not evaluated" findings are always warnings. */
  readonly severity: GuardrailSeverity;
  /** What the rule asks for, one line. */
  readonly title: string;
  /** Why it matters, one line. */
  readonly why: string;
  /** How to fix a violation, one line. */
  readonly fix: string;
  /** Resource types it reads. */
  readonly appliesTo: readonly string[];
  /** False for rules that need data a policy pack cannot see (the cost report). */
  readonly inPolicyPack: boolean;
}

const IAM_DOCS = [TYPES.rolePolicy, TYPES.policy, TYPES.role, TYPES.userPolicy, TYPES.groupPolicy] as const;

export const RULES = [
  {
    id: "PL-FN-001",
    slug: "function-in-vpc-multi-az",
    severity: "error",
    title: "Function runs in a VPC, with security groups and at least two subnets",
    why: "Outside a VPC the function is not private; in one subnet it goes down with one AZ. The rule can only count subnets (it cannot see their AZs): give one subnet per AZ.",
    fix: "Set vpcConfig.subnetIds to private subnets in two or more AZs and vpcConfig.securityGroupIds to the function's SG (PrivateFunction does both).",
    appliesTo: [TYPES.function],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-002",
    slug: "tracing-active",
    severity: "error",
    title: "X-Ray tracing is Active",
    why: "Without Active tracing, requests through the private endpoint and the function leave no trace to debug latency or failures with.",
    fix: 'Set tracingConfig: { mode: "Active" } and grant xray:PutTraceSegments and xray:PutTelemetryRecords.',
    appliesTo: [TYPES.function],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-003",
    slug: "runtime-supported",
    severity: "error",
    title: "Runtime is known and not deprecated or blocked",
    why: "AWS stops patching deprecated runtimes and then blocks creating and updating functions on them.",
    fix: "Move to the newest runtime of the family (e.g. nodejs24.x, python3.13).",
    appliesTo: [TYPES.function],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-004",
    slug: "runtime-not-deprecating",
    severity: "warning",
    title: "Runtime is not deprecated within 180 days",
    why: "A runtime close to its deprecation date forces an unplanned migration soon.",
    fix: "Plan the move to the newest runtime of the family before the deprecation date.",
    appliesTo: [TYPES.function],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-005",
    slug: "log-group-finite-retention",
    severity: "error",
    title: "Function has its log group, with finite retention",
    why: "Without a managed log group Lambda creates /aws/lambda/<name> itself, with logs kept (and billed) forever.",
    fix: "Create aws.cloudwatch.LogGroup named /aws/lambda/<function name> (or loggingConfig.logGroup) with retentionInDays set, e.g. 14.",
    appliesTo: [TYPES.function, TYPES.logGroup],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-006",
    slug: "prod-reserved-concurrency",
    severity: "error",
    title: "Prod functions have reserved concurrency",
    why: "Without it one function can take the whole account's concurrency and throttle every other function in the region (and run up cost).",
    fix: "Set reservedConcurrentExecutions to an integer ≥ 0 (reservedConcurrency in the stack config); -1 means unreserved.",
    appliesTo: [TYPES.function],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-007",
    slug: "async-on-failure-destination",
    severity: "error",
    title: "Asynchronously invoked functions keep failed events",
    why: "Async events that fail every retry are dropped silently unless an on-failure destination or a dead-letter queue keeps them.",
    fix: "Set destinationConfig.onFailure.destination on the FunctionEventInvokeConfig, or deadLetterConfig.targetArn on the function (SQS or SNS).",
    appliesTo: [TYPES.function, TYPES.invokeConfig],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-008",
    slug: "no-function-url",
    severity: "error",
    title: "No function URL",
    why: "A function URL is a public HTTPS endpoint outside the VPC: it bypasses the private endpoint whatever its auth type.",
    fix: "Remove the aws.lambda.FunctionUrl; call the function through the Lambda interface endpoint.",
    appliesTo: [TYPES.functionUrl],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-009",
    slug: "no-public-permission",
    severity: "error",
    title: 'No invoke permission for principal "*" without a source condition',
    why: 'A resource policy for "*" without sourceAccount, sourceArn or principalOrgId lets any AWS account invoke the function.',
    fix: "Name the calling service or account as principal, or add sourceAccount / sourceArn / principalOrgId.",
    appliesTo: [TYPES.permission],
    inPolicyPack: true,
  },
  {
    id: "PL-FN-010",
    slug: "provisioned-concurrency-on-alias",
    severity: "error",
    title: "Provisioned concurrency (fixed or scaling) is on an alias, not a version",
    why: "Provisioned concurrency on a version stays with that version: when the alias moves to a new version, requests run cold while the old version's capacity is still billed.",
    fix: 'Set the ProvisionedConcurrencyConfig qualifier, or the scalable target\'s resourceId (function:<name>:<qualifier>), to the alias (e.g. "live").',
    appliesTo: [TYPES.provisionedConcurrency, TYPES.scalableTarget],
    inPolicyPack: true,
  },
  {
    id: "PL-IAM-001",
    slug: "no-wildcard-actions",
    severity: "error",
    title: 'No "*" or "service:*" actions, and no Allow with NotAction',
    why: "Wildcard actions grant every current and future action of a service: least privilege is lost.",
    fix: "List the named actions the function calls (e.g. dynamodb:UpdateItem).",
    appliesTo: IAM_DOCS,
    inPolicyPack: true,
  },
  {
    id: "PL-IAM-002",
    slug: "wildcard-resource-only-where-required",
    severity: "error",
    title: 'Resource "*" only for actions AWS requires it for',
    why: 'Resource "*" grants the actions on every resource in the account; AWS needs it only for the VPC ENI and X-Ray write actions.',
    fix: "Name the resource ARNs; keep \"*\" only for ec2 ENI actions (AWSLambdaVPCAccessExecutionRole) and xray:PutTraceSegments/PutTelemetryRecords/GetSampling*.",
    appliesTo: IAM_DOCS,
    inPolicyPack: true,
  },
  {
    id: "PL-IAM-003",
    slug: "no-admin-policies",
    severity: "error",
    title: "No AdministratorAccess, PowerUserAccess or IAMFullAccess, and no inline admin",
    why: "An admin-level function role turns any code bug or dependency compromise into an account takeover.",
    fix: "Detach the managed policy and grant named actions on named resources instead.",
    appliesTo: [TYPES.rolePolicyAttachment, TYPES.policyAttachment, TYPES.userPolicyAttachment, TYPES.groupPolicyAttachment, ...IAM_DOCS],
    inPolicyPack: true,
  },
  {
    id: "PL-IAM-004",
    slug: "roles-assumable-by-lambda-only",
    severity: "error",
    title: "Roles are assumable only by lambda.amazonaws.com",
    why: "A trust policy that admits other principals lets them act with the function's permissions.",
    fix: 'Use Principal { Service: "lambda.amazonaws.com" } only (LAMBDA_ASSUME_ROLE_POLICY); list other service roles you mean to have (e.g. scheduler.amazonaws.com) in trustedServicePrincipals.',
    appliesTo: [TYPES.role],
    inPolicyPack: true,
  },
  {
    id: "PL-IAM-005",
    slug: "policy-documents-valid",
    severity: "error",
    title: "Policy documents are valid JSON policies",
    why: "AWS rejects a malformed document at deploy time, and the other guardrails cannot check what they cannot read.",
    fix: "Build the document as an object and JSON.stringify it; every statement needs Effect and string or string-list fields.",
    appliesTo: [...IAM_DOCS, TYPES.vpcEndpoint],
    inPolicyPack: true,
  },
  {
    id: "PL-NET-001",
    slug: "no-ingress-from-anywhere",
    severity: "error",
    title: "No security group ingress from 0.0.0.0/0 or ::/0",
    why: "Ingress from anywhere exposes whatever listens in the VPC to the internet path; private functions need no inbound rules.",
    fix: "Allow ingress only from the VPC CIDR or from the callers' security groups.",
    appliesTo: [TYPES.securityGroup, TYPES.securityGroupRule, TYPES.securityGroupIngressRule],
    inPolicyPack: true,
  },
  {
    id: "PL-NET-002",
    slug: "lambda-endpoint-private-dns",
    severity: "error",
    title: "The Lambda interface endpoint has private DNS enabled",
    why: "Without private DNS, SDK calls to lambda.<region>.amazonaws.com bypass the endpoint and need NAT or fail.",
    fix: "Set privateDnsEnabled: true (the VPC needs enableDnsHostnames and enableDnsSupport).",
    appliesTo: [TYPES.vpcEndpoint],
    inPolicyPack: true,
  },
  {
    id: "PL-NET-003",
    slug: "lambda-endpoint-policy-scoped",
    severity: "error",
    title: "The Lambda endpoint policy names this stack's functions",
    why: "Without a policy (full access) or with wildcard resources, the endpoint lets callers in the VPC invoke any function in any account.",
    fix: "Set policy to Allow lambda:InvokeFunction on arn:aws:lambda:<region>:<account>:function:<name> and <arn>:* for this stack's functions only (lambdaEndpointPolicy).",
    appliesTo: [TYPES.vpcEndpoint],
    inPolicyPack: true,
  },
  {
    id: "PL-NET-004",
    slug: "lambda-endpoint-invoke-only",
    severity: "warning",
    title: "The Lambda endpoint policy allows only lambda:InvokeFunction",
    why: "Other Lambda actions through the endpoint (UpdateFunctionCode, AddPermission …) let VPC code change functions.",
    fix: 'Set the Allow statement\'s Action to ["lambda:InvokeFunction"].',
    appliesTo: [TYPES.vpcEndpoint],
    inPolicyPack: true,
  },
  {
    id: "PL-NET-005",
    slug: "vpc-multi-az-dns",
    severity: "error",
    title: "The VPC spans at least two AZs, with DNS hostnames and DNS support on",
    why: "Private DNS for interface endpoints needs both DNS attributes (awsx and aws.ec2.Vpc default enableDnsHostnames to false); one AZ is a single point of failure.",
    fix: "Set enableDnsHostnames: true, enableDnsSupport: true and numberOfAvailabilityZones ≥ 2 (awsx).",
    appliesTo: [TYPES.awsxVpc, TYPES.vpc],
    inPolicyPack: true,
  },
  {
    id: "PL-COST-001",
    slug: "within-budget",
    severity: "error",
    title: "Estimated monthly cost within the stack's budget",
    why: "A stack over its budget costs more than was agreed for it.",
    fix: "Lower memory, provisioned concurrency, NAT or endpoints, or raise pricing.budgetUsd deliberately.",
    appliesTo: [TYPES.stack],
    inPolicyPack: false,
  },
  {
    id: "PL-COST-002",
    slug: "prod-has-budget",
    severity: "warning",
    title: "A prod stack has a monthly budget",
    why: "Without a budget nothing fails when a change multiplies the prod bill.",
    fix: "Set private-lambda:pricing.budgetUsd in the stack's config.",
    appliesTo: [TYPES.stack],
    inPolicyPack: false,
  },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]["id"];

const BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));

/** The rule of an id; throws for an unknown id (a programming error). */
export function ruleById(id: RuleId): RuleInfo {
  return BY_ID.get(id)!;
}

/** The policy pack's policy name of a rule: `pl-fn-001-function-in-vpc-multi-az`. */
export function policyNameOf(rule: RuleInfo): string {
  return `${rule.id.toLowerCase()}-${rule.slug}`;
}

/** True for `prod`, `production`, `prod-eu` …, case-insensitive. */
export function isProdEnv(env: string | undefined): boolean {
  return typeof env === "string" && /^prod(uction)?\b/i.test(env.trim());
}
