/**
 * Mocha `--require` file of `npm run test:unit` (.mocharc.unit.json): the pure modules' tests, which
 * need no Pulumi runtime, so no mock engine is installed. If a spec file of that list starts to load
 * `@pulumi/*`, the run fails and says so (the list in .mocharc.unit.json is for pure modules only).
 */
import * as path from "node:path";

export const mochaHooks = {
  afterAll(): void {
    const pulumi = Object.keys(require.cache).filter((f) => f.includes(`${path.sep}node_modules${path.sep}@pulumi${path.sep}`));
    if (pulumi.length > 0) throw new Error(`npm run test:unit loaded @pulumi/* (${pulumi.length} files, e.g. ${pulumi[0]}): move the spec file that imports it out of .mocharc.unit.json`);
  },
};
