// The export format, version 1: gzip'd JSON lines. Line 1 is the header below; then, per table in
// header order, a line {"table": name} followed by one JSON array per row (values in the header's
// column order, each as PostgreSQL's own text form, or null); the last line is {"end": true}.
// Values in PostgreSQL's text form survive either engine exactly (timestamps with their offset,
// bytea as \x hex, jsonb as written): the import hands them straight to COPY.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { decryptSecret, encryptSecret } from "@/lib/config/secrets";
import { queryRows, type Engine } from "@/lib/db/client";
import type { Queryable } from "@/lib/db/helpers";
import { migrationsFolder } from "@/lib/db/migrate";
import { ValidationError } from "@/lib/errors";

export const FORMAT = "pocket-id-export";
export const FORMAT_VERSION = 1;

export interface SchemaVersion {
  /** drizzle-kit's timestamp of the latest applied migration: what the migrator itself compares. */
  when: number;
  /** Its file name, for messages. */
  tag: string;
}

export interface ExportHeader {
  format: typeof FORMAT;
  version: number;
  exportedAt: string;
  engine: Engine;
  schema: SchemaVersion;
  /** A known text encrypted with the installation's key: the import checks its own key against it. */
  keyCheck: string;
  tables: Array<{ name: string; columns: string[]; rows: number }>;
}

/** One step of an export as it streams: the header, a batch of a table's rows, the end. */
export type ExportRecord =
  | { kind: "header"; header: ExportHeader }
  | { kind: "rows"; table: string; lines: string[] }
  | { kind: "end" };

const KEY_CHECK_NAME = "pocket-id-export-key-check";
const KEY_CHECK_TEXT = "pocket-id";

export const keyCheck = (encryptionKey: Buffer) => encryptSecret(encryptionKey, KEY_CHECK_NAME, KEY_CHECK_TEXT);

export function assertSameKey(header: ExportHeader, encryptionKey: Buffer): void {
  try {
    if (decryptSecret(encryptionKey, KEY_CHECK_NAME, header.keyCheck) === KEY_CHECK_TEXT) return;
  } catch {
    // fall through to the explanation below
  }
  throw new ValidationError(
    "The encryption key here is not the one this export was made with, so its saved secrets (the LDAP bind password " +
      "and other saved passwords, the token signing keys) could not be read. Use the source installation's key: set the same " +
      "ENCRYPTION_KEY, or copy its DATA_DIR/encryption.key over the one in this DATA_DIR, then import again.",
  );
}

/** The schema a database is at: its latest applied migration, named from the migrations journal. */
export async function schemaVersion(db: Queryable): Promise<SchemaVersion> {
  const [latest] = await queryRows<{ when: string }>(db, sql`select created_at::text as when from drizzle.__drizzle_migrations order by created_at desc limit 1`);
  const when = Number(latest?.when ?? 0);
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta/_journal.json"), "utf8")) as {
    entries: Array<{ when: number; tag: string }>;
  };
  return { when, tag: journal.entries.find((entry) => entry.when === when)?.tag ?? `unknown (${when})` };
}

/** The header must come from this format and the very schema the target is at. */
export function assertCompatible(header: Partial<ExportHeader>, target: SchemaVersion): asserts header is ExportHeader {
  if (header.format !== FORMAT) throw new ValidationError("This file is not a Pocket ID export (its first line is not an export header).");
  if (header.version !== FORMAT_VERSION) {
    throw new ValidationError(`This export has format version ${header.version}; this Pocket ID reads version ${FORMAT_VERSION}. Import it with the Pocket ID version that wrote it.`);
  }
  const source = header.schema!;
  if (source.when > target.when) {
    throw new ValidationError(`This export comes from a newer Pocket ID (schema ${source.tag}; this one is at ${target.tag}). Upgrade Pocket ID, then import.`);
  }
  if (source.when < target.when) {
    throw new ValidationError(
      `This export comes from an older Pocket ID (schema ${source.tag}; this one is at ${target.tag}). ` +
        "Import it with the version that wrote it, start that version once, then upgrade: the upgrade migrates the data.",
    );
  }
}

/**
 * Inside the export's and the import's transaction: the same text forms on both sides, whatever
 * the server's defaults (ISO dates in UTC with their offset, hex bytea, floats that round-trip).
 */
export async function pinTextFormats(tx: Queryable): Promise<void> {
  for (const setting of ["datestyle = 'ISO, YMD'", "timezone = 'UTC'", "intervalstyle = 'postgres'", "bytea_output = 'hex'", "extra_float_digits = 3"]) {
    await tx.execute(sql.raw(`set local ${setting}`));
  }
}
