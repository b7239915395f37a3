import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { users, webauthnCredentials } from "@/lib/db/schema";
import { withActor } from "@/lib/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { getMyAccount, UNAVAILABLE_LOGIN_MESSAGE, updateMyAccount } from "./account";
import { LAST_PASSKEY_MESSAGE, deleteMyPasskey, listMyPasskeys, renameMyPasskey } from "./passkeys";
import { asUser, insertPasskey, insertUser } from "./testing";

describeEachEngine("own passkeys and account", (use) => {
  it("lists, renames and deletes only the caller's passkeys", async () => {
    const { ctx } = use();
    const alice = await insertUser(ctx);
    const mallory = await insertUser(ctx);
    const first = await insertPasskey(ctx, alice.id, "Laptop");
    const second = await insertPasskey(ctx, alice.id, "Phone");
    const as = asUser(ctx, alice.id);

    expect((await listMyPasskeys(undefined, as)).map((passkey) => passkey.name)).toEqual(["Laptop", "Phone"]);
    expect(await renameMyPasskey({ passkeyId: second, name: "Work phone" }, as)).toMatchObject({ name: "Work phone" });

    await expect(renameMyPasskey({ passkeyId: first, name: "Mine now" }, asUser(ctx, mallory.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteMyPasskey({ passkeyId: first }, asUser(ctx, mallory.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(listMyPasskeys(undefined, withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);

    await deleteMyPasskey({ passkeyId: first }, as);
    expect((await listMyPasskeys(undefined, as)).map((passkey) => passkey.name)).toEqual(["Work phone"]);
  });

  it("never deletes the last passkey, even with two deletes racing for the last two", async () => {
    const { ctx } = use();
    const bob = await insertUser(ctx);
    const as = asUser(ctx, bob.id);
    const [a, b] = [await insertPasskey(ctx, bob.id), await insertPasskey(ctx, bob.id)];

    const results = await Promise.allSettled([deleteMyPasskey({ passkeyId: a }, as), deleteMyPasskey({ passkeyId: b }, as)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "last_passkey", message: LAST_PASSKEY_MESSAGE });
    expect(await ctx.db.select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, bob.id))).toHaveLength(1);
  });

  it("lets local users edit their details with unique username and email; LDAP users are read-only", async () => {
    const { ctx } = use();
    await insertUser(ctx, { username: "taken", email: "taken@example.com" });
    const local = await insertUser(ctx, { username: "local-user" });
    const as = asUser(ctx, local.id);

    const error = await updateMyAccount({ username: "TAKEN", email: "Taken@Example.com", firstName: "L", lastName: "" }, as).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ username: [UNAVAILABLE_LOGIN_MESSAGE], email: [UNAVAILABLE_LOGIN_MESSAGE] });

    await updateMyAccount({ username: "Local.User", email: "", firstName: "Lou", lastName: "Cal" }, as);
    expect(await getMyAccount(undefined, as)).toMatchObject({
      username: "Local.User",
      email: null,
      displayName: "Lou Cal",
      ldapManaged: false,
      editable: true,
      loginFieldsLocked: false,
      passkeys: [],
    });

    const ldap = await insertUser(ctx, { username: "ldap-user", ldapId: "uuid-from-ldap" });
    expect(await getMyAccount(undefined, asUser(ctx, ldap.id))).toMatchObject({ ldapManaged: true, editable: false, accountPortalUrl: null });
    // The directory's account portal is offered to LDAP users only, once configured.
    const portal = { ...ctx, envSettings: { ...ctx.envSettings, LDAP_ACCOUNT_PORTAL_URL: "https://accounts.example.com/me" } };
    expect(await getMyAccount(undefined, asUser(portal, ldap.id))).toMatchObject({ accountPortalUrl: "https://accounts.example.com/me" });
    expect(await getMyAccount(undefined, asUser(portal, local.id))).toMatchObject({ accountPortalUrl: null, pictureEtag: null });
    await expect(
      updateMyAccount({ username: "renamed", email: "", firstName: "X", lastName: "" }, asUser(ctx, ldap.id)),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const [unchanged] = await ctx.db.select().from(users).where(eq(users.id, ldap.id));
    expect(unchanged.username).toBe("ldap-user");
  });
});
