// Integration-test databases: every suite gets a fresh, migrated database on each engine.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, inject } from "vitest";
import postgres from "postgres";
import { openDatabase, type Database, type Engine } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { log } from "@/lib/log";
import { SYSTEM_ACTOR, type AppContext } from "@/lib/context";
import { serverEnvSchema } from "@/lib/config/server-env";

/** Admin URL of the PostgreSQL server used for tests; null (global setup) when unreachable. */
export function testPostgresUrl(): string | undefined {
  return inject("postgresUrl") ?? undefined;
}

export function availableEngines(): Engine[] {
  return testPostgresUrl() ? ["postgres", "pglite"] : ["pglite"];
}

export interface TestDatabase extends Database {
  /** URL of the fresh database (PostgreSQL engine only). */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const database = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(database);
    return { ...database, dispose: () => database.close() };
  }
  const adminUrl = testPostgresUrl();
  if (!adminUrl) throw new Error("PostgreSQL is not available for tests");
  const name = `pocket_id_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 5 });
  await migrateDatabase(database);
  return {
    ...database,
    databaseUrl: url.toString(),
    async dispose() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function testContext(database: Database, overrides: Partial<AppContext> = {}): AppContext {
  return {
    db: database.db,
    engine: database.engine,
    server: serverEnvSchema.parse({ DATA_DIR: "/tmp/pocket-id-test-unused", APP_URL: "http://localhost:3000" }),
    envSettings: {},
    encryptionKey: crypto.randomBytes(32),
    log: { ...log, info: () => {}, debug: () => {} },
    actor: SYSTEM_ACTOR,
    ...overrides,
  };
}

/**
 * Runs a suite once per available engine with a fresh migrated database for each.
 * `use()` returns the live database and a system context inside tests and hooks.
 */
export function describeEachEngine(
  title: string,
  body: (use: () => { database: TestDatabase; ctx: AppContext }, engine: Engine) => void,
): void {
  for (const engine of availableEngines()) {
    describe(`${title} [${engine}]`, () => {
      let state: { database: TestDatabase; ctx: AppContext } | undefined;
      beforeAll(async () => {
        const database = await createTestDatabase(engine);
        state = { database, ctx: testContext(database) };
      });
      afterAll(async () => state?.database.dispose());
      body(() => {
        if (!state) throw new Error("test database not ready");
        return state;
      }, engine);
    });
  }
}
