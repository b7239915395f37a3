import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/schema";
import {
  countActiveSessions,
  createSession,
  deleteSession,
  endUserSessions,
  SESSION_MAX_LIFETIME_MS,
  sessionCookieName,
  sessionCookieOptions,
  validateSession,
} from "./sessions";
import { hashToken } from "./tokens";
import { asUser, insertUser } from "./testing";
import { withActor } from "@/lib/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";

describeEachEngine("sessions", (use) => {
  it("an administrator signs a user out everywhere: every session of theirs ends, nobody else's", async () => {
    const { ctx } = use();
    const admin = await insertUser(ctx, { isAdmin: true });
    const user = await insertUser(ctx);
    const browsers = [await createSession(user.id, ctx), await createSession(user.id, ctx)];
    const expired = await createSession(user.id, ctx);
    await ctx.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.tokenHash, hashToken(expired.token)));
    const adminSession = await createSession(admin.id, ctx);
    expect(await countActiveSessions(user.id, ctx)).toBe(2);

    // Only an administrator may; nothing ends when refused.
    await expect(endUserSessions(user.id, asUser(ctx, user.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(endUserSessions(user.id, withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(endUserSessions("00000000-0000-4000-8000-000000000000", asUser(ctx, admin.id, true))).rejects.toBeInstanceOf(NotFoundError);
    expect(await countActiveSessions(user.id, ctx)).toBe(2);

    expect(await endUserSessions(user.id, asUser(ctx, admin.id, true))).toBe(2);
    for (const { token } of browsers) expect(await validateSession(token, ctx)).toBeNull();
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await validateSession(adminSession.token, ctx)).toMatchObject({ userId: admin.id });
  });

  it("stores only the token's SHA-256 and finds the user by the token", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx, { username: "hashed" });
    const { token } = await createSession(user.id, ctx, { ipAddress: "local", userAgent: "vitest" });
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url

    const [row] = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(row.tokenHash).toBe(hashToken(token));
    const dump = JSON.stringify(await queryRows(ctx.db, sql`select * from sessions`));
    expect(dump).not.toContain(token);

    expect(await validateSession(token, ctx)).toMatchObject({ userId: user.id, username: "hashed", isAdmin: false });
    expect(await validateSession(row.tokenHash, ctx)).toBeNull(); // the stored hash is no key
    expect(await validateSession(undefined, ctx)).toBeNull();
  });

  it("refuses an expired session", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const { token } = await createSession(user.id, ctx);
    await ctx.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.tokenHash, hashToken(token)));
    expect(await validateSession(token, ctx)).toBeNull();
  });

  it("slides the expiry forward while the user is active, at most once a minute", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const { token, expiresAt } = await createSession(user.id, ctx);
    // SESSION_DURATION defaults to 60 minutes.
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    const where = eq(sessions.tokenHash, hashToken(token));

    // Seen moments ago: validating does not write.
    await ctx.db.update(sessions).set({ expiresAt: sql`now() + interval '10 minutes'` }).where(where);
    const [before] = await ctx.db.select().from(sessions).where(where);
    await validateSession(token, ctx);
    const [unchanged] = await ctx.db.select().from(sessions).where(where);
    expect(unchanged.expiresAt).toEqual(before.expiresAt);

    // Seen two minutes ago with ten minutes left: activity renews the full duration.
    await ctx.db.update(sessions).set({ lastSeenAt: sql`now() - interval '2 minutes'` }).where(where);
    expect(await validateSession(token, ctx)).not.toBeNull();
    const [renewed] = await ctx.db.select().from(sessions).where(where);
    expect(renewed.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(renewed.lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime() - 1);
  });

  it("stops working at once when the user is disabled or deleted, and reflects admin changes", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx, { isAdmin: true });
    const { token } = await createSession(user.id, ctx);
    expect(await validateSession(token, ctx)).toMatchObject({ isAdmin: true });

    await ctx.db.update(users).set({ isAdmin: false }).where(eq(users.id, user.id));
    expect(await validateSession(token, ctx)).toMatchObject({ isAdmin: false });

    await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await validateSession(token, ctx)).toBeNull();
    await ctx.db.update(users).set({ disabled: false }).where(eq(users.id, user.id));
    expect(await validateSession(token, ctx)).not.toBeNull();

    await ctx.db.delete(users).where(eq(users.id, user.id));
    expect(await validateSession(token, ctx)).toBeNull();
  });

  it("ends SESSION_MAX_LIFETIME_MS after sign-in however active the user is", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const { token } = await createSession(user.id, ctx);
    const where = eq(sessions.tokenHash, hashToken(token));
    // Signed in 30 days less 10 minutes ago, active all along: renewing stops at the 30-day mark.
    const createdAt = new Date(Date.now() - SESSION_MAX_LIFETIME_MS + 10 * 60_000);
    await ctx.db.update(sessions).set({ createdAt, lastSeenAt: sql`now() - interval '2 minutes'` }).where(where);
    expect(await validateSession(token, ctx)).not.toBeNull();
    const [renewed] = await ctx.db.select().from(sessions).where(where);
    expect(renewed.expiresAt.getTime()).toBe(createdAt.getTime() + SESSION_MAX_LIFETIME_MS);
    // Past the mark: no activity brings it back.
    await ctx.db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - SESSION_MAX_LIFETIME_MS - 1000), expiresAt: sql`now() - interval '1 second'` })
      .where(where);
    expect(await validateSession(token, ctx)).toBeNull();
  });

  it("signing in on a browser ends that browser's previous session, whoever's it was", async () => {
    const { ctx } = use();
    const [first, second] = [await insertUser(ctx), await insertUser(ctx)];
    const old = await createSession(first.id, ctx);
    const elsewhere = await createSession(first.id, ctx);
    const fresh = await createSession(second.id, ctx, { previousToken: old.token });
    expect(await validateSession(old.token, ctx)).toBeNull();
    expect(await ctx.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(old.token)))).toEqual([]);
    expect(await validateSession(fresh.token, ctx)).toMatchObject({ userId: second.id });
    // Another browser of the same user stays signed in.
    expect(await validateSession(elsewhere.token, ctx)).toMatchObject({ userId: first.id });
  });

  it("signs out by deleting the session", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const { token } = await createSession(user.id, ctx);
    await deleteSession(token, ctx);
    expect(await validateSession(token, ctx)).toBeNull();
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });
});

it("uses a __Host- Secure cookie on https and a plain one on http, always httpOnly and SameSite=Lax", () => {
  expect(sessionCookieName("https://id.example.com")).toBe("__Host-pocket_id_session");
  expect(sessionCookieOptions("https://id.example.com")).toEqual({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
  expect(sessionCookieName("http://localhost:3000")).toBe("pocket_id_session");
  expect(sessionCookieOptions("http://localhost:3000")).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
});
