// The load test's world: a slapd directory, a fresh PostgreSQL database with 100,000 local users
// inserted by generate_series, an administrator's session, OIDC tokens, and the app's environment.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { sessionCookieName } from "@/lib/auth/sessions";
import { startSlapd, type SlapdServer } from "@/lib/ldap/testing/slapd";
import { fixtureSyncEnv } from "@/lib/ldap/testing/sync-helpers";
import { seedSignedInUser } from "../../e2e/fixtures/session";
import { directoryLdif } from "../bench/directory";
import { seedOidcTokens, type OidcLoadState } from "./oidc-setup";

export interface LoadSetup {
  slapd: SlapdServer;
  suffix: string;
  appEnv: Record<string, string>;
  /** Cookie header of an administrator's session. */
  adminCookie: string;
  cronSecret: string;
  oidc: OidcLoadState;
  cleanup(): Promise<void>;
}

export async function prepareLoad(options: { users: number; ldapUsers: number; oidcUsers: number; step: (message: string) => void }): Promise<LoadSetup> {
  const { users, ldapUsers, oidcUsers, step } = options;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-load-"));
  const suffix = "dc=load,dc=test";
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbName = `pocket_id_load_${process.pid}`;
  const slapd = await startSlapd({ suffix, sizeLimit: "unlimited" });
  const cleanup = async () => {
    await slapd.stop();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    step(`loading ${ldapUsers.toLocaleString("en")} LDAP users into slapd`);
    const ldifFile = path.join(work, "directory.ldif");
    fs.writeFileSync(ldifFile, [...directoryLdif(ldapUsers, suffix)].join("\n"));
    await slapd.loadOffline(ldifFile);

    step(`creating ${dbName} with ${users.toLocaleString("en")} local users (generate_series)`);
    await admin.unsafe(`create database ${dbName}`);
    const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
    const database = await openDatabase({ databaseUrl, maxConnections: 4 });
    const encryptionKey = crypto.randomBytes(24).toString("base64url");
    let adminSession;
    let oidc;
    try {
      await migrateDatabase(database);
      await database.db.execute(sql`
        insert into users (username, email, first_name, last_name, display_name)
        select 'user' || g, 'user' || g || '@example.com', 'First' || g, 'Last' || (g % 977), 'First' || g || ' Last' || (g % 977)
        from generate_series(1, ${users}::int) as g`);
      adminSession = await seedSignedInUser(database.db, { username: "load-admin", isAdmin: true });
      step(`an OIDC client and a grant, access token and refresh token for ${oidcUsers.toLocaleString("en")} users`);
      oidc = await seedOidcTokens(database, encryptionKey, oidcUsers);
      await database.db.execute(sql`analyze`);
    } finally {
      await database.close();
    }
    const cronSecret = crypto.randomBytes(24).toString("base64url");
    return {
      slapd,
      suffix,
      cronSecret,
      oidc,
      // The cookie name of an http APP_URL (the app runs on http://localhost:PORT).
      adminCookie: `${sessionCookieName("http://localhost")}=${adminSession.token}`,
      appEnv: {
        ...fixtureSyncEnv(slapd),
        DATABASE_URL: databaseUrl,
        LDAP_PAGE_SIZE: "1000",
        LDAP_SYNC_INTERVAL: "24h",
        CRON_SECRET: cronSecret,
        ENCRYPTION_KEY: encryptionKey,
      },
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
