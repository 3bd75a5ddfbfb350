/**
 * "Did you mean" for config keys and values. Pure.
 *
 * Two sources: names users bring from CloudFormation/SAM (`MemorySize`, `Timeout`,
 * `ReservedConcurrentExecutions`), Terraform (`memory_size`, `reserved_concurrent_executions`) and
 * CDK (`memorySize`, `timeout`), mapped to ours; and near misses (edit distance on the name with case,
 * `_` and `-` ignored).
 */

/** Foreign name (normalised: lower case, no `_`/`-`) → our key. Only used when that key is allowed there. */
const FOREIGN_NAMES: Readonly<Record<string, string>> = {
  memorysize: "memoryMb",
  memory: "memoryMb",
  memorymb: "memoryMb",
  timeout: "timeoutSeconds",
  timeoutsec: "timeoutSeconds",
  reservedconcurrentexecutions: "reservedConcurrency",
  provisionedconcurrentexecutions: "provisionedConcurrency",
  provisionedconcurrencyconfig: "provisionedConcurrency",
  ephemeralstorage: "ephemeralStorageMb",
  ephemeralstoragesize: "ephemeralStorageMb",
  architectures: "architecture",
  codeuri: "source",
  code: "source",
  entry: "source",
  filename: "zip",
  variables: "environment",
  environmentvariables: "environment",
  logretention: "logRetentionDays",
  retentionindays: "logRetentionDays",
  autopublishalias: "release",
  deploymentpreference: "release",
  functionname: "(the key under functions: the function name is <project>-<stack>-<key>)",
};

/** Case, `_` and `-` do not matter for matching. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, "");
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest of `allowed` to `given` (case, `_`, `-` ignored), when close enough to be a typo. */
export function closest(given: string, allowed: readonly string[]): string | undefined {
  const g = normalise(given);
  let best: { name: string; d: number } | undefined;
  for (const name of allowed) {
    const d = editDistance(g, normalise(name));
    if (!best || d < best.d) best = { name, d };
  }
  if (!best) return undefined;
  const budget = Math.max(1, Math.min(3, Math.floor(Math.max(g.length, 1) / 4)));
  // `nodejs24` → `nodejs24.x`: a prefix that only lacks a short suffix counts too.
  const prefix = allowed.find((a) => normalise(a).startsWith(g) && normalise(a).length - g.length <= 2 && g.length >= 4);
  if (best.d <= budget) return best.name;
  return prefix;
}

/** Our key for an unknown `key`, from the foreign-name table or a near miss; undefined when none fits. */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  const foreign = FOREIGN_NAMES[normalise(key)];
  if (foreign !== undefined && (allowed.includes(foreign) || foreign.startsWith("("))) return foreign;
  return closest(key, allowed);
}
