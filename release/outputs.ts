/**
 * What is deployed, read from the stack outputs the program exports (`index.ts`):
 * `functionOutputs.<key> = { name, arn, aliasArn, version, routing, alias, logGroup, alarmNames }`.
 * Where the alias points comes from `alias` (`functionVersion`, `additionalVersionWeights`): the
 * values the provider reported after the update, not `routing`, which is what the config requested.
 * Pure: takes the outputs as a plain object.
 */

/** One function as deployed by the last `pulumi up`. */
export interface DeployedFunction {
  /** Physical function name. */
  readonly functionName?: string;
  /** Latest published version: the canary whenever it differs from the stable version. */
  readonly version: string;
  /** The alias's primary version as deployed (`alias.functionVersion`). */
  readonly aliasVersion?: string;
  /** The additional version and its weight, when the alias has weights. */
  readonly weighted?: { readonly version: string; readonly weight: number };
  /** `first-deploy`, `unchanged`, `dark` or `canary` (see `resolveAliasRouting`). */
  readonly state?: string;
  /** Alarm names of the alias (and, during a canary, of the canary version). */
  readonly alarmNames: readonly string[];
}

export type DeployedLookup = { readonly fn: DeployedFunction } | { readonly missing: string };

/** Find a function in the stack outputs, or say why it is not there. */
export function deployedFunction(outputs: Readonly<Record<string, unknown>>, key: string, stack: string): DeployedLookup {
  const all = outputs.functionOutputs;
  if (!isRecord(all)) return { missing: `stack ${stack} has no functionOutputs output (never deployed, or deployed by an older program)` };
  const o = all[key];
  if (!isRecord(o)) return { missing: `function ${key} is not in the outputs of stack ${stack} (not deployed yet: run \`pulumi up\` first)` };
  const version = o.version === undefined || o.version === null ? undefined : String(o.version);
  if (version === undefined || !/^\d+$/.test(version)) return { missing: `functionOutputs.${key}.version is ${JSON.stringify(o.version)}, not a published version number` };
  const routing = isRecord(o.routing) ? o.routing : {};
  // The provider-reported alias; programs older than the `alias` output only have the request.
  const deployedAlias = isRecord(o.alias) ? o.alias : routing;
  const weights = isRecord(deployedAlias.additionalVersionWeights) ? Object.entries(deployedAlias.additionalVersionWeights) : [];
  const weighted = weights.length > 0 && typeof weights[0]![1] === "number" && weights[0]![1] > 0 ? { version: weights[0]![0], weight: weights[0]![1] as number } : undefined;
  return {
    fn: {
      functionName: typeof o.name === "string" ? o.name : undefined,
      version,
      aliasVersion: deployedAlias.functionVersion === undefined || deployedAlias.functionVersion === null ? undefined : String(deployedAlias.functionVersion),
      weighted,
      state: typeof routing.state === "string" ? routing.state : undefined,
      alarmNames: Array.isArray(o.alarmNames) ? o.alarmNames.filter((n): n is string => typeof n === "string") : [],
    },
  };
}

/** `alias live → 7 (90 %) + 8 (10 %) [canary]` */
export function describeRouting(aliasName: string, d: DeployedFunction): string {
  const primary = d.aliasVersion ?? "?";
  const state = d.state ? ` [${d.state}]` : "";
  if (!d.weighted) return `alias ${aliasName} → version ${primary} (100 %)${state}`;
  const w = Math.round(d.weighted.weight * 100_000) / 1000;
  const p = Math.round((100 - w) * 1000) / 1000;
  return `alias ${aliasName} → version ${primary} (${p} %) + version ${d.weighted.version} (${w} %)${state}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
