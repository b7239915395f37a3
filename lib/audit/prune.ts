// The PruneAuditLog job: deletes audit rows older than AUDIT_LOG_RETENTION_DAYS, once a day, on the
// same scheduler and lease as the LDAP sync. Chunked, so a large backlog never holds one huge
// transaction or lock.
import "server-only";
import { sql } from "drizzle-orm";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { execute } from "@/lib/db/client";
import type { ScheduledJob } from "@/lib/jobs/definition";

export const PRUNE_AUDIT_LOG_JOB = "PruneAuditLog";
export const PRUNE_CHUNK_ROWS = 10_000;
const DAY_SECONDS = 86_400;

/** Deletes rows older than the retention, PRUNE_CHUNK_ROWS per statement; returns how many went. */
export async function pruneAuditLog(ctx: AppContext, chunkRows = PRUNE_CHUNK_ROWS): Promise<number> {
  const days = (await getSettings(ctx)).values.AUDIT_LOG_RETENTION_DAYS;
  let deleted = 0;
  for (;;) {
    // Walks the (at desc, id desc) index from the oldest end.
    const count = await execute(
      ctx.db,
      sql`delete from audit_log where id in (
            select id from audit_log where at < now() - make_interval(days => ${days}::int) order by at, id limit ${chunkRows})`,
    );
    deleted += count;
    if (count < chunkRows) return deleted;
  }
}

export const pruneAuditLogJob: ScheduledJob = {
  name: PRUNE_AUDIT_LOG_JOB,
  schedule: async () => ({ enabled: true, intervalSeconds: DAY_SECONDS }),
  run: async (ctx) => ({ deleted: await pruneAuditLog(ctx) }),
};
