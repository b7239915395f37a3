// buildDeferredIndexes when a recorded build cannot succeed: the others are built, the failure is
// reported by name, and its record stays for the next call.
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { buildDeferredIndexes } from "./bulk-indexes";
import { queryRows } from "./client";
import { describeEachEngine } from "./testing";

describeEachEngine("buildDeferredIndexes", (current) => {
  it("builds what it can, names what failed and keeps its record", async () => {
    const { db } = current().ctx;
    await db.execute(sql`insert into deferred_indexes (name, definition) values
      ('users_probe_idx', 'CREATE INDEX users_probe_idx ON public.users USING btree (updated_at)'),
      ('users_broken_idx', 'CREATE INDEX users_broken_idx ON public.users USING btree (no_such_column)')`);

    await expect(buildDeferredIndexes(db)).rejects.toThrow(/users_broken_idx: column "no_such_column" does not exist/);
    const names = async (query: ReturnType<typeof sql>) => (await queryRows<{ name: string }>(db, query)).map((row) => row.name);
    expect(await names(sql`select indexname as name from pg_indexes where indexname in ('users_probe_idx', 'users_broken_idx')`)).toEqual(["users_probe_idx"]);
    expect(await names(sql`select name from deferred_indexes`)).toEqual(["users_broken_idx"]);
  });
});
