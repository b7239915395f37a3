// The users list's totals come from user_counts, which triggers on users keep: after every kind of
// write (the domain verbs, the sync's bulk COPY and its set-based updates and deletes, a rolled-back
// transaction, concurrent writers, TRUNCATE) they must equal count(*) for every combination of filters.
import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { users } from "@/lib/db/schema";
import { applyPlan, type WritePlan } from "@/lib/ldap/apply";
import { diffUsers } from "@/lib/ldap/diff";
import { diffGroups, diffMemberships } from "@/lib/ldap/diff-groups";
import { emptyClaimPlan } from "@/lib/ldap/diff-claims";
import type { MappedUser } from "@/lib/ldap/map";
import type { AppContext } from "@/lib/context";
import { countUsers } from "./list";
import { userFilterCondition, type UserFilters } from "./list-filters";
import { createUser, deleteUser, setUserAdmin, setUserDisabled, updateUser } from "./mutations";
import { USER_ROLES, USER_SOURCES, USER_STATUSES } from "./schema";

const mapped = (n: number): MappedUser => {
  const username = `dir${n}`;
  const dn = `uid=${username},ou=people,dc=x`;
  return { dn, normDn: dn, ldapId: `id-${username}`, username, email: `${username}@example.org`, firstName: "F", lastName: "L", displayName: `F ${n}`, disabled: n % 7 === 0, claims: {} };
};

/** What a sync of `fetched` against the table writes (disabling the users gone from the directory). */
async function syncPlan(ctx: AppContext, fetched: MappedUser[], admins: number[], bulkLoad: boolean): Promise<WritePlan> {
  const { id, username, email, firstName, lastName, displayName, isAdmin, disabled, ldapId } = users;
  const rows = await ctx.db.select({ id, username, email, firstName, lastName, displayName, isAdmin, disabled, ldapId }).from(users);
  const plan = diffUsers({ fetched, rows, mappingSkips: [], admins: new Set(admins), pictureHashes: new Map(), softDelete: true });
  const none = { users: new Set<string>(), groups: new Set<string>() };
  return { users: plan, groups: diffGroups([], [], []), memberships: diffMemberships(new Map(), new Map(), none, none), claims: emptyClaimPlan(), pictures: [], bulkLoad };
}

/** Every combination of the three filters (each also left unset), with the list's total next to count(*). */
async function totals(ctx: AppContext) {
  const result: { filters: UserFilters; counted: number; actual: number }[] = [];
  for (const source of [undefined, ...USER_SOURCES]) {
    for (const status of [undefined, ...USER_STATUSES]) {
      for (const role of [undefined, ...USER_ROLES]) {
        const filters = { source, status, role };
        const where = userFilterCondition(filters);
        const [{ n }] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from ${users}${where ? sql` where ${where}` : sql``}`);
        result.push({ filters, counted: await countUsers(ctx.db, "", filters), actual: n });
      }
    }
  }
  return result;
}

async function expectExactTotals(ctx: AppContext) {
  const rows = await totals(ctx);
  expect(rows.map(({ filters, counted }) => ({ filters, n: counted }))).toEqual(rows.map(({ filters, actual }) => ({ filters, n: actual })));
}

describeEachEngine("users list totals", (use) => {
  it("equal count(*) per filter after the verbs, concurrent writers, the sync's bulk and set-based writes, a rollback and TRUNCATE", async () => {
    const { ctx } = use();
    await expectExactTotals(ctx);

    const fetched = Array.from({ length: 120 }, (_, n) => mapped(n));
    expect(await applyPlan(ctx.db, await syncPlan(ctx, fetched, [0, 1], true))).toBe(120);
    await expectExactTotals(ctx);

    const local = await createUser({ username: "local1", email: "local1@example.org", firstName: "L", lastName: "One", displayName: "", isAdmin: false }, ctx);
    const admin = await createUser({ username: "local2", email: "", firstName: "L", lastName: "Two", displayName: "", isAdmin: true }, ctx);
    await setUserDisabled({ id: local.id, value: true }, ctx);
    await setUserAdmin({ id: local.id, value: true }, ctx);
    await updateUser({ id: admin.id, username: "local2b", email: "l2@example.org", firstName: "L", lastName: "Two", displayName: "" }, ctx);
    // Writers at once: each appends its change, and only one of them folds at a time.
    const profile = { firstName: "C", lastName: "C", displayName: "", email: "" };
    await Promise.all(Array.from({ length: 8 }, (_, n) => createUser({ ...profile, username: `concurrent${n}`, isAdmin: n % 2 === 0 }, ctx)));
    await expectExactTotals(ctx);

    // The next sync: 20 users gone (disabled), 10 renamed and enabled, one more administrator, 30 new.
    const next = [...fetched.slice(20).map((user, n) => (n < 10 ? { ...user, displayName: "Renamed", disabled: false } : user)), ...Array.from({ length: 30 }, (_, n) => mapped(1000 + n))];
    expect(await applyPlan(ctx.db, await syncPlan(ctx, next, [0, 5], false))).toBeGreaterThan(0);
    await expectExactTotals(ctx);

    await deleteUser(local.id, ctx);
    await ctx.db.execute(sql`delete from users where ldap_id like 'id-dir10%'`);
    await ctx.db.execute(sql`update users set disabled = not disabled where ldap_id like 'id-dir3%'`);
    await ctx.db
      .transaction(async (tx) => {
        await tx.execute(sql`delete from users where ldap_id is not null`);
        throw new Error("rolled back");
      })
      .catch(() => {});
    await expectExactTotals(ctx);

    await ctx.db.execute(sql`truncate users cascade`);
    await expectExactTotals(ctx);
    await createUser({ username: "after", email: "", firstName: "A", lastName: "B", displayName: "", isAdmin: true }, ctx);
    await expectExactTotals(ctx);
    // The triggers fold their rows: the table stays a row per combination, whatever was written.
    const [{ rows }] = await queryRows<{ rows: number }>(ctx.db, sql`select count(*)::int as rows from user_counts`);
    expect(rows).toBeLessThanOrEqual(8);
  });
});
