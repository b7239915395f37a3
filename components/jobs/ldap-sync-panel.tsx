"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import dynamic from "next/dynamic";
import { useQueryClient } from "@tanstack/react-query";
import { LocalTime } from "@/components/auth/local-time";
import { FormAlert } from "@/components/ui/form-alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";
import type { LdapSyncStatus } from "@/lib/ldap/run-types";
import { syncLdapNowAction } from "@/app/settings/admin/application-configuration/actions";
import { changesLine, formatInterval, progressLine } from "./format";
import { JobsQueryProvider } from "./query-provider";
import { RemovalGuardAlert } from "./removal-guard-alert";
import { SyncHistoryTable } from "./sync-history-table";
import { syncStatusKey, useLdapSyncStatus, useLdapSyncTrends } from "./sync-queries";
import { SyncRunDialog } from "./sync-run-dialog";

// The chart library is only fetched once there is something to draw.
const SyncTrendsChart = dynamic(() => import("./sync-trends-chart"), { ssr: false, loading: () => <Spinner label="Loading sync trends" /> });

/**
 * The LDAP card's sync section: "Sync now", the running sync's live progress, the last successful
 * sync, a chart of the recent runs, recent runs with their reports, and "Sync anyway" after the removal guard stopped a run.
 */
export function LdapSyncPanel({ ldapEnabled }: { ldapEnabled?: boolean }) {
  return (
    <JobsQueryProvider>
      <div className="grid gap-4">
        <div>
          <h3 className="text-sm font-semibold">Sync</h3>
          <p className="mt-1 text-sm text-muted-foreground">
            Users and groups are synced a few seconds after the server starts and then on the interval set above.
          </p>
        </div>
        <SyncPanel ldapEnabled={ldapEnabled} />
      </div>
    </JobsQueryProvider>
  );
}

function SyncPanel({ ldapEnabled }: { ldapEnabled?: boolean }) {
  const queryClient = useQueryClient();
  const { data: status, error } = useLdapSyncStatus();
  const [starting, setStarting] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  const watchRun = useFinishedRunToast(status);
  // The page re-renders with the saved settings after LDAP is switched on or off: refresh at once.
  const shownEnabled = useRef(ldapEnabled);
  useEffect(() => {
    if (shownEnabled.current === ldapEnabled) return;
    shownEnabled.current = ldapEnabled;
    void queryClient.invalidateQueries({ queryKey: syncStatusKey });
  }, [ldapEnabled, queryClient]);

  async function start(force: boolean): Promise<boolean> {
    setStarting(true);
    try {
      const result = await syncLdapNowAction({ force });
      if (result.ok) watchRun(result.data.runId);
      await queryClient.invalidateQueries({ queryKey: syncStatusKey });
      if (!result.ok) {
        const refused = result.code === "already_running" || result.code === "ldap_disabled";
        toast.error(refused ? "Sync not started" : "Sync failed to start", result.message);
        return false;
      }
      toast({ title: "Sync started", description: "Progress shows below." });
      return true;
    } finally {
      setStarting(false);
    }
  }

  if (error && !status) return <FormAlert>Sync status unavailable: {error.message}</FormAlert>;
  if (!status) return <Spinner label="Loading sync status" />;

  const latest = status.runs[0];
  const guardStop = !status.running && latest?.removalGuard ? latest : null;
  return (
    <div className="grid gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <SyncSummary status={status} />
        <Button type="button" onClick={() => start(false)} loading={starting || status.running !== null} disabled={!status.ldapEnabled}>
          Sync now
        </Button>
      </div>

      <div role="status" aria-live="polite" className="text-sm">
        {status.running && (
          <p className="flex items-center gap-2 rounded-md border bg-muted/40 px-3 py-2">
            <Spinner />
            <span>
              Sync running: <span data-testid="sync-progress">{progressLine(status.running.progress)}</span>
            </span>
          </p>
        )}
      </div>

      {guardStop && <RemovalGuardAlert run={guardStop} onForce={() => start(true)} />}
      {!guardStop && !status.running && latest?.status === "failed" && <FormAlert>The last sync failed: {latest.error}</FormAlert>}

      <SyncTrends status={status} />
      <SyncHistoryTable runs={status.runs} onView={setViewing} />
      <SyncRunDialog runId={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}

/** Duration and changes of the recent finished runs; redrawn whenever another run finishes. */
function SyncTrends({ status }: { status: LdapSyncStatus }) {
  const latestFinished = status.runs.find((run) => run.status !== "running")?.id ?? null;
  const { data: points } = useLdapSyncTrends(latestFinished);
  if (!latestFinished || !points?.length) return null;
  return <SyncTrendsChart points={points} />;
}

function SyncSummary({ status }: { status: LdapSyncStatus }) {
  if (!status.ldapEnabled) {
    return <p className="text-sm text-muted-foreground">LDAP is disabled. Enable it and save to sync users and groups.</p>;
  }
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <dt className="text-muted-foreground">Last successful sync</dt>
      <dd data-testid="last-successful-sync">{status.lastSuccess ? <LocalTime iso={status.lastSuccess.finishedAt ?? status.lastSuccess.startedAt} /> : "Never"}</dd>
      <dt className="text-muted-foreground">Schedule</dt>
      <dd>
        Every {formatInterval(status.intervalSeconds)}
        {status.nextSyncAt && !status.running && (
          <>
            , next around <LocalTime iso={status.nextSyncAt} />
          </>
        )}
      </dd>
    </dl>
  );
}

/**
 * A toast when a run this page watched finishes: one it started, or one it saw running (whoever
 * started it). Returns `watch(runId)` for runs started here, which may finish before any poll.
 */
function useFinishedRunToast(status: LdapSyncStatus | undefined): (runId: string) => void {
  const watching = useRef<string | null>(null);
  useEffect(() => {
    if (!status) return;
    const watched = watching.current && status.runs.find((run) => run.id === watching.current);
    if (watched && watched.status !== "running") {
      watching.current = null;
      if (watched.status === "succeeded") toast.success("Sync finished", changesLine(watched));
      else toast.error("Sync failed", watched.error ?? undefined);
    }
    if (status.running) watching.current = status.running.id;
  }, [status]);
  return useCallback((runId: string) => void (watching.current = runId), []);
}
