/** `npm run catalog -- refresh`: placeholder until the price catalog lands. */
export async function runRefreshPrices(_argv: readonly string[]): Promise<number> {
  process.stderr.write("refresh is not implemented yet\n");
  return 1;
}
