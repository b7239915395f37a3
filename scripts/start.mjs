// `npm start`: runs the production bundle (dist/server.js), building it first when it is missing or
// older than the sources. Variables as for the bundle itself (docs/configuration.md).
import fs from "node:fs";
import path from "node:path";
import { buildIsStale, newestMtime, PRODUCTION_DIST_DIR, root, run } from "./lib.mjs";
import { ensureSupportedNode } from "./node-runtime.mjs";

await ensureSupportedNode();

const dist = path.join(root, "dist");
const buildId = (dir) => fs.readFileSync(path.join(dir, "BUILD_ID"), "utf8");
// The packaging scripts themselves count as sources of the bundle too.
const packagingSources = ["scripts/package.mjs", "scripts/package", "scripts/node-runtime.mjs", "drizzle"].map((entry) => path.join(root, entry));
const bundleIsCurrent = () => {
  try {
    return (
      !buildIsStale(PRODUCTION_DIST_DIR) &&
      buildId(path.join(dist, PRODUCTION_DIST_DIR)) === buildId(path.join(root, PRODUCTION_DIST_DIR)) &&
      Math.max(...packagingSources.map(newestMtime)) <= fs.statSync(path.join(dist, "server.js")).mtimeMs
    );
  } catch {
    return false;
  }
};
if (!bundleIsCurrent()) {
  process.stderr.write("Building the production bundle into dist/ (first start or sources changed)...\n");
  const code = await run(process.execPath, [path.join(root, "scripts/package.mjs"), dist]);
  if (code !== 0) process.exit(code);
}
process.exit(await run(process.execPath, [path.join(dist, "server.js"), ...process.argv.slice(2)], { cwd: dist }));
