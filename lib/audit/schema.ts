// Client-safe: the audit page's URL state (filters and paging cursor), parsed by the verb.
import { z } from "zod";
import { AUDIT_EVENT_NAMES } from "./events";

export const AUDIT_PAGE_SIZE = 50;

const optionalDate = z.preprocess((value) => (value === "" ? undefined : value), z.iso.date("Use a date such as 2026-12-31.").optional());
/** URL parameters arrive as strings, or arrays when repeated: the first one counts. */
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

export const auditLogQuerySchema = z.object({
  user: z.preprocess(first, z.string().trim().max(100, "At most 100 characters.").default("")),
  event: z.preprocess((value) => (first(value) === "" ? undefined : first(value)), z.enum(AUDIT_EVENT_NAMES, "Unknown event.").optional()),
  from: z.preprocess(first, optionalDate),
  to: z.preprocess(first, optionalDate),
  /** Where the next page starts: `<at>|<id>` of the last row shown (keyset paging). */
  before: z.preprocess(first, z.string().max(100).regex(/^[^|]+\|[0-9a-f-]{36}$/, "Invalid page.").optional()),
});
export type AuditLogQueryInput = z.input<typeof auditLogQuerySchema>;
export type AuditLogQuery = z.output<typeof auditLogQuerySchema>;
