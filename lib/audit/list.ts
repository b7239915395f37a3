// Reading the audit log: the admin page (filters, keyset paging, index-backed) and a user's own
// sign-in history on the account page.
import "server-only";
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import { auditLog, users, type AuditLogRow } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import type { Queryable } from "@/lib/db/helpers";
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

const newestFirst = [desc(auditLog.at), desc(auditLog.id)];
/** One row more than a page: whether an older page exists. */
const PAGE_ROWS = AUDIT_PAGE_SIZE + 1;

/** The filters besides the user: event, dates (whole UTC days, both ends included), page position. */
function pageConditions(query: AuditLogQuery): SQL | undefined {
  const [at, id] = query.before?.split("|") ?? [];
  return and(
    query.event ? eq(auditLog.event, query.event) : undefined,
    query.from ? gte(auditLog.at, sql`${query.from}::date`) : undefined,
    query.to ? lt(auditLog.at, sql`${query.to}::date + 1`) : undefined,
    query.before ? sql`(${auditLog.at}, ${auditLog.id}) < (${at}::timestamptz, ${id}::uuid)` : undefined,
  );
}

/**
 * Events by or about the user with this username: the newest page of each (actor, then target), each
 * an index range scan that stops after a page, merged. An OR of the two would read and sort every
 * row of a busy user. Once the user is gone, by the recorded name (its own index).
 */
async function userCondition(username: string, others: SQL | undefined, ctx: AppContext): Promise<SQL> {
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`).limit(1);
  if (!user) return sql`lower(${auditLog.actorUsername}) = lower(${username})`;
  const newest = (who: SQL) => ctx.db.select({ id: auditLog.id }).from(auditLog).where(and(who, others)).orderBy(...newestFirst).limit(PAGE_ROWS);
  return sql`${auditLog.id} in (${newest(eq(auditLog.actorUserId, user.id))} union all ${newest(eq(auditLog.targetId, user.id))})`;
}

/**
 * The page's query, newest first. Wrapped in an object, since awaiting the query builder itself
 * would run it (EXPLAIN wants it unrun).
 */
export async function planAuditLog(query: AuditLogQuery, ctx: AppContext) {
  const others = pageConditions(query);
  const rows = ctx.db
    .select(columns)
    .from(auditLog)
    .where(and(query.user ? await userCondition(query.user, others, ctx) : undefined, others))
    .orderBy(...newestFirst)
    .limit(PAGE_ROWS);
  return { rows };
}

/** Newest first, AUDIT_PAGE_SIZE at a time; each page continues below the previous page's last row. */
export async function listAuditLog(input: AuditLogQueryInput, ctx: AppContext): Promise<AuditLogPage> {
  requireAdmin(ctx);
  const query = parseInput(auditLogQuerySchema, input);
  const rows = await (await planAuditLog(query, ctx)).rows;
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

/** A user's recent sign-ins (and failed ones attributed to their account), newest first. */
export function signInsQuery(userId: string, db: Queryable) {
  return db
    .select({ at: auditLog.at, event: auditLog.event, clientAddress: auditLog.clientAddress, userAgent: auditLog.userAgent, outcome: auditLog.outcome })
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), inArray(auditLog.event, SIGN_IN_EVENTS)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(MY_SIGN_INS_LIMIT);
}

/** The caller's recent sign-ins, for the account page. */
export async function listMySignIns(_input: void, ctx: AppContext): Promise<SignInView[]> {
  const { userId } = requireUser(ctx);
  if (!userId) throw new UnauthenticatedError("Sign in as a user to see your sign-ins.");
  return signInsQuery(userId, ctx.db);
}
