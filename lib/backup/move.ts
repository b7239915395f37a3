// `migrate-to-postgres`: the export of the embedded database fed straight into an import on
// PostgreSQL, record by record, without a file in between and without holding the data in memory.
import "server-only";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import type { AppContext } from "@/lib/context";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { ValidationError } from "@/lib/errors";
import { exportState } from "./export";
import type { ExportHeader, ExportRecord } from "./format";
import { importState } from "./import";
import type { ProgressSink } from "./progress";

/** The URL with its password masked, for messages. */
export function displayUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

/** Copies the embedded database of `ctx` into the empty PostgreSQL database at `databaseUrl`. */
export async function moveToPostgres(input: { databaseUrl: string }, ctx: AppContext, say: ProgressSink = () => {}): Promise<ExportHeader> {
  if (ctx.engine !== "pglite") throw new ValidationError("This installation already runs on PostgreSQL (DATABASE_URL is set): there is nothing to move.");
  if (!/^postgres(ql)?:\/\//.test(input.databaseUrl)) throw new ValidationError("The target must be a postgres:// or postgresql:// URL.");
  const target = await openDatabase({ databaseUrl: input.databaseUrl, maxConnections: 2 });
  try {
    say(`Migrating the schema of ${displayUrl(input.databaseUrl)}...`);
    await migrateDatabase(target);
    // Bounded hand-over: the export waits while the import is a few batches behind.
    const handover = new PassThrough({ objectMode: true, highWaterMark: 4 });
    const send = async (record: ExportRecord) => {
      if (handover.destroyed) throw handover.errored ?? new Error("the import stopped");
      if (!handover.write(record)) await once(handover, "drain");
    };
    const importing = importState({ records: handover }, { ...ctx, db: target.db, engine: target.engine }, say).catch((error: unknown) => {
      handover.destroy(error as Error); // stops the export at its next batch
      throw error;
    });
    const exporting = exportState(ctx, send).then(
      () => void (handover.destroyed || handover.end()),
      (error: unknown) => {
        handover.destroy(error as Error); // the import fails with it and rolls back
        throw error;
      },
    );
    const [imported, exported] = await Promise.allSettled([importing, exporting]);
    if (imported.status === "rejected") throw imported.reason;
    if (exported.status === "rejected") throw exported.reason;
    return imported.value;
  } finally {
    await target.close();
  }
}
