// The sync's one write transaction under database trouble and concurrent admin work, on a real
// slapd. To hit the write stage deterministically (no timing luck), the test holds a SHARE lock on
// user_groups from its own connection: the sync reads, inserts and updates users, then waits at its
// first user_groups write, inside its transaction, with rows already written. PostgreSQL only for
// the lock and pg_terminate_backend; the concurrent-edit test also runs on PGlite, where the
// single connection serialises the two transactions.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withActor } from "@/lib/context";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { addUserToGroups } from "@/lib/groups/memberships";
import { dumpTables } from "@/lib/security/testing/dump";
import { updateUser } from "@/lib/users/mutations";
import { addMembers, insertGroup, insertUser } from "@/lib/users/testing";
import { runLdapSyncJob } from "./job";
import { ldif, ldifEntry, ldifModify } from "./testing/ldif";
import { startSlapd, type SlapdServer } from "./testing/slapd";
import { fixtureSyncEnv, syncedGroups, syncedUsers, withLdapEnv } from "./testing/sync-helpers";

const USERS = 200;

/** The sync's backend, once it waits for a lock inside a transaction that has written rows. */
const BLOCKED_WRITER = `select pid from pg_stat_activity
  where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock' and backend_xid is not null`;

describeEachEngine("the sync transaction under database faults and concurrent edits", (current, engine) => {
  let server: SlapdServer;
  let groupCount = 0;
  const userDn = (i: number) => `uid=user${i},ou=people,${server.suffix}`;
  const ctx = () => withLdapEnv(current().ctx, { ...fixtureSyncEnv(server), LDAP_ADMIN_GROUP_NAME: "", LDAP_PAGE_SIZE: "100" });

  beforeAll(async () => {
    server = await startSlapd({ sizeLimit: "unlimited" });
    const ou = (name: string) => ldifEntry(`ou=${name},${server.suffix}`, { objectClass: ["top", "organizationalUnit"], ou: name });
    await server.loadOffline({
      ldif: ldif(
        ou("people"),
        ou("groups"),
        Array.from({ length: USERS }, (_, i) =>
          ldifEntry(userDn(i), { objectClass: ["inetOrgPerson"], uid: `user${i}`, cn: `User ${i}`, givenName: "User", sn: `${i}`, mail: `user${i}@example.org` }),
        ),
      ),
    });
    expect(await runLdapSyncJob({ trigger: "manual" }, ctx())).toMatchObject({ status: "succeeded", stats: { usersCreated: USERS } });
  });
  afterAll(() => server?.stop());

  /** Directory changes whose write touches users first and user_groups afterwards. */
  async function pendingChanges(): Promise<{ lastName: string; group: string }> {
    const n = groupCount++;
    const lastName = `Renamed ${n}`;
    const group = `new-group-${n}`;
    await server.modify(ldif(Array.from({ length: 50 }, (_, i) => ldifModify(userDn(i), [{ op: "replace", attr: "sn", values: lastName }]))));
    await server.add(ldif(ldifEntry(`cn=${group},ou=groups,${server.suffix}`, { objectClass: ["groupOfNames"], cn: group, member: userDn(0) })));
    return { lastName, group };
  }

  /**
   * Holds `lock table user_groups in share mode` on a second connection until `release()`; `blocked()`
   * resolves with the sync backend's pid once it waits for that lock after writing users.
   */
  async function holdGroupsLock() {
    const url = current().database.databaseUrl!;
    const locker = postgres(url, { max: 1, onnotice: () => {} });
    const watcher = postgres(url, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => (locked = resolve));
    const transaction = locker.begin(async (tx) => {
      await tx`lock table user_groups in share mode`;
      locked();
      await released;
    });
    await taken;
    return {
      watcher,
      async blocked(): Promise<number> {
        for (;;) {
          const [row] = await watcher.unsafe<{ pid: number }[]>(BLOCKED_WRITER);
          if (row) return row.pid;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      async release() {
        release();
        await transaction;
        await Promise.all([locker.end(), watcher.end()]);
      },
    };
  }

  // PGlite runs in this process: there is no connection to drop.
  if (engine === "postgres") it(
    "the connection is terminated in the middle of the write: rolled back, a failed run with a plain message, the retry works",
    async () => {
      const { db } = current().ctx;
      const pending = await pendingChanges();
      const before = await dumpTables(db, { except: ["job_runs", "audit_log"] });
      const lock = await holdGroupsLock();
      let outcome;
      try {
        const run = runLdapSyncJob({ trigger: "manual" }, ctx());
        const pid = await lock.blocked();
        // What a PostgreSQL restart or a failover does to the connection.
        await lock.watcher`select pg_terminate_backend(${pid})`;
        outcome = await run;
      } finally {
        await lock.release();
      }
      expect(outcome.status).toBe("failed");
      // postgres.js reports the dropped socket ("write CONNECTION_CLOSED host:port") or the server's notice.
      expect(outcome.error).toMatch(/^Writing the sync to the database failed: .*(CONNECTION_CLOSED|terminating connection).*\. Nothing was changed\.$/s);
      expect(outcome.error!.length).toBeLessThan(500);
      const [row] = await queryRows<{ status: string; error: string }>(db, sql`select status, error from job_runs where id = ${outcome.runId}`);
      expect(row).toEqual({ status: "failed", error: outcome.error });
      expect(await dumpTables(db, { except: ["job_runs", "audit_log"] })).toEqual(before);

      // The pool replaced the dead connection: the next run writes everything.
      expect(await runLdapSyncJob({ trigger: "manual" }, ctx())).toMatchObject({ status: "succeeded", stats: { usersUpdated: 50, groupsCreated: 1 } });
      expect((await syncedUsers(db)).get("user7")?.lastName).toBe(pending.lastName);
      expect((await syncedGroups(db))[pending.group]).toEqual(["user0"]);
    },
  );

  it("an admin edits a local user and a local group while a sync writes: both succeed, nothing is lost", async () => {
    const base = current().ctx;
    const adminId = (await insertUser(base, { username: `admin-${engine}`, isAdmin: true })).id;
    const admin = withActor(base, { userId: adminId, isAdmin: true, kind: "user" });
    const local = await insertUser(base, { username: "local-carol", email: "carol@example.org" });
    const team = await insertGroup(base, { name: "local-team" });
    await addMembers(base, team.id, [local.id]);
    const ldapUser = (await syncedUsers(base.db)).get("user150")!;
    const pending = await pendingChanges();

    const edit = async () => {
      await updateUser({ id: local.id, username: "local-carol", email: "carol.new@example.org", firstName: "Carol", lastName: "Edited", displayName: "" }, admin);
      await addUserToGroups({ userId: ldapUser.id, groupIds: [team.id] }, admin);
    };
    let outcome;
    if (engine === "postgres") {
      // The sync has written its user updates and waits inside its transaction while the admin works.
      const lock = await holdGroupsLock();
      try {
        const run = runLdapSyncJob({ trigger: "manual" }, ctx());
        await lock.blocked();
        await edit();
        await lock.release();
        outcome = await run;
      } finally {
        await lock.release().catch(() => {});
      }
    } else {
      // One connection: the edit is queued the moment the sync starts writing and runs right after.
      let edited: Promise<void> | undefined;
      outcome = await runLdapSyncJob({ trigger: "manual", onProgress: (update) => { if (update.stage === "writing") edited ??= edit(); } }, ctx());
      await edited;
    }

    expect(outcome).toMatchObject({ status: "succeeded", stats: { usersUpdated: 50, groupsCreated: 1 } });
    const users = await syncedUsers(base.db);
    expect(users.get("local-carol")).toMatchObject({ email: "carol.new@example.org", lastName: "Edited", displayName: "Carol Edited", ldap: false });
    expect(users.get("user0")?.lastName).toBe(pending.lastName);
    const groups = await syncedGroups(base.db);
    expect(groups["local-team"]).toEqual(["local-carol", "user150"]);
    expect(groups[pending.group]).toEqual(["user0"]);
    // And the next sync leaves the admin's local data alone.
    expect(await runLdapSyncJob({ trigger: "manual" }, ctx())).toMatchObject({ status: "succeeded", stats: { rowsWritten: 0 } });
    expect((await syncedGroups(base.db))["local-team"]).toEqual(["local-carol", "user150"]);
  });
});
