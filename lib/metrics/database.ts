// What /metrics reads from the database at scrape time, so every replica reports the same values.
// A handful of small queries: counts grouped in one pass per table, and per job one probe of the
// (job, started_at) index for its latest finished run.
import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { jobRuns } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";

export interface JobMetrics {
  job: string;
  succeeded: number;
  failed: number;
  running: boolean;
  lastSuccessAt: Date | null;
  /** The latest run that finished, successful or not. */
  lastRun: { failed: boolean; finishedAt: Date; durationSeconds: number; counts: Record<string, number> } | null;
}

export interface DatabaseMetrics {
  users: Array<{ source: "ldap" | "local"; disabled: boolean; count: number }>;
  groups: Array<{ source: "ldap" | "local"; count: number }>;
  jobs: JobMetrics[];
}

const source = (ldap: boolean) => (ldap ? "ldap" : "local");
const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Top-level numbers of a run's stats: the counts a job reports (users created, rows deleted, ...). */
function numericStats(stats: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
}

async function lastFinishedRun(job: string, ctx: AppContext): Promise<JobMetrics["lastRun"]> {
  const [row] = await ctx.db
    .select({ status: jobRuns.status, startedAt: jobRuns.startedAt, finishedAt: jobRuns.finishedAt, stats: jobRuns.stats })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), ne(jobRuns.status, "running")))
    .orderBy(desc(jobRuns.startedAt))
    .limit(1);
  if (!row?.finishedAt) return null;
  return {
    failed: row.status === "failed",
    finishedAt: row.finishedAt,
    durationSeconds: (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000,
    counts: numericStats(row.stats),
  };
}

export async function readDatabaseMetrics(ctx: AppContext): Promise<DatabaseMetrics> {
  const [users, groups, jobs] = await Promise.all([
    queryRows<{ ldap: boolean; disabled: boolean; count: number }>(
      ctx.db,
      sql`select ldap_id is not null as ldap, disabled, count(*)::int as count from users group by 1, 2`,
    ),
    queryRows<{ ldap: boolean; count: number }>(ctx.db, sql`select ldap_id is not null as ldap, count(*)::int as count from user_groups group by 1`),
    queryRows<{ job: string; succeeded: number; failed: number; running: number; last_success: Date | string | null }>(
      ctx.db,
      sql`select job,
                 count(*) filter (where status = 'succeeded')::int as succeeded,
                 count(*) filter (where status = 'failed')::int as failed,
                 count(*) filter (where status = 'running')::int as running,
                 max(finished_at) filter (where status = 'succeeded') as last_success
          from job_runs group by job order by job`,
    ),
  ]);
  return {
    users: users.map((row) => ({ source: source(row.ldap), disabled: row.disabled, count: row.count })),
    groups: groups.map((row) => ({ source: source(row.ldap), count: row.count })),
    jobs: await Promise.all(
      jobs.map(async (row) => ({
        job: row.job,
        succeeded: row.succeeded,
        failed: row.failed,
        running: row.running > 0,
        lastSuccessAt: toDate(row.last_success),
        lastRun: await lastFinishedRun(row.job, ctx),
      })),
    ),
  };
}
