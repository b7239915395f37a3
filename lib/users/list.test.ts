import { beforeAll, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import type { AppContext } from "@/lib/context";
import { users } from "@/lib/db/schema";
import { listUsers, pageWindow, searchUsersForPicker, SEARCH_COUNT_LIMIT } from "./list";
import { explainUserListQueries } from "./explain";
import { addMembers, asUser, insertGroup, insertUser } from "./testing";

// 26 users: a..z with known names, e-mails (every third has none) and creation times.
const letters = "abcdefghijklmnopqrstuvwxyz".split("");

function seedRow(letter: string, index: number) {
  return {
    username: `${letter}user`,
    email: index % 3 === 2 ? null : `${letters[25 - index]}mail@example.org`,
    firstName: letter.toUpperCase(),
    lastName: "Tester",
    displayName: `${letters[(index * 7) % 26].toUpperCase()} Tester`,
    createdAt: new Date(Date.UTC(2024, 0, 1 + index)),
  };
}

describeEachEngine("users list", (use) => {
  let admin: AppContext;
  const all = letters.map(seedRow);

  beforeAll(async () => {
    const { ctx } = use();
    await ctx.db.insert(users).values(all);
    const [first] = await ctx.db.select({ id: users.id }).from(users).where(sql`${users.username} = 'auser'`);
    admin = asUser(ctx, first.id, true);
  });

  const compare = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  const sorted = {
    username: [...all].sort((a, b) => compare(a.username, b.username)),
    name: [...all].sort((a, b) => compare(a.displayName.toLowerCase(), b.displayName.toLowerCase())),
    email: [...all].sort((a, b) => compare(a.email, b.email)),
    created: [...all].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
  };

  it("pages through every sort order, both directions, with exact totals", async () => {
    for (const sort of ["username", "created"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const expected = dir === "asc" ? sorted[sort] : [...sorted[sort]].reverse();
        const seen: string[] = [];
        for (let page = 1; page <= 6; page++) {
          const result = await listUsers({ sort, dir, page, pageSize: 5 }, admin);
          expect(result).toMatchObject({ total: 26, totalCapped: false, pageCount: 6, page });
          seen.push(...result.items.map((item) => item.username));
        }
        expect(seen).toEqual(expected.map((row) => row.username));
      }
    }
  });

  it("sorts by name and e-mail (users without e-mail last ascending, first descending)", async () => {
    const byName = await listUsers({ sort: "name", pageSize: 26 }, admin);
    expect(byName.items.map((item) => item.displayName.toLowerCase())).toEqual(sorted.name.map((row) => row.displayName.toLowerCase()));
    const byEmail = await listUsers({ sort: "email", pageSize: 26 }, admin);
    expect(byEmail.items.map((item) => item.email)).toEqual(sorted.email.map((row) => row.email));
    const byEmailDesc = await listUsers({ sort: "email", dir: "desc", pageSize: 26 }, admin);
    expect(byEmailDesc.items[0].email).toBeNull();
    expect(byEmailDesc.items.at(-1)!.email).toBe(sorted.email[0].email);
  });

  it("reads late pages from the other end and returns the same rows as reading forward", async () => {
    const forward = sorted.email.map((row) => row.email);
    for (const page of [4, 5, 6]) {
      const result = await listUsers({ sort: "email", page, pageSize: 5 }, admin);
      expect(result.items.map((item) => item.email)).toEqual(forward.slice((page - 1) * 5, page * 5));
    }
    expect(pageWindow(6, 5, 26, false)).toEqual({ page: 6, pageCount: 6, offset: 0, limit: 1, reversed: true });
  });

  it("clamps a page past the end to the last page", async () => {
    const result = await listUsers({ page: 99, pageSize: 10 }, admin);
    expect(result.page).toBe(3);
    expect(result.items.map((item) => item.username)).toEqual(sorted.username.slice(20).map((row) => row.username));
  });

  it("searches username, e-mail and names case-insensitively as a substring", async () => {
    expect((await listUsers({ q: "QUSER" }, admin)).items.map((item) => item.username)).toEqual(["quser"]);
    expect((await listUsers({ q: "zmail@" }, admin)).items.map((item) => item.username)).toEqual(["auser"]);
    const byName = await listUsers({ q: "tester", pageSize: 100 }, admin);
    expect(byName.total).toBe(26);
    expect(await listUsers({ q: "nobody-like-this" }, admin)).toMatchObject({ total: 0, items: [], page: 1, pageCount: 1 });
  });

  it("matches short terms at the start of a word, and treats % and _ literally", async () => {
    // "q" starts the username quser, juser's e-mail qmail@… and guser's display name "Q Tester".
    expect((await listUsers({ q: "q" }, admin)).items.map((item) => item.username)).toEqual(["guser", "juser", "quser"]);
    expect((await listUsers({ q: "ex", pageSize: 100 }, admin)).total).toBe(all.filter((row) => row.email).length);
    expect((await listUsers({ q: "se" }, admin)).total).toBe(0); // "user" contains "se", but no word starts with it
    expect((await listUsers({ q: "%" }, admin)).total).toBe(0);
    expect((await listUsers({ q: "a_u" }, admin)).total).toBe(0);
  });

  it("caps the count of a search matching very many users", async () => {
    const { ctx } = use();
    await ctx.db.execute(
      sql`insert into ${users} (username, email) select 'bulk' || g, 'bulk' || g || '@bulk.test' from generate_series(1, ${SEARCH_COUNT_LIMIT + 5}) g`,
    );
    const result = await listUsers({ q: "bulk", page: 1000 }, admin);
    expect(result).toMatchObject({ total: SEARCH_COUNT_LIMIT, totalCapped: true, pageCount: SEARCH_COUNT_LIMIT / 20, page: 50 });
    expect(result.items).toHaveLength(20);
    expect((await listUsers({}, admin)).total).toBe(26 + SEARCH_COUNT_LIMIT + 5);
    await ctx.db.execute(sql`delete from ${users} where username like 'bulk%'`);
  });

  it("finds users for the member picker, leaving out the group's members", async () => {
    const { ctx } = use();
    const group = await insertGroup(ctx);
    const [member] = await listUsers({ q: "buser" }, admin).then((result) => result.items);
    await addMembers(ctx, group.id, [member.id]);
    expect((await searchUsersForPicker({ q: "buser" }, admin)).map((user) => user.username)).toEqual(["buser"]);
    expect(await searchUsersForPicker({ q: "buser", excludeGroupId: group.id }, admin)).toEqual([]);
    expect(await searchUsersForPicker({ q: "user" }, admin)).toHaveLength(10);
  });

  it("explains every list query with a plan and a server time", async () => {
    const plans = await explainUserListQueries(admin);
    expect(plans.length).toBeGreaterThan(10);
    for (const plan of plans) {
      expect(plan.plan).toMatch(/Execution Time/);
      expect(plan.executionMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("lists an inserted user straight away", async () => {
    await insertUser(use().ctx, { username: "zz-late" });
    expect((await listUsers({ q: "zz-late" }, admin)).items).toHaveLength(1);
  });
});
