// What must never happen: a server limit truncating the result, an outage or a wrong search base
// changing the database, a mass removal without force. Real slapd, both database engines.
import { SizeLimitExceededError } from "ldapts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SYSTEM_ACTOR, withActor } from "@/lib/context";
import { describeEachEngine } from "@/lib/db/testing";
import { ForbiddenError } from "@/lib/errors";
import { JobFailedError } from "@/lib/jobs/runner";
import type { LdapSyncReport } from "./report";
import { runLdapSync, type SyncProgress } from "./sync";
import { ldif, ldifEntry } from "./testing/ldif";
import { startSlapd, type SlapdServer } from "./testing/slapd";
import { fixtureSyncEnv, rowVersions, syncedUsers, withLdapEnv } from "./testing/sync-helpers";

const USERS = 1500;

function bulkUsers(suffix: string, count: number, ou = "bulk"): string {
  return ldif(
    ldifEntry(`ou=${ou},${suffix}`, { objectClass: ["top", "organizationalUnit"], ou }),
    ldifEntry(`ou=groups,${suffix}`, { objectClass: ["top", "organizationalUnit"], ou: "groups" }),
    Array.from({ length: count }, (_, i) =>
      ldifEntry(`uid=user${i},ou=${ou},${suffix}`, {
        objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
        uid: `user${i}`, cn: `User ${i}`, sn: `${i}`, givenName: "User", mail: `user${i}@example.org`,
      }),
    ),
    ldifEntry(`cn=staff,ou=groups,${suffix}`, { objectClass: "groupOfNames", cn: "staff", member: `uid=user0,ou=${ou},${suffix}` }),
  );
}

async function failure(promise: Promise<unknown>): Promise<{ message: string; report: LdapSyncReport }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof JobFailedError)) throw new Error(`expected JobFailedError, got ${String(error)}`);
  return { message: error.message, report: error.stats as LdapSyncReport };
}

