// What the LDAP sync's worker thread script is bundled from: by the running app from the sources
// (lib/ldap/plan-thread-script.ts, cached) and ahead of time into the production bundle
// (scripts/package.mjs), with the same options.
import path from "node:path";

/** The ready-made script's name, at the root of the production bundle. */
export const PLAN_THREAD_SCRIPT = "plan-thread.js";

/**
 * esbuild options of the thread's script (scripts/bundle-cache.mjs adds the common ones).
 * @param {string} root
 * @returns {import("esbuild").BuildOptions}
 */
export function planThreadOptions(root) {
  return {
    stdin: { contents: `import { runPlanThread } from "./plan-thread"; void runPlanThread();`, resolveDir: path.join(root, "lib/ldap"), loader: "ts" },
    format: "iife", // a script with its own scope: its top-level names must not touch globals (crypto)
  };
}
