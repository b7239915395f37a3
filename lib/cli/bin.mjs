#!/usr/bin/env node
// Entry of `npm run cli` and the `pocket-id` bin: runs the TypeScript CLI through tsx.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import { ensureSupportedNode } from "../../scripts/node-runtime.mjs";
import "../../scripts/server-only-hook.mjs";

await ensureSupportedNode(); // started directly by an older system Node: runs again on the project's Node 24
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Relative paths on the command line (export FILE) mean the caller's directory; npm run moves to the root first.
process.env.POCKET_ID_CALLER_CWD = process.env.INIT_CWD || process.cwd();
process.chdir(process.env.POCKET_ID_ROOT || root);
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
process.exitCode = await main(process.argv.slice(2));
