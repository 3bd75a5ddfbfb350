import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Architecture } from "../../pricing";
import { validateFunction, validateLogRetentionDays } from "../../pricing";
import { throwIfProblems } from "../shared/problems";
import { DEFAULT_FUNCTION_SETTINGS } from "./defaults";
import { createExecutionRole, type ExecutionRole } from "./role";
// issue 18 hook: provisioned concurrency that scales (pure settings + resource creation live in their own files).
import { peakMax, type PcScalingSettings } from "./pc-scaling-settings";
import { validatePcScaling } from "./pc-scaling-validate";
import { createPcAutoscaling } from "./pc-autoscaling";
import { alarmSpecs, resolveAlarmSettings, validateAlarmSettings, type AlarmOptions, type AlarmSpec } from "./alarms";
import { resolveReleaseSettings, resolveAliasRouting, hasCanary, pinnedAliasVersion, validateProvisionedRelease, type AliasRouting, type ReleaseOptions } from "./release-routing";
import { validatePolicyStatements, executionRolePolicy, type TABLE_ACTIONS } from "./execution-policy";

/** Deployment package produced by the package builder (`packaging/`). */
export interface FunctionCode {
  /** Absolute path of the deterministic zip. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip (Lambda's `CodeSha256`). */
  readonly base64Sha256: string;
  readonly zippedBytes: number;
  readonly unzippedBytes: number;
  /** `direct`: uploaded with CreateFunction (≤ 50 MB zipped); `s3`: read from `s3`. */
  readonly upload: "direct" | "s3";
  /** Where the zip is uploaded when `upload` is `s3`. Required then. */
  readonly s3?: { readonly bucket: pulumi.Input<string>; readonly key: string };
}

/** Arguments for {@link PrivateFunction}. */
export interface PrivateFunctionArgs {
  /** Physical function name, 1–64 characters `[a-zA-Z0-9-_]`. Explicit so the endpoint policy can name it before deploy. */
  readonly functionName: string;
  readonly code: FunctionCode;
  /** e.g. `nodejs22.x`; deprecated runtimes are rejected. */
  readonly runtime: string;
  /** @default "index.handler" */
  readonly handler?: string;
  /** @default "arm64" */
  readonly architecture?: Architecture;
  /** Memory in MB, 128–10240 (AWS Lambda limit). @default 512 */
  readonly memoryMb?: number;
  /** 1–900 seconds. @default 10 */
  readonly timeoutSeconds?: number;
  /** /tmp size in MB, 512–10240; above 512 is billed. @default 512 */
  readonly ephemeralStorageMb?: number;
  /** @default - none */
  readonly description?: string;
  /** Plain variables, validated against the 4 KB limit. @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Secret variables (Pulumi secrets); they stay secret in state and previews. @default - none */
  readonly secretEnvironment?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Layer version ARNs, at most 5. @default - none */
  readonly layers?: readonly string[];
  /** Reserved concurrency; 0 throttles every invocation. @default - unreserved */
  readonly reservedConcurrency?: number;
  /** Provisioned concurrency on the alias (never `$LATEST` or a bare version). @default - none */
  readonly provisionedConcurrency?: number;
  /**
   * Provisioned concurrency that follows the load on the alias (Application Auto Scaling target,
   * target tracking, scheduled actions); not together with `provisionedConcurrency`. @default - none
   */
  readonly provisionedConcurrencyScaling?: PcScalingSettings;
  /** CloudWatch Logs retention; never "never expire". */
  readonly logRetentionDays: number;
  /** Subnets in at least two AZs. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** How many subnets `subnetIds` will hold (plain, for the 16-subnet limit). */
  readonly subnetCount: number;
  readonly securityGroupIds: pulumi.Input<string>[];
  /** Empty SGs swapped in before destroy, so the destroy does not wait on Hyperplane ENIs. */
  readonly replacementSecurityGroupIds: pulumi.Input<string>[];
  /** DynamoDB tables the function uses; the role gets exactly the actions of `access`. @default - none */
  readonly tables?: readonly { readonly arn: pulumi.Input<string>; readonly access: keyof typeof TABLE_ACTIONS }[];
  /** Extra IAM statements (named actions only); `sid` names the statement. @default - none (Sid `Extra<i>`) */
  readonly policyStatements?: readonly { readonly sid?: string; readonly actions: readonly string[]; readonly resources: readonly pulumi.Input<string>[] }[];
  /** Blue/green release settings; each field has its own default. @default { aliasName: "live", canaryWeight: 0 } */
  readonly release?: ReleaseOptions;
  /** Alarms on the alias; each field has its own default. @default errors ≥ 1, throttles ≥ 1, p99 ≥ 80 % of timeout, 3 × 60 s */
  readonly alarms?: AlarmOptions;
  /**
   * Execution role created beforehand with {@link createExecutionRole}, so that the network can
   * depend on it and a destroy deletes it last.
   * @default - a role created as a child of this component
   */
  readonly executionRole?: ExecutionRole;
  /** Account quotas for validation. @default concurrency 1000, memory 10240 */
  readonly account?: { readonly concurrencyLimit?: number; readonly maxMemoryMb?: number };
  /** ISO date for runtime deprecation checks. @default - the runtime table's date */
  readonly today?: string;
}


