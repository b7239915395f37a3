// The sync against a real OpenLDAP (fixture with the awkward cases) on both database engines:
// initial state, configuration variants, then directory changes, each checked row by row.
import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { AppContext } from "@/lib/context";
import { openDatabase } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { FIXTURE, FIXTURE_GROUPS, FIXTURE_USERS, fixtureGroupDn, fixtureUserDn } from "./testing/fixtures";
import { ldif, ldifModify, ldifModRdn } from "./testing/ldif";
import { fixtureDirectory } from "./testing/fixture-directory";
import { fixtureSyncEnv, rowVersions, syncedGroups, syncedUsers, withLdapEnv, writeCounters } from "./testing/sync-helpers";
import { runLdapSync } from "./sync";
import { createOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { auditLog, oneTimeAccessTokens, userGroups, users } from "@/lib/db/schema";

const synced = FIXTURE_USERS.filter((u) => u.uid !== FIXTURE.sharedEmailSkipped);
const groupOfNames = FIXTURE_GROUPS.filter((g) => g.objectClass === "groupOfNames");
const sorted = (names: readonly string[]) => [...names].sort();
const loginLinksOf = (ctx: AppContext, userId: string) =>
  ctx.db.select({ id: oneTimeAccessTokens.id }).from(oneTimeAccessTokens).where(eq(oneTimeAccessTokens.userId, userId));

describeEachEngine("LDAP sync of the fixture directory", (current, engine) => {
  const directory = fixtureDirectory(() => current().ctx, { lockAttribute: true });
  const { sync } = directory;

  it("creates exactly the directory's users, groups, memberships and admins", async () => {
    const report = await sync();
    expect(report).toMatchObject({
      usersFetched: FIXTURE_USERS.length, usersCreated: synced.length, usersSkipped: 1,
      groupsFetched: groupOfNames.length, groupsCreated: groupOfNames.length, danglingMembers: 1, stoppedByGuard: false,
    });
    expect(report.skipped).toEqual([
      { dn: fixtureUserDn("dave", directory.server.suffix), reason: expect.stringMatching(/e-mail address shared@example.org is already used by the entry uid=carol/) },
    ]);
    expect(report.dangling).toEqual([{ group: "contractors", member: `uid=ghost,ou=people,${directory.server.suffix}`, reason: "no such user or group in the search results" }]);

    const users = await syncedUsers(current().ctx.db);
    expect([...users.keys()]).toEqual(sorted(synced.map((u) => u.uid)));
    for (const u of synced) {
      expect(users.get(u.uid)).toMatchObject({
        email: u.mail, firstName: u.givenName, lastName: u.sn, displayName: u.displayName,
        isAdmin: FIXTURE.admins.includes(u.uid), disabled: false, ldap: true, ldapId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    expect(users.get(FIXTURE.userWithoutEmail)?.email).toBeNull();
    expect(users.get("jsmith")?.displayName).toBe("John Smith");
    expect(await syncedGroups(current().ctx.db)).toEqual(
      Object.fromEntries(groupOfNames.map((g) => [g.cn, sorted(g.directUsers)])),
    );
  });

  it("writes nothing when the directory did not change", async () => {
    const before = await rowVersions(current().ctx.db);
    const auditRows = (await current().ctx.db.select({ id: auditLog.id }).from(auditLog)).length;
    expect(auditRows).toBeGreaterThan(0); // the first run recorded its creations
    const report = await sync();
    expect(report).toMatchObject({ rowsWritten: 0, usersCreated: 0, usersUpdated: 0, usersUnchanged: synced.length, groupsUnchanged: groupOfNames.length, membershipsAdded: 0, membershipsRemoved: 0 });
    expect(await rowVersions(current().ctx.db)).toEqual(before);
    expect(await current().ctx.db.select({ id: auditLog.id }).from(auditLog)).toHaveLength(auditRows);
  });

  it("sees a change made between two back-to-back syncs (the thread they share reads the state again)", async () => {
    const { db } = current().ctx;
    expect((await sync()).rowsWritten).toBe(0); // the thread is kept with the state it read
    await db.update(users).set({ displayName: "Changed Meanwhile" }).where(eq(users.username, "jsmith"));
    expect(await sync()).toMatchObject({ usersUpdated: 1, usersUnchanged: synced.length - 1 });
    expect((await syncedUsers(db)).get("jsmith")?.displayName).toBe("John Smith");
    expect((await sync()).rowsWritten).toBe(0);
  });

  if (engine === "postgres") it("issues no INSERT, UPDATE or DELETE on a no-op run (pg_stat_user_tables)", async () => {
    // One connection, so the counters flushed by pg_stat_force_next_flush() are the sync's own.
    const single = await openDatabase({ databaseUrl: current().database.databaseUrl, maxConnections: 1 });
    try {
      const before = await writeCounters(single.db);
      const report = await runLdapSync({}, withLdapEnv({ ...current().ctx, db: single.db }, fixtureSyncEnv(directory.server)));
      expect(report.usersUnchanged).toBe(synced.length);
      expect(await writeCounters(single.db)).toBe(before);
    } finally {
      await single.close();
    }
  });

  it("resolves nested groups transitively (cycles included) when enabled, and back when disabled", async () => {
    const report = await sync({ LDAP_NESTED_GROUPS: "true", LDAP_ADMIN_GROUP_NAME: "engineering" });
    expect(report.usersUpdated).toBeGreaterThan(0);
    expect(await syncedGroups(current().ctx.db)).toEqual(Object.fromEntries(groupOfNames.map((g) => [g.cn, sorted(g.transitiveUsers)])));
    const admins = [...(await syncedUsers(current().ctx.db)).values()].filter((u) => u.isAdmin).map((u) => u.username);
    expect(sorted(admins)).toEqual(sorted(FIXTURE_GROUPS.find((g) => g.cn === "engineering")!.transitiveUsers));
    await sync();
    expect(await syncedGroups(current().ctx.db)).toEqual(Object.fromEntries(groupOfNames.map((g) => [g.cn, sorted(g.directUsers)])));
  });

  it("syncs posixGroup memberUid and groupOfUniqueNames uniqueMember by configuration", async () => {
    const posix = await sync({ LDAP_USER_GROUP_SEARCH_FILTER: "(objectClass=posixGroup)", LDAP_ATTRIBUTE_GROUP_MEMBER: "memberUid" });
    expect(posix.dangling).toEqual([{ group: "posix-users", member: "ghost", reason: "no such user" }]);
    expect(await syncedGroups(current().ctx.db)).toEqual({ "posix-users": ["alice", "frank", "wang"] });
    // No group is the admin group now: nobody is an admin.
    expect([...(await syncedUsers(current().ctx.db)).values()].some((u) => u.isAdmin)).toBe(false);

    await sync({ LDAP_USER_GROUP_SEARCH_FILTER: "(objectClass=groupOfUniqueNames)", LDAP_ATTRIBUTE_GROUP_MEMBER: "uniqueMember" });
    expect(await syncedGroups(current().ctx.db)).toEqual({ auditors: ["grace", "jose"] });
    await sync();
    expect(Object.keys(await syncedGroups(current().ctx.db))).toEqual(sorted(groupOfNames.map((g) => g.cn)));
  });

  it("keeps the row (id and ldap id) when an entry is renamed with modrdn or moved to another OU", async () => {
    const before = await syncedUsers(current().ctx.db);
    await directory.server.modify(ldif(
      ldifModRdn(fixtureUserDn("bob", directory.server.suffix), "uid=robert"),
      ldifModRdn(fixtureUserDn("frank", directory.server.suffix), "uid=frank", { newSuperior: `ou=people,${directory.server.suffix}` }),
    ));
    const report = await sync();
    expect(report).toMatchObject({ usersUpdated: 1, usersCreated: 0, usersDisabled: 0, usersUnchanged: synced.length - 1 });
    const after = await syncedUsers(current().ctx.db);
    expect(after.has("bob")).toBe(false);
    expect(after.get("robert")).toMatchObject({ id: before.get("bob")!.id, ldapId: before.get("bob")!.ldapId, email: "bob@example.org" });
    expect(after.get("frank")).toEqual(before.get("frank"));
    const groups = await syncedGroups(current().ctx.db);
    expect(groups.developers).toEqual(["jsmith", "robert", "zoe"]);
    expect(groups.engineering).toEqual(["frank"]);
  });

  it("follows the admin group: added members become admins, removed ones stop being admins", async () => {
    const membershipRows = () =>
      current().ctx.db
        .select({ id: auditLog.id, actor: auditLog.actorKind, target: auditLog.targetId, name: auditLog.targetName, details: auditLog.details })
        .from(auditLog)
        .where(eq(auditLog.event, "group.members_changed"));
    const earlier = new Set((await membershipRows()).map((row) => row.id));
    await directory.server.modify(ldif(ldifModify(fixtureGroupDn("admins", directory.server.suffix), [
      { op: "add", attr: "member", values: `uid=robert,ou=people,${directory.server.suffix}` },
      { op: "delete", attr: "member", values: fixtureUserDn("alice", directory.server.suffix) },
    ])));
    const report = await sync();
    expect(report).toMatchObject({ usersUpdated: 2, membershipsAdded: 1, membershipsRemoved: 1 });
    const users = await syncedUsers(current().ctx.db);
    expect(users.get("robert")?.isAdmin).toBe(true);
    expect(users.get("alice")?.isAdmin).toBe(false);
    expect((await syncedGroups(current().ctx.db)).admins).toEqual(["grace", "robert"]);
    // One membership row for the one group that changed, naming who came and went.
    const admins = await current().ctx.db.select({ id: userGroups.id }).from(userGroups).where(eq(userGroups.name, "admins"));
    const memberships = (await membershipRows()).filter((row) => !earlier.has(row.id));
    expect(memberships).toEqual([
      { id: expect.any(String), actor: "system", target: admins[0].id, name: "admins", details: { added: [users.get("robert")!.id], addedCount: 1, removed: [users.get("alice")!.id], removedCount: 1 } },
    ]);
  });

  it("disables a user who left (soft delete), dropping their unused login links, and enables it again when it returns", async () => {
    const grace = (await syncedUsers(current().ctx.db)).get("grace")!;
    await createOneTimeAccessToken({ userId: grace.id, ttlMinutes: 60 }, current().ctx);
    const left = await sync({ LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(!(uid=grace)))" });
    expect(left).toMatchObject({ usersDisabled: 1, usersDeleted: 0, membershipsRemoved: 1 });
    expect((await syncedUsers(current().ctx.db)).get("grace")).toMatchObject({ id: grace.id, disabled: true });
    expect((await syncedGroups(current().ctx.db)).admins).toEqual(["robert"]);
    expect(await loginLinksOf(current().ctx, grace.id)).toEqual([]);

    const back = await sync();
    expect(back).toMatchObject({ usersEnabled: 1, membershipsAdded: 1 });
    expect((await syncedUsers(current().ctx.db)).get("grace")).toEqual(grace);
    expect((await syncedGroups(current().ctx.db)).admins).toEqual(["grace", "robert"]);
  });

  it("syncs an account locked in the directory (nsAccountLock) as disabled, dropping its unused login links", async () => {
    const jose = fixtureUserDn("jose", directory.server.suffix);
    const joseId = (await syncedUsers(current().ctx.db)).get("jose")!.id;
    await createOneTimeAccessToken({ userId: joseId, ttlMinutes: 60 }, current().ctx);
    await directory.server.modify(ldif(ldifModify(jose, [{ op: "add", attr: "objectClass", values: "extensibleObject" }, { op: "add", attr: "nsAccountLock", values: "TRUE" }])));
    expect(await sync()).toMatchObject({ usersDisabled: 1 });
    expect((await syncedUsers(current().ctx.db)).get("jose")?.disabled).toBe(true);
    expect(await loginLinksOf(current().ctx, joseId)).toEqual([]);
    await directory.server.modify(ldif(ldifModify(jose, [{ op: "delete", attr: "nsAccountLock" }])));
    expect(await sync()).toMatchObject({ usersEnabled: 1 });
    expect((await syncedUsers(current().ctx.db)).get("jose")?.disabled).toBe(false);
  });

  it("deletes users who left when soft delete is off", async () => {
    await directory.server.delete(fixtureUserDn("grace", directory.server.suffix), fixtureUserDn("nomail", directory.server.suffix));
    const report = await sync({ LDAP_SOFT_DELETE_USERS: "false" });
    expect(report).toMatchObject({ usersDeleted: 2, usersDisabled: 0 });
    const users = await syncedUsers(current().ctx.db);
    expect(users.has("nomail")).toBe(false);
    expect(users.has("grace")).toBe(false);
    expect(users.size).toBe(synced.length - 2);
    const groups = await syncedGroups(current().ctx.db);
    expect(groups.admins).toEqual(["robert"]);
    expect(groups.everyone).toEqual([]);
  });

  it("deletes groups that left the directory, with their memberships", async () => {
    await directory.server.delete(fixtureGroupDn("contractors", directory.server.suffix));
    expect(await sync()).toMatchObject({ groupsDeleted: 1, groupsCreated: 0 });
    const groups = await syncedGroups(current().ctx.db);
    expect(groups.contractors).toBeUndefined();
    expect(Object.keys(groups)).toHaveLength(groupOfNames.length - 1);
    // And a further run is a no-op again.
    const before = await rowVersions(current().ctx.db);
    expect((await sync()).rowsWritten).toBe(0);
    expect(await rowVersions(current().ctx.db)).toEqual(before);
  });
});
