// A user the LDAP sync disables (gone from the directory, or locked there) loses their OpenID
// Connect grants and tokens in the sync's own transaction; everyone else keeps theirs.
import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { fixtureUserDn } from "@/lib/ldap/testing/fixtures";
import { ldif, ldifModify } from "@/lib/ldap/testing/ldif";
import { fixtureDirectory } from "@/lib/ldap/testing/fixture-directory";
import { syncedUsers } from "@/lib/ldap/testing/sync-helpers";
import { drizzleAdapter } from "./adapter";

describeEachEngine("LDAP sync revokes OIDC grants of users it disables", (current) => {
  const directory = fixtureDirectory(() => current().ctx, { lockAttribute: true });
  const { sync } = directory;

  it("removes the grants and tokens of a user who left and of one locked in the directory", async () => {
    const { ctx } = current();
    await sync();
    const users = await syncedUsers(ctx.db);
    const Adapter = drizzleAdapter(ctx);
    const grants = new Adapter("Grant");
    const tokens = new Adapter("RefreshToken");
    for (const username of ["grace", "jose", "bob"]) {
      const accountId = users.get(username)!.id;
      await grants.upsert(`grant-${username}`, { jti: `grant-${username}`, accountId, clientId: "app" } as never, 600);
      await tokens.upsert(`rt-${username}`, { jti: `rt-${username}`, accountId, clientId: "app", grantId: `grant-${username}` } as never, 600);
    }
    const alive = async (username: string) => Boolean((await grants.find(`grant-${username}`)) ?? (await tokens.find(`rt-${username}`)));

    expect(await sync({ LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(!(uid=grace)))" })).toMatchObject({ usersDisabled: 1 });
    expect(await alive("grace")).toBe(false);

    const jose = fixtureUserDn("jose", directory.server.suffix);
    await directory.server.modify(ldif(ldifModify(jose, [{ op: "add", attr: "objectClass", values: "extensibleObject" }, { op: "add", attr: "nsAccountLock", values: "TRUE" }])));
    expect(await sync({ LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(!(uid=grace)))" })).toMatchObject({ usersDisabled: 1 });
    expect(await alive("jose")).toBe(false);

    expect(await alive("bob")).toBe(true);
  });
});
