"use client";

import { LocalTime } from "@/components/auth/local-time";
import { FormAlert } from "@/components/ui/form-alert";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { JobRunDetail } from "@/lib/ldap/run-types";
import { formatDuration, humanize, orderCounts, orderTimings, progressLine, TRIGGER_LABELS } from "./format";
import { RunStatusBadge } from "./run-status-badge";
import { useJobRun } from "./sync-queries";

/** One run's report: result, counts, timings, errors and every skipped entry with its reason. */
export function SyncRunDialog({ runId, onClose }: { runId: string | null; onClose(): void }) {
  const { data: run, error, isPending } = useJobRun(runId);
  return (
    <Dialog open={runId !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent title="Sync report" description="What this run fetched, changed and skipped." className="max-w-3xl">
        {error ? (
          <FormAlert>{error.message}</FormAlert>
        ) : isPending || !run ? (
          <Spinner label="Loading the report" />
        ) : (
          <RunReport run={run} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function RunReport({ run }: { run: JobRunDetail }) {
  return (
    <div className="grid gap-5 text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
        <dt className="text-muted-foreground">Result</dt>
        <dd>
          <RunStatusBadge run={run} />
          {run.forced && <span className="ml-2 text-muted-foreground">(removal guard overridden)</span>}
        </dd>
        <dt className="text-muted-foreground">Trigger</dt>
        <dd>{TRIGGER_LABELS[run.trigger] ?? run.trigger}</dd>
        <dt className="text-muted-foreground">Started</dt>
        <dd>
          <LocalTime iso={run.startedAt} />
        </dd>
        <dt className="text-muted-foreground">{run.status === "running" ? "Progress" : "Duration"}</dt>
        <dd>{run.status === "running" ? progressLine(run.progress) : formatDuration(run.durationMs)}</dd>
      </dl>

      {run.error && <FormAlert>{run.error}</FormAlert>}
      {run.removalGuard && (
        <p className="text-muted-foreground">If the directory change is intended, use &ldquo;Sync anyway&rdquo; on the LDAP card.</p>
      )}

      <ReportSection title="Counts" entries={orderCounts(Object.entries(run.summary))} unit="" />
      <ReportSection title="Timings" entries={orderTimings(Object.entries(run.timingsMs))} unit=" ms" />

      <EntryTable
        title="Skipped entries"
        total={run.skippedCount}
        empty="No entry was skipped."
        columns={["DN", "Reason"]}
        rows={run.skipped.map((entry) => [entry.dn, entry.reason])}
      />
      {run.dangling.length > 0 && (
        <EntryTable
          title="Unresolved group members"
          total={run.summary.danglingMembers ?? run.dangling.length}
          empty=""
          columns={["Group", "Member", "Reason"]}
          rows={run.dangling.map((item) => [item.group, item.member, item.reason])}
        />
      )}
      {run.warnings.length > 0 && (
        <EntryTable
          title="Warnings"
          total={run.warnings.length}
          empty=""
          columns={["DN", "Warning"]}
          rows={run.warnings.map((entry) => [entry.dn, entry.reason])}
        />
      )}
    </div>
  );
}

/** A titled list of DNs with reasons; long reports are capped by the job, `total` is the full count. */
function EntryTable({ title, total, empty, columns, rows }: { title: string; total: number; empty: string; columns: string[]; rows: string[][] }) {
  return (
    <section className="grid gap-2">
      <h3 className="font-medium">
        {title} ({total})
      </h3>
      {rows.length === 0 ? (
        <p className="text-muted-foreground">{empty}</p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              {columns.map((column) => (
                <TableHead key={column}>{column}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((cells, index) => (
              <TableRow key={index}>
                {cells.map((cell, column) => (
                  <TableCell key={column} className={column < cells.length - 1 ? "font-mono text-xs break-all" : undefined}>
                    {cell}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {total > rows.length && rows.length > 0 && <p className="text-muted-foreground">Only the first {rows.length} are listed.</p>}
    </section>
  );
}

function ReportSection({ title, entries, unit }: { title: string; entries: [string, number][]; unit: string }) {
  if (entries.length === 0) return null;
  return (
    <section className="grid gap-2">
      <h3 className="font-medium">{title}</h3>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3">
        {entries.map(([key, value]) => (
          <div key={key} className="flex justify-between gap-2 border-b border-dashed py-1">
            <dt className="text-muted-foreground">{humanize(key)}</dt>
            <dd className="tabular-nums">
              {value.toLocaleString()}
              {unit}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
