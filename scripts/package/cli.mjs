// The production CLI (dist/pocket-id → dist/cli/pocket-id.js), compiled by scripts/package.mjs. It
// runs from the bundle's folder, as the server does, so relative paths (DATA_DIR=./data) agree.
import module from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSupportedNode } from "../node-runtime.mjs";

const bundleRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await ensureSupportedNode(path.dirname(bundleRoot)); // inside a source checkout: its Node 24
// V8 keeps the compiled CLI in the OS temp folder (NODE_COMPILE_CACHE to move it): later runs skip
// parsing it, a third of a short command's time. Without a writable folder it silently does nothing.
// Called on the namespace: a named import would fail to link on the old Node that ensureSupportedNode replaces.
module.enableCompileCache();
// Relative paths on the command line (export FILE) mean the caller's directory (lib/backup/cli.ts).
process.env.POCKET_ID_CALLER_CWD = process.cwd();
process.chdir(process.env.POCKET_ID_ROOT || bundleRoot);
const { main } = await import("../../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
