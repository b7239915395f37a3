// `npm run bench [-- --users N] [--page-size N] [--audit-rows N] [--skip-pglite] [--out FILE]`
// Loads N users into a throwaway slapd and measures sync and the users list against the LDAP floor,
// then the Audit Log page on a million audit rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startSlapd } from "@/lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "@/lib/ldap/testing/sync-helpers";
import { ldapSyncConfig } from "@/lib/ldap/config";
import { groupSearchSpec, userSearchSpec } from "@/lib/ldap/fetch";
import { settingsSchema } from "@/lib/config/settings";
import { directoryChange, directoryLdif } from "./directory";
import { measureCliSync, measureFloor, measureSync, pgRowsWritten, type SyncMeasurement } from "./measure";
import { measureUserList } from "./list-timings";
import { measureAuditLog } from "./audit-timings";
import { printReport, type BenchResult } from "./report";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    "page-size": { type: "string", default: "500" },
    /** audit_log rows for the Audit Log page's timings; 0 leaves them out. */
    "audit-rows": { type: "string", default: "1000000" },
    "skip-pglite": { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const users = Number(args.users);
const pageSize = Number(args["page-size"]);
const auditRows = Number(args["audit-rows"]);
if (!Number.isInteger(users) || users < 100) throw new Error("--users must be a whole number ≥ 100");
if (!Number.isInteger(auditRows) || auditRows < 0) throw new Error("--audit-rows must be a whole number");
const step = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const elapsed = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
async function repeat<T>(times: number, measure: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < times; run++) results.push(await measure());
  return results;
}
const median = <T>(items: T[], key: (item: T) => number): T => [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];

const work = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-bench-"));
const suffix = "dc=bench,dc=test";

