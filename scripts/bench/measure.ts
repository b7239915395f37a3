// Measurements the benchmark takes: the LDAP floor (ldapsearch), a sync in a child process, and
// PostgreSQL's own write counters.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { SlapdServer } from "@/lib/ldap/testing/slapd";

const root = path.resolve(import.meta.dirname, "../..");

function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** CPU seconds a process has used so far, all threads (Linux clock ticks are 1/100 s). */
export function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14 and 15 of stat(5)
}

export interface SearchSpec {
  filter: string;
  attributes: string[];
}

export interface FloorMeasurement {
  seconds: number;
  /** CPU the LDAP server spent answering. */
  slapdCpuSeconds: number;
}

/** The time ldapsearch needs to page through the same entries and attributes the sync requests. */
export async function measureFloor(slapd: SlapdServer, specs: SearchSpec[], pageSize: number): Promise<FloorMeasurement> {
  const started = process.hrtime.bigint();
  const slapdCpu = processCpuSeconds(slapd.pid);
  for (const spec of specs) {
    // OpenLDAP's tools want 127.0.0.1 rather than localhost (NOTES.md); output is discarded by the pipe.
    const result = await runProcess(
      "ldapsearch",
      ["-LLL", "-x", "-H", `ldap://127.0.0.1:${slapd.port}`, "-D", slapd.readerDn, "-w", slapd.readerPassword, "-b", slapd.suffix, "-E", `pr=${pageSize}/noprompt`, spec.filter, ...spec.attributes],
      process.env,
    );
    if (result.code !== 0) throw new Error(`ldapsearch failed: ${result.stderr}`);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, slapdCpuSeconds: processCpuSeconds(slapd.pid) - slapdCpu };
}

export interface SyncMeasurement {
  wallSeconds: number;
  /** CPU time of the sync process over the run (user + system, all threads). */
  cpuSeconds: number;
  /** CPU time the LDAP server spent over the same run. */
  slapdCpuSeconds: number;
  peakRssMb: number;
  baselineRssMb: number;
  outcome: { status: string; error?: string; stats: Record<string, unknown> };
}

/** Runs one sync in a fresh process (scripts/bench/sync-child.ts) with the given environment. */
export async function measureSync(env: Record<string, string>, slapd: SlapdServer): Promise<SyncMeasurement> {
  const slapdCpu = processCpuSeconds(slapd.pid);
  const result = await runProcess(
    path.join(root, "node_modules/.bin/tsx"),
    ["--import", path.join(root, "scripts/server-only-hook.mjs"), path.join(root, "scripts/bench/sync-child.ts")],
    { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
  );
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  if (result.code !== 0 || !last.startsWith("{")) throw new Error(`sync process failed (${result.code}): ${result.stderr || result.stdout}`);
  const measurement = JSON.parse(last) as Omit<SyncMeasurement, "slapdCpuSeconds">;
  if (measurement.outcome.status !== "succeeded") throw new Error(`sync failed: ${measurement.outcome.error}`);
  return { ...measurement, slapdCpuSeconds: processCpuSeconds(slapd.pid) - slapdCpu };
}

/**
 * Rows inserted+updated+deleted so far, once statistics settle, in every table but the run's own
 * record: job_runs and audit_log (a no-op run still records that it started and finished), and
 * user_counts, which triggers on users write (a few rows per statement, none for a no-op).
 */
export async function pgRowsWritten(databaseUrl: string): Promise<number> {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    let previous = -1;
    for (let attempt = 0; attempt < 50; attempt++) {
      await client`select pg_stat_clear_snapshot()`;
      const [{ total }] = await client<{ total: string }[]>`
        select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as total from pg_stat_user_tables where relname not in ('job_runs', 'audit_log', 'user_counts')`;
      const value = Number(total);
      if (value === previous) return value;
      previous = value;
      await new Promise((resolve) => setTimeout(resolve, 200)); // statistics are flushed asynchronously
    }
    return previous;
  } finally {
    await client.end();
  }
}

/**
 * `pocket-id sync-ldap` as an operator runs it (lib/cli/bin.mjs): process start, the TypeScript
 * loader, migrations check and the sync, timed from spawn to exit by /usr/bin/time, which also
 * gives the process's CPU and peak RSS. The run's report comes from its job_runs row.
 */
export async function measureCliSync(env: Record<string, string>, slapd: SlapdServer, databaseUrl: string): Promise<SyncMeasurement> {
  const slapdCpu = processCpuSeconds(slapd.pid);
  const result = await runProcess(
    "/usr/bin/time",
    ["-f", "time: %e %U %S %M", process.execPath, path.join(root, "lib/cli/bin.mjs"), "sync-ldap"],
    { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
  );
  const timing = /time: ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.code !== 0 || !timing) throw new Error(`sync-ldap failed (${result.code}): ${result.stderr || result.stdout}`);
  const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [run] = await client<{ status: string; error: string | null; stats: Record<string, unknown> }[]>`
      select status, error, stats from job_runs where job = 'SyncLdap' order by started_at desc limit 1`;
    return {
      wallSeconds: Number(timing[1]),
      cpuSeconds: Number(timing[2]) + Number(timing[3]),
      slapdCpuSeconds: processCpuSeconds(slapd.pid) - slapdCpu,
      peakRssMb: Number(timing[4]) / 1024,
      baselineRssMb: 0,
      outcome: { status: run.status, error: run.error ?? undefined, stats: run.stats },
    };
  } finally {
    await client.end();
  }
}
