import { buildPackage } from "../../packaging";
import * as fs from "fs"; import * as os from "os"; import * as path from "path";
const cache = fs.mkdtempSync(path.join(os.tmpdir(), "exp-"));
for (const fn of ["hello", "pageview-counter"]) {
  for (const external of [[], ["@aws-sdk/*"]]) {
    let t = performance.now();
    const b = buildPackage({ name: fn, sourceDir: `functions/${fn}`, runtime: "nodejs22.x", architecture: "arm64", external }, { cacheDir: cache });
    const t1 = performance.now() - t; t = performance.now();
    const c = buildPackage({ name: fn, sourceDir: `functions/${fn}`, runtime: "nodejs22.x", architecture: "arm64", external }, { cacheDir: cache });
    const t2 = performance.now() - t;
    console.log(fn, external.join(), b.zippedBytes, b.unzippedBytes, b.entries, b.cached, c.cached, c.sha256 === b.sha256, t1.toFixed(0), t2.toFixed(1));
  }
}
