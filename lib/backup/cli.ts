// `export FILE`, `import FILE`, `migrate-to-postgres DATABASE_URL`. Each handler loads its module
// when it runs, so the other commands start without them. Results go to stdout, progress to stderr.
import "server-only";
import path from "node:path";
import { UsageError, type CliCommand, type CommandIO } from "@/lib/cli/types";

function oneArgument(args: string[], what: string): string {
  if (args.length !== 1 || args[0].startsWith("-")) throw new UsageError(`Give exactly one ${what}.`);
  return args[0];
}

/** A file named on the command line is relative to where the operator typed it (bin.mjs records that). */
const callerPath = (args: string[]) => args.map((arg) => (arg.startsWith("-") ? arg : path.resolve(process.env.POCKET_ID_CALLER_CWD ?? process.cwd(), arg)));

const seconds = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const total = (header: { tables: Array<{ rows: number }> }) => header.tables.reduce((sum, table) => sum + table.rows, 0).toLocaleString("en");
const usersIn = (header: { tables: Array<{ name: string; rows: number }> }) => (header.tables.find((table) => table.name === "users")?.rows ?? 0).toLocaleString("en");
const progressTo = (io: CommandIO) => (line: string) => io.err(line);

export const exportCommand: CliCommand = {
  name: "export",
  usage: "export FILE",
  description: "Write the whole application state to FILE (gzip'd JSON lines; secrets stay encrypted).",
  localArgs: callerPath,
  async run(args, ctx, io) {
    const file = oneArgument(args, "file to write");
    const [{ exportState }, { writeExportFile }] = await Promise.all([import("./export"), import("./file")]);
    const started = Date.now();
    const header = await writeExportFile(file, (emit) => exportState(ctx, emit, progressTo(io)));
    io.out(`Exported ${usersIn(header)} users (${total(header)} rows) to ${file} in ${seconds(started)}.`);
    return 0;
  },
};

export const importCommand: CliCommand = {
  name: "import",
  usage: "import FILE",
  description: "Restore an export into this empty database (needs the source's encryption key).",
  localArgs: callerPath,
  exclusive: true,
  async run(args, ctx, io) {
    const file = oneArgument(args, "export file to read");
    const [{ importState }, { readExportFile }] = await Promise.all([import("./import"), import("./file")]);
    const started = Date.now();
    const header = await importState({ records: readExportFile(file) }, ctx, progressTo(io));
    io.out(`Imported ${usersIn(header)} users (${total(header)} rows, exported ${header.exportedAt}) in ${seconds(started)}.`);
    return 0;
  },
};

export const migrateToPostgresCommand: CliCommand = {
  name: "migrate-to-postgres",
  usage: "migrate-to-postgres DATABASE_URL",
  description: "Copy the embedded database into an empty PostgreSQL database (run with the server stopped).",
  exclusive: true,
  async run(args, ctx, io) {
    const databaseUrl = oneArgument(args, "postgres:// URL of the empty target database");
    const { moveToPostgres, displayUrl } = await import("./move");
    const started = Date.now();
    const header = await moveToPostgres({ databaseUrl }, ctx, progressTo(io));
    io.out(`Copied ${usersIn(header)} users (${total(header)} rows) to ${displayUrl(databaseUrl)} in ${seconds(started)}.`);
    io.out("Next: set DATABASE_URL to that URL and keep the same encryption key (ENCRYPTION_KEY, or DATA_DIR/encryption.key");
    io.out("on every replica), then start Pocket ID. The embedded database in DATA_DIR/pgdata is left as it was.");
    return 0;
  },
};
