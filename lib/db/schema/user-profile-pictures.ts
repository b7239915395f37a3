import { customType, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

// Pictures live beside users so list queries never read image bytes. Only the re-encoded variants
// the UI shows are kept (lib/pictures/process.ts), never the bytes as they arrived.
export const userProfilePictures = pgTable("user_profile_pictures", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** WebP, 64×64: lists, member lists, the top bar. */
  small: bytea("small").notNull(),
  /** WebP, 256×256: user and account pages, the OpenID Connect `picture` claim. */
  large: bytea("large").notNull(),
  /** Content hash of the variants: the HTTP ETag, and the version in the UI's picture URLs. */
  etag: text("etag").notNull(),
  /**
   * Random, changes with every new picture: the `picture` claim's URL carries it, so applications
   * can fetch the current picture without a session, and nobody can guess another user's.
   */
  publicToken: text("public_token").notNull(),
  /** The LDAP URL the picture was downloaded from (null: bytes from LDAP, or an upload). */
  url: text("url"),
  // sha256 of the LDAP value (or the upload): lets a re-sync tell "unchanged" without comparing bytes.
  sourceHash: text("source_hash").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
