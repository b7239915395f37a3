// Wording for job runs: counts, stages, durations. Client-safe.
import { CHANGE_COUNT, type JobRunSummary } from "@/lib/ldap/run-types";

/** "usersCreated" -> "Users created". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
}

export function formatInterval(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "day" : `${seconds / 86_400} days`;
  if (seconds % 3_600 === 0) return seconds === 3_600 ? "hour" : `${seconds / 3_600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

export const TRIGGER_LABELS: Record<string, string> = {
  startup: "Startup",
  schedule: "Schedule",
  manual: "Sync now",
  api: "API",
  cli: "CLI",
};


/** Change counts ("unchanged", "fetched" and totals are left to the detail view) as "Users: 3 created, 1 disabled · Groups: 2 created · 1 skipped", or "No changes". */
export function changesLine(run: Pick<JobRunSummary, "summary" | "skippedCount" | "forced">): string {
  const byEntity = new Map<string, string[]>();
  for (const [key, value] of Object.entries(run.summary)) {
    const match = CHANGE_COUNT.exec(key);
    if (!match || value === 0) continue;
    const [, entity, verb] = match;
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), `${value} ${verb.toLowerCase()}`]);
  }
  const parts = [...byEntity].map(([entity, changes]) => `${humanize(entity)}: ${changes.join(", ")}`);
  if (parts.length === 0) parts.push("No changes");
  if (run.skippedCount) parts.push(`${run.skippedCount} skipped`);
  const line = parts.join(" · ");
  return run.forced ? `${line} (forced)` : line;
}

/** "Fetching users · 120 users fetched · 14 groups fetched" from the run's live progress. */
export function progressLine(progress: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof progress.stage === "string" && progress.stage) parts.push(humanize(progress.stage));
  if (typeof progress.usersFetched === "number") parts.push(`${progress.usersFetched} users fetched`);
  if (typeof progress.groupsFetched === "number") parts.push(`${progress.groupsFetched} groups fetched`);
  return parts.length ? parts.join(" · ") : "Starting";
}

const ENTITY_ORDER = ["users", "groups", "memberships", "claims"];
const VERB_ORDER = ["Fetched", "Created", "Updated", "Enabled", "Disabled", "Deleted", "Added", "Removed", "Set", "Unchanged", "Skipped"];
const STAGE_ORDER = ["connect", "fetchUsers", "fetchGroups", "reconcile", "pictures", "write", "indexes", "statistics", "total"];

function rank(list: string[], value: string): number {
  const index = list.indexOf(value);
  return index === -1 ? list.length : index;
}

/** Report counts in reading order: users, groups, memberships (fetched, created, ...), then the rest. */
export function orderCounts(entries: [string, number][]): [string, number][] {
  const key = ([name]: [string, number]) => {
    const match = /^(users|groups|memberships|claims)([A-Z]\w*)$/.exec(name);
    return match ? [rank(ENTITY_ORDER, match[1]), rank(VERB_ORDER, match[2])] : [ENTITY_ORDER.length, 0];
  };
  return [...entries].sort((a, b) => {
    const [ea, va] = key(a);
    const [eb, vb] = key(b);
    return ea - eb || va - vb || a[0].localeCompare(b[0]);
  });
}

/** Stage timings in the order the stages run, the total last. */
export function orderTimings(entries: [string, number][]): [string, number][] {
  return [...entries].sort((a, b) => rank(STAGE_ORDER, a[0]) - rank(STAGE_ORDER, b[0]) || a[0].localeCompare(b[0]));
}
