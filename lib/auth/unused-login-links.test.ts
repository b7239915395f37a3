// Finding 4 of the security audit: whatever ends a user's access also ends their unused login links.
import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { oneTimeAccessTokens } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { UnauthenticatedError } from "@/lib/errors";
import { deleteUser, setUserDisabled } from "@/lib/users/mutations";
import { consumeOneTimeAccessToken, createOneTimeAccessToken } from "./one-time-access";
import { endUserSessions } from "./sessions";
import { asUser, insertUser } from "./testing";

const tokenOf = (url: string) => url.split("/lc/")[1];

const linksOf = (ctx: AppContext, userId: string) =>
  ctx.db.select({ usedAt: oneTimeAccessTokens.usedAt }).from(oneTimeAccessTokens).where(eq(oneTimeAccessTokens.userId, userId));

describeEachEngine("unused login links", (current) => {
  async function userWithLink() {
    const { ctx } = current();
    const admin = asUser(ctx, (await insertUser(ctx, { isAdmin: true })).id, true);
    const user = await insertUser(ctx);
    const token = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, admin)).url);
    return { ctx, admin, user, token };
  }

  it("Sign out everywhere deletes them; a used link's record stays", async () => {
    const { ctx, admin, user, token } = await userWithLink();
    await consumeOneTimeAccessToken(token, ctx);
    const unused = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, admin)).url);
    await endUserSessions(user.id, admin);
    await expect(consumeOneTimeAccessToken(unused, ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await linksOf(ctx, user.id)).toEqual([{ usedAt: expect.any(Date) }]);
  });

  it("disabling deletes them, so enabling again does not revive the link", async () => {
    const { ctx, admin, user, token } = await userWithLink();
    await setUserDisabled({ id: user.id, value: true }, admin);
    expect(await linksOf(ctx, user.id)).toEqual([]);
    await setUserDisabled({ id: user.id, value: false }, admin);
    await expect(consumeOneTimeAccessToken(token, ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it("deleting the user deletes them", async () => {
    const { ctx, admin, user } = await userWithLink();
    await deleteUser(user.id, admin);
    expect(await linksOf(ctx, user.id)).toEqual([]);
  });

  it("a new link replaces the user's older unused ones", async () => {
    const { ctx, admin, user, token } = await userWithLink();
    const newer = tokenOf((await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, admin)).url);
    await expect(consumeOneTimeAccessToken(token, ctx)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await consumeOneTimeAccessToken(newer, ctx)).userId).toBe(user.id);
    expect(await linksOf(ctx, user.id)).toHaveLength(1);
  });
});
