// The users list's filters against every combination, with search, sorts and pages read from both
// ends, on both engines; and their plans on a table large enough for the planner to care.
import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import type { AppContext } from "@/lib/context";
import { users } from "@/lib/db/schema";
import { explainUserListQueries } from "./explain";
import { listUsers } from "./list";
import type { UserListQuery } from "./schema";
import { asUser } from "./testing";

// 60 users covering every combination of source, status and role several times over.
const rows = Array.from({ length: 60 }, (_, n) => ({
  username: `f${String(n).padStart(2, "0")}`,
  email: `f${n}@example.org`,
  firstName: n % 4 === 0 ? "Ann" : "Bo",
  displayName: `Name ${(n * 37) % 60}`,
  ldapId: n % 3 === 0 ? null : `ldap-${n}`,
  disabled: n % 5 === 1,
  isAdmin: n % 7 === 2,
  createdAt: new Date(Date.UTC(2024, 0, 1, 0, n)),
}));
type Row = (typeof rows)[number];

const matches = (row: Row, query: Partial<UserListQuery>) =>
  (!query.source || (row.ldapId !== null) === (query.source === "ldap")) &&
  (!query.status || row.disabled === (query.status === "disabled")) &&
  (!query.role || row.isAdmin === (query.role === "admin")) &&
  (!query.q || `${row.username} ${row.email} ${row.firstName}`.toLowerCase().includes(query.q.toLowerCase()));

describeEachEngine("users list filters", (use) => {
  let admin: AppContext;
  beforeAll(async () => {
    const { ctx } = use();
    const inserted = await ctx.db.insert(users).values(rows).returning({ id: users.id });
    admin = asUser(ctx, inserted[2].id, true);
  });

  it("selects exactly the users of every combination of filters, with exact totals", async () => {
    for (const source of [undefined, "ldap", "local"] as const) {
      for (const status of [undefined, "active", "disabled"] as const) {
        for (const role of [undefined, "admin", "user"] as const) {
          const query = { source, status, role };
          const expected = rows.filter((row) => matches(row, query)).map((row) => row.username);
          const result = await listUsers({ ...query, pageSize: 100 }, admin);
          expect(result.items.map((item) => item.username), JSON.stringify(query)).toEqual(expected);
          expect(result.total, JSON.stringify(query)).toBe(expected.length);
        }
      }
    }
  });

  it("combines filters with search and sort, and pages from both ends", async () => {
    const query = { source: "ldap", status: "active", q: "ann" } as const;
    const result = await listUsers({ ...query, sort: "created", dir: "desc", pageSize: 100 }, admin);
    const expected = rows.filter((row) => matches(row, query)).reverse();
    expect(result.items.map((item) => item.username)).toEqual(expected.map((row) => row.username));

    const active = rows.filter((row) => matches(row, { status: "active" })).map((row) => row.username);
    const pageCount = Math.ceil(active.length / 7);
    const seen: string[] = [];
    for (let page = 1; page <= pageCount; page++) seen.push(...(await listUsers({ status: "active", pageSize: 7, page }, admin)).items.map((item) => item.username));
    expect(seen).toEqual(active);
  });

  it("ignores unknown filter values, as a hand-edited URL may carry", async () => {
    const result = await listUsers({ source: "elsewhere", status: "", role: "root" } as never, admin);
    expect(result).toMatchObject({ total: 60, source: undefined, status: undefined, role: undefined });
  });

  it("reads filtered counts and pages without scanning the users table", async () => {
    const { ctx } = use();
    // A directory-sized table: the rare sides stay small, as they are in practice.
    await ctx.db.execute(
      sql`insert into ${users} (username, email, first_name, display_name, ldap_id, disabled, is_admin)
          select 'big' || g, 'big' || g || '@example.org', 'F', md5(g::text), case when g % 100 = 0 then null else 'big-' || g end, g % 40 = 0, g % 1000 = 0
          from generate_series(1, 5000) g`,
    );
    await ctx.db.execute(sql`vacuum (analyze) ${users}`);
    const filtered = (await explainUserListQueries(admin)).filter((plan) => plan.query.source || plan.query.status || plan.query.role);
    expect(filtered.length).toBeGreaterThanOrEqual(12);
    for (const plan of filtered) {
      // A count may include the count of all users (as the unfiltered list does); nothing reads the table to filter it.
      const filteredScan = /Seq Scan on users\b[^\n]*\n\s+Filter:/.test(plan.plan);
      expect(plan.name.startsWith("count, ") ? filteredScan : plan.seqScan, `${plan.name}\n${plan.plan}`).toBe(false);
    }
    const deep = filtered.find((plan) => plan.name.startsWith("middle page") && plan.name.includes("active LDAP users"));
    expect(deep?.plan).toMatch(/Index Only Scan (Backward )?using users_username_lower_unique on users/);
    expect(deep?.heapFetches).toBe(0);
  });
});
