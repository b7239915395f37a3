// The sync's worker thread runs lib/ldap/plan-thread.ts and what it imports bundled into one script
// by esbuild: loading the ~100 TypeScript modules one by one through tsx took 0.4-1.5 s per sync;
// the bundle starts in ~0.1 s. The production bundle carries the script ready-made
// (PLAN_THREAD_SCRIPT at its root). From the sources, bundling takes ~0.2 s, so the script is kept
// in memory for the process and on disk (node_modules/.cache) for the next process (the CLI runs
// one sync per process), and rebuilt when any source it was built from changed (size or mtime).
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { PLAN_THREAD_SCRIPT, planThreadBuildOptions } from "./plan-thread-build.mjs";

/** Bumped when the build options below change. */
const FORMAT = 1;

interface CacheMeta {
  format: number;
  /** Input path (relative to the root) → [size, mtimeMs]. */
  inputs: Record<string, [number, number]>;
}

const stamp = async (file: string): Promise<[number, number]> => {
  const stat = await fs.stat(file);
  return [stat.size, stat.mtimeMs];
};

async function fromCache(root: string, cacheFile: string): Promise<string | null> {
  try {
    const meta = JSON.parse(await fs.readFile(`${cacheFile}.json`, "utf8")) as CacheMeta;
    if (meta.format !== FORMAT) return null;
    for (const [input, [size, mtime]] of Object.entries(meta.inputs)) {
      const [nowSize, nowMtime] = await stamp(path.join(root, input));
      if (nowSize !== size || nowMtime !== mtime) return null;
    }
    return await fs.readFile(cacheFile, "utf8");
  } catch {
    return null; // no cache yet, or unreadable: build
  }
}

async function bundle(root: string, cacheFile: string): Promise<string> {
  // A module name the server's bundler does not follow: the production bundle never bundles here.
  const esbuild = "esbuild";
  const { build } = (await import(/* webpackIgnore: true */ esbuild)) as typeof import("esbuild");
  const result = await build({ ...planThreadBuildOptions(root), write: false, metafile: true });
  const script = result.outputFiles[0].text;
  const inputs: CacheMeta["inputs"] = {};
  for (const input of Object.keys(result.metafile.inputs)) if (input !== "<stdin>") inputs[input] = await stamp(path.join(root, input));
  // Best effort (a read-only installation builds once per process instead); each file is replaced
  // whole, so a process reading the cache meanwhile never sees half a script.
  const replace = async (file: string, text: string) => {
    const temporary = `${file}.${process.pid}.${threadId}.tmp`;
    await fs.writeFile(temporary, text);
    await fs.rename(temporary, file);
  };
  await fs
    .mkdir(path.dirname(cacheFile), { recursive: true })
    .then(() => replace(cacheFile, script))
    .then(() => replace(`${cacheFile}.json`, JSON.stringify({ format: FORMAT, inputs } satisfies CacheMeta)))
    .catch(() => {});
  return script;
}

/** The script from `cacheFile` when it is current, else bundled (and cached); `built` says which. */
export async function loadPlanThreadScript(root: string, cacheFile: string): Promise<{ script: string; built: boolean }> {
  const cached = await fromCache(root, cacheFile);
  return cached === null ? { script: await bundle(root, cacheFile), built: true } : { script: cached, built: false };
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
