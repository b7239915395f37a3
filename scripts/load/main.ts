// `npm run test:load`: bounded load on loopback against a production build on PostgreSQL holding
// 100,000 local users (generate_series) plus a 20,000-user directory that is synced again and
// again while the load runs. autocannon drives the admin users list (first page, deep page,
// search, sort), /api/health, OpenID Connect userinfo and refresh_token grants; the script prints
// throughput and latency, the OIDC targets as PASS/FAIL verdicts, and fails on any error, any
// non-2xx answer, a failed sync, or a p99 above its (generous) ceiling. Builds the app into
// LOAD_DIST_DIR (default .next-prod, the e2e build) when the sources changed.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfNeeded } from "../lib.mjs";
import { startApp } from "../../e2e/fixtures/app";
import { directoryChange } from "../bench/directory";
import { runLoad, type LoadResult } from "./autocannon";
import { SyncLoop } from "./sync-loop";
import { prepareLoad } from "./setup";
import { loadRefreshGrants, loadUserinfo, oidcVerdicts } from "./oidc";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    "ldap-users": { type: "string", default: "20000" },
    /** Users holding OIDC tokens (a grant, an access token, a refresh token each). */
    "oidc-users": { type: "string", default: "1000" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "8" },
    "max-p99-ms": { type: "string", default: "15000" },
    /** For comparison only: the same load with no sync running. */
    "without-sync": { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const started = Date.now();
const step = (message: string) => process.stderr.write(`[load +${Math.round((Date.now() - started) / 1000)}s] ${message}\n`);
const numberArg = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const users = numberArg("users");
const ldapUsers = numberArg("ldap-users");
const oidcUsers = numberArg("oidc-users");
const duration = numberArg("duration");
const connections = numberArg("connections");
const maxP99Ms = numberArg("max-p99-ms");

const distDir = process.env.LOAD_DIST_DIR || process.env.E2E_DIST_DIR || ".next-prod";
if ((await buildIfNeeded(distDir, { ...process.env, NODE_ENV: "production" })) !== 0) throw new Error("build failed");
process.env.E2E_DIST_DIR = distDir;

// The run after the build has a hard bound: a hung server or sync fails the script instead of
// stalling CI, once the app is stopped and the database dropped (they would outlive the script).
const LOAD_RUNS = 4;
const HARD_LIMIT_MS = (duration * LOAD_RUNS + 300) * 1000;
const stopOnTimeout: (() => Promise<void>)[] = [];
const watchdog = setTimeout(async () => {
  process.stderr.write(`[load] FAILED: still running after ${HARD_LIMIT_MS / 1000} s\n`);
  const stopAll = async () => {
    for (const stop of stopOnTimeout) await stop().catch(() => {});
  };
  await Promise.race([stopAll(), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  process.exit(1);
}, HARD_LIMIT_MS);
watchdog.unref();

const setup = await prepareLoad({ users, ldapUsers, oidcUsers, step });
stopOnTimeout.push(setup.cleanup);
let exitCode = 1;
try {
  step(`starting the app (${distDir}) on PostgreSQL`);
  const app = await startApp({ env: { ...setup.appEnv, LOG_LEVEL: "info" } });
  stopOnTimeout.unshift(app.stop);
  try {
    await app.waitForLog(/msg="Job run successfully" name=SyncLdap/, 180_000);
    step("startup sync done; changing 1% of the directory so the next sync writes");
    const change = directoryChange(ldapUsers, setup.suffix);
    await setup.slapd.modify(change.modifyLdif);
    await setup.slapd.add(change.addLdif);

    const syncs = new SyncLoop(app.url, setup.cronSecret);
    if (!args["without-sync"]) syncs.start();
    const cookie = { cookie: setup.adminCookie };
    const results: LoadResult[] = [];
    const during = args["without-sync"] ? "without syncs" : "while syncs run";
    step(`users list: ${connections} connections for ${duration} s ${during}`);
    results.push(
      await runLoad("users list (admin, 4 views)", {
        url: app.url,
        connections,
        duration,
        requests: [
          { method: "GET", path: "/settings/admin/users", headers: cookie },
          { method: "GET", path: `/settings/admin/users?page=${Math.floor((users + ldapUsers) / 40)}`, headers: cookie },
          { method: "GET", path: "/settings/admin/users?q=user4242", headers: cookie },
          { method: "GET", path: "/settings/admin/users?sort=email&dir=desc&page=7", headers: cookie },
        ],
        appPid: app.pid,
      }),
    );
    step(`/api/health: ${connections * 2} connections for ${duration} s ${during}`);
    results.push(await runLoad("/api/health", { url: `${app.url}/api/health`, connections: connections * 2, duration, appPid: app.pid }));
    step(`OIDC userinfo, then refresh_token grants: ${connections} connections for ${duration} s each ${during}`);
    results.push(await loadUserinfo(app.url, setup.oidc, { connections, duration, appPid: app.pid }));
    results.push(await loadRefreshGrants(app.url, setup.oidc, { connections, duration, appPid: app.pid }));
    const syncReport = await syncs.stop();

    const report = {
      date: new Date().toISOString(),
      users,
      ldapUsers,
      oidcUsers,
      withSync: !args["without-sync"],
      duration,
      connections,
      results,
      oidcVerdicts: oidcVerdicts(results),
      syncs: syncReport,
    };
    printReport(report);
    if (args.out) {
      fs.mkdirSync(path.dirname(args.out), { recursive: true });
      fs.writeFileSync(args.out, JSON.stringify(report, null, 2));
    }
    const problems = [
      ...results.flatMap((r) => [
        r.errors > 0 ? `${r.name}: ${r.errors} connection errors` : null,
        r.timeouts > 0 ? `${r.name}: ${r.timeouts} timeouts` : null,
        r.non2xx > 0 ? `${r.name}: ${r.non2xx} non-2xx answers` : null,
        r.latencyMs.p99 > maxP99Ms ? `${r.name}: p99 ${r.latencyMs.p99} ms above ${maxP99Ms} ms` : null,
      ]),
      syncReport.failed > 0 ? `${syncReport.failed} syncs failed: ${syncReport.errors.join("; ")}` : null,
      syncReport.succeeded === 0 && !args["without-sync"] ? "no sync finished during the load" : null,
    ].filter((problem): problem is string => problem !== null);
    for (const problem of problems) process.stderr.write(`[load] FAILED: ${problem}\n`);
    exitCode = problems.length ? 1 : 0;
    if (!problems.length) step(`passed: no errors, every answer 2xx${args["without-sync"] ? "" : ", every sync succeeded"}`);
  } finally {
    await app.stop();
  }
} finally {
  await setup.cleanup();
}
process.exit(exitCode);

function printReport(report: {
  users: number;
  ldapUsers: number;
  oidcUsers: number;
  withSync: boolean;
  results: LoadResult[];
  oidcVerdicts: string[];
  syncs: Awaited<ReturnType<SyncLoop["stop"]>>;
}) {
  const lines = [
    `Load on ${report.users.toLocaleString("en")} local + ${report.ldapUsers.toLocaleString("en")} LDAP users (PostgreSQL), ` +
      `OIDC tokens of ${report.oidcUsers.toLocaleString("en")} users, ${report.withSync ? "syncs running throughout" : "no sync running"}:`,
    "",
    "| endpoint | connections | requests | req/s | p50 ms | p99 ms | max ms | errors | non-2xx | app CPU ms/req | load avg |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...report.results.map(
      (r) =>
        `| ${r.name} | ${r.connections} | ${r.requests} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ` +
        `${r.errors + r.timeouts} | ${r.non2xx} | ${r.appCpuMsPerRequest ?? "n/a"} | ${r.loadAverage} |`,
    ),
    "",
    "OpenID Connect targets (2-core machine; reported, not enforced):",
    ...report.oidcVerdicts.map((line) => `- ${line}`),
    "",
    `Syncs during the load: ${report.syncs.succeeded} succeeded, ${report.syncs.failed} failed; durations ${report.syncs.durationsMs.join(", ")} ms.`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
