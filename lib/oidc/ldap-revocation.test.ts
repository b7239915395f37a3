// A user the LDAP sync disables (gone from the directory, or locked there) loses their OpenID
// Connect grants and tokens in the sync's own transaction; everyone else keeps theirs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { fixtureLdif, fixtureUserDn } from "@/lib/ldap/testing/fixtures";
import { ldif, ldifModify } from "@/lib/ldap/testing/ldif";
import { startSlapd, type SlapdServer } from "@/lib/ldap/testing/slapd";
import { fixtureSyncEnv, syncedUsers, withLdapEnv } from "@/lib/ldap/testing/sync-helpers";
import { runLdapSync } from "@/lib/ldap/sync";
import { drizzleAdapter } from "./adapter";

const NS_ACCOUNT_LOCK_SCHEMA =
  "attributetype ( 2.16.840.1.113730.3.1.610 NAME 'nsAccountLock' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )";

describeEachEngine("LDAP sync revokes OIDC grants of users it disables", (current) => {
  let server: SlapdServer;
  beforeAll(async () => {
    server = await startSlapd({ extraGlobalConfig: NS_ACCOUNT_LOCK_SCHEMA });
    await server.add(fixtureLdif(server.suffix));
  });
  afterAll(() => server?.stop());

  const sync = (overrides: Record<string, string> = {}) => runLdapSync({}, withLdapEnv(current().ctx, { ...fixtureSyncEnv(server), ...overrides }));

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

    const jose = fixtureUserDn("jose", server.suffix);
    await server.modify(ldif(ldifModify(jose, [{ op: "add", attr: "objectClass", values: "extensibleObject" }, { op: "add", attr: "nsAccountLock", values: "TRUE" }])));
    expect(await sync({ LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(!(uid=grace)))" })).toMatchObject({ usersDisabled: 1 });
    expect(await alive("jose")).toBe(false);

    expect(await alive("bob")).toBe(true);
  });
});