/**
 * A Lambda function in private subnets: least-privilege role, log group with retention, X-Ray
 * Active tracing, published versions behind an alias with blue/green weights, provisioned
 * concurrency on the alias, reserved concurrency and alarms.
 */
export class PrivateFunction extends pulumi.ComponentResource {
  public static readonly type = "private-lambda:lambda:PrivateFunction";

  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly aliasArn: pulumi.Output<string>;
  /** The alias's API Gateway invoke ARN (`…/functions/<alias ARN>/invocations`), for AWS_PROXY integrations. */
  public readonly aliasInvokeArn: pulumi.Output<string>;
  public readonly aliasName: string;
  /** Latest published version. */
  public readonly version: pulumi.Output<string>;
  /** Where the alias points and why. */
  public readonly routing: pulumi.Output<{ functionVersion: string; additionalVersionWeights?: Readonly<Record<string, number>>; state: string }>;
  public readonly logGroupName: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  public readonly alarmNames: pulumi.Output<string[]>;
  /** The alias's primary version as the provider reports it (the deployed truth, not the request). */
  public readonly aliasFunctionVersion: pulumi.Output<string>;
  /** The alias's weights as the provider reports them; null when it has none. */
  public readonly aliasRoutingConfig: pulumi.Output<{ additionalVersionWeights: Record<string, number> } | null>;

  constructor(name: string, args: PrivateFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PrivateFunction.type, name, {}, opts);
    const d = DEFAULT_FUNCTION_SETTINGS;
    const handler = args.handler ?? d.handler;
    const architecture = args.architecture ?? d.architecture;
    const memoryMb = args.memoryMb ?? d.memoryMb;
    const timeoutSeconds = args.timeoutSeconds ?? d.timeoutSeconds;
    const ephemeralStorageMb = args.ephemeralStorageMb ?? d.ephemeralStorageMb;
    const release = resolveReleaseSettings(args.release);
    const alarmCfg = resolveAlarmSettings(args.alarms);
    const plainEnv = { ...(args.environment ?? {}) };
    const envForSize = { ...plainEnv, ...Object.fromEntries(Object.keys(args.secretEnvironment ?? {}).map((k) => [k, ""])) };

    const problems = validateFunction(
      {
        name: args.functionName,
        runtime: args.runtime,
        handler,
        architecture,
        memoryMb,
        timeoutSeconds,
        ephemeralStorageMb,
        environment: envForSize,
        description: args.description,
        layers: (args.layers ?? []).map((arn) => ({ arn })),
        package: { zippedBytes: args.code.zippedBytes, unzippedBytes: args.code.unzippedBytes, upload: args.code.upload },
        reservedConcurrency: args.reservedConcurrency,
        provisionedConcurrency: args.provisionedConcurrency,
        release: { aliasName: release.aliasName, stableVersion: release.stableVersion, canaryWeight: release.canaryWeight },
        vpc: { subnetIds: Array.from({ length: args.subnetCount }, (_, i) => `subnet-${i}`), securityGroupIds: args.securityGroupIds.map((_, i) => `sg-${i}`) },
      },
      args.account,
      { today: args.today, pathPrefix: name, autoNamed: false },
    );
    // The component always sets a retention (never-expiring logs are not allowed here): the limits
    // validator's "omit it to keep logs forever" hint does not apply.
    problems.push(
      ...validateLogRetentionDays(args.logRetentionDays, `${name}.logRetentionDays`).map((v) => ({
        ...v,
        message: v.message.replace(/;?\s*omit it to keep logs forever/, "; a retention is required (logs that never expire are not allowed here)"),
      })),
    );
    problems.push(...validatePolicyStatements(args.policyStatements ?? [], `${name}.policyStatements`));
    const scaling = args.provisionedConcurrencyScaling;
    problems.push(...validateProvisionedRelease(args.provisionedConcurrency ?? (scaling ? peakMax(scaling) : undefined), args.release, name));
    // issue 18 hook: the scaling block's own rules; one manager of the alias's provisioned concurrency.
    if (scaling) {
      problems.push(
        ...validatePcScaling(scaling, `${name}.provisionedConcurrencyScaling`, {
          reservedConcurrency: args.reservedConcurrency,
          concurrencyLimit: args.account?.concurrencyLimit,
          canaryWeight: release.stableVersion !== undefined ? release.canaryWeight : 0,
          functionName: args.functionName,
          aliasName: release.aliasName,
        }),
      );
      if (args.provisionedConcurrency !== undefined) {
        problems.push({
          path: `${name}.provisionedConcurrencyScaling`,
          value: { provisionedConcurrency: args.provisionedConcurrency },
          rule: "pc.scaling.fixedAndScaling",
          message: `${name}.provisionedConcurrencyScaling: got it together with provisionedConcurrency ${args.provisionedConcurrency}, allowed one of them (Application Auto Scaling manages the alias's provisioned concurrency; a fixed config next to it would fight it)`,
          severity: "error",
        });
      }
    }
    if (alarmCfg.enabled) problems.push(...validateAlarmSettings(alarmCfg, `${name}.alarms`));
    if (args.code.upload === "s3" && !args.code.s3) {
      problems.push({ path: `${name}.code.s3`, value: undefined, rule: "package.s3Location", message: `${name}.code.s3: the package goes to S3 (${args.code.zippedBytes} bytes zipped) but no bucket/key was given`, severity: "error" });
    }
    throwIfProblems(this, `Invalid PrivateFunction "${name}"`, problems);

