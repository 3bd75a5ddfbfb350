/**
 * Alarm states through CloudWatch `DescribeAlarms` (AWS SDK v3). The client is injected, so tests
 * use aws-sdk-client-mock and the CLI builds one for the stack's region.
 */
import { CloudWatchClient, DescribeAlarmsCommand, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { alarmSpecs, type AlarmSettings } from "../components/private-function/alarms";
import { firstLine } from "./errors";

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmStatus {
  readonly name: string;
  /** `MISSING`: no alarm by that name (deleted, or not created yet). */
  readonly state: AlarmStateValue | "MISSING";
  /** CloudWatch's `StateReason`, e.g. "Threshold Crossed: 1 datapoint [3.0] …". */
  readonly reason?: string;
}

export type AlarmReading =
  | { readonly ok: true; readonly alarms: readonly AlarmStatus[] }
  | { readonly ok: false; readonly reason: string; readonly missingCredentials: boolean };

/** Reads the state of named alarms. */
export interface AlarmReader {
  read(names: readonly string[]): Promise<AlarmReading>;
}

export const NO_CREDENTIALS =
  "no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or run where a role provides them, e.g. CI with OIDC)";

/** DescribeAlarms takes at most 100 names per call. */
const NAMES_PER_CALL = 100;

/** {@link AlarmReader} over an injected CloudWatch client. Never throws: failures are a reading. */
export class CloudWatchAlarmReader implements AlarmReader {
  constructor(private readonly client: CloudWatchClient) {}

  async read(names: readonly string[]): Promise<AlarmReading> {
    if (names.length === 0) return { ok: true, alarms: [] };
    const found = new Map<string, MetricAlarm>();
    try {
      for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
        let token: string | undefined;
        do {
          const res = await this.client.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + NAMES_PER_CALL), NextToken: token }));
          for (const a of res.MetricAlarms ?? []) if (a.AlarmName) found.set(a.AlarmName, a);
          token = res.NextToken;
        } while (token);
      }
    } catch (e) {
      return failedReading(e);
    }
    return {
      ok: true,
      alarms: names.map((name) => {
        const a = found.get(name);
        if (!a) return { name, state: "MISSING" as const };
        const state = (a.StateValue ?? "INSUFFICIENT_DATA") as AlarmStateValue;
        return { name, state, reason: a.StateReason };
      }),
    };
  }
}

/** Turn an SDK error into a reading that says what is missing. */
export function failedReading(e: unknown): AlarmReading {
  const name = (e as { name?: string } | null)?.name ?? "";
  const message = firstLine(e);
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return { ok: false, reason: NO_CREDENTIALS, missingCredentials: true };
  }
  if (/^(ExpiredToken|ExpiredTokenException|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch)$/.test(name)) {
    return { ok: false, reason: `AWS credentials rejected (${name}): ${message}; refresh them (e.g. aws sso login)`, missingCredentials: false };
  }
  if (/region is missing/i.test(message)) {
    return { ok: false, reason: "no AWS region: set aws:region in the stack config or AWS_REGION", missingCredentials: false };
  }
  return { ok: false, reason: `DescribeAlarms failed: ${name ? `${name}: ` : ""}${message}`, missingCredentials: false };
}

/**
 * The alarm names the program creates for a function (components/private-function/index.ts):
 * `<functionName>-<alias>-<role>`, canary alarms only while the alias has a canary weight.
 * Used when the stack outputs (which list them) cannot be read.
 */
export function expectedAlarmNames(functionName: string, aliasName: string, alarms: AlarmSettings, timeoutSeconds: number, canary: boolean): string[] {
  return alarmSpecs(alarms, timeoutSeconds, canary).map((s) => `${functionName}-${aliasName}-${s.role}`);
}

/** Alarms in state ALARM. */
export function firing(alarms: readonly AlarmStatus[]): AlarmStatus[] {
  return alarms.filter((a) => a.state === "ALARM");
}

/** `5 OK` · `1 ALARM (x-canary-alarm-errors), 4 OK` · `2 INSUFFICIENT_DATA, 3 OK`. */
export function summarizeAlarms(alarms: readonly AlarmStatus[]): string {
  if (alarms.length === 0) return "no alarms";
  const order: AlarmStatus["state"][] = ["ALARM", "MISSING", "INSUFFICIENT_DATA", "OK"];
  return order
    .map((state) => {
      const these = alarms.filter((a) => a.state === state);
      if (these.length === 0) return "";
      return state === "ALARM" || state === "MISSING" ? `${these.length} ${state} (${these.map((a) => a.name).join(", ")})` : `${these.length} ${state}`;
    })
    .filter((s) => s !== "")
    .join(", ");
}
