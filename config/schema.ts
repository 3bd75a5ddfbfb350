/**
 * Stack config: its shape and defaults (zod), and the raw values a reader hands the validator.
 * Pure. The checks beyond shape are in `config/validate.ts`.
 */
import { z } from "zod";
import { DEFAULT_ALARM_SETTINGS } from "../components/private-function/alarms";
import { DEFAULT_RELEASE_SETTINGS } from "../components/private-function/release-routing";
import { DEFAULT_FUNCTION_SETTINGS } from "../components/private-function/defaults";
import { HTTP_METHODS, TRIGGER_DEFAULTS } from "../components/triggers/settings";
// issue 18 hook: provisioned concurrency that scales (its config shape).
import { PC_SCALING, type PcScalingConfig } from "../components/private-function/pc-scaling-settings";

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** One provisioned-concurrency schedule (issue 18): exactly one of `cron`, `rate`, `at` (checked by `validatePcScaling`). */
const pcScheduleConfigSchema = z
  .object({
    name: z.string(),
    cron: z.string().optional(),
    rate: z.string().optional(),
    at: z.string().optional(),
    timezone: z.string().optional(),
    min: z.number(),
    max: z.number(),
  })
  .strict();

/** Provisioned concurrency that scales: `{ min, max, targetUtilization?, schedules? }` (fields: `PcScalingConfig`). */
const pcScalingConfigSchema = z
  .object({
    min: z.number(),
    max: z.number(),
    targetUtilization: z.number().default(PC_SCALING.defaultTargetUtilization),
    schedules: z.array(pcScheduleConfigSchema).default([]),
  })
  .strict() satisfies z.ZodType<PcScalingConfig, unknown>;

const usageFields = {
  /** On-demand + provisioned requests per month. */
  requestsPerMonth: z.number(),
  /** Average billed duration per request, ms. */
  avgDurationMs: z.number(),
  /** Requests served by provisioned concurrency; default: derived from steady traffic. */
  provisionedRequestsPerMonth: z.number().optional(),
  /** Hours per month provisioned concurrency is enabled; default: the whole month. */
  provisionedHoursPerMonth: z.number().optional(),
  /** Log data ingested per month, GB. Default: 1 KB per request. */
  logGbPerMonth: z.number().optional(),
  /** X-Ray traces recorded per month. Default: Lambda's fixed sampling (1/s + 5 %). */
  tracesPerMonth: z.number().optional(),
};

const usageSchema = z.object(usageFields).strict();
const partialUsageSchema = z.object(usageFields).partial().strict();

/**
 * `functions.<key>.triggers`: event sources wired to the function's alias. Ranges and cross-field rules
 * are in components/triggers/validate.ts (validateFunctionTriggers) and pricing/validate-function.ts (SQS visibility,
 * API Gateway 29 s); the README's "Triggers" table documents every key.
 */
