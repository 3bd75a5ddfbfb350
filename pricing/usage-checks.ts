/**
 * Checks of the usage the cost estimators are given: every negative, NaN or infinite amount, bad
 * region or architecture, listed at once in one {@link InvalidUsageError}. Pure.
 */
import type { Architecture, FunctionUsage, InfrastructureUsage, OtherLambdaUsage } from "./types";
import { ARCHITECTURES } from "./types";
import { plural, show } from "./violations";

/** One invalid usage value: where, what was given, what is allowed. */
export interface UsageProblem {
  readonly path: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** Message of {@link InvalidUsageError}: every problem, one per line. */
export function invalidUsageMessage(problems: readonly UsageProblem[]): string {
  const lines = problems.map((p) => `  - ${p.path}: got ${show(p.value)}, allowed ${p.allowed}`);
  return `Invalid usage (${plural(problems.length, "problem")}):\n${lines.join("\n")}`;
}

/** Thrown for negative, NaN or infinite quantities, unknown architectures or duplicate names. Lists all problems. */
export class InvalidUsageError extends Error {
  public readonly problems: readonly UsageProblem[];
  constructor(problems: readonly UsageProblem[]) {
    super(invalidUsageMessage(problems));
    this.name = "InvalidUsageError";
    this.problems = problems;
  }
}


const NON_NEGATIVE = "a finite number ≥ 0";

function checkAmount(problems: UsageProblem[], path: string, value: unknown, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) problems.push({ path, value, allowed: NON_NEGATIVE });
}

export function functionUsageProblems(usage: FunctionUsage, path: string): UsageProblem[] {
  const problems: UsageProblem[] = [];
  if (typeof usage.region !== "string" || usage.region === "") problems.push({ path: `${path}.region`, value: usage.region, allowed: "a region name" });
  if (!ARCHITECTURES.includes(usage.architecture)) {
    problems.push({ path: `${path}.architecture`, value: usage.architecture, allowed: ARCHITECTURES.join(" or ") });
  }
  checkAmount(problems, `${path}.memoryMb`, usage.memoryMb);
  checkAmount(problems, `${path}.ephemeralStorageMb`, usage.ephemeralStorageMb, true);
  checkAmount(problems, `${path}.requestsPerMonth`, usage.requestsPerMonth);
  checkAmount(problems, `${path}.avgDurationMs`, usage.avgDurationMs);
  const pc = usage.provisioned;
  if (pc !== undefined) {
    for (const key of ["concurrency", "hoursPerMonth", "requestsPerMonth", "avgDurationMs"] as const) {
      checkAmount(problems, `${path}.provisioned.${key}`, pc[key]);
    }
  }
  return problems;
}

export function infrastructureUsageProblems(usage: InfrastructureUsage, path: string): UsageProblem[] {
  const problems: UsageProblem[] = [];
  if (typeof usage.region !== "string" || usage.region === "") problems.push({ path: `${path}.region`, value: usage.region, allowed: "a region name" });
  const sections: Record<string, Readonly<Record<string, unknown>> | undefined> = {
    interfaceEndpoints: usage.interfaceEndpoints,
    gatewayEndpoints: usage.gatewayEndpoints,
    natGateways: usage.natGateways,
    publicIpv4Addresses: usage.publicIpv4Addresses,
    logs: usage.logs,
    xray: usage.xray,
  };
  for (const [name, section] of Object.entries(sections)) {
    for (const [key, value] of Object.entries(section ?? {})) checkAmount(problems, `${path}.${name}.${key}`, value, true);
  }
  return problems;
}

export function otherUsageProblems(other: OtherLambdaUsage | undefined): UsageProblem[] {
  const problems: UsageProblem[] = [];
  for (const [region, byArch] of Object.entries(other ?? {})) {
    for (const [arch, gbSeconds] of Object.entries(byArch ?? {})) {
      const path = `otherUsage.${region}.${arch}`;
      if (!ARCHITECTURES.includes(arch as Architecture)) problems.push({ path, value: arch, allowed: `keys ${ARCHITECTURES.join(", ")}` });
      else checkAmount(problems, path, gbSeconds);
    }
  }
  return problems;
}

export function throwIfInvalidUsage(problems: readonly UsageProblem[]): void {
  if (problems.length > 0) throw new InvalidUsageError(problems);
}
