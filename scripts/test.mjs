// `npm test`: system packages, type-check, lint, unit + integration (vitest), then e2e (Playwright).
// Extra arguments select stages: `npm test -- unit e2e`.
import { bin, run } from "./lib.mjs";
import { ensureSystemPackages } from "./system-deps.mjs";

const STAGES = {
  typecheck: () => run(bin("tsc"), ["--noEmit"]),
  lint: () => run(bin("eslint"), [".", "--max-warnings=0"]),
  unit: () => run(bin("vitest"), ["run"]),
  e2e: () => run(process.execPath, ["scripts/e2e.mjs"]),
};

const requested = process.argv.slice(2).filter((arg) => arg in STAGES);
const stages = requested.length ? requested : Object.keys(STAGES);

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
  if (code !== 0) break;
}
process.stderr.write("\n");
for (const { stage, code, seconds } of results) process.stderr.write(`${code === 0 ? "ok  " : "FAIL"} ${stage} (${seconds}s)\n`);
const failed = results.filter((result) => result.code !== 0).length;
process.exit(failed || results.length < stages.length ? 1 : 0);
