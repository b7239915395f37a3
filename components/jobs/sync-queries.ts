// Polling the sync state from /api/jobs/sync-ldap (the same endpoint cron callers use).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { JobRunDetail, LdapSyncStatus, SyncTrendPoint } from "@/lib/ldap/run-types";

const ENDPOINT = "/api/jobs/sync-ldap";
/** While a run is going the card refreshes every second; otherwise it still notices scheduled runs. */
const POLL_RUNNING_MS = 1_000;
const POLL_IDLE_MS = 10_000;

export const syncStatusKey = ["jobs", "sync-ldap", "status"] as const;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: "no-store", headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `The server answered ${response.status}.`);
  return body;
}

export function useLdapSyncStatus() {
  return useQuery({
    queryKey: syncStatusKey,
    queryFn: () => getJson<LdapSyncStatus>(`${ENDPOINT}?limit=10`),
    refetchInterval: (query) => (query.state.data?.running ? POLL_RUNNING_MS : POLL_IDLE_MS),
  });
}

export function useJobRun(runId: string | null) {
  return useQuery({
    queryKey: ["jobs", "run", runId],
    queryFn: () => getJson<{ run: JobRunDetail }>(`${ENDPOINT}?runId=${encodeURIComponent(runId!)}`).then((body) => body.run),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data?.status === "running" ? POLL_RUNNING_MS : false),
  });
}

/** Runs the trends chart draws. */
export const TREND_RUNS = 30;

/** The trends chart's points; `latestFinishedRunId` (from the polled status) refetches them when a run finishes. */
export function useLdapSyncTrends(latestFinishedRunId: string | null) {
  return useQuery({
    queryKey: ["jobs", "sync-ldap", "trends", latestFinishedRunId],
    queryFn: () => getJson<{ trends: SyncTrendPoint[] }>(`${ENDPOINT}?view=trends&limit=${TREND_RUNS}`).then((body) => body.trends),
    placeholderData: keepPreviousData,
  });
}
