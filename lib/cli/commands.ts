import "server-only";
import { oidcClientsCommand } from "./oidc-clients";
import { oidcKeysCommand } from "./oidc-keys";
import { oneTimeAccessToken } from "./one-time-access-token";
import { syncLdapCommand } from "@/lib/ldap/cli";
import { reopenSetupCommand } from "./reopen-setup";
import { exportCommand, importCommand, migrateToPostgresCommand } from "@/lib/backup/cli";
import type { CliCommand } from "./types";

const migrate: CliCommand = {
  name: "migrate",
  usage: "migrate",
  description: "Apply pending database migrations.",
  async run(_args, ctx, io) {
    const { migrateDatabase } = await import("@/lib/db/migrate");
    await migrateDatabase({ db: ctx.db, engine: ctx.engine, url: ctx.server.DATABASE_URL, close: async () => {} });
    io.out("Database is up to date.");
    return 0;
  },
};

/**
 * Every CLI command; later features register theirs here. `pocket-id --help` imports this list and
 * every module in it, so a command module imports its domain code inside run() (`await import(...)`),
 * not at the top: that keeps the CLI's start fast (scripts/bench/cli.mjs measures it).
 */
export const COMMANDS: CliCommand[] = [migrate, oneTimeAccessToken, syncLdapCommand, oidcClientsCommand, oidcKeysCommand, reopenSetupCommand, exportCommand, importCommand, migrateToPostgresCommand];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}
