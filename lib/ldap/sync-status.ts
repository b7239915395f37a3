// What the LDAP card polls and `GET /api/jobs/sync-ldap` answers: the sync's runs, their reports,
// and the same runs as the trends chart's points. Each verb authorises itself.
import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import { jobRuns } from "@/lib/db/schema";
import { getSettings } from "@/lib/config";
import { syncIntervalSeconds } from "@/lib/config/settings";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import type { AppContext } from "@/lib/context";
import { SYNC_LDAP_JOB } from "./job";
import { jobRunsQuerySchema, syncTrendsQuerySchema, type JobRunsQuery, type SyncTrendsQuery } from "./job-schema";
import { toRunDetail, toRunSummary } from "./run-view";
import { changeCount, type JobRunDetail, type LdapSyncStatus, type SyncTrendPoint } from "./run-types";

/** The current run, the last success and the latest runs: what the LDAP card polls. */
export async function getLdapSyncStatus(input: JobRunsQuery, ctx: AppContext): Promise<LdapSyncStatus> {
  requireAdmin(ctx);
  const { limit } = parseInput(jobRunsQuerySchema, input);
  const [{ values }, rows, [lastSuccess]] = await Promise.all([
    getSettings(ctx),
    ctx.db.select().from(jobRuns).where(eq(jobRuns.job, SYNC_LDAP_JOB)).orderBy(desc(jobRuns.startedAt)).limit(limit),
    ctx.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.job, SYNC_LDAP_JOB), eq(jobRuns.status, "succeeded")))
      .orderBy(desc(jobRuns.startedAt))
      .limit(1),
  ]);
  const runs = rows.map(toRunSummary);
  const intervalSeconds = syncIntervalSeconds(values);
  const latest = rows[0];
  return {
    ldapEnabled: values.LDAP_ENABLED,
    intervalSeconds,
    nextSyncAt: values.LDAP_ENABLED && latest ? new Date(latest.startedAt.getTime() + intervalSeconds * 1000).toISOString() : null,
    // At most one run holds the lease, and it is the newest.
    running: runs[0]?.status === "running" ? runs[0] : null,
    lastSuccess: lastSuccess ? toRunSummary(lastSuccess) : null,
    runs,
  };
}

/** One run with its full report (skipped entries, errors, timings). */
export async function getJobRun(input: JobRunsQuery, ctx: AppContext): Promise<JobRunDetail> {
  requireAdmin(ctx);
  const { runId } = parseInput(jobRunsQuerySchema, input);
  const [row] = runId ? await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, runId)) : [];
  if (!row) throw new NotFoundError("No such job run.");
  return toRunDetail(row);
}

/** The latest finished runs, oldest first: duration and number of changes of each, failures marked. */
export async function getLdapSyncTrends(input: SyncTrendsQuery, ctx: AppContext): Promise<SyncTrendPoint[]> {
  requireAdmin(ctx);
  const { limit } = parseInput(syncTrendsQuerySchema, input);
  const rows = await ctx.db
    .select()
    .from(jobRuns)
    .where(and(eq(jobRuns.job, SYNC_LDAP_JOB), ne(jobRuns.status, "running")))
    .orderBy(desc(jobRuns.startedAt))
    .limit(limit);
  return rows.reverse().map((row) => {
    const run = toRunSummary(row);
    return {
      id: run.id,
      startedAt: run.startedAt,
      durationMs: run.durationMs ?? 0,
      changes: changeCount(run.summary),
      status: run.status === "failed" ? "failed" : "succeeded",
      stoppedByGuard: run.removalGuard !== null,
    };
  });
}
