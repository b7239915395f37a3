import Form from "next/form";
import { AUDIT_EVENTS } from "@/lib/audit/events";
import type { AuditLogQuery } from "@/lib/audit/schema";
import { FilterActions, FilterField, SelectFilter } from "@/components/ui/filter-form";
import { Input } from "@/components/ui/input";

/** A GET form: the filters live in the URL, so a filtered view can be linked and reloaded. */
export function AuditFilters({ action, query }: { action: string; query: Partial<AuditLogQuery> }) {
  const filtered = Boolean(query.user || query.event || query.from || query.to);
  return (
    <Form action={action} role="search" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto_auto] sm:items-end">
      <FilterField id="audit-user" label="User">
        <Input id="audit-user" name="user" defaultValue={query.user ?? ""} placeholder="Username" />
      </FilterField>
      <SelectFilter id="audit-event" name="event" label="Event" all="All events" options={AUDIT_EVENTS} value={query.event} />
      <FilterField id="audit-from" label="From">
        <Input id="audit-from" name="from" type="date" defaultValue={query.from ?? ""} />
      </FilterField>
      <FilterField id="audit-to" label="To">
        <Input id="audit-to" name="to" type="date" defaultValue={query.to ?? ""} />
      </FilterField>
      <FilterActions filtered={filtered} clearHref={action} clearLabel="Clear" />
    </Form>
  );
}
