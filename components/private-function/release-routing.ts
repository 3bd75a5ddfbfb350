/**
 * Alias routing for blue/green releases, a pure decision of {@link PrivateFunction}: release
 * settings and defaults, where the alias points (stable, canary weight), the published-version rule
 * and what provisioned concurrency allows. Beside it: `execution-policy.ts`, `alarms.ts`,
 * `defaults.ts`. Imported by tests without the Pulumi engine.
 */
import type { Violation } from "../../pricing/violations";
import { definedOnly } from "./defaults";

/** Blue/green release settings, as a caller gives them: every field optional. */
export interface ReleaseOptions {
  /** Alias every caller uses. @default "live" */
  readonly aliasName?: string;
  /** Version that takes `1 − canaryWeight` of the traffic. @default - the version just published */
  readonly stableVersion?: string;
  /** Share of traffic for the version just published, 0–1, when it differs from `stableVersion`. @default 0 */
  readonly canaryWeight?: number;
}

/** {@link ReleaseOptions} with the defaults applied. */
export interface ReleaseSettings extends ReleaseOptions {
  readonly aliasName: string;
  readonly canaryWeight: number;
}

/** Release defaults: the first deploy of a function points `live` at the version just published. */
export const DEFAULT_RELEASE_SETTINGS: ReleaseSettings = Object.freeze({ aliasName: "live", canaryWeight: 0 });

/**
 * The one rule for a version number an alias may point at (the stack file's
 * `release.stableVersion`, the release CLI's `--version`/`--to`): a whole number ≥ 1, because
 * Lambda numbers published versions from 1 (`$LATEST` is not a published version), see
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
 */
export const PUBLISHED_VERSION_RULE = "a published version number ≥ 1 (Lambda numbers versions from 1), such as \"7\"";

/**
 * Check a version as written in config or on the command line. An unquoted YAML number
 * (`stableVersion: 3`) clearly means version "3" and is accepted as such; `undefined` is "not set".
 */
export function checkPublishedVersion(value: unknown): { version: string | undefined } | { problem: string } {
  if (value === undefined || value === null) return { version: undefined };
  const text = typeof value === "number" ? (Number.isSafeInteger(value) ? String(value) : undefined) : typeof value === "string" ? value.trim() : undefined;
  if (text !== undefined && /^\d+$/.test(text) && !/^0+$/.test(text) && Number.isSafeInteger(Number(text))) return { version: String(Number(text)) };
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const hint =
    value === "$LATEST" ? "; $LATEST is the unpublished version, an alias needs a published one" : typeof value === "string" && value.startsWith("arn:") ? "; give the version number, not an ARN" : /^0+$/.test(String(value)) ? "; version 0 does not exist" : "";
  return { problem: `got ${shown}, allowed ${PUBLISHED_VERSION_RULE}${hint}` };
}

/** Defaults first, so that every field the caller gives wins. */
export function resolveReleaseSettings(options: ReleaseOptions | undefined): ReleaseSettings {
  return { ...DEFAULT_RELEASE_SETTINGS, ...definedOnly(options ?? {}) };
}

export type ReleaseState =
  /** No stable version yet: the alias follows the version just published. */
  | "first-deploy"
  /** Newest version = stable: nothing to shift. */
  | "unchanged"
  /** Newest version published but dark; alias on stable. */
  | "dark"
  /** Alias split between stable and the newest version. */
  | "canary";

export interface AliasRouting {
  readonly functionVersion: string;
  /** At most one entry: the canary version and its weight. Absent = no weights. */
  readonly additionalVersionWeights?: Readonly<Record<string, number>>;
  readonly state: ReleaseState;
  /** The version that receives the canary weight, if any. */
  readonly canaryVersion?: string;
}

/**
 * Where the alias points, given the release settings and the version `publish: true` produced.
 * A weighted alias targets two published versions: the primary (`functionVersion`) and exactly
 * one additional version (docs/sources.md#lambda-aliases). Cut-over and rollback set `functionVersion` and clear
 * the weights in the same update.
 */
export function resolveAliasRouting(release: ReleaseSettings, publishedVersion: string): AliasRouting {
  const stable = release.stableVersion;
  if (stable === undefined) return { functionVersion: publishedVersion, state: "first-deploy" };
  if (stable === publishedVersion) return { functionVersion: stable, state: "unchanged" };
  if (release.canaryWeight > 0) {
    return {
      functionVersion: stable,
      additionalVersionWeights: { [publishedVersion]: release.canaryWeight },
      state: "canary",
      canaryVersion: publishedVersion,
    };
  }
  return { functionVersion: stable, state: "dark" };
}

/**
 * Canary alarms exist only when the alias really is split: the routing has a canary version (the
 * version just published differs from the stable one and carries a weight). With a stable version
 * and a weight but nothing new published ("unchanged"), they would watch `ExecutedVersion` = the
 * stable version and duplicate the alias alarms.
 */
export function hasCanary(routing: AliasRouting): routing is AliasRouting & { readonly canaryVersion: string } {
  return routing.state === "canary" && routing.canaryVersion !== undefined;
}

/**
 * The version the alias's `functionVersion` gets when it is known before deploy: the pinned stable
 * version. Undefined when the alias follows the version just published (known only after it).
 */
export function pinnedAliasVersion(release: ReleaseSettings): string | undefined {
  return release.stableVersion;
}

/**
 * Provisioned concurrency on an alias that moves. PC sits on the alias, and Lambda reallocates it to
 * whatever version the alias points at: an alias that follows each new version would re-provision
 * (and briefly double-bill) on every code or config change, outside any release step, and AWS
 * rejects PC changes while the alias has weights ("Alias with weights can not be used with
 * Provisioned Concurrency",
 * https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html). So a function with
 * provisioned concurrency pins `release.stableVersion`: new code is published dark and moved by the
 * release CLI (canary, promote, rollback). A function that does not exist yet pins "1": its first
 * publish is version 1.
 */
export function validateProvisionedRelease(provisionedConcurrency: number | undefined, release: ReleaseOptions | undefined, path: string): Violation[] {
  if (provisionedConcurrency === undefined || release?.stableVersion !== undefined) return [];
  return [
    {
      path: `${path}.release.stableVersion`,
      value: undefined,
      rule: "release.provisionedConcurrency.stableVersion",
      allowed: "a published version number when provisionedConcurrency is set",
      message:
        `${path}.release.stableVersion: got none with provisionedConcurrency ${provisionedConcurrency}, allowed a published version number when provisionedConcurrency is set; ` +
        `pin the version the alias serves ("1" for a function not deployed yet, whose first publish is version 1; else the version \`npm run release -- status\` shows), ` +
        `so that new code is published dark and the release CLI moves the alias and its provisioned concurrency (canary, promote, rollback)`,
      severity: "error",
    },
  ];
}
