// The CLI's entry. Only the command list is imported up front: `--help` must start fast (docs/operations.md),
// so configuration, database and command code load when a command runs.
import "server-only";
import { SYSTEM_ACTOR, type AppContext } from "@/lib/context";
import type { ChannelRequest } from "./channel";
import { COMMANDS, findCommand } from "./commands";
import { UsageError, type CommandIO } from "./types";

const io: CommandIO = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    "Usage: pocket-id <command> [options]   (or: npm run cli -- <command> [options])",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.description}`),
    "",
    "Embedded mode (no DATABASE_URL): when the server is running, commands are sent to it over",
    "the local socket in DATA_DIR/channel; otherwise the CLI opens the database itself.",
  ].join("\n");
}

/** Runs a command against a database this process opens itself. */
async function runDirect(request: ChannelRequest, release?: () => Promise<void>): Promise<number> {
  const [{ validateEnvironment }, { loadEncryptionKey }, { openDatabase }, { migrateDatabase }, { log }, { runCommand }] = await Promise.all([
    import("@/lib/config/env"),
    import("@/lib/config/secrets"),
    import("@/lib/db/client"),
    import("@/lib/db/migrate"),
    import("@/lib/log"),
    import("./run"),
  ]);
  const { server, settings } = validateEnvironment();
  const database = await openDatabase({ databaseUrl: server.DATABASE_URL, dataDir: server.DATA_DIR, maxConnections: 4 });
  try {
    await migrateDatabase(database);
    const ctx: AppContext = {
      db: database.db,
      engine: database.engine,
      server,
      envSettings: settings,
      encryptionKey: loadEncryptionKey(server),
      // CLI output is the user interface: keep info logs out of stdout unless asked for.
      log: process.env.LOG_LEVEL ? log : { ...log, info: () => {}, debug: () => {} },
      actor: SYSTEM_ACTOR,
    };
    return await runCommand(request, ctx, io);
  } finally {
    await database.close();
    await release?.();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command = findCommand(name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.out(`Usage: pocket-id ${command.usage}\n\n${command.description}`);
    return 0;
  }
  const request = { command: name, args: command.localArgs?.(args) ?? args };
  const [{ validateEnvironment }, { checkVariableNames }, { ConfigError, DomainError, errorMessage }] = await Promise.all([
    import("@/lib/config/env"),
    import("@/lib/config/env-names"),
    import("@/lib/errors"),
  ]);
  for (const { name: variable, suggestion } of checkVariableNames(process.env).misspelled) {
    io.err(`Warning: unknown environment variable ${variable}; did you mean ${suggestion}?`);
  }
  try {
    if (command.needsDatabase === false) {
      const { server, settings } = validateEnvironment();
      const { log } = await import("@/lib/log");
      const ctx = { server, envSettings: settings, log, actor: SYSTEM_ACTOR } as AppContext;
      return await command.run(request.args, ctx, io);
    }
    const { server } = validateEnvironment();
    if (server.DATABASE_URL) return await runDirect(request);
    const { DataDirLockedError, lockDataDir } = await import("@/lib/db/data-dir-lock");
    let release: () => Promise<void>;
    try {
      release = await lockDataDir(server.DATA_DIR);
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      if (command.exclusive) throw new Error(`${error.message}\n${name} needs the database to itself: stop the server, then run it again.`);
      // The server owns the embedded database: ask it to run the command.
      const { callLocalChannel } = await import("./channel");
      return await callLocalChannel(server.DATA_DIR, request, io).catch((channelError) => {
        throw new Error(
          `${error.message}\nIt did not answer on the local channel (${errorMessage(channelError)}); ` +
            "if no server is running (one that crashed on this host releases it at once), wait 10 seconds for the lock to expire and retry.",
        );
      });
    }
    return await runDirect(request, release);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nUsage: pocket-id ${command.usage}`);
      return 2;
    }
    io.err(error instanceof ConfigError || error instanceof DomainError ? error.message : `Error: ${errorMessage(error)}`);
    return 1;
  }
}
