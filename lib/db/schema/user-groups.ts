import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const userGroups = pgTable(
  "user_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    friendlyName: text("friendly_name").notNull().default(""),
    ldapId: text("ldap_id").unique("user_groups_ldap_id_unique"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("user_groups_name_lower_unique").on(sql`lower(${t.name})`),
    index("user_groups_search_trgm_idx").using(
      "gin",
      sql`(lower(${t.name} || ' ' || ${t.friendlyName})) gin_trgm_ops`,
    ),
  ],
);

export type UserGroup = typeof userGroups.$inferSelect;
export type NewUserGroup = typeof userGroups.$inferInsert;
