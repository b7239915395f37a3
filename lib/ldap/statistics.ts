// After a bulk write the planner's statistics describe a table that no longer exists, and the
// visibility map is empty: the users list would fall back to sequential scans (and index-only
// scans to heap fetches) until autovacuum, which PGlite does not have, catches up. VACUUM (ANALYZE)
// fixes both at once, costing ~20% more than ANALYZE alone, and leaves autovacuum nothing to
// compete with the next sync for.
import "server-only";
import { sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";

/** Refresh when a run rewrote at least 1,000 rows and a tenth of the directory. */
export function needsFreshStatistics(rowsWritten: number, directoryUsers: number): boolean {
  return rowsWritten >= 1000 && rowsWritten >= directoryUsers / 10;
}

export async function refreshStatistics(ctx: Pick<AppContext, "db">): Promise<void> {
  await ctx.db.execute(sql`vacuum (analyze) users, user_groups, user_group_members`);
}
