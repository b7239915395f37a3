// `npm run build [-- OUT_DIR]`: the self-contained production bundle (default dist/), the one thing the
// Dockerfile copies. Next.js's standalone server with the node_modules it traced, its static files,
// the migrations, and the CLI compiled to plain JavaScript by esbuild: `node OUT_DIR/server.js` and
// `OUT_DIR/pocket-id` run with Node alone, without the source tree or any dev dependency.
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import * as esbuild from "esbuild";
import { buildIfNeeded, PRODUCTION_DIST_DIR, root } from "./lib.mjs";
import { ensureSupportedNode } from "./node-runtime.mjs";
import { PLAN_THREAD_SCRIPT, planThreadOptions } from "../lib/ldap/plan-thread-build.mjs";
import { bundleOptions } from "./bundle-cache.mjs";

await ensureSupportedNode();

const out = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const nextDir = path.join(root, PRODUCTION_DIST_DIR);
const buildCode = await buildIfNeeded(PRODUCTION_DIST_DIR);
if (buildCode !== 0) process.exit(buildCode);

// Packages the CLI loads from node_modules instead of its bundle: native code and files found next
// to the package at run time (sharp's binary, PGlite's wasm and data files).
const CLI_EXTERNALS = ["sharp", "@electric-sql/pglite"];

fs.rmSync(out, { recursive: true, force: true });
// Its node_modules links (Turbopack's hashed aliases) are relative, so they stay valid when copied.
fs.cpSync(path.join(nextDir, "standalone"), out, { recursive: true, verbatimSymlinks: true });
fs.renameSync(path.join(out, "server.js"), path.join(out, "next-server.js"));
// The trace copies the whole checkout: a developer's own state must never ship. ./data is DATA_DIR's
// default (its encryption key and embedded database: running the CLI in a checkout creates it).
for (const local of ["data", "bench-results", ".env", ".env.local"]) fs.rmSync(path.join(out, local), { recursive: true, force: true });
fs.cpSync(path.join(nextDir, "static"), path.join(out, PRODUCTION_DIST_DIR, "static"), { recursive: true });
fs.cpSync(path.join(root, "public"), path.join(out, "public"), { recursive: true });
// The server maps the "server-only" marker to the package's empty module (lib/server-only-runtime.ts),
// a file the trace does not see being used.
fs.cpSync(path.join(root, "node_modules/server-only"), path.join(out, "node_modules/server-only"), { recursive: true });
fs.rmSync(path.join(out, "drizzle"), { recursive: true, force: true });
fs.cpSync(path.join(root, "drizzle"), path.join(out, "drizzle"), { recursive: true });

const shared = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  logLevel: "warning",
  // "server-only" marks modules a client component must not import; outside Next.js it is a no-op.
  alias: { "server-only": path.join(root, "node_modules/server-only/empty.js") },
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};
await esbuild.build({ ...shared, entryPoints: [path.join(root, "scripts/package/server.mjs")], outfile: path.join(out, "server.js") });
const cli = await esbuild.build({
  ...shared,
  entryPoints: { "pocket-id": path.join(root, "scripts/package/cli.mjs") },
  outdir: path.join(out, "cli"),
  // Each command's code is its own chunk, loaded when that command runs (lib/cli/commands.ts).
  splitting: true,
  external: CLI_EXTERNALS,
  tsconfig: path.join(root, "tsconfig.json"),
  metafile: true,
});
// The LDAP sync's worker thread, ready-made (lib/ldap/plan-thread-script.ts looks for it first).
await esbuild.build({ ...bundleOptions(root, planThreadOptions(root)), logLevel: "warning", outfile: path.join(out, PLAN_THREAD_SCRIPT) });
fs.writeFileSync(path.join(out, "pocket-id"), '#!/usr/bin/env node\nimport "./cli/pocket-id.js";\n', { mode: 0o755 });
copyMissingPackages(cli.metafile);

const source = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const manifest = {
  name: source.name,
  version: source.version,
  private: true,
  type: "module",
  description: source.description,
  bin: { "pocket-id": "pocket-id" },
  scripts: { start: "node --no-memory-protection-keys server.js" }, // as the Dockerfile runs it
  engines: source.engines,
};
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
process.stderr.write(`Production bundle written to ${path.relative(process.cwd(), out) || "."}: node server.js, ./pocket-id\n`);

/** The packages the CLI bundle imports at run time must be in OUT_DIR/node_modules, with their dependencies. */
function copyMissingPackages(metafile) {
  const builtins = new Set(builtinModules);
  const imported = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (!external || specifier.startsWith("node:") || builtins.has(specifier) || specifier.startsWith(".")) continue;
      const parts = specifier.split("/");
      imported.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
    }
  }
  const pending = [...imported];
  while (pending.length) {
    const name = pending.pop();
    const target = path.join(out, "node_modules", name);
    const manifestFile = path.join(root, "node_modules", name, "package.json");
    if (!fs.existsSync(manifestFile)) throw new Error(`The CLI needs the package ${name}, which is not installed.`);
    if (fs.existsSync(path.join(target, "package.json"))) continue;
    fs.cpSync(path.dirname(manifestFile), target, { recursive: true, dereference: true });
    pending.push(...Object.keys(JSON.parse(fs.readFileSync(manifestFile, "utf8")).dependencies ?? {}));
  }
}
