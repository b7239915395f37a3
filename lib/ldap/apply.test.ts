// The write stage on both engines: a bulk load drops and rebuilds secondary indexes inside the
// sync's transaction, so the schema after it, and after a failed one, is exactly the migrated one.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows, type Db } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { applyPlan, isBulkLoad, type WritePlan } from "./apply";
import { diffUsers } from "./diff";
import { diffGroups, diffMemberships } from "./diff-groups";
import type { MappedUser } from "./map";

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
  return { dn, normDn: dn, ldapId: `id-${username}`, username, email: `${username}@example.org`, firstName: "F", lastName: "L", displayName: "F L", disabled: false };
};

function insertPlan(users: MappedUser[], bulkLoad: boolean): WritePlan {
  const plan = diffUsers({ fetched: users, rows: [], mappingSkips: [], admins: new Set(), pictureHashes: new Map(), softDelete: true });
  const none = { users: new Set<string>(), groups: new Set<string>() };
  return { users: plan, groups: diffGroups([], [], []), memberships: diffMemberships(new Map(), new Map(), none, none), bulkLoad };
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
const countUsers = async (db: Db) => Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`))[0].n);

describeEachEngine("applyPlan bulk load", (current) => {
  it("inserts every row and leaves the same indexes, still enforcing uniqueness", async () => {
    const { db } = current().ctx;
    const before = await indexes(db);
    expect(before.map((index) => index.name)).toContain("users_search_trgm_idx");

    const written = await applyPlan(db, insertPlan(Array.from({ length: 300 }, (_, n) => mapped(n, "bulk")), true));
    expect(written).toBe(300);
    expect(await countUsers(db)).toBe(300);
    expect(await indexes(db)).toEqual(before);
    expect(await failure(db.execute(sql`insert into users (username) values ('BULK7')`))).toMatch(/users_username_lower_unique/);
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