    const parent = { parent: this };

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-log-group`,
      { name: `/aws/lambda/${args.functionName}`, retentionInDays: args.logRetentionDays },
      parent,
    );

    const { role, basePolicy } = args.executionRole ?? createExecutionRole(name, { functionName: args.functionName }, parent);
    const tables = args.tables ?? [];
    const extras = args.policyStatements ?? [];
    const policy = pulumi
      .all([logGroup.arn, pulumi.all(tables.map((t) => t.arn)), pulumi.all(extras.map((s) => pulumi.all(s.resources as pulumi.Input<string>[])))])
      .apply(([logGroupArn, tableArns, extraResources]) =>
        JSON.stringify(
          executionRolePolicy({
            logGroupArn,
            tables: tables.map((t, i) => ({ arn: tableArns[i]!, access: t.access })),
            extraStatements: extras.map((s, i) => ({ sid: s.sid, actions: s.actions, resources: extraResources[i]! })),
          }),
        ),
      );
    const rolePolicy = new aws.iam.RolePolicy(`${name}-role-policy`, { role: role.id, policy }, parent);

    let codeArgs: Partial<aws.lambda.FunctionArgs>;
    const dependsOn: pulumi.Resource[] = [basePolicy, rolePolicy, logGroup];
    if (args.code.upload === "s3" && args.code.s3) {
      const object = new aws.s3.BucketObjectv2(
        `${name}-code`,
        { bucket: args.code.s3.bucket, key: args.code.s3.key, source: new pulumi.asset.FileAsset(args.code.zipPath) },
        parent,
      );
      dependsOn.push(object);
      codeArgs = { s3Bucket: object.bucket, s3Key: object.key };
    } else {
      codeArgs = { code: new pulumi.asset.FileArchive(args.code.zipPath) };
    }

    const environmentVariables: Record<string, pulumi.Input<string>> = { ...plainEnv, ...(args.secretEnvironment ?? {}) };
    const fn = new aws.lambda.Function(
      `${name}-fn`,
      {
        name: args.functionName,
        role: role.arn,
        runtime: args.runtime,
        handler,
        architectures: [architecture],
        memorySize: memoryMb,
        timeout: timeoutSeconds,
        ephemeralStorage: { size: ephemeralStorageMb },
        description: args.description,
        ...codeArgs,
        // The zip is byte-for-byte reproducible, so its hash is a faithful change signal.
        sourceCodeHash: args.code.base64Sha256,
        publish: true,
        environment: Object.keys(environmentVariables).length > 0 ? { variables: environmentVariables } : undefined,
        layers: args.layers && args.layers.length > 0 ? [...args.layers] : undefined,
        reservedConcurrentExecutions: args.reservedConcurrency ?? -1,
        tracingConfig: { mode: "Active" },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: args.securityGroupIds },
        replaceSecurityGroupsOnDestroy: true,
        replacementSecurityGroupIds: args.replacementSecurityGroupIds,
      },
      // The role's policy must exist before CreateFunction checks it (ENI permissions).
      { parent: this, dependsOn, deleteBeforeReplace: true },
    );

    const routing = fn.version.apply((published) => resolveAliasRouting(release, published));
    const pinned = pinnedAliasVersion(release);
    // Weights exist only with a pinned stable version and a weight: otherwise no routing config, a
    // plain value, so that a preview shows where the alias points even when a new version is coming.
    const weighted = pinned !== undefined && release.canaryWeight > 0;
    const alias = new aws.lambda.Alias(
      `${name}-alias`,
      {
        name: release.aliasName,
        functionName: fn.name,
        // Pinned: a plain value, known at preview. Else the version just published (unknown at a
        // preview that publishes a new one).
        functionVersion: pinned ?? routing.functionVersion,
        // No block when there are no weights: the provider then sends an empty routing config and
        // waits for old weights to clear (TF alias.go expandAliasRoutingConfiguration), and the
        // state, which has no block either, shows no perpetual diff.
        routingConfig: weighted ? routing.apply((r) => (r.additionalVersionWeights ? { additionalVersionWeights: { ...r.additionalVersionWeights } } : undefined)) : undefined,
        description: `Release alias of ${args.functionName}`,
      },
      parent,
    );

    if (args.provisionedConcurrency !== undefined) {
      // On the alias: a stable qualifier that Lambda moves with the alias (docs/sources.md#lambda-aliases). While the
      // config asks for weights, a change of the value is held back (AWS rejects PC changes on an
      // alias with weights); the next update after promote or rollback applies it.
      new aws.lambda.ProvisionedConcurrencyConfig(
        `${name}-pc`,
        { functionName: fn.name, qualifier: alias.name, provisionedConcurrentExecutions: args.provisionedConcurrency },
        { parent: this, ignoreChanges: weighted ? ["provisionedConcurrentExecutions"] : undefined },
      );
    }

    // issue 18 hook: scaling provisioned concurrency on the alias, held like the fixed value while weighted.
    if (scaling) createPcAutoscaling(name, { functionName: args.functionName, alias, aliasName: release.aliasName, scaling, weighted }, { parent: this });

    const alarm = (spec: AlarmSpec, canaryVersion?: string) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.role}`,
        {
          name: `${args.functionName}-${release.aliasName}-${spec.role}`,
          alarmDescription: `${args.functionName}:${release.aliasName}${spec.canary ? ` (canary version ${canaryVersion})` : ""}: ${spec.description}`,
          namespace: "AWS/Lambda",
          metricName: spec.metricName,
          statistic: spec.statistic,
          extendedStatistic: spec.extendedStatistic,
          period: alarmCfg.periodSeconds,
          evaluationPeriods: alarmCfg.evaluationPeriods,
          threshold: spec.threshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          dimensions: spec.canary
            ? { FunctionName: args.functionName, Resource: `${args.functionName}:${release.aliasName}`, ExecutedVersion: canaryVersion! }
            : { FunctionName: args.functionName, Resource: `${args.functionName}:${release.aliasName}` },
        },
        parent,
      );
    const aliasAlarms = alarmSpecs(alarmCfg, timeoutSeconds, false).map((spec) => alarm(spec));
    // Canary alarms follow the routing result: only when the alias really has a canary version (a
    // new version published next to the pinned one, with a weight). They are registered once the
    // version is known, so a preview that publishes a new version does not list them yet.
    const canarySpecs = alarmSpecs(alarmCfg, timeoutSeconds, true).filter((s) => s.canary);
    const canaryAlarmNames: pulumi.Output<string[]> = weighted
      ? routing.apply((r: AliasRouting) => (hasCanary(r) ? pulumi.all(canarySpecs.map((spec) => alarm(spec, r.canaryVersion).name)) : pulumi.output([] as string[])))
      : pulumi.output([]);

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.aliasArn = alias.arn;
    this.aliasInvokeArn = alias.invokeArn;
    this.aliasName = release.aliasName;
    this.version = fn.version;
    this.routing = routing;
    this.logGroupName = logGroup.name;
    this.roleArn = role.arn;
    this.alarmNames = pulumi.all([pulumi.all(aliasAlarms.map((a) => a.name)), canaryAlarmNames]).apply(([a, c]) => [...a, ...c]);
    this.aliasFunctionVersion = alias.functionVersion;
    this.aliasRoutingConfig = alias.routingConfig.apply((r) => (r?.additionalVersionWeights && Object.keys(r.additionalVersionWeights).length > 0 ? { additionalVersionWeights: { ...r.additionalVersionWeights } } : null));
    this.registerOutputs({
      functionName: this.functionName,
      functionArn: this.functionArn,
      aliasArn: this.aliasArn,
      aliasInvokeArn: this.aliasInvokeArn,
      version: this.version,
      routing: this.routing,
      logGroupName: this.logGroupName,
      roleArn: this.roleArn,
      alarmNames: this.alarmNames,
      aliasFunctionVersion: this.aliasFunctionVersion,
      aliasRoutingConfig: this.aliasRoutingConfig,
    });
  }
}

export { createExecutionRole, type ExecutionRole } from "./role";
