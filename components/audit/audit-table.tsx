import type { AuditEntryView } from "@/lib/audit/list";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import { EventCell, OutcomeCell, WhenCell } from "./audit-cells";

function actorText(entry: AuditEntryView): string {
  if (entry.actorKind === "system") return "System";
  if (entry.actorKind === "anonymous") return "Anonymous";
  return entry.actorUsername ?? "Deleted user";
}

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join("; ");
}

export function AuditTable({ entries, emptyText }: { entries: AuditEntryView[]; emptyText: string }) {
  return (
    <Table aria-label="Audit log">
      <TableColumns columns={["When (UTC)", "Event", "Actor", "Target", "Outcome", "Client", "Details"]} />
      <TableBody>
        {entries.length === 0 && <TableEmpty colSpan={7}>{emptyText}</TableEmpty>}
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <WhenCell at={entry.at} />
            <EventCell event={entry.event} />
            <TableCell>{actorText(entry)}</TableCell>
            <TableCell>{entry.targetName ?? entry.targetId ?? ""}</TableCell>
            <OutcomeCell outcome={entry.outcome} />
            <TableCell className="max-w-48 truncate" title={entry.userAgent ?? undefined}>
              {entry.clientAddress ?? ""}
            </TableCell>
            <TableCell className="max-w-72 text-xs break-words text-muted-foreground">
              {detailsText(entry.details)}
              {entry.jobRunId && ` (run ${entry.jobRunId})`}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
