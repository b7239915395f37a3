// What the LDAP card polls and `GET /api/jobs/sync-ldap` answers: the sync's runs and their
// reports. Each verb authorises itself.
import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { jobRuns } from "@/lib/db/schema";
import { getSettings } from "@/lib/config";
import { syncIntervalSeconds } from "@/lib/config/settings";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import type { AppContext } from "@/lib/context";
import { SYNC_LDAP_JOB } from "./job";
import { jobRunsQuerySchema, type JobRunsQuery } from "./job-schema";
import { toRunDetail, toRunSummary } from "./run-view";
import type { JobRunDetail, LdapSyncStatus } from "./run-types";

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
