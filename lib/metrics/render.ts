// The Prometheus text of one scrape: the process's own metrics, its sign-in counts and what the
// database holds (users, groups, job runs). Values read at scrape time go into a registry made for
// that scrape, so nothing stale survives between scrapes.
import "server-only";
import { Counter, Gauge, Registry } from "prom-client";
import type { DatabaseMetrics } from "./database";
import { METRIC_PREFIX } from "./process";
import type { SignInCount } from "./sign-ins";

export interface MetricsSnapshot {
  /** null when the database did not answer in time: its series are left out and database_up is 0. */
  database: DatabaseMetrics | null;
  signIns: SignInCount[];
}

const seconds = (date: Date) => date.getTime() / 1000;

function scrapeRegistry(snapshot: MetricsSnapshot): Registry {
  const registry = new Registry();
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers });

  const signIns = counter("sign_ins_total", "Sign-ins handled by this process, by method and outcome.", ["method", "outcome"]);
  for (const { method, outcome, count } of snapshot.signIns) signIns.inc({ method, outcome }, count);

  gauge("database_up", "1 when the database answered this scrape's queries in time, else 0.").set(snapshot.database ? 1 : 0);
  const database = snapshot.database;
  if (!database) return registry;

  const users = gauge("users", "Users by source (ldap: synced from LDAP, local) and whether they are disabled.", ["source", "disabled"]);
  for (const row of database.users) users.set({ source: row.source, disabled: String(row.disabled) }, row.count);
  const groups = gauge("groups", "User groups by source (ldap: synced from LDAP, local).", ["source"]);
  for (const row of database.groups) groups.set({ source: row.source }, row.count);

  const runs = counter("job_runs_total", "Finished runs of each background job (SyncLdap, PruneAuditLog) by status, across all replicas.", ["job", "status"]);
  const running = gauge("job_running", "1 while a run of the job holds its lease (on any replica).", ["job"]);
  const lastSuccess = gauge("job_last_success_timestamp_seconds", "When the job's latest successful run finished (Unix time).", ["job"]);
  const lastRunAt = gauge("job_last_run_timestamp_seconds", "When the job's latest finished run ended (Unix time).", ["job"]);
  const lastDuration = gauge("job_last_run_duration_seconds", "How long the job's latest finished run took.", ["job"]);
  const lastFailed = gauge("job_last_run_failed", "1 when the job's latest finished run failed, else 0.", ["job"]);
  const lastCounts = gauge(
    "job_last_run_count",
    "The counts the job's latest finished run reported: for SyncLdap usersCreated, usersUpdated, usersDisabled, groupsCreated, membershipsAdded, rowsWritten, ...",
    ["job", "count"],
  );
  for (const job of database.jobs) {
    runs.inc({ job: job.job, status: "succeeded" }, job.succeeded);
    runs.inc({ job: job.job, status: "failed" }, job.failed);
    running.set({ job: job.job }, job.running ? 1 : 0);
    if (job.lastSuccessAt) lastSuccess.set({ job: job.job }, seconds(job.lastSuccessAt));
    if (!job.lastRun) continue;
    lastRunAt.set({ job: job.job }, seconds(job.lastRun.finishedAt));
    lastDuration.set({ job: job.job }, job.lastRun.durationSeconds);
    lastFailed.set({ job: job.job }, job.lastRun.failed ? 1 : 0);
    for (const [count, value] of Object.entries(job.lastRun.counts)) lastCounts.set({ job: job.job, count }, value);
  }
  return registry;
}

/** The exposition text, and its content type, of the process registry merged with this scrape's values. */
export async function renderMetrics(processRegistry: Registry, snapshot: MetricsSnapshot): Promise<{ contentType: string; body: string }> {
  const merged = Registry.merge([processRegistry, scrapeRegistry(snapshot)]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}

