// The state's version (readStateVersion, migration 0013): every committed statement writing what a
// sync reads as its state moves it; reads, other tables and rolled-back writes do not; the rows
// that count the statements are folded, so the table stays a few rows long.
import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { readStateVersion } from "./state";

describeEachEngine("LDAP sync state version", (current) => {
  it("moves with each committed write to users, groups, memberships and claims, and with nothing else", async () => {
    const { db } = current().ctx;
    const version = () => readStateVersion(db).then(BigInt);
    const writes = [
      sql`insert into users (id, username, display_name) values ('00000000-0000-4000-8000-0000000000a1', 'version-probe', 'Probe')`,
      sql`insert into user_groups (id, name, friendly_name) values ('00000000-0000-4000-8000-0000000000b1', 'version-group', 'Group')`,
      sql`insert into user_group_members (user_id, group_id) values ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1')`,
      sql`insert into user_custom_claims (user_id, source, key, value) values ('00000000-0000-4000-8000-0000000000a1', 'admin', 'team', 'a')`,
      sql`update users set display_name = 'Probe 2' where username = 'version-probe'`,
      sql`delete from user_group_members where group_id = '00000000-0000-4000-8000-0000000000b1'`,
    ];
    for (const write of writes) {
      const before = await version();
      await db.execute(write);
      expect(await version()).toBeGreaterThan(before);
    }

    const before = await version();
    await db.execute(sql`select count(*) from users`);
    await db.execute(sql`insert into audit_log (event, actor_kind) values ('version.probe', 'system')`);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update users set display_name = 'Rolled back' where username = 'version-probe'`);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await version()).toBe(before);

    for (let n = 0; n < 30; n++) await db.execute(sql`update users set display_name = ${`Probe ${n}`} where username = 'version-probe'`);
    expect(await version()).toBe(before + 30n);
    const [{ rows }] = await queryRows<{ rows: number }>(db, sql`select count(*)::int as rows from sync_state_changes`);
    expect(rows).toBeLessThanOrEqual(2);
  });
});
