import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

// Issued challenges, consumed exactly once (DELETE ... RETURNING) and only before expiry.
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challenge: text("challenge").notNull().unique("webauthn_challenges_challenge_unique"),
    purpose: text("purpose").notNull(), // "registration" | "authentication" | "setup"
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    // First-admin setup: the account to create once the passkey verifies (no user row exists before).
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    // Anonymous sign-in: who asked, so each address holds only a few outstanding challenges.
    clientAddress: text("client_address"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The sweep of expired challenges on every issue.
    index("webauthn_challenges_expires_at_idx").on(t.expiresAt),
    index("webauthn_challenges_client_address_idx").on(t.clientAddress, t.createdAt),
  ],
);
