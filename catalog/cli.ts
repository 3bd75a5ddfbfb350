/**
 * `npm run catalog -- <command>`: regenerates the facts the pricing module ships as data.
 *
 * - `refresh`        prices for every commercial region, from the AWS Price List (`pricing/catalog/`)
 * - `refresh-facts`  Lambda API constraints and the runtime lifecycle (`pricing/facts/`)
 *
 * Each command writes its files only after every input was read and transformed; a failure leaves
 * the existing data untouched and names what failed (exit 1). Bad flags exit 2.
 */
import { runRefreshFacts } from "./refresh-facts";
import { runRefreshPrices } from "./refresh-prices";

const USAGE = `Usage: npm run catalog -- <command> [options]

Commands:
  refresh        regenerate pricing/catalog/ from the AWS Price List
  refresh-facts  regenerate pricing/facts/ from the Lambda API model and the runtime lifecycle

Run a command with --help for its options.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "refresh":
      return runRefreshPrices(rest);
    case "refresh-facts":
      return runRefreshFacts(rest);
    case undefined:
    case "-h":
    case "--help":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
