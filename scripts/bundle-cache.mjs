// esbuild bundles of TypeScript sources, kept on disk (node_modules/.cache) until a source they
// were built from changes (size or mtime) or the build options do. Loading ~100-300 TypeScript
// modules one by one through tsx costs 0.4-2 s per process; a bundle loads in ~0.1 s. Used by the
// CLI (lib/cli/bin.mjs, split into chunks) and the LDAP sync's worker thread (one script,
// lib/ldap/plan-thread-script.ts).
import fs from "node:fs/promises";
import path from "node:path";
import { threadId } from "node:worker_threads";

/** @param {string} file */
async function stamp(file) {
  const stat = await fs.stat(file);
  return [stat.size, stat.mtimeMs];
}

/**
 * The metadata in `metaFile` when it was written for `key` and no input changed since (size or
 * mtime), else null. @param {string} root @param {string} metaFile @param {string} key
 */
async function currentMeta(root, metaFile, key) {
  try {
    const meta = JSON.parse(await fs.readFile(metaFile, "utf8"));
    if (meta.key !== key) return null;
    const inputs = Object.entries(meta.inputs);
    const now = await Promise.all(inputs.map(([input]) => stamp(path.join(root, input))));
    return inputs.every(([, [size, mtime]], i) => now[i][0] === size && now[i][1] === mtime) ? meta : null;
  } catch {
    return null; // no cache yet, or unreadable: build
  }
}

/** @param {string} root @param {string} cacheFile @param {string} key */
async function fromCache(root, cacheFile, key) {
  if (!(await currentMeta(root, `${cacheFile}.json`, key))) return null;
  return fs.readFile(cacheFile, "utf8").catch(() => null);
}

/** Build options as a cache key: plugins' code is part of the options, so a changed plugin rebuilds too. @param {import("esbuild").BuildOptions} options */
const optionsKey = (options) => JSON.stringify(options, (_, value) => (typeof value === "function" ? value.toString() : value));

/** Size and mtime of every source a build read. @param {string} root @param {import("esbuild").Metafile} metafile */
async function inputStamps(root, metafile) {
  /** @type {Record<string, [number, number]>} */
  const inputs = {};
  for (const input of Object.keys(metafile.inputs)) if (input !== "<stdin>") inputs[input] = await stamp(path.join(root, input));
  return inputs;
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
  const key = optionsKey(options);
  const cached = await fromCache(root, cacheFile, key);
  if (cached !== null) return { code: cached, built: false, written: true };
  /** @type {typeof import("esbuild")} */
  const { build } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ ESBUILD);
  const result = await build({ ...bundleOptions(root, options), write: false, metafile: true });
  const code = result.outputFiles[0].text;
  const inputs = await inputStamps(root, result.metafile);
  const written = await fs
    .mkdir(path.dirname(cacheFile), { recursive: true })
    .then(() => replace(cacheFile, code))
    .then(() => replace(`${cacheFile}.json`, JSON.stringify({ key, inputs })))
    .then(() => true, () => false);
  return { code, built: true, written };
}

/** Builds older than this are removed when a new one is made; a process started from one may still load its chunks. */
const OLD_BUILD_MS = 60 * 60 * 1000;

/**
 * An ESM bundle split into chunks, as the production CLI is (scripts/package.mjs): what a module
 * only reaches through `import()`, and the packages only it imports, load when it runs, not with
 * the entry (`pocket-id sync-ldap` never loads the WebAuthn and certificate libraries). Each build
 * gets its own directory under `cacheDir`, named in `cacheDir/current.json` once complete, so a
 * process never sees a build half written. Returns the entry's path; `written` is false where
 * nothing could be written (a read-only installation).
 * @param {{ root: string, cacheDir: string, options: import("esbuild").BuildOptions }} input
 * @returns {Promise<{ entry: string, built: boolean, written: boolean }>}
 */
export async function loadSplitBundle({ root, cacheDir, options }) {
  const key = optionsKey(options);
  const metaFile = path.join(cacheDir, "current.json");
  const meta = await currentMeta(root, metaFile, key);
  if (meta) {
    const entry = path.join(cacheDir, meta.dir, meta.entry);
    if (await fs.stat(entry).then(() => true, () => false)) return { entry, built: false, written: true };
  }
  /** @type {typeof import("esbuild")} */
  const { build } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ ESBUILD);
  const dir = `build-${Date.now()}-${process.pid}-${threadId}`;
  const outdir = path.join(cacheDir, dir);
  const splitOptions = { splitting: true, format: /** @type {const} */ ("esm"), outExtension: { ".js": ".mjs" }, entryNames: "[name]", chunkNames: "chunk-[hash]" };
  const result = await build({ ...bundleOptions(root, options), ...splitOptions, outdir, metafile: true, write: true }).catch(() => null);
  if (!result) return { entry: "", built: true, written: false };
  // Chunks loaded by import() count as entry points too: the entry is the output of the first one given.
  const [entryPoint] = /** @type {string[]} */ (options.entryPoints);
  const [entryOutput] = Object.entries(result.metafile.outputs).filter(([, output]) => output.entryPoint === entryPoint);
  const entry = path.join(root, entryOutput[0]);
  const written = await replace(metaFile, JSON.stringify({ key, inputs: await inputStamps(root, result.metafile), dir, entry: path.relative(outdir, entry) })).then(
    () => true,
    () => false,
  );
  // Best effort: builds of other processes or older sources, once nothing can still be loading them.
  for (const old of await fs.readdir(cacheDir).catch(() => [])) {
    if (!old.startsWith("build-") || old === dir) continue;
    const stale = await fs.stat(path.join(cacheDir, old)).then((stat) => Date.now() - stat.mtimeMs > OLD_BUILD_MS, () => false);
    if (stale) await fs.rm(path.join(cacheDir, old), { recursive: true, force: true }).catch(() => {});
  }
  return { entry, built: true, written };
}
