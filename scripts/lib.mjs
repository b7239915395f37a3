// Small helpers shared by the npm scripts (plain Node, no TypeScript needed).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);
/** The Next.js build the production bundle (scripts/package.mjs) and the e2e suite share. */
export const PRODUCTION_DIST_DIR = ".next-prod";

/** Runs a command with inherited stdio; resolves to its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", cwd: root, ...options });
    // Pass termination on, so stopping `npm start` stops the server it started.
    const forward = (signal) => child.kill(signal);
    process.on("SIGTERM", forward).on("SIGINT", forward);
    child.on("exit", (code, signal) => {
      process.off("SIGTERM", forward).off("SIGINT", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

const SOURCE_DIRS = ["app", "components", "lib", "pages", "public"];
const SOURCE_FILES = ["instrumentation.ts", "instrumentation-client.ts", "proxy.ts", "next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json"];

export function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when the Next.js build in distDir is missing or older than any source file. */
export function buildIsStale(distDir) {
  const buildId = fs.statSync(path.join(root, distDir, "BUILD_ID"), { throwIfNoEntry: false });
  if (!buildId) return true;
  const sources = [...SOURCE_DIRS, ...SOURCE_FILES].map((entry) => newestMtime(path.join(root, entry)));
  return Math.max(...sources) > buildId.mtimeMs;
}

export async function buildIfNeeded(distDir, env = process.env) {
  if (!buildIsStale(distDir)) return 0;
  process.stderr.write(`Building the app into ${distDir} (first start or sources changed)...\n`);
  return run(bin("next"), ["build"], { env: { ...env, NEXT_DIST_DIR: distDir } });
}

export function commandExists(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}
