import { auditEventLabel } from "@/lib/audit/events";
import type { AuditEntryView } from "@/lib/audit/list";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";

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
      <TableHeader>
        <TableRow>
          <TableHead>When (UTC)</TableHead>
          <TableHead>Event</TableHead>
          <TableHead>Actor</TableHead>
          <TableHead>Target</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead>Client</TableHead>
          <TableHead>Details</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.length === 0 && <TableEmpty colSpan={7}>{emptyText}</TableEmpty>}
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell className="whitespace-nowrap">{entry.at.toISOString().replace("T", " ").slice(0, 19)}</TableCell>
            <TableCell>{auditEventLabel(entry.event)}</TableCell>
            <TableCell>{actorText(entry)}</TableCell>
            <TableCell>{entry.targetName ?? entry.targetId ?? ""}</TableCell>
            <TableCell>
              <Badge variant={entry.outcome === "success" ? "success" : "danger"}>{entry.outcome === "success" ? "Success" : "Failure"}</Badge>
            </TableCell>
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
