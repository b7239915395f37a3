// How the LDAP sync's worker thread script is bundled: by the running app from the sources
// (lib/ldap/plan-thread-script.ts, cached) and ahead of time into the production bundle
// (scripts/package.mjs), with the same options.
import path from "node:path";

/** The packaged script's name, at the root of the production bundle. */
export const PLAN_THREAD_SCRIPT = "plan-thread.js";

/**
 * esbuild options for the thread's script from the project at `root`.
 * @param {string} root
 */
export function planThreadBuildOptions(root) {
  return {
    stdin: { contents: `import { runPlanThread } from "./plan-thread"; void runPlanThread();`, resolveDir: path.join(root, "lib/ldap"), loader: /** @type {const} */ ("ts") },
    absWorkingDir: root,
    bundle: true,
    platform: /** @type {const} */ ("node"),
    format: /** @type {const} */ ("iife"), // a script with its own scope: its top-level names must not touch globals (crypto)
    target: "node22",
    tsconfig: path.join(root, "tsconfig.json"),
    alias: { "server-only": path.join(root, "node_modules/server-only/empty.js") },
    logLevel: /** @type {const} */ ("silent"),
  };
}
