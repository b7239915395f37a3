// What an export holds: every table of the application state, in an order that satisfies the
// foreign keys on import, and the tables left out on purpose. lib/backup/tables.test.ts fails when a
// migration adds a table that is in neither list, so a new table is never silently left behind.
import "server-only";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import * as schema from "@/lib/db/schema";

export interface ExportedTable {
  table: PgTable;
  /** SQL condition on the table (alias `t`) selecting the rows worth restoring; absent: every row. */
  keep?: string;
  /** Rows per cursor fetch, when the default (1,000) would make a batch too large. */
  fetchRows?: number;
}

/** Parents before children: COPY checks each foreign key as the rows arrive. */
export const EXPORTED_TABLES: readonly ExportedTable[] = [
  { table: schema.users },
  { table: schema.userGroups },
  { table: schema.userGroupMembers },
  // A few kB per row (two WebP images): smaller batches keep memory flat.
  { table: schema.userProfilePictures, fetchRows: 100 },
  { table: schema.userCustomClaims },
  { table: schema.groupCustomClaims },
  { table: schema.webauthnCredentials },
  // Sign-ins and login links still valid: users stay signed in across a move to PostgreSQL.
  { table: schema.sessions, keep: "t.expires_at > now()" },
  { table: schema.oneTimeAccessTokens, keep: "t.expires_at > now() and t.used_at is null" },
  // Who was e-mailed a login link when: "Send login links" stays idempotent after a move.
  { table: schema.loginLinkEmails },
  // Secrets stay as stored: ciphertext under the installation's encryption key.
  { table: schema.appConfig },
  // The run history; a running row is a lease of a live process, meaningless elsewhere.
  { table: schema.jobRuns, keep: "t.status <> 'running'" },
  { table: schema.oidcClients },
  { table: schema.oidcClientAllowedGroups },
  // Private keys encrypted like the secrets in app_config.
  { table: schema.oidcSigningKeys },
  // The provider's grants, sessions and tokens (stored hashed) that have not expired.
  { table: schema.oidcPayloads, keep: "t.expires_at is null or t.expires_at > now()" },
  { table: schema.auditLog },
];

/** Tables deliberately not exported, and why (docs/operations.md repeats this list). */
export const SKIPPED_TABLES: Readonly<Record<string, string>> = {
  webauthn_challenges: "passkey ceremonies in flight: each expires within minutes",
  deferred_indexes: "indexes a bulk load has yet to build: the import builds its own",
};

/** Tables the database fills itself from exported rows (triggers count them as they arrive): not exported either. */
export const DERIVED_TABLES: Readonly<Record<string, string>> = {
  user_counts: "the users list's totals, kept by triggers on users",
  sync_state_changes: "the LDAP sync's state version, kept by triggers on users, groups, memberships and claims",
};

export const tableName = (table: PgTable) => getTableConfig(table).name;

/** Column names in schema order: the order of the values in every exported row. */
export const columnNames = (table: PgTable) => getTableConfig(table).columns.map((column) => column.name);

export function primaryKeyColumns(table: PgTable): string[] {
  const config = getTableConfig(table);
  const single = config.columns.filter((column) => column.primary).map((column) => column.name);
  return single.length ? single : config.primaryKeys[0].columns.map((column) => column.name);
}

/** A trusted identifier (from the schema, never from a file) quoted for SQL. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