step(`generating ${users.toLocaleString("en")} users and ${Math.floor(users / 100) + 2} groups`);
const ldifFile = path.join(work, "directory.ldif");
const out = fs.createWriteStream(ldifFile);
for (const chunk of directoryLdif(users, suffix)) if (!out.write(chunk + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
await new Promise<void>((resolve) => out.end(() => resolve()));

// Like Active Directory: plain searches capped, paged searches unlimited.
const slapd = await startSlapd({ suffix, sizeLimit: "size.soft=1000 size.hard=unlimited size.prtotal=unlimited" });
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const dbName = `pocket_id_bench_${process.pid}`;
try {
  let started = process.hrtime.bigint();
  await slapd.loadOffline(ldifFile);
  step(`slapadd loaded the directory in ${elapsed(started).toFixed(1)} s`);

  const ldapEnv: Record<string, string> = { ...fixtureSyncEnv(slapd), LDAP_PAGE_SIZE: String(pageSize) };
  const config = ldapSyncConfig(settingsSchema.parse({ ...ldapEnv, LDAP_TLS_CA_CERT: "" }));
  const specs = [userSearchSpec(config), groupSearchSpec(config)];
  const medianFloor = async () => median(await repeat(3, () => measureFloor(slapd, specs, pageSize)), (run) => run.seconds);
  const floorRun = await medianFloor();
  const floor = floorRun.seconds;
  step(`floor (ldapsearch, paged, median of 3): ${floor.toFixed(2)} s`);

  await admin.unsafe(`create database ${dbName}`);
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
  const pgEnv = { ...ldapEnv, DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, "pg-data") };
  type Run = { name: string; measurement: SyncMeasurement; rowsWritten: number | null; floor: number };
  const measurePg = async (name: string, runFloor = floor): Promise<Run> => {
    const before = await pgRowsWritten(databaseUrl);
    step(`${name} (PostgreSQL)...`);
    const measurement = await measureSync(pgEnv, slapd);
    return { name, measurement, rowsWritten: (await pgRowsWritten(databaseUrl)) - before, floor: runFloor };
  };
  const runs: Run[] = [await measurePg("initial sync")];
  // A no-op can be repeated: the median of three, like the floor.
  runs.push(median(await repeat(3, () => measurePg("no-op re-sync")), (run) => run.measurement.wallSeconds));
  // As an operator runs it: `pocket-id sync-ldap`, process start included, into a database of its own.
  const cliDbName = `${dbName}_cli`;
  await admin.unsafe(`create database ${cliDbName}`);
  const cliUrl = Object.assign(new URL(adminUrl), { pathname: `/${cliDbName}` }).toString();
  const cliEnv = { ...pgEnv, DATABASE_URL: cliUrl, DATA_DIR: path.join(work, "cli-data") };
  const measureCli = async (name: string): Promise<Run> => {
    const before = await pgRowsWritten(cliUrl);
    step(`${name}...`);
    const measurement = await measureCliSync(cliEnv, slapd, cliUrl);
    return { name, measurement, rowsWritten: (await pgRowsWritten(cliUrl)) - before, floor };
  };
  runs.push(await measureCli("CLI initial sync"), await measureCli("CLI no-op re-sync"));

  const change = directoryChange(users, suffix);
  started = process.hrtime.bigint();
  await slapd.modify(change.modifyLdif);
  await slapd.add(change.addLdif);
  step(`changed the directory (${change.modified} modified, ${change.deleted} deleted, ${change.added} added) in ${elapsed(started).toFixed(1)} s`);
  // The server answers the changed directory at its own pace: the 1% run is compared with that.
  const floorAfterChange = (await medianFloor()).seconds;
  step(`floor after the change (median of 3): ${floorAfterChange.toFixed(2)} s`);
  // A server still digesting the change (refint, memberof at 1,000,000 users) may refuse the sync's
  // connection: the run is reported as failed instead of losing every figure measured so far.
  const failures: string[] = [];
  try {
    runs.push(await measurePg("1% change re-sync", floorAfterChange));
  } catch (error) {
    failures.push(`1% change re-sync: ${(error as Error).message}`);
    step(failures.at(-1)!);
  }

  step("users list timings and plans (PostgreSQL)...");
  const list = await measureUserList(databaseUrl);
  const audit = auditRows ? await measureAuditLog(databaseUrl, auditRows, step) : null;

  if (!args["skip-pglite"]) {
    step("initial sync (PGlite)...");
    const measurement = await measureSync({ ...ldapEnv, DATA_DIR: path.join(work, "pglite-data") }, slapd);
    runs.push({ name: "initial sync (PGlite)", measurement, rowsWritten: null, floor });
  }

  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    users,
    groups: Math.floor(users / 100) + 2,
    pageSize,
    floorSeconds: floor,
    floorSlapdCpuSeconds: floorRun.slapdCpuSeconds,
    floorAfterChangeSeconds: floorAfterChange,
    change,
    failures,
    runs: runs.map(({ name, measurement, rowsWritten, floor: runFloor }) => {
      // What runs after the commit (deferred index builds, VACUUM ANALYZE) while the rows are already visible.
      const timings = measurement.outcome.stats.timingsMs as { indexes: number; statistics: number };
      const afterCommitSeconds = (timings.indexes + timings.statistics) / 1000;
      const committedSeconds = measurement.wallSeconds - afterCommitSeconds;
      return {
        name,
        committedSeconds,
        afterCommitSeconds,
        wallSeconds: measurement.wallSeconds,
        cpuSeconds: measurement.cpuSeconds,
        slapdCpuSeconds: measurement.slapdCpuSeconds,
        usersPerSecond: users / committedSeconds,
        ratioToFloor: committedSeconds / runFloor,
        wallRatioToFloor: measurement.wallSeconds / runFloor,
        peakRssMb: measurement.peakRssMb,
        rowsWrittenReported: Number(measurement.outcome.stats.rowsWritten ?? 0),
        rowsWrittenPgStat: rowsWritten,
        stats: measurement.outcome.stats,
      };
    }),
    list: list.timings,
    plans: list.plans.map(({ name, executionMs, seqScan, plan }) => ({ name, executionMs, seqScan, plan })),
    audit,
  };
  printReport(result);
  const file = args.out ?? path.join("bench-results", `bench-${users}-${result.date.replace(/[:.]/g, "-")}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
  step(`wrote ${file}`);
} finally {
  await slapd.stop();
  for (const name of [dbName, `${dbName}_cli`]) await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
}
