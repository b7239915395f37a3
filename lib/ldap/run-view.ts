// SyncLdap job_runs rows -> what the API and the UI show. The report (stats) is what the job recorded
// (LdapSyncReport for SyncLdap); it is read defensively because old rows may predate a field.
import type { JobRun } from "@/lib/db/schema";
import type { DanglingMember, JobRunDetail, JobRunSummary, RemovalGuardStop, SkippedEntry } from "./run-types";

type Stats = Record<string, unknown>;

export function toRunSummary(row: JobRun): JobRunSummary {
  const stats: Stats = row.stats ?? {};
  const counts = countsOf(stats);
  return {
    id: row.id,
    job: row.job,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    summary: counts,
    // The listed entries are capped; the counts are complete.
    skippedCount: Math.max(listOf(stats.skipped).length, (counts.usersSkipped ?? 0) + (counts.groupsSkipped ?? 0)),
    error: row.error,
    progress: row.status === "running" ? (row.progress ?? {}) : {},
    removalGuard: row.status === "failed" ? removalGuardOf(stats, row.error) : null,
    forced: stats.forced === true,
  };
}

export function toRunDetail(row: JobRun): JobRunDetail {
  const stats: Stats = row.stats ?? {};
  return {
    ...toRunSummary(row),
    stats,
    skipped: listOf(stats.skipped).map(entryOf),
    dangling: listOf(stats.dangling).map((item) => ({ group: String(item.group ?? ""), member: String(item.member ?? ""), reason: String(item.reason ?? "") }) satisfies DanglingMember),
    warnings: listOf(stats.warnings).map(entryOf),
    timingsMs: countsOf(typeof stats.timingsMs === "object" && stats.timingsMs !== null ? (stats.timingsMs as Stats) : {}),
  };
}

function countsOf(stats: Stats): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(stats)) if (typeof value === "number" && Number.isFinite(value)) counts[key] = value;
  return counts;
}

function listOf(value: unknown): Stats[] {
  return Array.isArray(value) ? value.filter((item): item is Stats => typeof item === "object" && item !== null) : [];
}

function entryOf(item: Stats): SkippedEntry {
  return { dn: String(item.dn ?? ""), reason: String(item.reason ?? "") };
}

/** The sync engine sets stoppedByGuard when its removal guard stopped the run; the error says why. */
function removalGuardOf(stats: Stats, error: string | null): RemovalGuardStop | null {
  if (stats.stoppedByGuard !== true) return null;
  return { message: error ?? "The removal guard stopped this sync." };
}
