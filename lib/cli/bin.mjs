#!/usr/bin/env node
// Entry of `npm run cli` and the `pocket-id` bin: runs the TypeScript CLI as an esbuild bundle split
// into chunks like the production CLI's (each command loads its own code and packages), cached
// until a source changes (scripts/bundle-cache.mjs). Through tsx, module by module, every
// import went through the module hooks' thread, and Node resolved drizzle-orm's hundreds of
// modules against its 180 kB package.json: ~1-2 s before a command ran. Only drizzle-orm and zod
// (plain JavaScript, many modules) are bundled with our sources; every other package loads from
// node_modules as usual, so a command's dependency with native code or files of its own just works.
// Where the bundle cannot be built or cached, tsx runs the sources as before.
import module from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureSupportedNode } from "../../scripts/node-runtime.mjs";
import { loadSplitBundle } from "../../scripts/bundle-cache.mjs";

await ensureSupportedNode(); // started directly by an older system Node: runs again on the project's Node 24
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// Relative paths on the command line (export FILE) mean the caller's directory; npm run moves to the root first.
process.env.POCKET_ID_CALLER_CWD = process.env.INIT_CWD || process.cwd();
process.chdir(process.env.POCKET_ID_ROOT || root);
// As the production CLI does (scripts/package/cli.mjs): V8 keeps the compiled bundle and the packages
// it loads in the OS temp folder, and a run starts ~0.1 s sooner.
module.enableCompileCache();
const CLI_BUNDLE = {
  entryPoints: ["lib/cli/main.ts"],
  plugins: [
    {
      name: "packages-stay-external",
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) =>
          specifier.startsWith("@/") || specifier === "server-only" || /^(drizzle-orm|zod)(\/|$)/.test(specifier) ? undefined : { path: specifier, external: true },
        );
      },
    },
  ],
};
const bundle = await loadSplitBundle({ root, cacheDir: path.join(root, "node_modules/.cache/pocket-id/cli"), options: CLI_BUNDLE }).catch(() => null);
let main;
if (bundle?.written) ({ main } = await import(pathToFileURL(bundle.entry).href));
else {
  await import("../../scripts/server-only-hook.mjs"); // the bundle resolves "server-only" itself
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  ({ main } = await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href));
}
process.exitCode = await main(process.argv.slice(2));
