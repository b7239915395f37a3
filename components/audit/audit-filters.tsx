import Form from "next/form";
import Link from "next/link";
import { Filter } from "lucide-react";
import { AUDIT_EVENTS } from "@/lib/audit/events";
import type { AuditLogQuery } from "@/lib/audit/schema";
import { Button } from "@/components/ui/button";
import { buttonClassName } from "@/components/ui/button-styles";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

/** A GET form: the filters live in the URL, so a filtered view can be linked and reloaded. */
export function AuditFilters({ action, query }: { action: string; query: Partial<AuditLogQuery> }) {
  const filtered = Boolean(query.user || query.event || query.from || query.to);
  return (
    <Form action={action} role="search" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto_auto] sm:items-end">
      <div className="grid gap-1.5">
        <Label htmlFor="audit-user">User</Label>
        <Input id="audit-user" name="user" defaultValue={query.user ?? ""} placeholder="Username" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-event">Event</Label>
        <Select id="audit-event" name="event" defaultValue={query.event ?? ""}>
          <option value="">All events</option>
          {Object.entries(AUDIT_EVENTS).map(([event, label]) => (
            <option key={event} value={event}>
              {label}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-from">From</Label>
        <Input id="audit-from" name="from" type="date" defaultValue={query.from ?? ""} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="audit-to">To</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={query.to ?? ""} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="outline">
          <Filter aria-hidden="true" />
          Filter
        </Button>
        {filtered && (
          <Link href={action} className={buttonClassName({ variant: "ghost" })}>
            Clear
          </Link>
        )}
      </div>
    </Form>
  );
}
