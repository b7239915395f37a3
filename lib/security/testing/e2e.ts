// For the reliability and security specs: the app on a fresh PostgreSQL database, with a drizzle
// handle on that database so a spec can seed rows and dump every table while the server runs.
import { openDatabase, type Db } from "@/lib/db/client";
import { sessionCookieName } from "@/lib/auth/sessions";
import { startApp, type StartAppOptions, type StartedApp } from "../../../e2e/fixtures/app";
import { seedSignedInUser, type SeededSession } from "../../../e2e/fixtures/session";
import { dumpTables, type DumpOptions, type TableDump } from "./dump";

export interface AppWithDatabase {
  app: StartedApp;
  db: Db;
  dump(options?: DumpOptions): Promise<TableDump>;
  /** A user with a one-hour session; `cookie` is the Cookie header that signs requests in as them. */
  signedIn(user: Parameters<typeof seedSignedInUser>[1]): Promise<SeededSession & { cookie: string }>;
  stop(): Promise<void>;
}

export async function startAppWithDatabase(options: Omit<StartAppOptions, "postgres"> = {}): Promise<AppWithDatabase> {
  const app = await startApp({ ...options, postgres: true });
  const database = await openDatabase({ databaseUrl: app.databaseUrl, maxConnections: 2 });
  return {
    app,
    db: database.db,
    dump: (dumpOptions) => dumpTables(database.db, dumpOptions),
    async signedIn(user) {
      const session = await seedSignedInUser(database.db, user);
      return { ...session, cookie: `${sessionCookieName(app.url)}=${session.token}` };
    },
    async stop() {
      await database.close();
      await app.stop();
    },
  };
}
