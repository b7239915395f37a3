import { bigint, pgTable } from "drizzle-orm/pg-core";

// How many statements have written what an LDAP sync reads as its state (users, groups, memberships,
// custom claims): statement-level triggers append a row per statement (migration
// 0013_sync_state_changes) and fold the rows now and then. The sum is the state's version: a sync
// thread kept from the last run plans with the state it read then when the sum has not moved
// (lib/ldap/plan-worker.ts).
export const syncStateChanges = pgTable("sync_state_changes", {
  /** Statements counted by this row. */
  changes: bigint("changes", { mode: "number" }).notNull(),
});
