// One esbuild bundle of TypeScript sources, kept on disk (node_modules/.cache) until a source it
// was built from changes (size or mtime) or the build options do. Loading ~100-300 TypeScript
// modules one by one through tsx costs 0.4-2 s per process; a bundle loads in ~0.1 s. Used by the
// CLI (lib/cli/bin.mjs) and the LDAP sync's worker thread (lib/ldap/plan-thread-script.ts).
import fs from "node:fs/promises";
import path from "node:path";
import { threadId } from "node:worker_threads";

/** @param {string} file */
async function stamp(file) {
  const stat = await fs.stat(file);
  return [stat.size, stat.mtimeMs];
}

/** @param {string} root @param {string} cacheFile @param {string} key */
async function fromCache(root, cacheFile, key) {
  try {
    const meta = JSON.parse(await fs.readFile(`${cacheFile}.json`, "utf8"));
    if (meta.key !== key) return null;
    for (const [input, [size, mtime]] of Object.entries(meta.inputs)) {
      const [nowSize, nowMtime] = await stamp(path.join(root, input));
      if (nowSize !== size || nowMtime !== mtime) return null;
    }
    return await fs.readFile(cacheFile, "utf8");
  } catch {
    return null; // no cache yet, or unreadable: build
  }
}

/** Replaces `file` whole, so a process reading the cache meanwhile never sees half a file. @param {string} file @param {string} text */
async function replace(file, text) {
  const temporary = `${file}.${process.pid}.${threadId}.tmp`;
  await fs.writeFile(temporary, text);
  await fs.rename(temporary, file);
}

/**
 * The options every bundle is built with: `options` (relative to `root`) on Node, TypeScript from
 * the project's tsconfig, `server-only` aliased to its no-op module. The production bundle
 * (scripts/package.mjs) builds ahead of time with the same.
 * @param {string} root @param {import("esbuild").BuildOptions} options
 * @returns {import("esbuild").BuildOptions}
 */
export function bundleOptions(root, options) {
  return {
    ...options,
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: "node22",
    tsconfig: path.join(root, "tsconfig.json"),
    alias: { "server-only": path.join(root, "node_modules/server-only/empty.js") },
    logLevel: "silent",
  };
}

// A name the server's bundler does not follow: esbuild is needed only where sources are bundled,
// never in the production bundle, which carries its bundles ready-made.
const ESBUILD = "esbuild";

/**
 * The bundle's code from `cacheFile` when current, else built with `options` (esbuild build
 * options, relative to `root`; `server-only` is aliased to its no-op module) and cached.
 * `written` says whether `cacheFile` now holds it (a read-only installation cannot cache).
 * @param {{ root: string, cacheFile: string, options: import("esbuild").BuildOptions }} input
 * @returns {Promise<{ code: string, built: boolean, written: boolean }>}
 */
export async function loadBundle({ root, cacheFile, options }) {
  // Plugins' code is part of the options: a changed plugin rebuilds too.
  const key = JSON.stringify(options, (_, value) => (typeof value === "function" ? value.toString() : value));
  const cached = await fromCache(root, cacheFile, key);
  if (cached !== null) return { code: cached, built: false, written: true };
  /** @type {typeof import("esbuild")} */
  const { build } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ ESBUILD);
  const result = await build({ ...bundleOptions(root, options), write: false, metafile: true });
  const code = result.outputFiles[0].text;
  /** @type {Record<string, [number, number]>} */
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) if (input !== "<stdin>") inputs[input] = await stamp(path.join(root, input));
  const written = await fs
    .mkdir(path.dirname(cacheFile), { recursive: true })
    .then(() => replace(cacheFile, code))
    .then(() => replace(`${cacheFile}.json`, JSON.stringify({ key, inputs })))
    .then(() => true, () => false);
  return { code, built: true, written };
}
