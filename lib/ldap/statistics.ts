// After a bulk write the planner's statistics describe a table that no longer exists: the users
// list would fall back to sequential scans until autovacuum (which PGlite does not have) catches up.
import { sql } from "drizzle-orm";
import type { AppContext } from "@/lib/context";

/** Refresh when a run rewrote at least 1,000 rows and a tenth of the directory. */
export function needsFreshStatistics(rowsWritten: number, directoryUsers: number): boolean {
  return rowsWritten >= 1000 && rowsWritten >= directoryUsers / 10;
}

export async function refreshStatistics(ctx: Pick<AppContext, "db" | "engine">): Promise<void> {
  // PostgreSQL's autovacuum keeps the visibility map current; in PGlite we vacuum ourselves so the
  // list's index-only scans stay index-only.
  await ctx.db.execute(
    ctx.engine === "pglite"
      ? sql`vacuum (analyze) users, user_groups, user_group_members`
      : sql`analyze users, user_groups, user_group_members`,
  );
}
