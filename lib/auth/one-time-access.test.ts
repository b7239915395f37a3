import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { oneTimeAccessTokens, sessions, users } from "@/lib/db/schema";
import { withActor } from "@/lib/context";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import {
  INVALID_LINK_MESSAGE,
  consumeOneTimeAccessToken,
  createOneTimeAccessToken,
  findUserByLogin,
  previewOneTimeAccessToken,
} from "./one-time-access";
import { validateSession } from "./sessions";
import { hashToken } from "./tokens";
import { asUser, insertUser } from "./testing";

const tokenOf = (url: string) => url.split("/lc/")[1];

describeEachEngine("one-time access links", (use) => {
  it("returns APP_URL/lc/<token> with ≥128 random bits and stores only the hash", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const before = Date.now();
    const link = await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, ctx);
    expect(link.url).toMatch(/^http:\/\/localhost:3000\/lc\/[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt.getTime() - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000);
    expect(link.expiresAt.getTime() - before).toBeLessThanOrEqual(60 * 60_000 + 5000);

    const token = tokenOf(link.url);
    const [row] = await ctx.db.select().from(oneTimeAccessTokens).where(eq(oneTimeAccessTokens.userId, user.id));
    expect(row).toMatchObject({ tokenHash: hashToken(token), usedAt: null });
    expect(JSON.stringify(await queryRows(ctx.db, sql`select * from one_time_access_tokens`))).not.toContain(token);

    const second = await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, ctx);
    expect(tokenOf(second.url)).not.toBe(token);
  });

  it("previews without consuming, then signs in exactly once", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx, { displayName: "Bob Builder", username: "bob-preview" });
    const token = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 15 }, ctx)).url);

    expect(await previewOneTimeAccessToken(token, ctx)).toEqual({ status: "valid", displayName: "Bob Builder", username: "bob-preview" });
    expect(await previewOneTimeAccessToken(token, ctx)).toMatchObject({ status: "valid" });

    const { userId, session } = await consumeOneTimeAccessToken(token, ctx, { ipAddress: "local" });
    expect(userId).toBe(user.id);
    expect(await validateSession(session.token, ctx)).toMatchObject({ userId: user.id });

    await expect(consumeOneTimeAccessToken(token, ctx)).rejects.toMatchObject({ code: "invalid_link", message: INVALID_LINK_MESSAGE });
    expect(await previewOneTimeAccessToken(token, ctx)).toEqual({ status: "invalid" });
  });

  it("lets exactly one of two simultaneous consumptions through", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const token = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, ctx)).url);

    const results = await Promise.allSettled([consumeOneTimeAccessToken(token, ctx), consumeOneTimeAccessToken(token, ctx)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(UnauthenticatedError);
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
  });

  it("refuses an expired link with the same message as an unknown one", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const token = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 15 }, ctx)).url);
    await ctx.db
      .update(oneTimeAccessTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(oneTimeAccessTokens.tokenHash, hashToken(token)));

    expect(await previewOneTimeAccessToken(token, ctx)).toEqual({ status: "invalid" });
    await expect(consumeOneTimeAccessToken(token, ctx)).rejects.toThrow(INVALID_LINK_MESSAGE);
    await expect(consumeOneTimeAccessToken("A".repeat(43), ctx)).rejects.toThrow(INVALID_LINK_MESSAGE);
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it("refuses disabled users, both when creating and when consuming, and leaves the link unused", async () => {
    const { ctx } = use();
    const disabled = await insertUser(ctx, { username: "carol-disabled", disabled: true });
    await expect(createOneTimeAccessToken({ userId: disabled.id, ttlMinutes: 60 }, ctx)).rejects.toBeInstanceOf(ConflictError);

    const user = await insertUser(ctx);
    const token = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, ctx)).url);
    await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, user.id));
    expect(await previewOneTimeAccessToken(token, ctx)).toEqual({ status: "disabled" });
    await expect(consumeOneTimeAccessToken(token, ctx)).rejects.toBeInstanceOf(ForbiddenError);
    const [row] = await ctx.db.select().from(oneTimeAccessTokens).where(eq(oneTimeAccessTokens.userId, user.id));
    expect(row.usedAt).toBeNull();
  });

  it("is for admins and the system only", async () => {
    const { ctx } = use();
    const target = await insertUser(ctx);
    const member = await insertUser(ctx);
    const admin = await insertUser(ctx, { isAdmin: true });
    await expect(createOneTimeAccessToken({ userId: target.id, ttlMinutes: 60 }, asUser(ctx, member.id))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(createOneTimeAccessToken({ userId: target.id, ttlMinutes: 60 }, withActor(ctx, null))).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
    await expect(findUserByLogin(target.username, asUser(ctx, member.id))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ctx.db.select().from(oneTimeAccessTokens).where(eq(oneTimeAccessTokens.userId, target.id))).toEqual([]);

    await expect(createOneTimeAccessToken({ userId: target.id, ttlMinutes: 60 }, asUser(ctx, admin.id, true))).resolves.toMatchObject({
      url: expect.stringContaining("/lc/"),
    });
    await expect(createOneTimeAccessToken({ userId: crypto.randomUUID(), ttlMinutes: 60 }, ctx)).rejects.toBeInstanceOf(NotFoundError);
    await expect(createOneTimeAccessToken({ userId: target.id, ttlMinutes: 0 }, ctx)).rejects.toBeInstanceOf(ValidationError);
  });

  it("finds users by username or email, case-insensitively", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx, { username: "Dora.Explorer", email: "Dora@Example.com" });
    expect(await findUserByLogin("dora.explorer", ctx)).toMatchObject({ id: user.id });
    expect(await findUserByLogin("DORA@example.COM", ctx)).toMatchObject({ id: user.id });
    await expect(findUserByLogin("nobody", ctx)).rejects.toThrow('No user has the username or email "nobody".');
  });
});
