// Builds the app once into .next-prod, then runs the Playwright specs (they start their own servers).
import path from "node:path";
import { bin, buildIfNeeded, PRODUCTION_DIST_DIR, root, run } from "./lib.mjs";
import { ensureSupportedNode } from "./node-runtime.mjs";

await ensureSupportedNode();

const hook = path.join(root, "scripts/server-only-hook.mjs");

// The production bundle's build: `npm run build` before (or the packaging test) leaves nothing to rebuild.
const distDir = process.env.E2E_DIST_DIR || PRODUCTION_DIST_DIR;
const buildCode = await buildIfNeeded(distDir, { ...process.env, NODE_ENV: "production" });
if (buildCode !== 0) process.exit(buildCode);
process.exit(
  await run(bin("playwright"), ["test", "--config", "e2e/playwright.config.ts", ...process.argv.slice(2)], {
    // Specs import server modules to seed data: their "server-only" marker is a no-op outside Next.js.
    env: { ...process.env, E2E_DIST_DIR: distDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${hook}`.trim() },
  }),
);
