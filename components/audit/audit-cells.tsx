import { auditEventLabel } from "@/lib/audit/events";
import type { AuditEntryView } from "@/lib/audit/list";
import { Badge } from "@/components/ui/badge";
import { TableCell } from "@/components/ui/table";

/** The cells every audit listing starts with or ends with: when, what, and how it ended. */
export function WhenCell({ at }: { at: Date }) {
  return <TableCell className="whitespace-nowrap">{at.toISOString().replace("T", " ").slice(0, 19)}</TableCell>;
}

export function EventCell({ event }: { event: string }) {
  return <TableCell>{auditEventLabel(event)}</TableCell>;
}

export function OutcomeCell({ outcome }: { outcome: AuditEntryView["outcome"] }) {
  return (
    <TableCell>
      <Badge variant={outcome === "success" ? "success" : "danger"}>{outcome === "success" ? "Success" : "Failure"}</Badge>
    </TableCell>
  );
}
