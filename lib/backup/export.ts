// Reads the whole application state in one read-only snapshot and streams it as export records:
// a cursor per table, a batch of rows at a time, so memory stays flat however many users there are.
import "server-only";
import { sql } from "drizzle-orm";
import { requireAdmin } from "@/lib/auth/authorize";
import type { AppContext } from "@/lib/context";
import { queryRows } from "@/lib/db/client";
import type { Queryable } from "@/lib/db/helpers";
import { FORMAT, FORMAT_VERSION, keyCheck, pinTextFormats, schemaVersion, type ExportHeader, type ExportRecord } from "./format";
import { tableProgress, type ProgressSink } from "./progress";
import { columnNames, EXPORTED_TABLES, primaryKeyColumns, quoteIdent, tableName, type ExportedTable } from "./tables";

const FETCH_ROWS = 1_000;

function selectSql({ table, keep }: ExportedTable): string {
  // Each value as PostgreSQL's text form; json_build_array writes the row's JSON line itself.
  const values = columnNames(table).map((column) => `t.${quoteIdent(column)}::text`);
  return (
    `select json_build_array(${values.join(", ")})::text as line from ${quoteIdent(tableName(table))} t` +
    (keep ? ` where ${keep}` : "") +
    ` order by ${primaryKeyColumns(table).map((column) => `t.${quoteIdent(column)}`).join(", ")}`
  );
}

async function countRows(tx: Queryable, exported: ExportedTable): Promise<number> {
  const where = exported.keep ? ` where ${exported.keep}` : "";
  const [row] = await queryRows<{ n: string }>(tx, sql.raw(`select count(*)::text as n from ${quoteIdent(tableName(exported.table))} t${where}`));
  return Number(row.n);
}

/**
 * Streams every exported table to `emit`, which may take its time (a file being written, an import
 * being fed): the next batch is fetched only after it returns. Resolves to the header it sent.
 */
export async function exportState(ctx: AppContext, emit: (record: ExportRecord) => Promise<void>, say: ProgressSink = () => {}): Promise<ExportHeader> {
  requireAdmin(ctx);
  const progress = tableProgress(say, "Exported");
  return ctx.db.transaction(
    async (tx) => {
      await pinTextFormats(tx);
      const tables = [];
      for (const exported of EXPORTED_TABLES) {
        tables.push({ name: tableName(exported.table), columns: columnNames(exported.table), rows: await countRows(tx, exported) });
      }
      const header: ExportHeader = {
        format: FORMAT,
        version: FORMAT_VERSION,
        exportedAt: new Date().toISOString(),
        engine: ctx.engine,
        schema: await schemaVersion(tx),
        keyCheck: keyCheck(ctx.encryptionKey),
        tables,
      };
      await emit({ kind: "header", header });
      for (const [index, exported] of EXPORTED_TABLES.entries()) {
        const { name, rows: total } = tables[index];
        const fetch = sql.raw(`fetch forward ${exported.fetchRows ?? FETCH_ROWS} from backup_rows`);
        await tx.execute(sql.raw(`declare backup_rows no scroll cursor for ${selectSql(exported)}`));
        let done = 0;
        for (let batch = await queryRows<{ line: string }>(tx, fetch); batch.length; batch = await queryRows<{ line: string }>(tx, fetch)) {
          await emit({ kind: "rows", table: name, lines: batch.map((row) => row.line) });
          done += batch.length;
          progress.rows(name, done, total);
        }
        await tx.execute(sql.raw("close backup_rows"));
        if (done !== total) throw new Error(`${name}: counted ${total} rows but read ${done}`);
        progress.done(name, done);
      }
      await emit({ kind: "end" });
      return header;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
