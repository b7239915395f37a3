import "server-only";
import path from "node:path";
import { buildDeferredIndexes } from "./bulk-indexes";
import type { Database } from "./client";

/** Folder of the drizzle-kit migrations, resolved from the project root. */
export function migrationsFolder(): string {
  return process.env.MIGRATIONS_DIR ?? path.resolve(process.cwd(), "drizzle");
}

// Replicas starting together must not migrate concurrently: one waits for the other.
const MIGRATION_LOCK_KEY = 7_412_909_113;

/** Brings the schema up to date, including indexes a bulk load deferred and a crash left unbuilt. */
export async function migrateDatabase(database: Database): Promise<void> {
  await runMigrations(database);
  await buildDeferredIndexes(database.db);
}

async function runMigrations(database: Database): Promise<void> {
  const migrationsFolderPath = migrationsFolder();
  if (database.engine === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrate(database.db as any, { migrationsFolder: migrationsFolderPath });
    return;
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(database.url!, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(client), { migrationsFolder: migrationsFolderPath });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
