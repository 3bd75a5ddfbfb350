/**
 * Pure decisions of the release CLI: given the config (and, when known, what is deployed), what
 * each command changes and what it tells the user. No IO; commands.ts does the reading/writing.
 *
 * The model (components/private-function/release-routing.ts, `resolveAliasRouting`): the canary is always
 * the version the last deployment published. With no `stableVersion` the alias follows every new
 * version (first deploy); with one, a new version is dark at weight 0, gets `canaryWeight` of the
 * traffic above 0, and becomes the primary when `stableVersion` is set to it (promote).
 */
import { UsageError } from "./errors";
import type { DeployedFunction } from "./outputs";
import { formatPercent, toPercent } from "./parse";
import type { FunctionRelease, ReleaseChange } from "./stack-config";
import { pcScalingWarnings } from "./pc-scaling";

/** A function's release settings plus what is deployed (absent when the outputs cannot be read). */
export interface ReleaseView extends FunctionRelease {
  readonly deployed?: DeployedFunction;
  /** Why `deployed` is absent. */
  readonly deployedUnknown?: string;
}

export interface Decision {
  /** What to write to the stack config; absent when there is nothing to change. */
  readonly change?: ReleaseChange;
  /** Why nothing changes (printed; exit 0). */
  readonly nothing?: string;
  /** With no change: the deployed alias still differs from the config, so `--apply` runs `pulumi up`. */
  readonly applyAnyway?: boolean;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

const n = Number;

/**
 * A version given on the command line must be published: 1 … the latest published version
 * (Lambda never deletes a version this program published, so every number up to the latest
 * exists). Without deployed state the check cannot be made: refused unless `force`, and the
 * message says what could not be checked.
 */
function requirePublished(v: ReleaseView, version: string, flag: string, force = false): string[] {
  if (v.deployed) {
    if (n(version) > n(v.deployed.version)) {
      throw new UsageError(`${flag}: got ${version}, allowed a published version of ${v.functionName}: 1–${v.deployed.version} (the latest published is ${v.deployed.version})`);
    }
    return [];
  }
  const why = v.deployedUnknown ?? "the stack outputs could not be read";
  if (!force) {
    throw new UsageError(
      `${flag} ${version}: cannot check that version ${version} of ${v.functionName} was published: ${why}. ` +
        `Run where \`pulumi\` can read the stack's outputs, or add --force to write it unchecked (pulumi up fails if the version does not exist)`,
    );
  }
  return [`--force: version ${version} not checked (${why}); pulumi up fails if it was never published.`];
}

/**
 * Warnings for weights on an alias with provisioned concurrency: AWS rejects provisioned
 * concurrency changes on an alias with weights, see docs/sources.md#lambda-aliases.
 */
export function provisionedConcurrencyWarnings(v: ReleaseView, weight: number, stable: string | undefined): string[] {
  const pc = v.provisionedConcurrency;
  // issue 18 hook: a scaling block has its own warnings.
  if (pc === undefined && v.provisionedConcurrencyScaling && weight > 0) return pcScalingWarnings(v.provisionedConcurrencyScaling, v.aliasName, v.reservedConcurrency);
  if (pc === undefined || weight <= 0) return [];
  const canary = v.deployed && v.deployed.version !== stable ? `version ${v.deployed.version}` : "the canary version";
  const onCanary = Math.round(pc * weight * 10) / 10;
  const onStable = Math.round(pc * (1 - weight) * 10) / 10;
  const out = [
    `provisioned concurrency ${pc} on alias ${v.aliasName} is split between the two versions by weight while the alias has weights: ` +
      `about ${onStable} on version ${stable ?? "(stable)"} and ${onCanary} on ${canary}; each version scales past its share on demand (cold starts), so over-provision for the shift.`,
    `this CLI never changes provisionedConcurrency: AWS rejects a change of it while the alias has weights ("Alias with weights can not be used with Provisioned Concurrency"); change it only after promote or rollback, in a separate update.`,
  ];
  const reserved = v.reservedConcurrency;
  if (reserved !== undefined && reserved <= pc) {
    out.push(`reservedConcurrency ${reserved} leaves no room beyond provisioned concurrency ${pc}: on-demand invocations of either version are throttled during the shift; raise reservedConcurrency first.`);
  } else if (reserved !== undefined) {
    out.push(`reservedConcurrency ${reserved} caps both versions together (provisioned ${pc} + on-demand); make sure it leaves room for the canary's on-demand instances.`);
  }
  return out;
}

/** `canary --weight W`: send W of the traffic to the latest published version. */
export function planCanary(v: ReleaseView, weight: number): Decision {
  const notes: string[] = [];
  let stable = v.stableVersion;
  let pin: string | undefined;
  if (stable === undefined) {
    if (weight === 0) return { nothing: `nothing to do: no stableVersion, so the alias follows every published version and has no weights`, notes, warnings: [] };
    const current = v.deployed?.aliasVersion;
    if (current === undefined) {
      throw new UsageError(
        `functions.${v.key}.release.stableVersion is not set (the alias follows every published version) and the deployed alias is unknown` +
          `${v.deployedUnknown ? ` (${v.deployedUnknown})` : ""}: pin the stable version first with \`promote --version N\``,
      );
    }
    pin = stable = current;
    notes.push(`stableVersion was not set (the alias followed every published version): pinning it to ${current}, the version alias ${v.aliasName} serves now.`);
  }
  if (v.deployed) {
    if (n(v.deployed.version) < n(stable)) {
      throw new UsageError(`functions.${v.key}.release.stableVersion is ${stable}, but the latest published version is ${v.deployed.version}: fix stableVersion (rollback --to N)`);
    }
    if (v.deployed.version === stable && weight > 0) {
      notes.push(`the latest published version ${stable} is the stable version: nothing to canary yet; the weight applies to the next version a deployment publishes.`);
    }
  } else if (v.deployedUnknown) {
    notes.push(`deployed state unknown (${v.deployedUnknown}): the canary is whichever version the next deployment publishes.`);
  }
  if (pin === undefined && weight === v.canaryWeight) {
    return { nothing: `nothing to change: canaryWeight is already ${weight} (${formatPercent(weight)})`, applyAnyway: deployedDiffers(v), notes, warnings: [] };
  }
  const warnings = provisionedConcurrencyWarnings(v, weight, stable);
  return { change: { ...(pin ? { stableVersion: pin } : {}), canaryWeight: weight }, notes, warnings };
}

/** `promote [--version N]`: stable := the canary (latest published) or N; weights cleared. */
export function planPromote(v: ReleaseView, version?: string, opts: { readonly force?: boolean } = {}): Decision {
  const target = version ?? v.deployed?.version;
  if (target === undefined) {
    throw new UsageError(`cannot tell the canary version of ${v.key}: ${v.deployedUnknown ?? "stack outputs unavailable"}; pass --version N`);
  }
  const warnings = requirePublished(v, target, "--version", opts.force);
  const notes: string[] = [];
  if (target === v.stableVersion && v.canaryWeight === 0) {
    const latest = v.deployed ? `; the latest published version is ${v.deployed.version}` : "";
    return {
      nothing: `nothing to shift: version ${target} is already the stable version of ${v.key} and alias ${v.aliasName} has no weights${latest}`,
      applyAnyway: deployedDiffers(v),
      notes,
      warnings: [],
    };
  }
  if (v.deployed && target !== v.deployed.version) notes.push(`version ${v.deployed.version} (latest published) stays published and dark.`);
  if (v.provisionedConcurrency !== undefined) {
    notes.push(`provisioned concurrency ${v.provisionedConcurrency} moves with alias ${v.aliasName} to version ${target}; Lambda allocates it for the new version during the update.`);
  }
  return { change: { stableVersion: target, canaryWeight: 0 }, notes, warnings };
}

/** `rollback [--to N]`: weight 0, alias on stable; with `--to`, stable := N first. */
export function planRollback(v: ReleaseView, to?: string, opts: { readonly force?: boolean } = {}): Decision {
  const notes: string[] = [];
  if (to !== undefined) {
    if (to === v.stableVersion && v.canaryWeight === 0) {
      return { nothing: `nothing to roll back: alias ${v.aliasName} is already on version ${to} with no weights`, applyAnyway: deployedDiffers(v), notes, warnings: [] };
    }
    const warnings = requirePublished(v, to, "--to", opts.force);
    if (v.stableVersion !== undefined && n(to) > n(v.stableVersion)) notes.push(`version ${to} is newer than the stable version ${v.stableVersion}: this moves forward, not back.`);
    return { change: { stableVersion: to, canaryWeight: 0 }, notes, warnings };
  }
  if (v.stableVersion === undefined) {
    throw new UsageError(`nothing to roll back to: functions.${v.key}.release.stableVersion is not set (the alias follows every published version); use --to N`);
  }
  if (v.canaryWeight === 0) {
    if (deployedDiffers(v)) {
      return { nothing: `the config already has canaryWeight 0, but the deployed alias still has weights (the last apply did not finish)`, applyAnyway: true, notes, warnings: [] };
    }
    return { nothing: `nothing to roll back: alias ${v.aliasName} is on the stable version ${v.stableVersion} with no weights`, notes, warnings: [] };
  }
  return { change: { canaryWeight: 0 }, notes, warnings: [] };
}

/** Whether the deployed alias's weight differs from the config's (an apply did not finish). */
export function deployedDiffers(v: ReleaseView): boolean {
  if (!v.deployed) return false;
  const deployedPct = v.deployed.weighted ? toPercent(v.deployed.weighted.weight) : 0;
  const canaryActive = v.stableVersion !== undefined && v.deployed.version !== v.stableVersion;
  const configPct = canaryActive ? toPercent(v.canaryWeight) : 0;
  if (deployedPct !== configPct) return true;
  return v.stableVersion !== undefined && v.deployed.aliasVersion !== undefined && v.deployed.aliasVersion !== v.stableVersion;
}

export interface ShiftSchedule {
  /** Percentages still to run, in order; 100 means promote. */
  readonly steps: readonly number[];
  /** Lines that say where the shift stands before it moves anything. */
  readonly notes: readonly string[];
}

/**
 * Which steps a (re-)run executes. State is the config's `canaryWeight`: a run resumes at the first
 * step above it. When the deployed weight differs from the config (an interrupted apply), the
 * config's weight is applied and watched again first, so no step is skipped unobserved.
 */
export function shiftSchedule(steps: readonly number[], configPct: number, deployedPct: number | undefined): ShiftSchedule {
  const notes: string[] = [];
  const above = steps.filter((s) => s > configPct || (s === 100 && configPct === 100));
  const last = steps[steps.length - 1]!;
  if (configPct > 0) {
    if (above.length === 0) {
      notes.push(`shift already at ${configPct} %, at or past the last step (${last} %): nothing left to shift; run promote to finish, or rollback`);
      return { steps: [], notes };
    }
    notes.push(`shift in progress at ${configPct} %: resuming at ${above[0]} %`);
  }
  if (deployedPct !== undefined && deployedPct !== configPct) {
    if (configPct > 0) {
      notes.push(`the deployed alias sends ${deployedPct} % to the canary but the config says ${configPct} %: the last apply did not finish; applying and watching ${configPct} % again first`);
      return { steps: [configPct, ...above.filter((s) => s !== configPct)], notes };
    }
    notes.push(`the deployed alias still sends ${deployedPct} % to the canary but the config says 0 %: starting again from ${above[0]} %`);
  }
  return { steps: above, notes };
}
