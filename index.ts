/**
 * Composition root: config → tables → network → functions → triggers → cost report → stack outputs.
 * No logic here; see config/, components/ and report/.
 *
 * The program is an exported async function, which Pulumi calls and awaits, taking its result as the
 * stack's outputs (https://www.pulumi.com/docs/iac/languages-sdks/javascript/#entrypoint). That lets
 * it yield between batches of resources (components/shared/batches.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createExecutionRole, PrivateFunction } from "./components/private-function";
import { PrivateNetwork } from "./components/private-network";
import { buildInBatches, FUNCTIONS_PER_YIELD, ROLES_PER_YIELD } from "./components/shared/batches";
import { createFunctionTriggers, triggerOutputsOf, triggerPolicyStatements } from "./components/triggers";
import { needsPrivateApiEndpoint, triggerRoleStatements } from "./components/triggers/iam";
import { triggerNames } from "./config/names";
import { loadStackConfig, today } from "./config/load";
import { formatCostReport } from "./report/format";
import { physicalResourceName } from "./config/names";

export = async (): Promise<Record<string, unknown>> => {
  const { settings, packages, secretEnvironment, report, warnings } = loadStackConfig();

  // The cost report is computed from validated config alone: no cloud calls, printed at preview.
  pulumi.log.info(formatCostReport(report, "table"));

  const identity = aws.getCallerIdentityOutput();

  const tables = Object.fromEntries(
    Object.entries(settings.tables).map(([key, t]) => [
      key,
      new aws.dynamodb.Table(`${key}-table`, {
        name: physicalResourceName(settings.project, settings.stack, key),
        billingMode: "PAY_PER_REQUEST",
        hashKey: t.partitionKey,
        attributes: [{ name: t.partitionKey, type: "S" }],
        pointInTimeRecovery: { enabled: t.pointInTimeRecovery },
        serverSideEncryption: { enabled: true },
      },
      // The name is explicit, so a replacement (a new partition key) must delete the old table
      // first: that deletes its data, which a new key schema needs anyway. prod protects it.
      { deleteBeforeReplace: true, protect: settings.env === "prod" },
      ),
    ]),
  );

  const needsArtifactBucket = Object.values(packages).some((p) => p.upload === "s3");
  const artifactBucket = needsArtifactBucket ? new aws.s3.Bucket("artifacts", { forceDestroy: false }) : undefined;
  if (artifactBucket) {
    new aws.s3.BucketPublicAccessBlock("artifacts-public-access-block", {
      bucket: artifactBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }

  // Roles first: the network depends on them, so a destroy deletes them after the subnets and
  // security groups, which wait for Lambda to release the functions' ENIs with these roles.
  const roles = Object.fromEntries(await buildInBatches(settings.functions, ROLES_PER_YIELD, (f) => [f.key, createExecutionRole(f.key, { functionName: f.functionName })] as const));

  const n = settings.network;
  const network = new PrivateNetwork("network", {
    vpc:
      n.mode === "create"
        ? { mode: "create", cidrBlock: n.cidrBlock, availabilityZones: n.availabilityZones, natGateways: n.natGateways }
        : { mode: "existing", vpcId: n.vpcId, cidrBlock: n.cidrBlock, subnets: n.subnets, routeTableIds: n.routeTableIds },
    region: settings.region,
    accountId: identity.accountId,
    lambdaFunctionNames: settings.functions.map((f) => f.functionName),
    interfaceEndpoints: n.interfaceEndpoints,
    gatewayEndpoints: n.gatewayEndpoints,
    privateApiEndpoint: needsPrivateApiEndpoint(settings.functions),
    executionRoles: Object.values(roles).flatMap((r) => [r.role, r.basePolicy]),
  });

  const functions: Record<string, PrivateFunction> = Object.fromEntries(
    await buildInBatches(settings.functions, FUNCTIONS_PER_YIELD, (f) => {
      const pkg = packages[f.key]!;
      const fn = new PrivateFunction(f.key, {
        functionName: f.functionName,
        executionRole: roles[f.key],
        code: {
          zipPath: pkg.zipPath,
          base64Sha256: pkg.base64Sha256,
          zippedBytes: pkg.zippedBytes,
          unzippedBytes: pkg.unzippedBytes,
          upload: pkg.upload,
          s3: artifactBucket ? { bucket: artifactBucket.bucket, key: pkg.s3Key } : undefined,
        },
        runtime: f.runtime,
        handler: f.handler,
        architecture: f.architecture,
        memoryMb: f.memoryMb,
        timeoutSeconds: f.timeoutSeconds,
        ephemeralStorageMb: f.ephemeralStorageMb,
        description: f.description,
        environment: {
          ...f.environment,
          ...Object.fromEntries(f.tables.map((t) => [t.envVar, physicalResourceName(settings.project, settings.stack, t.table)])),
        },
        secretEnvironment: secretEnvironment[f.key],
        layers: f.layers,
        reservedConcurrency: f.reservedConcurrency,
        provisionedConcurrency: f.provisionedConcurrency,
        provisionedConcurrencyScaling: f.provisionedConcurrencyScaling, // issue 18 hook
        logRetentionDays: f.logRetentionDays,
        subnetIds: network.functionSubnetIds,
        subnetCount: n.mode === "create" ? n.availabilityZones : n.subnets.length,
        securityGroupIds: [network.functionSecurityGroupId],
        replacementSecurityGroupIds: [network.replacementSecurityGroupId],
        tables: f.tables.map((t) => ({ arn: tables[t.table]!.arn, access: t.access })),
        // The execution role's trigger permissions (SQS consume, async destination), named before deploy.
        policyStatements: [...f.policyStatements, ...triggerPolicyStatements(triggerRoleStatements(f.triggers, triggerNames(f.functionName)), settings.region, identity.accountId)],
        release: f.release,
        alarms: f.alarms,
        account: settings.account,
        today: today(),
      });
      return [f.key, fn] as const;
    }),
  );

  // Event sources, each on the function's alias (never $LATEST).
  const withTriggers = settings.functions.flatMap((f) => (f.triggers === undefined ? [] : [{ ...f, triggers: f.triggers }]));
  const triggers = Object.fromEntries(
    await buildInBatches(withTriggers, FUNCTIONS_PER_YIELD, (f) => {
      const fn = functions[f.key]!;
      const created = createFunctionTriggers({
        key: f.key,
        functionName: f.functionName,
        triggers: f.triggers,
        target: { functionName: fn.functionName, aliasName: fn.aliasName, aliasArn: fn.aliasArn, aliasInvokeArn: fn.aliasInvokeArn },
        timeoutSeconds: f.timeoutSeconds,
        reservedConcurrency: f.reservedConcurrency,
        region: settings.region,
        accountId: identity.accountId,
        executeApiEndpointId: network.executeApiEndpointId,
      });
      return [f.key, created] as const;
    }),
  );

  return {
    vpcId: network.vpcId,
    functionSubnetIds: network.functionSubnetIds,
    lambdaEndpointId: network.lambdaEndpointId,
    lambdaEndpointDnsName: network.lambdaEndpointDnsName,
    endpointIds: network.endpointIds,
    executeApiEndpointId: network.executeApiEndpointId,
    functionOutputs: Object.fromEntries(
      Object.entries(functions).map(([key, fn]) => [
        key,
        {
          name: fn.functionName,
          arn: fn.functionArn,
          aliasArn: fn.aliasArn,
          version: fn.version,
          routing: fn.routing,
          // Where the alias points as the provider reports it after the update (what `release status` reads).
          alias: pulumi.all([fn.aliasFunctionVersion, fn.aliasRoutingConfig]).apply(([functionVersion, rc]) => ({
            name: fn.aliasName,
            functionVersion,
            additionalVersionWeights: rc?.additionalVersionWeights ?? {},
          })),
          logGroup: fn.logGroupName,
          alarmNames: fn.alarmNames,
        },
      ]),
    ),
    /** Per function with triggers: private API invoke URL (from inside the VPC), queue URLs, schedule names. */
    triggerOutputs: Object.fromEntries(Object.entries(triggers).map(([key, t]) => [key, triggerOutputsOf(t)])),
    tableNames: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.name])),
    costReport: report,
    validationWarnings: warnings,
  };
};
