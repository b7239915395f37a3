// "Send login links" from the users list: whom, how long the links live, and whom to skip as invited
// recently. Client-safe: the dialog and the verb share it.
import { z } from "zod";
import { loginLinkTtlSchema } from "@/lib/auth/schema";
import { withoutNul } from "@/lib/security/text";
import { USER_ROLES, USER_SOURCES, USER_STATUSES } from "@/lib/users/schema";

/** "Skip users e-mailed a login link within …" choices, in hours (0: skip nobody). */
export const INVITE_SKIP_PERIODS = [
  { hours: 24, label: "the last day" },
  { hours: 168, label: "the last week" },
  { hours: 720, label: "the last 30 days" },
  { hours: 0, label: "never: send to everyone again" },
] as const;

export const BULK_SELECTION_MAX = 1000;

export const bulkInviteSchema = z.object({
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("selection"), userIds: z.array(z.uuid({ error: "Unknown user" })).min(1, { error: "Select at least one user" }).max(BULK_SELECTION_MAX) }),
    /** Everyone the users list's search and filters show who has no passkey yet. */
    z.object({
      kind: z.literal("filter"),
      q: z.string().trim().max(100).transform(withoutNul).default(""),
      source: z.enum(USER_SOURCES).optional(),
      status: z.enum(USER_STATUSES).optional(),
      role: z.enum(USER_ROLES).optional(),
    }),
  ]),
  ttlMinutes: loginLinkTtlSchema,
  skipInvitedWithinHours: z.coerce.number().refine((value) => INVITE_SKIP_PERIODS.some((period) => period.hours === value), { error: "Choose one of the offered periods" }),
});
export type BulkInviteInput = z.input<typeof bulkInviteSchema>;

export const bulkRunSchema = z.uuid({ error: "Unknown run" });

export type SkipReason = "no_email" | "disabled" | "invited_recently";

/** The job's report (job_runs.stats): counts, then who was skipped or failed and why. */
export interface BulkInviteReport {
  total: number;
  sent: number;
  skipped: number;
  failed: number;
  skippedNoEmail: number;
  skippedDisabled: number;
  skippedInvitedRecently: number;
  /** At most REPORT_LIST_MAX of each; the counts are exact. */
  skippedUsers: Array<{ username: string; reason: SkipReason }>;
  failures: Array<{ username: string; email: string; reason: string }>;
}

export interface BulkInviteRun {
  id: string;
  status: "running" | "succeeded" | "failed";
  /** While running: total, processed, sent, skipped, failed. */
  progress: Partial<Record<"total" | "processed" | "sent" | "skipped" | "failed", number>>;
  report: BulkInviteReport | null;
  error: string | null;
}
