// The sync's worker thread runs lib/ldap/plan-thread.ts and what it imports as one esbuild bundle
// (scripts/bundle-cache.mjs): through tsx the thread took 0.4-1.5 s to start, the bundle ~0.1 s.
// The production bundle carries it ready-made (PLAN_THREAD_SCRIPT at its root); from the sources
// it is kept in memory for the process and on disk for the next one (the CLI runs one sync per process).
import "server-only";
import path from "node:path";
import fs from "node:fs/promises";
import { loadBundle } from "@/scripts/bundle-cache.mjs";
import { PLAN_THREAD_SCRIPT, planThreadOptions } from "./plan-thread-build.mjs";

/** The script from `cacheFile` when it is current, else bundled (and cached); `built` says which. */
export async function loadPlanThreadScript(root: string, cacheFile: string): Promise<{ script: string; built: boolean }> {
  const { code, built } = await loadBundle({ root, cacheFile, options: planThreadOptions(root) });
  return { script: code, built };
}

let script: Promise<string> | undefined;

/**
 * The thread's script, loaded once per process: the production bundle's, else from the sources.
 * Both are found from the working directory, as the migrations are (lib/db/migrate.ts): the app,
 * the CLI and the tests run from the project root or the bundle's, and the Next.js server bundle
 * does not contain them as files.
 */
export function planThreadScript(): Promise<string> {
  const root = process.cwd();
  script ??= fs
    .readFile(path.join(root, PLAN_THREAD_SCRIPT), "utf8")
    .catch(async () => (await loadPlanThreadScript(root, path.join(root, "node_modules/.cache/pocket-id/plan-thread.js"))).script)
    .catch((error: unknown) => {
      script = undefined; // try again on the next sync
      throw error;
    });
  return script;
}
