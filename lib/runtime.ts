// The server process's single database and context. Kept on globalThis because Next.js may load
// this module in several bundles (instrumentation, routes) that must share one database.
import "server-only";
import { validateEnvironment } from "@/lib/config/env";
import { checkVariableNames } from "@/lib/config/env-names";
import { loadEncryptionKey } from "@/lib/config/secrets";
import { openDatabase, type Database } from "@/lib/db/client";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import { migrateDatabase } from "@/lib/db/migrate";
import { log } from "@/lib/log";
import type { AppContext } from "@/lib/context";

interface Runtime {
  ctx: AppContext;
  database: Database;
  shutdown(): Promise<void>;
}

const globalKey = Symbol.for("pocket-id.runtime");
type Holder = { [globalKey]?: Promise<Runtime> };

/** Once per process: a mistyped variable is otherwise silently ignored. */
function warnAboutVariableNames(): void {
  const report = checkVariableNames(process.env);
  for (const { name, suggestion } of report.misspelled) log.warn("Unknown environment variable", { name, did_you_mean: suggestion });
  if (report.pocketIdOnly.length) {
    log.info("Pocket ID variables without effect here", { names: report.pocketIdOnly.join(","), see: "docs/pocket-id-compatibility.md" });
  }
}

async function createRuntime(): Promise<Runtime> {
  const { server, settings } = validateEnvironment();
  warnAboutVariableNames();
  const encryptionKey = loadEncryptionKey(server);
  const releaseLock = server.DATABASE_URL ? null : await lockDataDir(server.DATA_DIR);
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: server.DATABASE_URL, dataDir: server.DATA_DIR });
    await migrateDatabase(database);
  } catch (error) {
    await releaseLock?.();
    throw error;
  }
  log.info("Database ready", { engine: database.engine });
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    server,
    envSettings: settings,
    encryptionKey,
    log,
    actor: null,
  };
  return {
    ctx,
    database,
    async shutdown() {
      await database.close();
      await releaseLock?.();
    },
  };
}

/** The process-wide runtime, opened (and migrated) on first use. */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  if (!holder[globalKey]) {
    holder[globalKey] = createRuntime().catch((error) => {
      delete holder[globalKey];
      throw error;
    });
  }
  return holder[globalKey]!;
}

/** The base context (no actor) for server code; route code adds the caller via lib/auth. */
export async function getAppContext(): Promise<AppContext> {
  return (await getRuntime()).ctx;
}
