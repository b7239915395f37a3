// Domain verbs behind "Sync now", the cron endpoint and the sync status UI. Each authorises itself.
import { and, desc, eq } from "drizzle-orm";
import { jobRuns } from "@/lib/db/schema";
import { getSettings } from "@/lib/config";
import { syncIntervalSeconds } from "@/lib/config/settings";
import { requireAdmin } from "@/lib/auth/authorize";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/http/result";
import type { AppContext } from "@/lib/context";
import { JOBS } from "./registry";
import { launchJob } from "./runner";
import { toRunDetail, toRunSummary } from "./run-report";
import { jobRunsQuerySchema, syncLdapInputSchema, type SyncLdapInput } from "./schema";
import { SYNC_LDAP_JOB } from "@/lib/ldap/job";
import type { JobRunDetail, LdapSyncStatus } from "./types";

/**
 * Starts a sync in the background and returns its run id at once. Throws JobAlreadyRunningError
 * (a ConflictError carrying the running run's id) when any replica is already syncing.
 */
export async function startLdapSync(input: SyncLdapInput, ctx: AppContext): Promise<{ runId: string }> {
  requireAdmin(ctx);
  const { force, trigger } = parseInput(syncLdapInputSchema, input);
  const { values } = await getSettings(ctx);
  if (!values.LDAP_ENABLED) throw new ConflictError("LDAP is disabled: enable it and save the configuration before syncing.");
  const runId = await launchJob(SYNC_LDAP_JOB, trigger, ctx, (handle) => JOBS.SyncLdap({ force }, ctx, handle));
  return { runId };
}

/** The current run, the last success and the latest runs: what the LDAP card polls. */
export async function getLdapSyncStatus(input: { limit?: number }, ctx: AppContext): Promise<LdapSyncStatus> {
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
export async function getJobRun(input: { runId?: string }, ctx: AppContext): Promise<JobRunDetail> {
  requireAdmin(ctx);
  const { runId } = parseInput(jobRunsQuerySchema, input);
  const [row] = runId ? await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, runId)) : [];
  if (!row) throw new NotFoundError("No such job run.");
  return toRunDetail(row);
}
