import { bigint, boolean, pgTable } from "drizzle-orm/pg-core";

// How many users there are per (is_ldap, disabled, is_admin), as changes: statement-level triggers on
// users append one row per combination a statement changed (migration 0012_user_counts), and fold
// the rows into one per combination now and then. The users list's exact totals are sums of these
// few rows instead of a count(*) that grows with the table (lib/users/list-filters.ts).
export const userCounts = pgTable("user_counts", {
  isLdap: boolean("is_ldap").notNull(),
  disabled: boolean("disabled").notNull(),
  isAdmin: boolean("is_admin").notNull(),
  /** Users added (negative: removed) in this combination. */
  delta: bigint("delta", { mode: "number" }).notNull(),
});
