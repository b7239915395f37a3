// An administrator removing a user's passkey (the user page's "Remove"): allowed for LDAP users and
// for a user's last passkey, refused for everyone else, and a refused call changes nothing.
import { beforeEach, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { webauthnCredentials } from "@/lib/db/schema";
import { withActor, type AppContext } from "@/lib/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { asUser, insertLdapUser, insertUser, withLdap } from "@/lib/users/testing";
import { LAST_PASSKEY_MESSAGE, deletePasskeyOfUser } from "./passkeys";
import { insertPasskey } from "./testing";

async function passkeyRows(ctx: AppContext) {
  return ctx.db.select().from(webauthnCredentials).orderBy(asc(webauthnCredentials.id));
}

async function passkeyNames(ctx: AppContext, userId: string) {
  return (await passkeyRows(ctx)).filter((row) => row.userId === userId).map((row) => row.name);
}

describeEachEngine("an administrator removing a user's passkeys", (use) => {
  let admin: AppContext;
  let adminId: string;
  let ldapUser: string;
  let otherUser: string;

  beforeEach(async () => {
    const { ctx } = use();
    await ctx.db.delete(webauthnCredentials);
    adminId = (await insertUser(ctx, { isAdmin: true })).id;
    admin = withLdap(asUser(ctx, adminId, true));
    ldapUser = (await insertLdapUser(ctx)).id;
    otherUser = (await insertUser(ctx)).id;
  });

  it("removes an LDAP user's passkeys while LDAP is enabled, the last one included", async () => {
    const { ctx } = use();
    const laptop = await insertPasskey(ctx, ldapUser, "Laptop");
    const phone = await insertPasskey(ctx, ldapUser, "Phone");

    await deletePasskeyOfUser({ userId: ldapUser, passkeyId: laptop }, admin);
    expect(await passkeyNames(ctx, ldapUser)).toEqual(["Phone"]);
    await deletePasskeyOfUser({ userId: ldapUser, passkeyId: phone }, admin);
    expect(await passkeyNames(ctx, ldapUser)).toEqual([]);
  });

  it("refuses non-admins and anonymous callers, changing nothing", async () => {
    const { ctx } = use();
    const passkey = await insertPasskey(ctx, ldapUser);
    await insertPasskey(ctx, otherUser);
    const before = await passkeyRows(ctx);
    const input = { userId: ldapUser, passkeyId: passkey };

    await expect(deletePasskeyOfUser(input, asUser(ctx, otherUser))).rejects.toBeInstanceOf(ForbiddenError);
    // Not even the passkey's owner: users delete their own on the account page, never their last one.
    await expect(deletePasskeyOfUser(input, asUser(ctx, ldapUser))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deletePasskeyOfUser(input, withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(await passkeyRows(ctx)).toEqual(before);
  });

  it("answers not found for another user's passkey or an unknown one, and rejects malformed ids", async () => {
    const { ctx } = use();
    const othersPasskey = await insertPasskey(ctx, otherUser);
    await insertPasskey(ctx, ldapUser);
    const before = await passkeyRows(ctx);

    await expect(deletePasskeyOfUser({ userId: ldapUser, passkeyId: othersPasskey }, admin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deletePasskeyOfUser({ userId: ldapUser, passkeyId: crypto.randomUUID() }, admin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deletePasskeyOfUser({ userId: crypto.randomUUID(), passkeyId: othersPasskey }, admin)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deletePasskeyOfUser({ userId: "not-a-uuid", passkeyId: othersPasskey }, admin)).rejects.toBeInstanceOf(ValidationError);
    expect(await passkeyRows(ctx)).toEqual(before);
  });

  it("keeps an administrator's own last passkey, as the account page does", async () => {
    const { ctx } = use();
    const [first, second] = [await insertPasskey(ctx, adminId, "First"), await insertPasskey(ctx, adminId, "Second")];

    await deletePasskeyOfUser({ userId: adminId, passkeyId: first }, admin);
    await expect(deletePasskeyOfUser({ userId: adminId, passkeyId: second }, admin)).rejects.toMatchObject({ code: "last_passkey", message: LAST_PASSKEY_MESSAGE });
    expect(await passkeyNames(ctx, adminId)).toEqual(["Second"]);
  });
});
