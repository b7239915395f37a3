import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { userGroups } from "./user-groups";

// Applications that sign their users in through OpenID Connect. The secret is stored only as its
// SHA-256 (lib/oidc/client-metadata.ts); public clients (SPAs, native apps) have none.
export const oidcClients = pgTable("oidc_clients", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  clientSecretHash: text("client_secret_hash"),
  redirectUris: jsonb("redirect_uris").$type<string[]>().notNull(),
  postLogoutRedirectUris: jsonb("post_logout_redirect_uris").$type<string[]>().notNull().default([]),
  isPublic: boolean("is_public").notNull().default(false),
  pkceRequired: boolean("pkce_required").notNull().default(true),
  launchUrl: text("launch_url"),
  /**
   * Set when the administrator chose allowed groups: such a client admits only their members, and
   * nobody once every one of them is gone (deleted here or by the LDAP sync), never everyone.
   */
  restrictedToGroups: boolean("restricted_to_groups").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A client restricted to groups (restricted_to_groups) admits only members of the groups listed here. */
export const oidcClientAllowedGroups = pgTable(
  "oidc_client_allowed_groups",
  {
    clientId: text("client_id")
      .notNull()
      .references(() => oidcClients.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => userGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.groupId] }), index("oidc_client_allowed_groups_group_id_idx").on(t.groupId)],
);

// Everything oidc-provider stores (sessions, interactions, grants, codes, tokens), keyed by the
// SHA-256 of the provider's id so a database read yields no usable token (lib/oidc/adapter.ts).
// account_id lets a user's grants and tokens end with them (deleted: cascade; disabled: apply.ts).
export const oidcPayloads = pgTable(
  "oidc_payloads",
  {
    idHash: text("id_hash").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    grantId: text("grant_id"),
    userCode: text("user_code"),
    uid: text("uid"),
    accountId: uuid("account_id").references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.type, t.idHash] }),
    index("oidc_payloads_grant_id_idx").on(t.grantId),
    index("oidc_payloads_uid_idx").on(t.uid),
    index("oidc_payloads_account_id_idx").on(t.accountId),
    index("oidc_payloads_expires_at_idx").on(t.expiresAt),
  ],
);

// Token signing keys; the private JWK is encrypted with the app's encryption key. A retired key
// stays published (verification only) until tokens it signed have expired, then it is dropped.
export const oidcSigningKeys = pgTable("oidc_signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  privateJwk: text("private_jwk").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
});

export type OidcClient = typeof oidcClients.$inferSelect;
