// Generic database helpers for domain verbs. Unique violations are recognised on both drivers:
// drizzle wraps the driver error in `cause`; postgres.js names the index `constraint_name`, PGlite
// `constraint`.
import "server-only";
import type { Db } from "@/lib/db/client";
import { ValidationError } from "@/lib/errors";

/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Where a statement can run: the database, or an open transaction. */
export type Queryable = Db | Tx;

interface PgErrorFields {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

/** The constraint (or unique index) a unique violation (23505) hit, else undefined. */
export function uniqueViolation(error: unknown): string | undefined {
  for (let current = error as PgErrorFields | undefined, depth = 0; current && depth < 5; depth++) {
    if (current.code === "23505") return current.constraint_name ?? current.constraint ?? "";
    current = current.cause as PgErrorFields | undefined;
  }
  return undefined;
}

/**
 * A statement built and prepared once per database handle, for queries every request runs (the
 * OpenID Connect endpoints): drizzle builds the SQL once, and on PostgreSQL it is a named prepared
 * statement, parsed and planned once per connection. Only for queries whose best plan does not
 * depend on the values (primary-key lookups), since PostgreSQL may settle on a generic plan.
 */
export function preparedPerDb<T>(build: (db: Queryable) => T): (db: Queryable) => T {
  const statements = new WeakMap<Queryable, T>();
  return (db) => {
    let statement = statements.get(db);
    if (!statement) statements.set(db, (statement = build(db)));
    return statement;
  };
}

/** `%`, `_` and the escape character itself match literally in the LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Runs a write and turns a unique violation of one of `indexes` into a field error. The verbs check
 * for duplicates first; this covers a concurrent insert winning the race in between.
 */
export async function withUniqueFieldErrors<T>(
  indexes: Record<string, { field: string; message: string }>,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const hit = indexes[uniqueViolation(error) ?? ""];
    if (!hit) throw error;
    throw new ValidationError(hit.message, { [hit.field]: [hit.message] }, "duplicate");
  }
}
