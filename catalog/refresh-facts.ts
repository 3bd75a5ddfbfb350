/** `npm run catalog -- refresh-facts`: placeholder until the facts generator lands. */
export async function runRefreshFacts(_argv: readonly string[]): Promise<number> {
  process.stderr.write("refresh-facts is not implemented yet\n");
  return 1;
}
