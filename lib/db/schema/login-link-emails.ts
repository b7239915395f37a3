import { pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * When each user was last e-mailed a login link (by an administrator, the bulk job or themselves):
 * "Send login links" skips those invited within the chosen period, so re-running it sends nothing new.
 */
export const loginLinkEmails = pgTable("login_link_emails", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
});