describeEachEngine("LDAP sync safety", (current) => {
  let server: SlapdServer;
  beforeAll(async () => {
    // Like Active Directory: plain searches stop at 1,000 entries, paged ones are unlimited.
    server = await startSlapd({ sizeLimit: "size.soft=1000 size.hard=unlimited size.prtotal=unlimited" });
    await server.loadOffline({ ldif: bulkUsers(server.suffix, USERS) });
  });
  afterAll(() => server?.stop());

  const ctxFor = (overrides: Record<string, string> = {}) =>
    withLdapEnv(current().ctx, { ...fixtureSyncEnv(server), LDAP_ADMIN_GROUP_NAME: "", ...overrides });
  const sync = (overrides: Record<string, string> = {}, options: { force?: boolean; handle?: SyncProgress } = {}) =>
    runLdapSync({ force: options.force }, ctxFor(overrides), options.handle);

  it("fetches all 1,500 users through the paged-results control despite a size limit of 1,000", async () => {
    const reader = await server.client({ as: "reader" });
    await expect(reader.search(server.suffix, { filter: "(objectClass=inetOrgPerson)", attributes: ["uid"] })).rejects.toBeInstanceOf(SizeLimitExceededError);
    await reader.unbind();
    const report = await sync();
    expect(report).toMatchObject({ usersFetched: USERS, usersCreated: USERS, usersSkipped: 0, groupsCreated: 1 });
    expect((await syncedUsers(current().ctx.db)).size).toBe(USERS);
  });

  it("changes nothing when slapd dies in the middle of paging, and recovers on the next run", async () => {
    await server.modify(ldif(`dn: uid=user1,ou=bulk,${server.suffix}\nchangetype: modify\nreplace: sn\nsn: Changed`));
    const before = await rowVersions(current().ctx.db);
    let killed: Promise<void> | undefined;
    const handle: SyncProgress = {
      progress(update) {
        if (!killed && Number(update.usersFetched) > 0) killed = server.kill();
      },
    };
    const { message, report } = await failure(sync({ LDAP_PAGE_SIZE: "100" }, { handle }));
    expect(message).toMatch(/closed the connection during the user search|Cannot reach the LDAP server/);
    expect(message).toMatch(/Nothing was changed\.$/);
    expect(report.usersFetched).toBeGreaterThan(0);
    expect(report.usersFetched).toBeLessThan(USERS);
    expect(await rowVersions(current().ctx.db)).toEqual(before);

    await killed;
    await server.restart();
    expect(await sync()).toMatchObject({ usersUpdated: 1, usersUnchanged: USERS - 1 });
  });

  it("stops at its signal while reading (a server shutting down), with the signal's reason, changing nothing", async () => {
    await server.modify(ldif(`dn: uid=user2,ou=bulk,${server.suffix}\nchangetype: modify\nreplace: sn\nsn: Stopped`));
    const before = await rowVersions(current().ctx.db);
    const controller = new AbortController();
    const reason = new Error("the server is shutting down");
    const handle: SyncProgress = {
      signal: controller.signal,
      progress(update) {
        if (Number(update.usersFetched) > 0) controller.abort(reason);
      },
    };
    await expect(sync({ LDAP_PAGE_SIZE: "100" }, { handle })).rejects.toBe(reason);
    expect(await rowVersions(current().ctx.db)).toEqual(before);
    expect(await sync()).toMatchObject({ usersUpdated: 1 });
  });

  it("fails within LDAP_TIMEOUT when the server stops answering, changing nothing", async () => {
    const before = await rowVersions(current().ctx.db);
    await server.freeze();
    try {
      const { message } = await failure(sync({ LDAP_TIMEOUT: "1" }));
      // Normally during the bind; on a machine loaded far past its cores the bind has been seen to
      // get through first, and the search then times out: the same guarantee either way.
      expect(message).toMatch(/did not answer within 1 seconds during the (bind|user search) \(LDAP_TIMEOUT\)\. Nothing was changed\.$/);
    } finally {
      server.thaw();
    }
    expect(await rowVersions(current().ctx.db)).toEqual(before);
  });

  it("refuses to disable everyone when the search base holds no users, and names a missing base", async () => {
    const before = await rowVersions(current().ctx.db);
    const empty = await failure(sync({ LDAP_BASE: `ou=groups,${server.suffix}` }));
    expect(empty.message).toMatch(/the user search returned no entries while 1500 LDAP users exist, so it would disable all of them\. Nothing was changed\./);
    expect(empty.message).toMatch(/sync-ldap --force/);
    expect(empty.report).toMatchObject({ stoppedByGuard: true, usersFetched: 0, rowsWritten: 0 });
    const missing = await failure(sync({ LDAP_BASE: `ou=nowhere,${server.suffix}` }));
    expect(missing.message).toMatch(/The search base "ou=nowhere,dc=example,dc=org" does not exist on the LDAP server/);
    expect(await rowVersions(current().ctx.db)).toEqual(before);
  });

  it("stops a run that would remove more than LDAP_MAX_REMOVAL_PERCENT, until forced", async () => {
    const before = await rowVersions(current().ctx.db);
    // A filter typo that matches only user1, user1x, user1xx and user1xxx: 611 users stay, 889 would go.
    const typo = { LDAP_USER_SEARCH_FILTER: "(&(objectClass=inetOrgPerson)(uid=user1*))" };
    const stopped = await failure(sync(typo));
    expect(stopped.message).toMatch(/it would disable 889 of 1500 LDAP users \(59%\), more than the 50% allowed by LDAP_MAX_REMOVAL_PERCENT/);
    expect(stopped.report.stoppedByGuard).toBe(true);
    expect(await rowVersions(current().ctx.db)).toEqual(before);

    const forced = await sync(typo, { force: true });
    expect(forced).toMatchObject({ forced: true, usersDisabled: 889 });
    const users = await syncedUsers(current().ctx.db);
    expect([...users.values()].filter((u) => u.disabled)).toHaveLength(889);
    expect(await sync()).toMatchObject({ usersEnabled: 889 });
  });

  it("explains a size limit that caps even paged searches, changing nothing", async () => {
    // A plain "sizelimit 1000" also stops paged searches at 1,000 entries for non-root binds.
    await using capped = await startSlapd({ sizeLimit: 1000 });
    await capped.loadOffline({ ldif: bulkUsers(capped.suffix, 1001) });
    const before = await rowVersions(current().ctx.db);
    const { message } = await failure(runLdapSync({}, withLdapEnv(current().ctx, { ...fixtureSyncEnv(capped), LDAP_ADMIN_GROUP_NAME: "" })));
    expect(message).toMatch(/stopped the user search at its size limit, even though the sync pages its searches: raise the limit/);
    expect(await rowVersions(current().ctx.db)).toEqual(before);
  });

  it("refuses non-admin callers and a disabled LDAP configuration", async () => {
    const user = withActor(ctxFor(), { userId: null, isAdmin: false, kind: "user" });
    await expect(runLdapSync({}, user)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(runLdapSync({}, withActor(ctxFor({ LDAP_ENABLED: "false" }), SYSTEM_ACTOR))).rejects.toThrow(/LDAP is disabled/);
  });
});
