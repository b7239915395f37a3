"use client";

import { LocalTime } from "@/components/auth/local-time";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { JobRunSummary } from "@/lib/ldap/run-types";
import { changesLine, formatDuration, TRIGGER_LABELS } from "./format";
import { RunStatusBadge } from "./run-status-badge";

/** Recent runs, newest first; "View" opens one run's report. */
export function SyncHistoryTable({ runs, onView }: { runs: JobRunSummary[]; onView(runId: string): void }) {
  return (
    <Table>
      <TableCaption>Recent syncs</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Started</TableHead>
          <TableHead>Trigger</TableHead>
          <TableHead>Duration</TableHead>
          <TableHead>Result</TableHead>
          <TableHead>Changes</TableHead>
          <TableHead>
            <span className="sr-only">Details</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.length === 0 && <TableEmpty colSpan={6}>No sync has run yet.</TableEmpty>}
        {runs.map((run) => (
          <TableRow key={run.id} data-run-id={run.id}>
            <TableCell className="whitespace-nowrap">
              <LocalTime iso={run.startedAt} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{TRIGGER_LABELS[run.trigger] ?? run.trigger}</TableCell>
            <TableCell className="whitespace-nowrap tabular-nums">{formatDuration(run.durationMs)}</TableCell>
            <TableCell>
              <RunStatusBadge run={run} />
            </TableCell>
            <TableCell className="min-w-48 text-muted-foreground">
              {run.status === "failed" ? <span className="line-clamp-2 text-destructive" title={run.error ?? undefined}>{run.error}</span> : run.status === "running" ? "—" : changesLine(run)}
            </TableCell>
            <TableCell className="text-right">
              <Button type="button" variant="ghost" size="sm" onClick={() => onView(run.id)}>
                View report
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
