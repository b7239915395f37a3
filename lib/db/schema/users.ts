import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull(),
    email: text("email"),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    displayName: text("display_name").notNull().default(""),
    isAdmin: boolean("is_admin").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    ldapId: text("ldap_id").unique("users_ldap_id_unique"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Usernames and e-mails are unique regardless of case.
    // The users list's sort indexes (lib/users/list.ts): each holds every column the list's first step
    // reads, the filters' columns (is_admin, disabled, ldap_id) included, so skipping to a deep page
    // is an index-only scan, filtered or not. drizzle-orm cannot declare INCLUDE columns: migrations
    // 0002_users_covering_indexes and 0008_profile_pictures_and_list_filters create these four with the INCLUDE noted here.
    // INCLUDE (username, id, ...filters): the planner only scans lower(username) index-only if username is there too.
    uniqueIndex("users_username_lower_unique").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    // INCLUDE (email, ...filters). Sorting by e-mail needs id as a key (users without e-mail tie), which
    // the unique index above cannot have.
    index("users_email_lower_idx").on(sql`lower(${t.email})`, t.id),
    // INCLUDE (display_name, ...filters)
    index("users_display_name_lower_idx").on(sql`lower(${t.displayName})`, t.id),
    // INCLUDE (...filters)
    index("users_created_at_idx").on(t.createdAt, t.id),
    // The rare side of each list filter (local users, disabled users, administrators): their counts
    // and pages come from these small indexes instead of a walk over everyone.
    index("users_local_idx").on(t.id).where(sql`${t.ldapId} is null`),
    index("users_disabled_idx").on(t.id).where(sql`${t.disabled}`),
    index("users_admin_idx").on(t.id).where(sql`${t.isAdmin}`),
    // Substring search over every searchable field, backed by trigrams.
    index("users_search_trgm_idx").using(
      "gin",
      sql`(lower(${t.username} || ' ' || coalesce(${t.email}, '') || ' ' || ${t.firstName} || ' ' || ${t.lastName} || ' ' || ${t.displayName})) gin_trgm_ops`,
    ),
  ],
);

export type User = typeof users.$inferSelect;
/** The fields a user is shown and synced by: everything but timestamps. */
export type UserProfile = Pick<User, "id" | "username" | "email" | "firstName" | "lastName" | "displayName" | "isAdmin" | "disabled" | "ldapId">;
export type NewUser = typeof users.$inferInsert;
