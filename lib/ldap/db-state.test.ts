// The sync's database state, read in parts (users by keyset) on both engines and rebuilt by the
// worker thread's DbStateBuilder; an entry matching its row shares the row's strings.
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { execute } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { DbStateBuilder, type DbStatePart } from "./db-state";
import type { MappedUser } from "./map";
import { readDbState } from "./state";

describeEachEngine("the sync's database state", (current) => {
  it("arrives in parts and is rebuilt whole, LDAP rows indexed by ldap id, local users by their unique values only", async () => {
    const { db } = current().ctx;
    await execute(db, sql`insert into users (username, email, first_name, last_name, display_name, ldap_id)
                          select 'state' || i, 'state' || i || '@example.org', 'Ann', 'Lee', 'Ann Lee', case when i % 2 = 0 then 'ldap-' || i end
                          from generate_series(1, 7) i`);
    // Local users spanning several heap blocks, read a few blocks at a time.
    await execute(db, sql`insert into users (username, email, first_name, last_name, display_name)
                          select 'bulk' || i, 'bulk' || i || '@example.org', repeat('x', 100), 'Lee', 'X Lee' from generate_series(1, 400) i`);
    const parts: DbStatePart[] = [];
    await readDbState(db, (part) => parts.push(part), 3);
    expect(parts.filter((part) => part.table === "users").length).toBeGreaterThanOrEqual(2); // 3+ LDAP users, 3 per part
    expect(parts.filter((part) => part.table === "local").length).toBeGreaterThanOrEqual(2); // 404+ local users, in several blocks

    const builder = new DbStateBuilder();
    for (const part of parts) builder.add(part);
    const state = builder.finish();
    const ours = state.users.filter((row) => row.username.startsWith("state"));
    expect(ours.map((row) => row.username).sort()).toEqual(["state2", "state4", "state6"]);
    expect(state.localUsers.filter((user) => user.username.startsWith("state")).sort((a, b) => a.username.localeCompare(b.username))).toEqual(
      ["state1", "state3", "state5", "state7"].map((username) => ({ username, email: `${username}@example.org` })),
    );
    const bulk = state.localUsers.filter((user) => user.username.startsWith("bulk"));
    expect(new Set(bulk.map((user) => user.username)).size).toBe(400); // each once, none missed
    expect(bulk.length).toBe(400);
    expect(new Set(state.users.map((row) => row.id)).size).toBe(state.users.length); // no row twice across parts
    expect(state.users[state.rowOf.get("ldap-4")!].username).toBe("state4");
    expect(state.rowOf.has("ldap-3")).toBe(false);

    const row = state.users[state.rowOf.get("ldap-2")!];
    const entry: MappedUser = {
      dn: "uid=state2,dc=x", normDn: "uid=state2,dc=x", ldapId: ["ldap", "2"].join("-"), username: ["state", "2"].join(""),
      email: "other@example.org", firstName: "Ann", lastName: "Lee", displayName: "Ann Lee", disabled: false, claims: {},
    };
    builder.share(entry);
    expect(entry).toMatchObject({ ldapId: "ldap-2", username: "state2", email: "other@example.org" }); // values unchanged
    expect(entry.email).not.toBe(row.email);
  });
});
