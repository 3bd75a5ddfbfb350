/**
 * Pulumi mock engine shared by the tests and the offline plan (`npm run plan`).
 *
 * `newResource` returns realistic computed outputs per type token (ARNs, versions, ids, awsx VPC
 * outputs), because mocks compute nothing and inputs built from missing outputs silently vanish
 * (Pulumi unit testing: https://www.pulumi.com/docs/iac/guides/testing/unit/). `call` throws for any invoke nobody declared, so a new data-source
 * call fails loudly instead of returning `{}`.
 *
 * Ids are derived from a hash of the logical name, so two runs print the same plan.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER } from "../pricing/violations";

type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockCallArgs = pulumi.runtime.MockCallArgs;

/** Secret marker used by the Pulumi wire format. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** Inputs as registered; secrets still wrapped in the wire-format marker. */
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
  /** `type::name` of the parent, filled in from the monitor's registration request. */
  parent?: { type: string; name: string };
  /** Explicit and implicit dependencies (`dependsOn` and inputs from other resources' outputs). */
  dependencies?: { type: string; name: string }[];
  /** The resource option `ignoreChanges`, from the registration request; absent when empty. */
  ignoreChanges?: string[];
}

export interface MockOptions {
  readonly accountId: string;
  readonly region: string;
  /**
   * Version returned for a function's `version` output, per function physical name.
   * Lets tests simulate "publish produced version N". @default "1"
   */
  readonly functionVersions?: Readonly<Record<string, string>>;
  /** Result of `aws:ec2/getVpc:getVpc` for adopted VPCs. @default DNS support and hostnames on */
  readonly existingVpc?: { readonly cidrBlock: string; readonly enableDnsHostnames: boolean; readonly enableDnsSupport: boolean };
  /**
   * AZ names `aws:index/getAvailabilityZones` returns. Canned: the real list is the account's and
   * is read at deploy. @default {@link cannedAvailabilityZones} of the region
   */
  readonly availabilityZones?: readonly string[];
  /**
   * AZs each interface endpoint service is offered in, by short name (`lambda`, `xray` ...), for
   * `aws:ec2/getVpcEndpointService`. @default every AZ of {@link availabilityZones}
   */
  readonly endpointServiceAzs?: Readonly<Record<string, readonly string[]>>;
  /**
   * Preview semantics of a real `pulumi preview`: ids and every computed output are unknown
   * (`newResource` returns no id and only the inputs as state). Use with `setMocks(..., preview = true)`.
   * @default false
   */
  readonly unknownOutputs?: boolean;
}

/**
 * AZ names the offline plan assumes for a region: `<region>a` … `<region>f`. Which AZs a service
 * is offered in is checked at deploy (`ec2.getVpcEndpointService`), not by the plan.
 */
export function cannedAvailabilityZones(region: string): string[] {
  return ["a", "b", "c", "d", "e", "f"].map((l) => `${region}${l}`);
}

export interface MockRecorder {
  readonly mocks: pulumi.runtime.Mocks;
  readonly resources: RecordedResource[];
  readonly invokes: { token: string; inputs: Record<string, unknown> }[];
  readonly options: MockOptions;
  /** Forget everything recorded so far (between test cases). */
  reset(): void;
  /** Wrap the monitor after `setMocks` so that parents are recorded too. */
  captureParents(monitor: unknown): void;
}

