import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { insertUser, asUser } from "@/lib/auth/testing";
import { createSession, endUserSessions } from "@/lib/auth/sessions";
import { setUserDisabled } from "@/lib/users/mutations";
import { drizzleAdapter } from "./adapter";
import { CUSTOM_CLAIMS } from "./custom-claims";
import { loadAccount } from "./account";
import { createOidcClient } from "./clients";
import { userGroupMembers, userGroups } from "@/lib/db/schema";

describeEachEngine("oidc revocation follows the directory", (database) => {
  async function grantAndToken(userId: string) {
    const Adapter = drizzleAdapter(database().ctx);
    const grants = new Adapter("Grant");
    const tokens = new Adapter("RefreshToken");
    const id = `${userId}-x`;
    await grants.upsert(`grant-${id}`, { jti: `grant-${id}`, accountId: userId, clientId: "app" } as never, 600);
    await tokens.upsert(`rt-${id}`, { jti: `rt-${id}`, accountId: userId, clientId: "app", grantId: `grant-${id}` } as never, 600);
    return { alive: async () => [await grants.find(`grant-${id}`), await tokens.find(`rt-${id}`)].filter(Boolean).length };
  }

  it("disabling a user ends their grants and tokens, and the provider no longer finds the account", async () => {
    const { ctx } = database();
    const admin = await insertUser(ctx, { isAdmin: true });
    const user = await insertUser(ctx);
    const other = await insertUser(ctx);
    const [mine, theirs] = [await grantAndToken(user.id), await grantAndToken(other.id)];
    expect(await loadAccount(user.id, ctx)).toMatchObject({ accountId: user.id });

    await setUserDisabled({ id: user.id, value: true }, asUser(ctx, admin.id, true));
    expect(await mine.alive()).toBe(0);
    expect(await theirs.alive()).toBe(2);
    expect(await loadAccount(user.id, ctx)).toBeUndefined();
  });

  it("a user outside a client's allowed groups has no account for that client's tokens", async () => {
    const { ctx } = database();
    const [group] = await ctx.db.insert(userGroups).values({ name: `ops-${Date.now()}` }).returning();
    const user = await insertUser(ctx);
    const { clientId } = await createOidcClient({ name: "Ops", callbackUrls: ["https://ops.example/cb"], allowedGroups: [group.name] }, ctx);
    expect(await loadAccount(user.id, ctx, clientId)).toBeUndefined();
    await ctx.db.insert(userGroupMembers).values({ userId: user.id, groupId: group.id });
    expect(await loadAccount(user.id, ctx, clientId)).toMatchObject({ accountId: user.id });
  });

  it("signing a user out everywhere ends their grants and tokens too", async () => {
    const { ctx } = database();
    const admin = await insertUser(ctx, { isAdmin: true });
    const user = await insertUser(ctx);
    await createSession(user.id, ctx);
    const mine = await grantAndToken(user.id);
    await endUserSessions(user.id, asUser(ctx, admin.id, true));
    expect(await mine.alive()).toBe(0);
  });

  it("claims: sub is the user id; profile, email and groups by scope", async () => {
    const { ctx } = database();
    const user = await insertUser(ctx, { username: "claire", email: "claire@example.com", firstName: "Claire", lastName: "Doe", displayName: "Claire D." });
    const account = await loadAccount(user.id, ctx);
    expect(await account!.claims("userinfo", "openid profile email groups", {}, [])).toEqual({
      sub: user.id,
      name: "Claire D.",
      given_name: "Claire",
      family_name: "Doe",
      preferred_username: "claire",
      email: "claire@example.com",
      email_verified: true,
      groups: [],
      // The custom claims (none here), released by lib/oidc/custom-claims.ts.
      [CUSTOM_CLAIMS]: {},
    });
    expect(await account!.claims("id_token", "openid", {}, [])).not.toHaveProperty("groups");
    expect(await loadAccount("not-a-uuid", ctx)).toBeUndefined();
  });
});
