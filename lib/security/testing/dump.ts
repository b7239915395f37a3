// A full, ordered dump of every application table: the "nothing changed" check of the fault and
// fuzz tests. Equal dumps before and after mean not one row was added, removed or altered, in any
// table (new tables are covered without editing this file).
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";

export type TableDump = Record<string, string[]>;

export interface DumpOptions {
  /** Tables left out, e.g. `job_runs` when a test checks the run record separately. */
  except?: readonly string[];
}

/** Every table of the public schema, each row as its JSON text, rows sorted. */
export async function dumpTables(db: Db, options: DumpOptions = {}): Promise<TableDump> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const dump: TableDump = {};
  for (const { name } of tables) {
    if (options.except?.includes(name)) continue;
    const rows = await queryRows<{ row: string }>(db, sql`select to_jsonb(t)::text as row from ${sql.identifier(name)} t order by 1`);
    dump[name] = rows.map((r) => r.row);
  }
  return dump;
}

/** Row counts per table, for readable assertions next to a dump comparison. */
export function rowCounts(dump: TableDump): Record<string, number> {
  return Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.length]));
}