function shortHash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Parse `urn:pulumi:stack::project::a$b$c::name` into its last type segment and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const types = parts[2] ?? "";
  return { type: types.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

export function createMocks(options: MockOptions): MockRecorder {
  const resources: RecordedResource[] = [];
  const invokes: { token: string; inputs: Record<string, unknown> }[] = [];
  const pendingParents = new Map<string, { type: string; name: string }>();
  const pendingDependencies = new Map<string, { type: string; name: string }[]>();
  const pendingIgnoreChanges = new Map<string, string[]>();

  const { accountId, region } = options;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;

  function stateFor(a: MockResourceArgs): { id: string; state: Record<string, unknown> } {
    // The provider's wire inputs, untyped as in Pulumi's MockResourceArgs: each case reads its own fields.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inputs = (a.inputs ?? {}) as Record<string, any>;
    const h = (n: number) => shortHash(`${a.type}::${a.name}`, n);
    switch (a.type) {
      case "aws:lambda/function:Function": {
        const fnName = inputs.name ?? `${a.name}-${h(7)}`;
        const version = options.functionVersions?.[fnName] ?? "1";
        const fnArn = arn("lambda", `function:${fnName}`);
        return {
          id: fnName,
          state: {
            ...inputs,
            name: fnName,
            arn: fnArn,
            version,
            qualifiedArn: `${fnArn}:${version}`,
            invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
          },
        };
      }
      case "aws:lambda/alias:Alias": {
        const fnArn = arn("lambda", `function:${inputs.functionName}`);
        return {
          id: `${fnArn}:${inputs.name}`,
          state: {
            ...inputs,
            arn: `${fnArn}:${inputs.name}`,
            invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}:${inputs.name}/invocations`,
          },
        };
      }
      case "aws:iam/role:Role": {
        const roleName = inputs.name ?? `${a.name}-${h(7)}`;
        return { id: roleName, state: { ...inputs, name: roleName, arn: `arn:aws:iam::${accountId}:role/${roleName}`, uniqueId: `AROA${h(17).toUpperCase()}` } };
      }
      case "aws:cloudwatch/logGroup:LogGroup": {
        const groupName = inputs.name ?? `${a.name}-${h(7)}`;
        return { id: groupName, state: { ...inputs, name: groupName, arn: arn("logs", `log-group:${groupName}`) } };
      }
      case "aws:ec2/securityGroup:SecurityGroup":
        return { id: `sg-${h(17)}`, state: { ...inputs, arn: arn("ec2", `security-group/sg-${h(17)}`) } };
      case "aws:ec2/vpcEndpoint:VpcEndpoint": {
        const id = `vpce-${h(17)}`;
        const gateway = inputs.vpcEndpointType === "Gateway";
        return {
          id,
          state: {
            ...inputs,
            arn: arn("ec2", `vpc-endpoint/${id}`),
            dnsEntries: gateway ? [] : [{ dnsName: `${id}.${String(inputs.serviceName ?? "").split(".").pop()}.${region}.vpce.amazonaws.com`, hostedZoneId: "Z7HUB22UULQXV" }],
            prefixListId: gateway ? `pl-${h(8)}` : undefined,
            state: "available",
          },
        };
      }
      case "awsx:ec2:Vpc": {
        const azs = Array.isArray(inputs.availabilityZoneNames) ? inputs.availabilityZoneNames.length : Number(inputs.numberOfAvailabilityZones ?? 3);
        const ids = (kind: string) => Array.from({ length: azs }, (_, i) => `subnet-${shortHash(`${a.name}-${kind}-${i}`, 17)}`);
        const specs: { type: string }[] = inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }];
        const has = (t: string) => specs.some((s) => s.type === t);
        return {
          id: "",
          state: {
            vpcId: `vpc-${h(17)}`,
            vpc: { id: `vpc-${h(17)}`, cidrBlock: inputs.cidrBlock ?? "10.0.0.0/16" },
            privateSubnetIds: has("Private") ? ids("private") : [],
            isolatedSubnetIds: has("Isolated") ? ids("isolated") : [],
            publicSubnetIds: has("Public") ? ids("public") : [],
            routeTables: specs.flatMap((s) => Array.from({ length: azs }, (_, i) => ({ id: `rtb-${shortHash(`${a.name}-${s.type}-${i}`, 17)}` }))),
          },
        };
      }
      case "aws:dynamodb/table:Table": {
        const tableName = inputs.name ?? `${a.name}-${h(7)}`;
        return { id: tableName, state: { ...inputs, name: tableName, arn: arn("dynamodb", `table/${tableName}`) } };
      }
      case "aws:s3/bucket:Bucket":
      case "aws:s3/bucketV2:BucketV2": {
        const bucket = inputs.bucket ?? `${a.name}-${h(7)}`;
        return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}` } };
      }
      case "aws:sqs/queue:Queue": {
        const queueName = inputs.name ?? `${a.name}-${h(7)}`;
        return { id: `https://sqs.${region}.amazonaws.com/${accountId}/${queueName}`, state: { ...inputs, name: queueName, arn: arn("sqs", queueName), url: `https://sqs.${region}.amazonaws.com/${accountId}/${queueName}` } };
      }
      // Triggers (components/triggers): outputs that later inputs are built from.
      case "aws:apigateway/restApi:RestApi": {
        const id = h(10);
        return {
          id,
          state: { ...inputs, arn: `arn:aws:apigateway:${region}::/restapis/${id}`, executionArn: arn("execute-api", id), rootResourceId: shortHash(`${a.type}::${a.name}::root`, 10) },
        };
      }
      case "aws:apigateway/resource:Resource":
        return { id: h(6), state: { ...inputs } };
      case "aws:apigateway/deployment:Deployment":
        return { id: h(6), state: { ...inputs, createdDate: "2026-01-01T00:00:00Z" } };
      case "aws:apigateway/stage:Stage": {
        const api = String(inputs.restApi ?? "");
        return {
          id: `ags-${api}-${inputs.stageName}`,
          state: { ...inputs, arn: `arn:aws:apigateway:${region}::/restapis/${api}/stages/${inputs.stageName}`, executionArn: arn("execute-api", `${api}/${inputs.stageName}`), invokeUrl: `https://${api}.execute-api.${region}.amazonaws.com/${inputs.stageName}` },
        };
      }
      case "aws:lambda/eventSourceMapping:EventSourceMapping": {
        const uuid = `${h(8)}-${h(12).slice(8, 12)}-4${h(15).slice(12, 15)}-8${h(18).slice(15, 18)}-${h(30).slice(18, 30)}`;
        return { id: uuid, state: { ...inputs, uuid, arn: arn("lambda", `event-source-mapping:${uuid}`), functionArn: inputs.functionName, state: "Enabled" } };
      }
      case "aws:scheduler/schedule:Schedule": {
        const scheduleName = inputs.name ?? `${a.name}-${h(7)}`;
        const group = inputs.groupName ?? "default";
        return { id: `${group}/${scheduleName}`, state: { ...inputs, name: scheduleName, groupName: group, arn: arn("scheduler", `schedule/${group}/${scheduleName}`) } };
      }
      case "aws:cloudwatch/metricAlarm:MetricAlarm": {
        const alarmName = inputs.name ?? `${a.name}-${h(7)}`;
        return { id: alarmName, state: { ...inputs, name: alarmName, arn: arn("cloudwatch", `alarm:${alarmName}`) } };
      }
      default:
        return { id: a.custom ? `${a.name}-${h(8)}` : "", state: { ...inputs } };
    }
  }

  const mocks: pulumi.runtime.Mocks = {
    newResource(a: MockResourceArgs) {
      const record: RecordedResource = {
        type: a.type,
        name: a.name,
        inputs: (a.inputs ?? {}) as Record<string, unknown>,
        custom: a.custom ?? false,
        parent: pendingParents.get(`${a.type}::${a.name}`),
        dependencies: pendingDependencies.get(`${a.type}::${a.name}`),
        ignoreChanges: pendingIgnoreChanges.get(`${a.type}::${a.name}`),
      };
      resources.push(record);
      if (options.unknownOutputs) {
        // As a real preview of a create: no id, no computed output; only what the program gave.
        // A missing key reads as unknown under preview (@pulumi/pulumi sdk/nodejs/runtime/mocks.ts,
        // https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/runtime/mocks.ts).
        return { id: undefined, state: a.type === "awsx:ec2:Vpc" ? {} : { ...((a.inputs ?? {}) as Record<string, unknown>) } };
      }
      return stateFor(a);
    },
    call(a: MockCallArgs) {
      invokes.push({ token: a.token, inputs: (a.inputs ?? {}) as Record<string, unknown> });
      switch (a.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId, arn: `arn:aws:iam::${accountId}:user/plan`, userId: "AIDAPLAN", id: accountId };
        case "aws:index/getRegion:getRegion":
          return { name: region, region, id: region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
          const names = [...(options.availabilityZones ?? cannedAvailabilityZones(region))];
          return { id: region, names, zoneIds: names.map((_, i) => `${region.replace(/-/g, "").slice(0, 4)}-az${i + 1}`), groupNames: [region], state: a.inputs.state };
        }
        case "aws:ec2/getVpcEndpointService:getVpcEndpointService": {
          const serviceName = String(a.inputs.serviceName ?? `com.amazonaws.${region}.${a.inputs.service}`);
          const short = serviceName.split(".").pop() ?? "";
          const azs = [...(options.endpointServiceAzs?.[short] ?? options.availabilityZones ?? cannedAvailabilityZones(region))];
          return { id: serviceName, serviceName, serviceType: "Interface", availabilityZones: azs, acceptanceRequired: false, owner: "amazon", privateDnsName: "", privateDnsNames: [], baseEndpointDnsNames: [], serviceId: `vpce-svc-${shortHash(serviceName, 17)}`, arn: "", managesVpcEndpoints: false, region, serviceRegion: region, supportedIpAddressTypes: ["ipv4"], vpcEndpointPolicySupported: true, tags: {} };
        }
        case "aws:ec2/getVpc:getVpc": {
          const v = options.existingVpc ?? { cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true };
          return { id: a.inputs.id, arn: arn("ec2", `vpc/${a.inputs.id}`), ...v };
        }
        default:
          throw new Error(`Mock not implemented: ${a.token}`);
      }
    },
  };

  return {
    mocks,
    resources,
    invokes,
    options,
    reset() {
      resources.length = 0;
      invokes.length = 0;
      pendingParents.clear();
      pendingDependencies.clear();
      pendingIgnoreChanges.clear();
    },
    captureParents(monitor: unknown) {
      const m = monitor as { registerResource: (req: RegisterResourceRequest, cb: unknown) => Promise<void>; __parentsCaptured?: boolean };
      if (m.__parentsCaptured) return;
      const original = m.registerResource.bind(m);
      m.registerResource = (req, cb) => {
        const parent: string = req.getParent?.() ?? "";
        const key = `${req.getType()}::${req.getName()}`;
        if (parent) pendingParents.set(key, parseUrn(parent));
        const deps: string[] = req.getDependenciesList?.() ?? [];
        if (deps.length > 0) pendingDependencies.set(key, deps.map(parseUrn));
        const ignore: string[] = req.getIgnorechangesList?.() ?? [];
        if (ignore.length > 0) pendingIgnoreChanges.set(key, ignore);
        return original(req, cb);
      };
      m.__parentsCaptured = true;
    },
  };
}

/** The parts of the engine's gRPC RegisterResourceRequest that {@link captureParents} reads. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent?(): string;
  getDependenciesList?(): string[];
  getIgnorechangesList?(): string[];
}

/** Replace Pulumi wire-format secrets by `"[secret]"`, recursively. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SECRET_SIG] === SECRET_VALUE) return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, redactSecrets(v)]));
  }
  return value;
}
