// The report of one sync run: stored as job_runs.stats, printed by the CLI, shown by the sync UI.
// Client-safe (types and pure helpers only). Top-level numbers also end up in the job's log line.
import "server-only";
import { escapeControls } from "@/lib/security/text";

export interface ReportEntry {
  dn: string;
  reason: string;
}

export interface ReportDangling {
  group: string;
  member: string;
  reason: string;
}

export type SyncStage = "connecting" | "fetching users" | "fetching groups" | "reconciling" | "processing pictures" | "writing" | "indexing" | "done";

// A type alias (not an interface) so it is assignable to the runner's Record<string, unknown>.
export type LdapSyncReport = {
  usersFetched: number;
  usersCreated: number;
  usersUpdated: number;
  usersDisabled: number;
  usersDeleted: number;
  usersEnabled: number;
  usersUnchanged: number;
  usersSkipped: number;
  groupsFetched: number;
  groupsCreated: number;
  groupsUpdated: number;
  groupsDeleted: number;
  groupsUnchanged: number;
  groupsSkipped: number;
  membershipsAdded: number;
  membershipsRemoved: number;
  /** Custom claims from LDAP_CUSTOM_CLAIMS written (new or changed values) and removed. */
  claimsSet: number;
  claimsRemoved: number;
  danglingMembers: number;
  /** Rows inserted, updated or deleted (0 when nothing changed: no statement ran). */
  rowsWritten: number;
  /** true when the removal guard was overridden. */
  forced: boolean;
  /** true when the removal guard stopped the run (the UI then offers "Sync anyway"). */
  stoppedByGuard: boolean;
  /** Entries that were not synced (first REPORT_LIST_LIMIT; the counts are complete). */
  skipped: ReportEntry[];
  /** Member values that resolved to no synced user (first REPORT_LIST_LIMIT). */
  dangling: ReportDangling[];
  /** Synced entries with a part left out (a profile picture over 2 MB, undecodable, or whose URL failed). */
  warnings: ReportEntry[];
  /** Milliseconds per stage. */
  timingsMs: { connect: number; fetchUsers: number; fetchGroups: number; reconcile: number; pictures: number; write: number; indexes: number; statistics: number; total: number };
};

/** Lists in a report are capped so a broken directory cannot bloat job_runs. */
export const REPORT_LIST_LIMIT = 1000;

export function emptyReport(forced = false): LdapSyncReport {
  return {
    usersFetched: 0, usersCreated: 0, usersUpdated: 0, usersDisabled: 0, usersDeleted: 0, usersEnabled: 0, usersUnchanged: 0, usersSkipped: 0,
    groupsFetched: 0, groupsCreated: 0, groupsUpdated: 0, groupsDeleted: 0, groupsUnchanged: 0, groupsSkipped: 0,
    membershipsAdded: 0, membershipsRemoved: 0, claimsSet: 0, claimsRemoved: 0, danglingMembers: 0, rowsWritten: 0, forced, stoppedByGuard: false,
    skipped: [], dangling: [], warnings: [],
    timingsMs: { connect: 0, fetchUsers: 0, fetchGroups: 0, reconcile: 0, pictures: 0, write: 0, indexes: 0, statistics: 0, total: 0 },
  };
}

/** Appends to a capped list. */
export function pushCapped<T>(list: T[], item: T): void {
  if (list.length < REPORT_LIST_LIMIT) list.push(item);
}

/** Human-readable summary lines (CLI output): counts, skipped entries, then the first few unresolved members and warnings. */
export function formatReport(report: LdapSyncReport, detailLimit = 20): string[] {
  const lines = [
    `Users:  ${report.usersFetched} fetched, ${report.usersCreated} created, ${report.usersUpdated} updated, ${report.usersEnabled} enabled, ` +
      `${report.usersDisabled} disabled, ${report.usersDeleted} deleted, ${report.usersUnchanged} unchanged, ${report.usersSkipped} skipped`,
    `Groups: ${report.groupsFetched} fetched, ${report.groupsCreated} created, ${report.groupsUpdated} updated, ${report.groupsDeleted} deleted, ` +
      `${report.groupsUnchanged} unchanged, ${report.groupsSkipped} skipped`,
    `Memberships: ${report.membershipsAdded} added, ${report.membershipsRemoved} removed; ${report.danglingMembers} member values not resolved`,
    `Claims: ${report.claimsSet} set, ${report.claimsRemoved} removed`,
    `Rows written: ${report.rowsWritten}${report.forced ? " (forced)" : ""}; took ${report.timingsMs.total} ms`,
  ];
  const listed = (title: string, total: number, items: string[]) => {
    if (total === 0) return;
    lines.push(`${title}:`, ...items.map((item) => `  ${item}`));
    if (total > items.length) lines.push(`  ... and ${total - items.length} more`);
  };
  // DNs and member values come from the directory: control characters are shown escaped, not sent to the terminal.
  listed("Skipped entries", report.usersSkipped + report.groupsSkipped, report.skipped.map((s) => `${escapeControls(s.dn)}: ${s.reason}`));
  listed("Unresolved members", report.danglingMembers, report.dangling.slice(0, detailLimit).map((d) => escapeControls(`${d.group}: ${d.member} (${d.reason})`)));
  listed("Warnings", report.warnings.length, report.warnings.slice(0, detailLimit).map((w) => `${escapeControls(w.dn)}: ${w.reason}`));
  return lines;
}
