// The PruneAuditLog job: deletes audit rows older than AUDIT_LOG_RETENTION_DAYS, at most once a day,
// on the same scheduler and lease as the LDAP sync. Chunked, so a large backlog never holds one huge
// transaction or lock. It is switched on only while some row has expired: a run with nothing to
// delete would only add a job_runs row (and every fresh instance would write one at startup).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { execute, queryRows } from "@/lib/db/client";
import type { ScheduledJob } from "@/lib/jobs/definition";

export const PRUNE_AUDIT_LOG_JOB = "PruneAuditLog";
export const PRUNE_CHUNK_ROWS = 10_000;
const DAY_SECONDS = 86_400;

async function cutoff(ctx: AppContext): Promise<SQL> {
  const days = (await getSettings(ctx)).values.AUDIT_LOG_RETENTION_DAYS;
  return sql`now() - make_interval(days => ${days}::int)`;
}

/** Whether any row is older than the retention: one probe of the (at desc, id desc) index. */
export async function hasExpiredAuditRows(ctx: AppContext): Promise<boolean> {
  const rows = await queryRows(ctx.db, sql`select 1 from audit_log where at < ${await cutoff(ctx)} limit 1`);
  return rows.length > 0;
}

/** Deletes rows older than the retention, PRUNE_CHUNK_ROWS per statement; returns how many went. */
export async function pruneAuditLog(ctx: AppContext, chunkRows = PRUNE_CHUNK_ROWS): Promise<number> {
  const before = await cutoff(ctx);
  let deleted = 0;
  for (;;) {
    // Walks the (at desc, id desc) index from the oldest end.
    const count = await execute(
      ctx.db,
      sql`delete from audit_log where id in (
            select id from audit_log where at < ${before} order by at, id limit ${chunkRows})`,
    );
    deleted += count;
    if (count < chunkRows) return deleted;
  }
}

export const pruneAuditLogJob: ScheduledJob = {
  name: PRUNE_AUDIT_LOG_JOB,
  schedule: async (ctx) => ({ enabled: await hasExpiredAuditRows(ctx), intervalSeconds: DAY_SECONDS }),
  run: async (ctx) => ({ deleted: await pruneAuditLog(ctx) }),
};
