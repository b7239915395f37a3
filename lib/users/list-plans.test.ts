// The users list's query plans on a table large enough for the planner to care: every sort reaches a
// deep page by an index-only scan of its covering index (migration 0002_users_covering_indexes).
import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import type { AppContext } from "@/lib/context";
import { users } from "@/lib/db/schema";
import { explainUserListQueries } from "./explain";
import { listUsers } from "./list";
import { asUser, insertUser } from "./testing";

const USERS = 5000;

const SORT_INDEXES = {
  username: "users_username_lower_unique",
  name: "users_display_name_lower_idx",
  email: "users_email_lower_idx",
  created: "users_created_at_idx",
};

describeEachEngine("users list plans", (use) => {
  let admin: AppContext;

  beforeAll(async () => {
    const { ctx } = use();
    admin = asUser(ctx, (await insertUser(ctx, { username: "the-admin", isAdmin: true })).id, true);
    // Sort keys in an order unrelated to the insertion order, every tenth user without e-mail.
    await ctx.db.execute(
      sql`insert into ${users} (username, email, first_name, display_name)
          select 'u' || md5(g::text), case when g % 10 = 0 then null else md5('e' || g) || '@example.org' end, 'F', md5('n' || g)
          from generate_series(1, ${USERS}) g`,
    );
    // What the sync does after a bulk write: statistics for the planner, a current visibility map.
    await ctx.db.execute(sql`vacuum (analyze) ${users}`);
  });

  it("reads the middle page of every sort through its covering index, index-only", async () => {
    const plans = await explainUserListQueries(admin);
    for (const [sort, index] of Object.entries(SORT_INDEXES)) {
      const middle = plans.find((plan) => plan.name.startsWith("middle page") && plan.name.endsWith(`by ${sort}`));
      expect(middle?.plan, sort).toContain(`Index Only Scan using ${index} on users`);
      expect(middle, sort).toMatchObject({ seqScan: false, heapFetches: 0 });
    }
  });

  it("returns the same rows on both sides of the middle, where the list starts reading backwards", async () => {
    const { ctx } = use();
    const rows = await ctx.db
      .select({ id: users.id, username: users.username, email: users.email, displayName: users.displayName, createdAt: users.createdAt })
      .from(users);
    type Row = (typeof rows)[number];
    // Keys are ASCII (hex, "u", "@example.org"), so JavaScript's order is the database's.
    const key = {
      username: (r: Row) => r.username,
      name: (r: Row) => `${r.displayName.toLowerCase()}\u0000${r.id}`,
      email: (r: Row) => `${r.email ?? "\uffff"}\u0000${r.id}`, // users without e-mail last
      created: (r: Row) => `${r.createdAt.toISOString()}\u0000${r.id}`,
    };
    const pageCount = Math.ceil(rows.length / 20);
    const middle = Math.ceil(pageCount / 2);
    for (const sort of ["username", "name", "email", "created"] as const) {
      const expected = [...rows].sort((a, b) => (key[sort](a) < key[sort](b) ? -1 : 1)).map((row) => row.id);
      for (const page of [1, middle, middle + 1, pageCount]) {
        const result = await listUsers({ sort, page }, admin);
        expect(result.items.map((item) => item.id), `${sort} page ${page}`).toEqual(expected.slice((page - 1) * 20, page * 20));
      }
    }
  });
});
