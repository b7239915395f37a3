// Job runs as the API returns them and the UI shows them. Client-safe: no server imports.

export type JobRunState = "running" | "succeeded" | "failed";

export interface SkippedEntry {
  dn: string;
  reason: string;
}

/** A group member value that resolved to no synced user. */
export interface DanglingMember {
  group: string;
  member: string;
  reason: string;
}

/** Why the removal guard stopped a run; an administrator may repeat it with force. */
export interface RemovalGuardStop {
  message: string;
}

export interface JobRunSummary {
  id: string;
  job: string;
  trigger: string;
  status: JobRunState;
  startedAt: string;
  finishedAt: string | null;
  /** null while the run is still running. */
  durationMs: number | null;
  /** The report's top-level counts (usersCreated, groupsDeleted, rowsWritten, ...). */
  summary: Record<string, number>;
  /** How many entries the run skipped (details in the run's report). */
  skippedCount: number;
  error: string | null;
  /** Live progress while running: { stage, usersFetched, groupsFetched }. Empty once finished. */
  progress: Record<string, unknown>;
  removalGuard: RemovalGuardStop | null;
  /** The run overrode the removal guard ("Sync anyway", --force, ?force=true). */
  forced: boolean;
}

export interface JobRunDetail extends JobRunSummary {
  /** The full report as the job recorded it. */
  stats: Record<string, unknown>;
  skipped: SkippedEntry[];
  dangling: DanglingMember[];
  /** Synced entries with a part left out (e.g. an oversized profile picture). */
  warnings: SkippedEntry[];
  /** Milliseconds per stage. */
  timingsMs: Record<string, number>;
}

/** One finished run as the sync trends chart draws it (oldest first). */
export interface SyncTrendPoint {
  id: string;
  startedAt: string;
  durationMs: number;
  /** changeCount() of the run's report. */
  changes: number;
  status: "succeeded" | "failed";
  /** Stopped by the removal guard (a failure that changed nothing). */
  stoppedByGuard: boolean;
}

export interface LdapSyncStatus {
  ldapEnabled: boolean;
  intervalSeconds: number;
  /** When the scheduler will next start a sync (it checks every 30 s); null when LDAP is off or none ran yet. */
  nextSyncAt: string | null;
  running: JobRunSummary | null;
  lastSuccess: JobRunSummary | null;
  /** Newest first. */
  runs: JobRunSummary[];
}

/** The report counts that describe a change (usersCreated, membershipsRemoved, claimsSet, ...). */
export const CHANGE_COUNT = /^(users|groups|memberships|claims)(Created|Updated|Enabled|Disabled|Deleted|Added|Removed|Set)$/;

/** How many changes a run made: the sum of its change counts. */
export function changeCount(summary: Record<string, number>): number {
  let total = 0;
  for (const [key, value] of Object.entries(summary)) if (CHANGE_COUNT.test(key)) total += value;
  return total;
}
