// Server-side sessions: the cookie holds a random token, the database its SHA-256 and the expiry.
import "server-only";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { sessions, users } from "@/lib/db/schema";
import type { Actor, AppContext } from "@/lib/context";
import { getSettings } from "@/lib/config";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { userIdSchema } from "@/lib/users/schema";
import { requireAdmin } from "./authorize";
import { readConfirmingAbsence } from "@/lib/db/driver-quirks";
import { generateToken, hashToken } from "./tokens";
import { deleteUnusedLoginLinks } from "./unused-login-links";
import { revokeUserOidcState } from "@/lib/oidc/revocation";
import { recordAudit } from "@/lib/audit/record";

/** Activity refreshes the expiry at most this often, so page loads rarely write. */
const RENEW_AFTER_MS = 60_000;

/**
 * However active, a session ends this long after sign-in (beside the sliding SESSION_DURATION), so
 * a stolen cookie kept busy does not work for ever. Pocket ID has no such limit; 30 days is usual.
 */
export const SESSION_MAX_LIFETIME_MS = 30 * 24 * 60 * 60_000;

/** The sliding expiry, never past the absolute limit counted from `createdAt`. */
function slidingExpiry(createdAt: number, durationMs: number): Date {
  return new Date(Math.min(Date.now() + durationMs, createdAt + SESSION_MAX_LIFETIME_MS));
}

export function sessionCookieName(appUrl: string): string {
  return appUrl.startsWith("https://") ? "__Host-pocket_id_session" : "pocket_id_session";
}

export function sessionCookieOptions(appUrl: string) {
  return { httpOnly: true, sameSite: "lax" as const, secure: appUrl.startsWith("https://"), path: "/" };
}

export async function sessionDurationMs(ctx: AppContext): Promise<number> {
  return (await getSettings(ctx)).values.SESSION_DURATION * 60_000;
}

export interface SessionMeta {
  ipAddress?: string | null;
  userAgent?: string | null;
  /** The browser's current session cookie, if any: signing in ends that session (whoever's it was). */
  previousToken?: string;
}

/** Creates a session for a user; returns the token for the cookie (never stored). */
export async function createSession(userId: string, ctx: AppContext, meta: SessionMeta = {}): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = slidingExpiry(Date.now(), await sessionDurationMs(ctx));
  // Each sign-in clears the user's own dead sessions, so the table does not grow without bound.
  await ctx.db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, sql`now()`)));
  if (meta.previousToken) await ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(meta.previousToken)));
  await ctx.db.insert(sessions).values({
    userId,
    tokenHash: hashToken(token),
    expiresAt,
    ipAddress: meta.ipAddress ?? null,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
  });
  return { token, expiresAt };
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
}

async function findActiveSession(tokenHash: string, ctx: AppContext) {
  const [row] = await ctx.db
    .select({
      sessionId: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      isAdmin: users.isAdmin,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), eq(users.disabled, false)));
  return row;
}

/**
 * The signed-in user for a cookie token, or null. Checked on every request against the current
 * user row, so deleting or disabling a user ends their sessions at once. Slides the expiry, up to
 * SESSION_MAX_LIFETIME_MS after sign-in.
 */
export async function validateSession(token: string | undefined, ctx: AppContext): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const tokenHash = hashToken(token);
  const row = await readConfirmingAbsence(() => findActiveSession(tokenHash, ctx));
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > RENEW_AFTER_MS) {
    const expiresAt = slidingExpiry(row.createdAt.getTime(), await sessionDurationMs(ctx));
    await ctx.db.update(sessions).set({ lastSeenAt: new Date(), expiresAt }).where(eq(sessions.id, row.sessionId));
  }
  const { sessionId, userId, username, displayName, isAdmin } = row;
  return { sessionId, userId, username, displayName, isAdmin };
}

export async function deleteSession(token: string, ctx: AppContext): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

export async function deleteExpiredSessions(ctx: AppContext): Promise<number> {
  const deleted = await ctx.db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ id: sessions.id });
  return deleted.length;
}

export function actorFor(user: SessionUser | null): Actor | null {
  return user ? { userId: user.userId, isAdmin: user.isAdmin, kind: "user" } : null;
}

/**
 * An administrator signs a user out of every browser at once (a lost or stolen device, a departure);
 * returns how many active sessions ended, and ends the grants and tokens of applications they signed
 * in to. Unused login links go too (one could start a new session); their passkeys stay: remove a
 * lost one separately.
 */
export async function endUserSessions(id: string, ctx: AppContext): Promise<number> {
  const actor = requireAdmin(ctx);
  const userId = parseInput(userIdSchema, id);
  const ended = await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, userId));
    if (!user) throw new NotFoundError("This user does not exist (any more).");
    const deleted = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ expiresAt: sessions.expiresAt });
    const loginLinks = await deleteUnusedLoginLinks(tx, userId);
    // Applications signed in through this site lose their grants and tokens too.
    await revokeUserOidcState([userId], tx);
    const ended = { sessions: deleted.filter((session) => session.expiresAt.getTime() > Date.now()).length, loginLinks };
    await recordAudit({ event: "sessions.ended", target: { type: "user", id: user.id, name: user.username }, details: ended }, { ...ctx, db: tx });
    return ended;
  });
  ctx.log.info("User signed out everywhere", { userId, sessions: ended.sessions, login_links: ended.loginLinks, by: actor.userId });
  return ended.sessions;
}

/** Sessions of a user that still work (for the administrator's user page). */
export async function countActiveSessions(userId: string, ctx: AppContext): Promise<number> {
  const [{ active }] = await ctx.db
    .select({ active: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)));
  return active;
}
