// Reading the audit log: the admin page (filters, keyset paging, index-backed) and a user's own
// sign-in history on the account page.
import "server-only";
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { auditLog, users, type AuditLogRow } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin, requireUser } from "@/lib/auth/authorize";
import { UnauthenticatedError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { AUDIT_PAGE_SIZE, auditLogQuerySchema, type AuditLogQuery, type AuditLogQueryInput } from "./schema";

export type AuditEntryView = Omit<AuditLogRow, "at"> & { at: Date; cursor: string };

export interface AuditLogPage {
  query: AuditLogQuery;
  entries: AuditEntryView[];
  /** The `before` value of the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const columns = {
  id: auditLog.id,
  event: auditLog.event,
  actorUserId: auditLog.actorUserId,
  actorUsername: auditLog.actorUsername,
  actorKind: auditLog.actorKind,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  targetName: auditLog.targetName,
  at: auditLog.at,
  clientAddress: auditLog.clientAddress,
  userAgent: auditLog.userAgent,
  outcome: auditLog.outcome,
  details: auditLog.details,
  jobRunId: auditLog.jobRunId,
  // The timestamp at full (microsecond) precision, for the paging cursor: a JS Date keeps only ms.
  atText: sql<string>`${auditLog.at}::text`,
};

/** Events by or about the user with this username; by the recorded name once the user is gone. */
async function userFilter(username: string, ctx: AppContext): Promise<SQL> {
  const matches = await ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
  if (!matches.length) return sql`lower(${auditLog.actorUsername}) = lower(${username})`;
  const ids = matches.map((match) => match.id);
  return or(inArray(auditLog.actorUserId, ids), inArray(auditLog.targetId, ids))!;
}

/** Newest first, AUDIT_PAGE_SIZE at a time; each page continues below the previous page's last row. */
export async function listAuditLog(input: AuditLogQueryInput, ctx: AppContext): Promise<AuditLogPage> {
  requireAdmin(ctx);
  const query = parseInput(auditLogQuerySchema, input);
  const conditions: (SQL | undefined)[] = [
    query.user ? await userFilter(query.user, ctx) : undefined,
    query.event ? eq(auditLog.event, query.event) : undefined,
    // Dates are whole UTC days, both ends included.
    query.from ? gte(auditLog.at, sql`${query.from}::date`) : undefined,
    query.to ? lt(auditLog.at, sql`${query.to}::date + 1`) : undefined,
  ];
  if (query.before) {
    const [at, id] = query.before.split("|");
    conditions.push(sql`(${auditLog.at}, ${auditLog.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select(columns)
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const entries = rows.slice(0, AUDIT_PAGE_SIZE).map(({ atText, ...row }) => ({ ...row, cursor: `${atText}|${row.id}` }));
  return { query, entries, nextCursor: rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1].cursor : null };
}

export interface SignInView {
  at: Date;
  event: string;
  clientAddress: string | null;
  userAgent: string | null;
  outcome: "success" | "failure";
}

const SIGN_IN_EVENTS = ["sign_in.passkey", "sign_in.login_link", "sign_in.failed"];
const MY_SIGN_INS_LIMIT = 20;

/** The caller's recent sign-ins (and failed ones attributed to their account), newest first. */
export async function listMySignIns(_input: void, ctx: AppContext): Promise<SignInView[]> {
  const { userId } = requireUser(ctx);
  if (!userId) throw new UnauthenticatedError("Sign in as a user to see your sign-ins.");
  return ctx.db
    .select({ at: auditLog.at, event: auditLog.event, clientAddress: auditLog.clientAddress, userAgent: auditLog.userAgent, outcome: auditLog.outcome })
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), inArray(auditLog.event, SIGN_IN_EVENTS)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(MY_SIGN_INS_LIMIT);
}
