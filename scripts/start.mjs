// `npm start`: validate the configuration, build when needed, then serve with `next start`.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import "./server-only-hook.mjs";
import { bin, buildIfNeeded, root, run } from "./lib.mjs";
import { ensureSupportedNode } from "./node-runtime.mjs";

await ensureSupportedNode();

register({ tsconfig: path.join(root, "tsconfig.json") });
const { validateEnvironment } = await import(pathToFileURL(path.join(root, "lib/config/env.ts")).href);
try {
  validateEnvironment();
} catch (error) {
  process.stderr.write(`Startup failed: ${error.message}\n`);
  process.exit(1);
}

const distDir = process.env.NEXT_DIST_DIR || ".next";
const buildCode = await buildIfNeeded(distDir);
if (buildCode !== 0) process.exit(buildCode);
// PORT and HOST as in Pocket ID: the port, and the address to listen on (default: every interface).
const port = process.env.PORT || "3000";
const host = process.env.HOST ? ["--hostname", process.env.HOST] : [];
process.exit(await run(bin("next"), ["start", "--port", port, ...host, ...process.argv.slice(2)], { env: { ...process.env, NEXT_DIST_DIR: distDir } }));
