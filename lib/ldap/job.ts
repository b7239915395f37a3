// The SyncLdap job: runLdapSync under the generic job runner's lease, so every run — scheduled,
// "Sync now", API or CLI — is one job_runs row holding its report, and only one runs at a time.
// Every path goes through syncLdapJob.run: the scheduler directly, the others through the verbs below.
import "server-only";
import { requireAdmin } from "@/lib/auth/authorize";
import { getSettings } from "@/lib/config";
import { syncIntervalSeconds } from "@/lib/config/settings";
import type { AppContext } from "@/lib/context";
import { LdapDisabledError, errorMessage } from "@/lib/errors";
import type { ScheduledJob } from "@/lib/jobs/definition";
import { JobFailedError, launchJob, runJob, type JobHandle, type JobOutcome, type JobTrigger } from "@/lib/jobs/runner";
import { recordAudit } from "@/lib/audit/record";
import { parseInput } from "@/lib/validation";
import { syncLdapInputSchema, type SyncLdapInput } from "./job-schema";
import { runLdapSync } from "./sync";

export const SYNC_LDAP_JOB = "SyncLdap";

const AUDITED_COUNTS = [
  "usersCreated",
  "usersUpdated",
  "usersEnabled",
  "usersDisabled",
  "usersDeleted",
  "groupsCreated",
  "groupsUpdated",
  "groupsDeleted",
  "membershipsAdded",
  "membershipsRemoved",
  "claimsSet",
  "claimsRemoved",
] as const;

/** One run, framed by its started and finished (or stopped-by-the-guard) audit rows. */
function syncBody(ctx: AppContext, force: boolean, onProgress?: (update: Record<string, unknown>) => void) {
  return async (handle: JobHandle) => {
    const jobRunId = handle.runId;
    await recordAudit({ event: "ldap_sync.started", jobRunId, details: { force } }, ctx);
    // A shutdown stops the sync while it only reads (nothing written yet); once it writes, its one
    // transaction runs to its end, so an interrupted run never leaves part of a sync behind.
    try {
      const report = await runLdapSync({ force }, ctx, {
        runId: jobRunId,
        signal: handle.signal,
        progress(update) {
          handle.progress(update);
          onProgress?.(update);
        },
      });
      const counts = Object.fromEntries(AUDITED_COUNTS.map((key) => [key, report[key]]));
      await recordAudit({ event: "ldap_sync.finished", jobRunId, details: counts }, ctx);
      return report;
    } catch (error) {
      const stopped = error instanceof JobFailedError && error.stats.stoppedByGuard === true;
      const event = stopped ? "ldap_sync.stopped" : "ldap_sync.finished";
      // Best effort: the run fails with its own error even when the audit row cannot be written too.
      await recordAudit({ event, jobRunId, outcome: "failure", details: { error: errorMessage(error) } }, ctx).catch((auditError: unknown) =>
        ctx.log.error("The failed sync's audit row was not written", { jobRunId, error: errorMessage(auditError) }),
      );
      throw error;
    }
  };
}

/** Scheduled at startup and every LDAP_SYNC_INTERVAL while LDAP is enabled. */
export const syncLdapJob: ScheduledJob = {
  name: SYNC_LDAP_JOB,
  async schedule(ctx) {
    const { values } = await getSettings(ctx);
    return { enabled: values.LDAP_ENABLED, intervalSeconds: syncIntervalSeconds(values) };
  },
  run: (ctx, handle) => syncBody(ctx, false)(handle),
};

async function refuseWhenDisabled(ctx: AppContext): Promise<void> {
  if (!(await getSettings(ctx)).values.LDAP_ENABLED) throw new LdapDisabledError();
}

/**
 * "Sync now" and `POST /api/jobs/sync-ldap`: starts a sync in the background and returns its run id
 * at once. Throws JobAlreadyRunningError (code already_running, with the running run's id) when any
 * replica is already syncing.
 */
export async function startLdapSync(input: SyncLdapInput, ctx: AppContext): Promise<{ runId: string }> {
  requireAdmin(ctx);
  const { force, trigger } = parseInput(syncLdapInputSchema, input);
  await refuseWhenDisabled(ctx);
  return { runId: await launchJob(SYNC_LDAP_JOB, trigger, ctx, syncBody(ctx, force)) };
}

/** `sync-ldap [--force]`: runs a sync to completion; progress also goes to `onProgress`. */
export async function runLdapSyncJob(
  input: { force?: boolean; trigger: JobTrigger; onProgress?: (update: Record<string, unknown>) => void },
  ctx: AppContext,
): Promise<JobOutcome> {
  requireAdmin(ctx);
  await refuseWhenDisabled(ctx);
  return runJob(SYNC_LDAP_JOB, input.trigger, ctx, syncBody(ctx, input.force === true, input.onProgress));
}
