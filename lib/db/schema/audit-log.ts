import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export type AuditActorKind = "user" | "system" | "anonymous";
export type AuditOutcome = "success" | "failure";

/**
 * Who did what to whom, written in the transaction of the action it records. No foreign keys: the
 * history outlives deleted users, groups and job runs (the actor's username is kept beside the id).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    event: text("event").notNull(),
    actorUserId: uuid("actor_user_id"),
    actorUsername: text("actor_username"),
    actorKind: text("actor_kind").$type<AuditActorKind>().notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetName: text("target_name"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    clientAddress: text("client_address"),
    userAgent: text("user_agent"),
    outcome: text("outcome").$type<AuditOutcome>().notNull().default("success"),
    // Names and counts only: never a secret value (see docs/audit-log.md).
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    jobRunId: uuid("job_run_id"),
  },
  (t) => [
    // One per query shape of the audit page (lib/audit/list.ts) and of the retention job. Each ends
    // in the page's order (at desc, id desc), so a filtered page is an index range read in order
    // that stops after one page, whatever the filter matches; the planner then never prefers walking
    // the time index and filtering (slow when the newest rows are a sync's burst of other events).
    index("audit_log_at_idx").on(t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_log_event_at_idx").on(t.event, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_log_actor_at_idx").on(t.actorUserId, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.actorUserId} is not null`),
    index("audit_log_target_at_idx").on(t.targetId, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.targetId} is not null`),
    // A deleted user's events, found by the name recorded with them (case-insensitive).
    index("audit_log_actor_username_at_idx")
      .on(sql`lower(${t.actorUsername})`, t.at.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.actorUsername} is not null`),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
