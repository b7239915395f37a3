import { sql } from "drizzle-orm";
import { check, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { userGroups } from "./user-groups";

/** "admin": set on the user's page; "ldap": written by the sync from LDAP_CUSTOM_CLAIMS. */
export type UserClaimSource = "admin" | "ldap";

// Custom claims released to applications with the profile scope (lib/claims/). A user may hold the
// same name from both sources: the administrator's value wins (lib/claims/precedence.ts).
export const userCustomClaims = pgTable(
  "user_custom_claims",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    source: text("source").$type<UserClaimSource>().notNull(),
    key: text("key").notNull(),
    value: text("value").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.source, t.key] }), check("user_custom_claims_source_check", sql`${t.source} in ('admin', 'ldap')`)],
);

/** Claims every member of the group receives (below the member's own). */
export const groupCustomClaims = pgTable(
  "group_custom_claims",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => userGroups.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.key] })],
);

export type UserCustomClaim = typeof userCustomClaims.$inferSelect;
export type GroupCustomClaim = typeof groupCustomClaims.$inferSelect;
