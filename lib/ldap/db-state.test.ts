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
  it("arrives in parts and is rebuilt whole, LDAP rows indexed by ldap id", async () => {
    const { db } = current().ctx;
    await execute(db, sql`insert into users (username, email, first_name, last_name, display_name, ldap_id)
                          select 'state' || i, 'state' || i || '@example.org', 'Ann', 'Lee', 'Ann Lee', case when i % 2 = 0 then 'ldap-' || i end
                          from generate_series(1, 7) i`);
    const parts: DbStatePart[] = [];
    await readDbState(db, (part) => parts.push(part), 3);
    const userParts = parts.filter((part) => part.table === "users");
    expect(userParts.length).toBeGreaterThanOrEqual(3); // 7+ users, 3 per part

    const builder = new DbStateBuilder();
    for (const part of parts) builder.add(part);
    const state = builder.finish();
    const ours = state.users.filter((row) => row.username.startsWith("state"));
    expect(ours.map((row) => row.username).sort()).toEqual(["state1", "state2", "state3", "state4", "state5", "state6", "state7"]);
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
