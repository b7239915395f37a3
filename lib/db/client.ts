import "server-only";
import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import * as schema from "./schema";
import type { Queryable } from "./helpers";

export type Schema = typeof schema;
/** The drizzle handle domain code uses; identical API for postgres.js and PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "postgres" | "pglite";

export interface Database {
  db: Db;
  engine: Engine;
  /** Set in PostgreSQL mode: lets migrations take a dedicated, locked connection. */
  url?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` (or undefined) for an in-memory database. */
  dataDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return { db, engine: "postgres", url: options.databaseUrl, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dataDir = options.dataDir && options.dataDir !== "memory://" ? path.resolve(options.dataDir, "pgdata") : undefined;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, engine: "pglite", close: () => client.close() };
}

/** Rows of a raw `db.execute()`: postgres.js returns an array, PGlite `{ rows }`. */
export async function queryRows<T = Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Number of rows a raw INSERT/UPDATE/DELETE touched, on either driver. */
export async function execute(db: Queryable, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as { count?: number; affectedRows?: number };
  return Number(result.count ?? result.affectedRows ?? 0);
}
