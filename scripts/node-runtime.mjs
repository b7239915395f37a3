// The app, the CLI and the tests need a supported Node.js LTS. `npm install` brings Node 24 (the registry's
// `node` package, in node_modules/.bin) and npm scripts already run on it: npm puts that folder first on PATH.
// An entry point started outside npm by an older system Node (`./lib/cli/bin.mjs`, `node scripts/e2e.mjs`)
// calls ensureSupportedNode() first and runs again on the project's Node.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The oldest Node.js the project runs on; keep in step with `engines.node` in package.json. */
export const MINIMUM_NODE = "22.12.0";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** True when `version` ("24.21.0", "v20.20.2") is MINIMUM_NODE or newer. */
export function isSupportedNode(version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  const [minMajor, minMinor] = MINIMUM_NODE.split(".").map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

/**
 * Returns when this process runs on a supported Node. Otherwise re-runs the same script and arguments on
 * node_modules/.bin/node (with that folder first on PATH, so children started through `#!/usr/bin/env node`
 * use it too) and exits with its status, or exits 1 with what to do when there is none. `root` is the
 * checkout whose node_modules to look in: the production bundle passes the one around it, if any.
 */
export async function ensureSupportedNode(root = projectRoot) {
  if (isSupportedNode(process.versions.node)) return;
  const projectBin = path.join(root, "node_modules", ".bin");
  const bundled = path.join(projectBin, "node");
  // Also refuses when this already is that Node (an older `node` package), instead of looping.
  if (!fs.existsSync(bundled) || fs.realpathSync(bundled) === fs.realpathSync(process.execPath)) {
    process.stderr.write(
      `Pocket ID needs Node.js ${MINIMUM_NODE} or later; this is Node.js ${process.versions.node} (${process.execPath}).\n` +
        `Run \`npm install\` in ${root} (it installs Node.js 24 into node_modules), or install Node.js 24.\n`,
    );
    process.exit(1);
  }
  const env = { ...process.env, PATH: [projectBin, process.env.PATH].filter(Boolean).join(path.delimiter) };
  const child = spawn(bundled, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env });
  // Pass termination on, so stopping this process stops the one doing the work.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  const [code, signal] = await new Promise((resolve) => {
    child.on("exit", (...result) => resolve(result));
    child.on("error", (error) => {
      process.stderr.write(`Could not start ${bundled}: ${error.message}\n`);
      resolve([1, null]);
    });
  });
  process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
}
