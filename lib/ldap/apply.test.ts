// The write stage on both engines: a bulk load drops secondary indexes, rebuilds the unique ones
// inside the sync's transaction and records the others, which buildDeferredIndexes (run after
// the commit, and by migrateDatabase after a crash) builds: the schema ends exactly as migrated.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildDeferredIndexes } from "@/lib/db/bulk-indexes";
import { queryRows, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { describeEachEngine } from "@/lib/db/testing";
import { applyPlan, type WritePlan } from "./apply";
import { isBulkLoad } from "./reconcile";
import { diffUsers } from "./diff";
import { diffGroups, diffMemberships } from "./diff-groups";
import { emptyClaimPlan } from "./diff-claims";
import type { MappedUser } from "./map";
import { users } from "@/lib/db/schema";

describe("isBulkLoad", () => {
  it("applies to runs that insert at least 10,000 users and at least as many as the table holds", () => {
    expect(isBulkLoad(10_000, 0)).toBe(true);
    expect(isBulkLoad(50_000, 50_000)).toBe(true);
    expect(isBulkLoad(9_999, 0)).toBe(false);
    expect(isBulkLoad(20_000, 20_001)).toBe(false);
  });
});

const mapped = (n: number, prefix: string): MappedUser => {
  const username = `${prefix}${n}`;
  const dn = `uid=${username},ou=people,dc=x`;
  return { dn, normDn: dn, ldapId: `id-${username}`, username, email: `${username}@example.org`, firstName: "F", lastName: "L", displayName: "F L", disabled: false, claims: {} };
};

function insertPlan(users: MappedUser[], bulkLoad: boolean): WritePlan {
  const plan = diffUsers({ fetched: users, rows: [], mappingSkips: [], admins: new Set(), pictureHashes: new Map(), softDelete: true });
  const none = { users: new Set<string>(), groups: new Set<string>() };
  return { users: plan, groups: diffGroups([], [], []), memberships: diffMemberships(new Map(), new Map(), none, none), claims: emptyClaimPlan(), pictures: [], bulkLoad };
}

const indexes = (db: Db) =>
  queryRows<{ name: string; definition: string }>(
    db,
    sql`select indexname as name, indexdef as definition from pg_indexes
        where tablename in ('users', 'user_groups', 'user_group_members') order by indexname`,
  );
/** The database's own message for a failed statement (drizzle wraps it as the cause). */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "no error",
    (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
  );
const deferred = async (db: Db) => (await queryRows<{ name: string }>(db, sql`select name from deferred_indexes order by name`)).map((row) => row.name);
const countUsers = async (db: Db) => Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`))[0].n);

describeEachEngine("applyPlan bulk load", (current) => {
  const sortAndSearchIndexes = [
    "user_group_members_group_id_idx", "users_admin_idx", "users_created_at_idx", "users_disabled_idx", "users_display_name_lower_idx", "users_email_lower_idx", "users_local_idx", "users_search_trgm_idx",
  ];

  it("inserts every row, keeps uniqueness enforced at commit and builds the other indexes afterwards", async () => {
    const { db } = current().ctx;
    const before = await indexes(db);
    expect(before.map((index) => index.name)).toEqual(expect.arrayContaining(sortAndSearchIndexes));

    const written = await applyPlan(db, insertPlan(Array.from({ length: 300 }, (_, n) => mapped(n, "bulk")), true));
    expect(written).toBe(300);
    expect(await countUsers(db)).toBe(300);
    expect(await failure(db.execute(sql`insert into users (username) values ('BULK7')`))).toMatch(/users_username_lower_unique/);
    expect(await deferred(db)).toEqual(sortAndSearchIndexes);
    expect(await indexes(db)).toEqual(before.filter((index) => !sortAndSearchIndexes.includes(index.name)));

    // Two callers at once (replicas, or a restart racing the sync): each index is built once.
    const built = await Promise.all([buildDeferredIndexes(db), buildDeferredIndexes(db)]);
    expect(built[0] + built[1]).toBe(sortAndSearchIndexes.length);
    expect(await indexes(db)).toEqual(before);
    expect(await deferred(db)).toEqual([]);
  });

  it("finishes the indexes of a load whose process died after the commit when the database is next migrated", async () => {
    const { database } = current();
    const before = await indexes(database.db);
    await database.db.delete(users);
    await applyPlan(database.db, insertPlan(Array.from({ length: 50 }, (_, n) => mapped(n, "crash")), true));
    expect(await deferred(database.db)).toEqual(sortAndSearchIndexes);

    await migrateDatabase(database);
    expect(await indexes(database.db)).toEqual(before);
    expect(await deferred(database.db)).toEqual([]);
  });

  it("rolls back rows and index changes together when the load fails", async () => {
    const { db } = current().ctx;
    // A local user created after the sync read the database takes a name the plan inserts.
    await db.execute(sql`insert into users (username) values ('clash1')`);
    const before = await indexes(db);
    const rows = await countUsers(db);
    const plan = insertPlan([mapped(0, "clash"), { ...mapped(1, "clash"), username: "CLASH1" }], true);
    expect(await failure(applyPlan(db, plan))).toMatch(/users_username_lower_unique/);
    expect(await countUsers(db)).toBe(rows);
    expect(await indexes(db)).toEqual(before);
  });
});