const triggersSchema = z
  .object({
    /** Private REST API (endpoint type PRIVATE) reached through the execute-api interface endpoint. */
    http: z
      .object({
        routes: z.array(z.object({ method: z.enum(HTTP_METHODS), path: z.string() }).strict()),
        stageName: z.string().default(TRIGGER_DEFAULTS.stageName),
        integrationTimeoutSeconds: z.number().default(TRIGGER_DEFAULTS.integrationTimeoutSeconds),
        allowRaisedIntegrationTimeout: z.boolean().default(false),
        requestsPerMonth: z.number().optional(),
      })
      .strict()
      .optional(),
    /** Lambda's asynchronous-invocation settings on the alias. */
    async: z
      .object({
        maximumRetryAttempts: z.number().default(TRIGGER_DEFAULTS.maximumRetryAttempts),
        maximumEventAgeSeconds: z.number().default(TRIGGER_DEFAULTS.maximumEventAgeSeconds),
        onFailure: z.union([z.literal("queue"), z.object({ arn: z.string() }).strict()]).optional(),
        eventsPerMonth: z.number().optional(),
        avgPayloadKb: z.number().optional(),
        failedEventsPerMonth: z.number().optional(),
      })
      .strict()
      .optional(),
    /** SQS queue + dead-letter queue + event source mapping to the alias. */
    sqs: z
      .object({
        batchSize: z.number().default(TRIGGER_DEFAULTS.batchSize),
        batchingWindowSeconds: z.number().default(TRIGGER_DEFAULTS.batchingWindowSeconds),
        reportBatchItemFailures: z.boolean().default(false),
        maximumConcurrency: z.number().optional(),
        visibilityTimeoutSeconds: z.number(),
        maxReceiveCount: z.number().default(TRIGGER_DEFAULTS.maxReceiveCount),
        messagesPerMonth: z.number().optional(),
        avgMessageKb: z.number().optional(),
        emptyReceivesPerMonth: z.number().optional(),
      })
      .strict()
      .optional(),
    /** EventBridge Scheduler schedules invoking the alias. */
    schedules: z
      .array(
        z
          .object({
            name: z.string(),
            expression: z.string(),
            input: z.record(z.string(), z.unknown()).optional(),
            invocationsPerMonth: z.number().optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const functionSchema = z
  .object({
    /** Source directory with an `index.ts` entry (bundled with esbuild). */
    source: z.string().optional(),
    /** Prebuilt zip instead of a source directory. */
    zip: z.string().optional(),
    runtime: z.string().default(DEFAULT_FUNCTION_SETTINGS.runtime),
    handler: z.string().default(DEFAULT_FUNCTION_SETTINGS.handler),
    architecture: z.enum(["x86_64", "arm64"]).default(DEFAULT_FUNCTION_SETTINGS.architecture),
    memoryMb: z.number().default(DEFAULT_FUNCTION_SETTINGS.memoryMb),
    timeoutSeconds: z.number().default(DEFAULT_FUNCTION_SETTINGS.timeoutSeconds),
    ephemeralStorageMb: z.number().default(DEFAULT_FUNCTION_SETTINGS.ephemeralStorageMb),
    description: z.string().optional(),
    environment: z.record(z.string(), z.string()).default({}),
    /** Environment variable → name of a secret stack config key (`pulumi config set --secret`). */
    secretEnvironment: z.record(z.string(), z.string()).default({}),
    layers: z.array(z.string()).default([]),
    reservedConcurrency: z.number().optional(),
    /** A fixed number, or `{ min, max, targetUtilization?, schedules? }` (issue 18). */
    provisionedConcurrency: z.union([z.number(), pcScalingConfigSchema]).optional(),
    logRetentionDays: z.number().optional(),
    release: z
      .object({
        aliasName: z.string().default(DEFAULT_RELEASE_SETTINGS.aliasName),
        /** A string ("7"); an unquoted YAML number (7) means the same version. Checked by `checkPublishedVersion`. */
        stableVersion: z.union([z.string(), z.number()]).optional(),
        canaryWeight: z.number().default(DEFAULT_RELEASE_SETTINGS.canaryWeight),
      })
      .strict()
      .default({ ...DEFAULT_RELEASE_SETTINGS }),
    alarms: z
      .object({
        enabled: z.boolean().default(DEFAULT_ALARM_SETTINGS.enabled),
        errorsThreshold: z.number().default(DEFAULT_ALARM_SETTINGS.errorsThreshold),
        throttlesThreshold: z.number().default(DEFAULT_ALARM_SETTINGS.throttlesThreshold),
        p99DurationPercentOfTimeout: z.number().default(DEFAULT_ALARM_SETTINGS.p99DurationPercentOfTimeout),
        periodSeconds: z.number().default(DEFAULT_ALARM_SETTINGS.periodSeconds),
        evaluationPeriods: z.number().default(DEFAULT_ALARM_SETTINGS.evaluationPeriods),
      })
      .strict()
      .default({ ...DEFAULT_ALARM_SETTINGS }),
    tables: z
      .array(
        z
          .object({
            table: z.string(),
            envVar: z.string().default("TABLE_NAME"),
            access: z.enum(["read", "readWrite", "increment"]).default("read"),
          })
          .strict(),
      )
      .default([]),
    policyStatements: z
      .array(z.object({ actions: z.array(z.string()), resources: z.array(z.string()) }).strict())
      .default([]),
    usage: usageSchema.extend({ scenarios: z.partialRecord(z.enum(["low", "peak"]), partialUsageSchema).optional() }).strict().optional(),
    triggers: triggersSchema.optional(),
  })
  .strict();

const endpointNames = z.array(z.string());
const gatewayNames = z.array(z.enum(["s3", "dynamodb"]));

const networkUsage = z
  .object({
    endpointDataGbPerMonth: z.number().default(0),
    natDataGbPerMonth: z.number().default(0),
  })
  .strict()
  .default({ endpointDataGbPerMonth: 0, natDataGbPerMonth: 0 });

const networkSchema = z.discriminatedUnion("mode", [
  z
    .object({
      mode: z.literal("create"),
      cidrBlock: z.string().default("10.0.0.0/16"),
      availabilityZones: z.number().default(2),
      natGateways: z.enum(["none", "single", "onePerAz"]).default("none"),
      interfaceEndpoints: endpointNames.default([]),
      gatewayEndpoints: gatewayNames.default([]),
      usage: networkUsage,
    })
    .strict(),
  z
    .object({
      mode: z.literal("existing"),
      vpcId: z.string(),
      cidrBlock: z.string(),
      subnets: z.array(z.object({ id: z.string(), availabilityZone: z.string() }).strict()),
      routeTableIds: z.array(z.string()).default([]),
      /** NAT gateways already in the VPC that these functions use (for the cost report). */
      natGateways: z.number().default(0),
      interfaceEndpoints: endpointNames.default([]),
      gatewayEndpoints: gatewayNames.default([]),
      usage: networkUsage,
    })
    .strict(),
]);

const tableSchema = z
  .object({
    partitionKey: z.string(),
    /** On-demand (PAY_PER_REQUEST) billing, priced in the cost report (report/dynamodb-cost.ts). */
    pointInTimeRecovery: z.boolean().default(false),
    // --- issue 17 hook: DynamoDB usage for the cost report ---
    usage: z
      .object({
        writeRequestsPerMonth: z.number().optional(),
        readRequestsPerMonth: z.number().optional(),
        /** Average item size, KB (1 KB per WRU, 4 KB per RRU). */
        avgItemKb: z.number().optional(),
        readConsistency: z.enum(["eventual", "strong", "transactional"]).optional(),
        storageGb: z.number().optional(),
        /** Billed units as measured (`npm run usage -- sync`); win over requests × item size. */
        writeRequestUnitsPerMonth: z.number().optional(),
        readRequestUnitsPerMonth: z.number().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const stackSchema = z
  .object({
    region: z.string({ error: "set it with `pulumi config set aws:region <region>`, e.g. `pulumi config set aws:region us-east-1`" }),
    env: z.string().default("dev"),
    network: networkSchema.default({
      mode: "create",
      cidrBlock: "10.0.0.0/16",
      availabilityZones: 2,
      natGateways: "none",
      interfaceEndpoints: [],
      gatewayEndpoints: [],
      usage: { endpointDataGbPerMonth: 0, natDataGbPerMonth: 0 },
    }),
    account: z
      .object({
        concurrencyLimit: z.number().default(1000),
        maxMemoryMb: z.number().default(10240),
        /** On-demand GB-s per month already used in this account/region, by architecture. */
        otherUsageGbSeconds: z.object({ x86_64: z.number().optional(), arm64: z.number().optional() }).strict().default({}),
      })
      .strict()
      .default({ concurrencyLimit: 1000, maxMemoryMb: 10240, otherUsageGbSeconds: {} }),
    logRetentionDays: z.number().default(14),
    pricing: z
      .object({
        freeTier: z.boolean().default(false),
        hoursPerMonth: z.number().default(730),
        /** Price overrides for this stack's region, dotted keys (see pricing/rates.ts). */
        overrides: z.record(z.string(), z.number()).default({}),
        /** Monthly budget, USD; the plan fails when the estimate exceeds it. */
        budgetUsd: z.number().optional(),
        /** Billing month "YYYY-MM" over which provisioned-concurrency schedules are expanded. Default: the current month. */
        billingMonth: z.string().optional(),
      })
      .strict()
      .default({ freeTier: false, hoursPerMonth: 730, overrides: {} }),
    tables: z.record(z.string(), tableSchema).default({}),
    functions: z.record(z.string(), functionSchema),
  })
  .strict();

export type StackConfig = z.infer<typeof stackSchema>;
export type FunctionConfig = z.infer<typeof functionSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type UsageConfig = z.infer<typeof usageSchema>;
export type TriggersConfig = z.infer<typeof triggersSchema>;

/** Config keys read by `config/load.ts`, in the project's bag unless stated. */
export const STACK_CONFIG_KEYS = ["env", "network", "account", "logRetentionDays", "pricing", "tables", "functions"] as const;

/** Raw values as read from Pulumi config: parsed JSON where possible, never validated. */
export interface RawStackConfig {
  readonly region?: unknown;
  readonly [key: string]: unknown;
}

/** A config value as Pulumi hands it to a program (a string): JSON when it parses, else the string. */
export function parseConfigValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The raw stack config, from any reader of namespaced keys (`aws:region`, `<project>:<key>`): the
 * Pulumi engine in the program (`config/load.ts`), a stack file (`config/stack-file.ts`).
 *
 * `allKeys` (every namespaced key set for the stack) lets unknown keys of the project's namespace
 * (`private-lambda:logRetentionDay`) reach the validator, which reports them; keys named by a
 * function's `secretEnvironment` are the secrets it reads, not settings, and are left out.
 */
export function rawStackConfig(project: string, read: (namespacedKey: string) => string | undefined, allKeys: readonly string[] = []): RawStackConfig {
  const raw: Record<string, unknown> = { region: read("aws:region") };
  for (const key of STACK_CONFIG_KEYS) {
    const text = read(`${project}:${key}`);
    if (text !== undefined) raw[key] = parseConfigValue(text);
  }
  const secrets = secretKeysOf(raw.functions);
  const prefix = `${project}:`;
  for (const full of allKeys) {
    if (!full.startsWith(prefix)) continue;
    const key = full.slice(prefix.length);
    if ((STACK_CONFIG_KEYS as readonly string[]).includes(key) || key === "region" || secrets.has(key) || secrets.has(full)) continue;
    raw[key] = parseConfigValue(read(full) ?? "");
  }
  return raw;
}

/** Config keys named as secrets by `functions.<key>.secretEnvironment`. */
function secretKeysOf(functions: unknown): Set<string> {
  const out = new Set<string>();
  if (functions === null || typeof functions !== "object") return out;
  for (const f of Object.values(functions as Record<string, unknown>)) {
    const env = f !== null && typeof f === "object" ? (f as { secretEnvironment?: unknown }).secretEnvironment : undefined;
    if (env === null || typeof env !== "object") continue;
    for (const v of Object.values(env as Record<string, unknown>)) if (typeof v === "string") out.add(v);
  }
  return out;
}

