// Secondary indexes around a bulk load. Inserting 100,000 rows into indexed tables costs about
// three times as much as building the indexes once afterwards (the trigram index dominates), so a
// bulk load drops them. Unique indexes come back inside the loading transaction: they guard
// invariants at commit. The others (sort and search indexes) are built after the commit, so the
// rows are visible sooner and readers are not locked out while they build; until then queries
// that would use them scan the table instead. Definitions are read from the catalog: the
// migrations stay the only place indexes are declared.
import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "./client";

interface DroppedIndex {
  name: string;
  definition: string;
  unique: boolean;
}

/** How many indexes build at once: CREATE INDEX is single-threaded and these machines have two cores. */
const BUILD_CONCURRENCY = 2;

/**
 * Inside the loading transaction: drops the indexes of `tables` that back no constraint and
 * returns them. DROP INDEX locks the tables until commit: readers wait rather than see half a load.
 */
export async function dropSecondaryIndexes(tx: Db, tables: readonly string[]): Promise<DroppedIndex[]> {
  const indexes = await queryRows<DroppedIndex>(
    tx,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition, i.indisunique as unique
        from pg_index i
        where i.indrelid = any(${`{${tables.join(",")}}`}::regclass[])
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
        order by i.indexrelid`,
  );
  // regclass text is quoted and schema-qualified where needed.
  if (indexes.length) await tx.execute(sql.raw(`drop index ${indexes.map((index) => index.name).join(", ")}`));
  return indexes;
}

/**
 * Inside the loading transaction, after the rows: rebuilds the unique indexes (a duplicate fails
 * the load) and records the others for buildDeferredIndexes, in the same commit as the rows.
 */
export async function restoreIndexes(tx: Db, dropped: readonly DroppedIndex[]): Promise<void> {
  for (const index of dropped.filter((index) => index.unique)) await tx.execute(sql.raw(index.definition));
  const deferred = dropped.filter((index) => !index.unique).map(({ name, definition }) => ({ name, definition }));
  if (!deferred.length) return;
  await tx.execute(
    sql`insert into deferred_indexes (name, definition)
        select r.name, r.definition from jsonb_to_recordset(${JSON.stringify(deferred)}::jsonb) as r(name text, definition text)
        on conflict (name) do update set definition = excluded.definition, created_at = now()`,
  );
}

/** `CREATE [UNIQUE] INDEX name ...` → `CREATE [UNIQUE] INDEX IF NOT EXISTS name ...`. */
const ifNotExists = (definition: string) => definition.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS ");

/**
 * Builds every recorded index, the largest (GIN) first and two at a time; returns how many this
 * call built. Each build and the removal of its record commit together, and a record another
 * process is building is skipped, so replicas, a crashed run and the next sync can all call it.
 * CREATE INDEX takes a SHARE lock: reads go on, writers of the table wait for the build.
 */
export async function buildDeferredIndexes(db: Db): Promise<number> {
  const pending = await queryRows<{ name: string }>(
    db,
    sql`select name from deferred_indexes order by (definition like '% USING gin %') desc, name`,
  );
  let built = 0;
  const failures: string[] = [];
  const worker = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      // One failed build must not stop the others; its record stays for the next call.
      await buildOne(db, next.name).then(
        (done) => void (built += Number(done)),
        (error: Error & { cause?: Error }) => void failures.push(`${next!.name}: ${error.cause?.message ?? error.message}`),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(BUILD_CONCURRENCY, pending.length) }, worker));
  if (failures.length) throw new Error(`Building deferred indexes failed (${failures.join("; ")}); the next sync or restart retries.`);
  return built;
}

async function buildOne(db: Db, name: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await queryRows<{ definition: string }>(tx, sql`select definition from deferred_indexes where name = ${name} for update skip locked`);
    if (!row) return false;
    // A long writer of the table must not hold the build (and the writers queued behind it) forever.
    await tx.execute(sql`set local lock_timeout = '30s'`);
    await tx.execute(sql.raw(ifNotExists(row.definition)));
    await tx.execute(sql`delete from deferred_indexes where name = ${name}`);
    return true;
  });
}
