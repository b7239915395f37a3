// Restores export records into an empty database, all in one transaction: either everything is
// there afterwards or nothing changed. Rows arrive in batches and go in with COPY; secondary indexes
// are dropped for the load and rebuilt after it, as the LDAP sync's bulk load does.
import "server-only";
import { sql } from "drizzle-orm";
import { requireAdmin } from "@/lib/auth/authorize";
import type { AppContext } from "@/lib/context";
import { dropSecondaryIndexes, restoreIndexes, buildDeferredIndexes } from "@/lib/db/bulk-indexes";
import { queryRows } from "@/lib/db/client";
import { copyRows, type CopyValue } from "@/lib/db/copy";
import type { Queryable } from "@/lib/db/helpers";
import { ConflictError, ValidationError } from "@/lib/errors";
import { assertCompatible, assertSameKey, pinTextFormats, schemaVersion, type ExportHeader, type ExportRecord } from "./format";
import { tableProgress, type ProgressSink } from "./progress";
import { columnNames, EXPORTED_TABLES, quoteIdent, tableName } from "./tables";

const KNOWN_COLUMNS = new Map(EXPORTED_TABLES.map(({ table }) => [tableName(table), columnNames(table)]));

/** Every table of the file must be one this version exports, with the same columns. */
function assertKnownTables(header: ExportHeader): void {
  for (const { name, columns } of header.tables) {
    const known = KNOWN_COLUMNS.get(name);
    if (!known) throw new ValidationError(`The export holds a table this Pocket ID does not restore: ${name}.`);
    if (known.join(",") !== columns.join(",")) throw new ValidationError(`The export's ${name} columns (${columns.join(", ")}) differ from this Pocket ID's (${known.join(", ")}).`);
  }
}

/** The database must hold none of what an import writes: a restore never merges. */
async function assertEmpty(tx: Queryable, tables: readonly string[]): Promise<void> {
  const filled: string[] = [];
  for (const table of tables) {
    const [row] = await queryRows<{ filled: boolean }>(tx, sql.raw(`select exists (select 1 from ${quoteIdent(table)}) as filled`));
    if (row.filled) filled.push(table);
  }
  if (filled.length) {
    throw new ConflictError(
      `The target database is not empty (rows in ${filled.join(", ")}). Import restores into a new, empty database only: ` +
        "create a new PostgreSQL database, or use a new DATA_DIR (with the source's encryption key), and import before the first start.",
    );
  }
}

/**
 * Moves every sequence owned by a column of `tables` (serial and identity columns) past the largest
 * restored value, so the next default does not collide with a restored row.
 */
export async function resetSequences(tx: Queryable, tables: readonly string[]): Promise<void> {
  const owned = await queryRows<{ table: string; column: string; sequence: string }>(
    tx,
    sql`select t.oid::regclass::text as table, quote_ident(a.attname) as column, s.oid::regclass::text as sequence
        from pg_class s
        join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
        join pg_class t on t.oid = d.refobjid
        join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
        where s.relkind = 'S' and t.oid = any(${`{${tables.map(quoteIdent).join(",")}}`}::regclass[])`,
  );
  for (const { table, column, sequence } of owned) {
    await tx.execute(sql.raw(`select setval('${sequence.replace(/'/g, "''")}', coalesce(max(${column}), 0) + 1, false) from ${table}`));
  }
}

function parseRow(table: string, columns: number, line: string): CopyValue[] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new ValidationError(`The export is damaged: a row of ${table} is not valid JSON.`);
  }
  if (!Array.isArray(row) || row.length !== columns || !row.every((value) => value === null || typeof value === "string")) {
    throw new ValidationError(`The export is damaged: a row of ${table} does not hold its ${columns} values.`);
  }
  return row as CopyValue[];
}

/**
 * Restores an export (records from a file, or straight from another database's export) into the
 * empty database of `ctx`. Refuses another schema version, another encryption key and a database
 * that holds data, each with a message that says what to do.
 */
export async function importState(input: { records: AsyncIterable<ExportRecord> }, ctx: AppContext, say: ProgressSink = () => {}): Promise<ExportHeader> {
  requireAdmin(ctx);
  const records = input.records[Symbol.asyncIterator]();
  try {
    return await restore(records, ctx, say);
  } finally {
    await records.return?.(); // a failed restore closes the file it was reading
  }
}

async function restore(records: AsyncIterator<ExportRecord>, ctx: AppContext, say: ProgressSink): Promise<ExportHeader> {
  const first = await records.next();
  if (first.done || first.value.kind !== "header") throw new ValidationError("The export has no header.");
  const header = first.value.header;
  assertCompatible(header, await schemaVersion(ctx.db));
  assertSameKey(header, ctx.encryptionKey);
  assertKnownTables(header);
  const expected = new Map(header.tables.map((table) => [table.name, table]));
  const names = EXPORTED_TABLES.map(({ table }) => tableName(table));
  const progress = tableProgress(say, "Imported");

  await ctx.db.transaction(async (tx) => {
    await pinTextFormats(tx);
    // No other process writes while the restore runs (a replica already started on this database).
    await tx.execute(sql`set local lock_timeout = '10s'`);
    await tx.execute(sql.raw(`lock table ${names.map(quoteIdent).join(", ")} in access exclusive mode`));
    await assertEmpty(tx, names);
    const dropped = await dropSecondaryIndexes(tx, names);
    const loaded = new Map<string, number>();
    let ended = false;
    for (let next = await records.next(); !next.done; next = await records.next()) {
      const record = next.value;
      if (record.kind === "end") {
        ended = true;
        break;
      }
      if (record.kind !== "rows" || !expected.has(record.table)) throw new ValidationError("The export is damaged: rows of a table its header does not list.");
      const { name, columns, rows: total } = expected.get(record.table)!;
      const rows = record.lines.map((line) => parseRow(name, columns.length, line));
      const done = (loaded.get(name) ?? 0) + (await copyRows(tx, quoteIdent(name), columns.map(quoteIdent), rows));
      loaded.set(name, done);
      progress.rows(name, done, total);
    }
    if (!ended) throw new ValidationError("The export ends early: it is incomplete.");
    for (const { name, rows } of header.tables) {
      if ((loaded.get(name) ?? 0) !== rows) throw new ValidationError(`The export is damaged: ${name} should hold ${rows} rows, it holds ${loaded.get(name) ?? 0}.`);
      progress.done(name, rows);
    }
    say("Rebuilding unique indexes...");
    await restoreIndexes(tx, dropped);
    await resetSequences(tx, names);
  });
  say("Building search and sort indexes...");
  await buildDeferredIndexes(ctx.db);
  // Fresh statistics and visibility map, as after the sync's bulk load (lib/ldap/statistics.ts):
  // PGlite has no autovacuum, and the first pages served must not plan against empty tables.
  say("Refreshing planner statistics...");
  await ctx.db.execute(sql.raw(`vacuum (analyze) ${names.map(quoteIdent).join(", ")}`));
  return header;
}
