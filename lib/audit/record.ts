// Writes audit_log rows. A verb calls recordAudit with its transaction's context ({ ...ctx, db: tx }),
// so the row commits or rolls back with the change it describes. Details carry names and counts,
// never secret values.
import "server-only";
import { sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import { auditLog, users, type AuditOutcome } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import type { AuditEvent } from "./events";

export type AuditTargetType = "user" | "group" | "config" | "ldap" | "oidc_client";

export interface AuditEntry {
  event: AuditEvent;
  target?: { type: AuditTargetType; id?: string | null; name?: string | null };
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
  jobRunId?: string | null;
  /** Who acted when the context has no actor yet: the user a sign-in is for. */
  actorUserId?: string;
}

const USER_AGENT_MAX = 500;

function actorOf(entry: AuditEntry, ctx: AppContext) {
  if (entry.actorUserId) return { kind: "user" as const, userId: entry.actorUserId };
  if (!ctx.actor) return { kind: "anonymous" as const, userId: null };
  return { kind: ctx.actor.kind, userId: ctx.actor.userId };
}

/** Audit rows in one statement, in `ctx.db` (the caller's transaction when it passes one). */
export async function recordAudit(entries: AuditEntry | AuditEntry[], ctx: AppContext): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length) await ctx.db.insert(auditLog).values(list.map((entry) => auditRow(entry, ctx)));
}

function auditRow(entry: AuditEntry, ctx: AppContext): PgInsertValue<typeof auditLog> {
  const actor = actorOf(entry, ctx);
  return {
    event: entry.event,
    actorUserId: actor.userId,
    // The name as it was when the event happened; it survives renames and deletion.
    actorUsername: actor.userId ? sql`(select ${users.username} from ${users} where ${users.id} = ${actor.userId})` : null,
    actorKind: actor.kind,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    targetName: entry.target?.name ?? null,
    clientAddress: ctx.request?.ipAddress ?? null,
    userAgent: ctx.request?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
    outcome: entry.outcome ?? "success",
    details: entry.details ?? {},
    jobRunId: entry.jobRunId ?? null,
  };
}
