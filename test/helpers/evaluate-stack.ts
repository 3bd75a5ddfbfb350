/**
 * Child-process entry for tests: evaluates the program for one stack under the mock engine and
 * prints the run as JSON. A process evaluates the program once (the Pulumi runtime's state is per
 * process), so each stack/config variant gets its own process.
 *
 * argv[2]: JSON of RunOptions (rootDir, stack, configOverrides, mockOptions).
 */
import { runProgram, type RunOptions } from "../../plan/run";

const options = JSON.parse(process.argv[2] ?? "{}") as RunOptions;
// Pulumi records a stack trace for every promise; without them the run is ~2× faster (see plan/cli.ts).
Error.stackTraceLimit = 0;
runProgram(options).then(
  (run) => process.stdout.write(JSON.stringify(run)),
  (e: Error) => {
    process.stderr.write(`${e.name}: ${e.message}\n`);
    process.exit(2);
  },
);
