// Builds the app once into .next-e2e, then runs the Playwright specs (they start their own servers).
import path from "node:path";
import { bin, buildIfNeeded, root, run } from "./lib.mjs";
import { ensureSupportedNode } from "./node-runtime.mjs";

await ensureSupportedNode();

const hook = path.join(root, "scripts/server-only-hook.mjs");

const distDir = process.env.E2E_DIST_DIR || ".next-e2e";
const buildCode = await buildIfNeeded(distDir, { ...process.env, NODE_ENV: "production" });
if (buildCode !== 0) process.exit(buildCode);
process.exit(
  await run(bin("playwright"), ["test", "--config", "e2e/playwright.config.ts", ...process.argv.slice(2)], {
    // Specs import server modules to seed data: their "server-only" marker is a no-op outside Next.js.
    env: { ...process.env, E2E_DIST_DIR: distDir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${hook}`.trim() },
  }),
);
