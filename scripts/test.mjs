// `npm test`: system packages, type-check, lint, unit + integration (vitest), then e2e (Playwright).
// Extra arguments select stages: `npm test -- unit e2e`. Every stage runs, so one report shows all failures.
import fs from "node:fs";
import path from "node:path";
import { bin, root, run } from "./lib.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";
import { ensureSupportedNode } from "./node-runtime.mjs";

await ensureSupportedNode();

// Not test-results/: Playwright empties that folder when it starts.
const reports = path.join(root, ".test-reports");
const vitestReport = path.join(reports, "vitest.json");
const playwrightReport = path.join(reports, "playwright.json");

const STAGES = {
  typecheck: () => run(bin("tsc"), ["--noEmit"]),
  lint: () => run(bin("eslint"), [".", "--max-warnings=0"]),
  unit: () => run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]),
  e2e: () =>
    run(process.execPath, ["scripts/e2e.mjs", "--reporter=list,json"], {
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    }),
};

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** Totals over both runners, for one closing line. */
function countTests() {
  const vitest = readJson(vitestReport);
  const playwright = readJson(playwrightReport)?.stats;
  return {
    passed: (vitest?.numPassedTests ?? 0) + (playwright ? playwright.expected + playwright.flaky : 0),
    failed: (vitest?.numFailedTests ?? 0) + (playwright?.unexpected ?? 0),
    skipped: (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.skipped ?? 0),
  };
}

const requested = process.argv.slice(2).filter((arg) => arg in STAGES);
const stages = requested.length ? requested : Object.keys(STAGES);

fs.rmSync(vitestReport, { force: true });
fs.rmSync(playwrightReport, { force: true });
try {
  ensureSystemPackages();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const results = [];
for (const stage of stages) {
  process.stderr.write(`\n=== ${stage} ===\n`);
  const started = Date.now();
  const code = await STAGES[stage]();
  results.push({ stage, code, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}
process.stderr.write("\n");
for (const { stage, code, seconds } of results) process.stderr.write(`${code === 0 ? "ok  " : "FAIL"} ${stage} (${seconds}s)\n`);
const failedStages = results.filter((result) => result.code !== 0).length;
const { passed, failed, skipped } = countTests();
process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedStages || results.length < stages.length ? 1 : 0);
