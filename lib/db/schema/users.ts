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
    // reads, so skipping to a deep page is an index-only scan. drizzle-orm cannot declare INCLUDE
    // columns: migration 0002_users_covering_indexes creates these four with the INCLUDE noted here.
    // INCLUDE (username, id): the planner only scans lower(username) index-only if username is there too.
    uniqueIndex("users_username_lower_unique").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    // INCLUDE (email). Sorting by e-mail needs id as a key (users without e-mail tie), which the unique
    // index above cannot have.
    index("users_email_lower_idx").on(sql`lower(${t.email})`, t.id),
    // INCLUDE (display_name)
    index("users_display_name_lower_idx").on(sql`lower(${t.displayName})`, t.id),
    index("users_created_at_idx").on(t.createdAt, t.id),
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
