import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Indexes a bulk load dropped and has yet to build (lib/db/bulk-indexes.ts). A row is written by
// the loading transaction and deleted by the one that builds its index, so a crash in between
// leaves work to resume, never a silently missing index.
export const deferredIndexes = pgTable("deferred_indexes", {
  name: text("name").primaryKey(),
  /** pg_get_indexdef() of the index as the migrations created it. */
  definition: text("definition").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
