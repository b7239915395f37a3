import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const oneTimeAccessTokens = pgTable(
  "one_time_access_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // sha256 of the token; the token itself only ever exists in the link
    tokenHash: text("token_hash").notNull().unique("one_time_access_tokens_token_hash_unique"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    // HMAC of the typed code that short-lived links also get (lib/auth/login-codes.ts); null: no code
    codeHash: text("code_hash"),
  },
  (t) => [index("one_time_access_tokens_user_id_idx").on(t.userId), index("one_time_access_tokens_code_hash_idx").on(t.codeHash)],
);
