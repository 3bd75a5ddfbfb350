// The package builder's error: one message listing every problem of a package.
/** A package could not be built or measured. `problems` lists every reason found; the message is one line. */
export class PackageBuildError extends Error {
  constructor(
    public readonly packageName: string,
    public readonly problems: readonly string[],
  ) {
    // One line on purpose: callers (config/load.ts) keep only the first line of a message.
    super(
      `Cannot build package ${JSON.stringify(packageName)}` +
        (problems.length === 1 ? `: ${problems[0]}` : ` (${problems.length} problems): ${problems.join("; ")}`),
    );
    this.name = "PackageBuildError";
  }
}
