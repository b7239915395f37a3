import { customType, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

// Pictures live beside users so list queries never read image bytes.
export const userProfilePictures = pgTable("user_profile_pictures", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  contentType: text("content_type"),
  data: bytea("data"),
  url: text("url"),
  // sha256 of the LDAP value: lets a re-sync tell "unchanged" without comparing bytes.
  sourceHash: text("source_hash").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
