// The SyncLdap job: runLdapSync under the job runner's lease, so every run — scheduled, "Sync now",
// API or CLI — is one job_runs row holding its report, and only one runs at a time.
import type { AppContext } from "@/lib/context";
import { runJob, type JobOutcome, type JobTrigger } from "@/lib/jobs/runner";
import { runLdapSync, type LdapSyncOptions, type SyncProgress } from "./sync";

export const SYNC_LDAP_JOB = "SyncLdap";

export interface SyncLdapJobOptions extends LdapSyncOptions {
  trigger: JobTrigger;
  /** Also receives every progress update (the CLI prints them). */
  onProgress?: (update: Record<string, unknown>) => void;
}

/** Runs a sync to completion as a job; throws JobAlreadyRunningError when one is running. */
export function syncLdapNow(options: SyncLdapJobOptions, ctx: AppContext): Promise<JobOutcome> {
  return runJob(SYNC_LDAP_JOB, options.trigger, ctx, (handle) => {
    const progress: SyncProgress = {
      progress(update) {
        handle.progress(update);
        options.onProgress?.(update);
      },
    };
    return runLdapSync({ force: options.force }, ctx, progress);
  });
}
