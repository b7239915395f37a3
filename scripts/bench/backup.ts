// `npm run bench:backup [-- --users N]`: the backup round trip at scale, as an operator runs it.
// Seeds N users into PostgreSQL, then runs the CLI (each step its own process, timed with
// /usr/bin/time for wall time and peak RSS): export from PostgreSQL, import into an embedded data
// directory, export from it, import into a second PostgreSQL database, and migrate-to-postgres
// into a third. Every exported table of both copies is compared with the source by checksum, and
// the owner's passkey signs in on the restored database.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { beginPasskeySignIn, finishPasskeySignIn } from "@/lib/auth/sign-in";
import { loadEncryptionKey } from "@/lib/config/secrets";
import { migrateDatabase } from "@/lib/db/migrate";
import { EXPORTED_TABLES, primaryKeyColumns, quoteIdent, tableName } from "@/lib/backup/tables";
import { openBenchContext } from "./context";
import { seedBackupBench } from "./backup-seed";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    /** V8 heap limit of each CLI process in MB (NODE_OPTIONS=--max-old-space-size): shows that memory stays flat. */
    heap: { type: "string" },
  },
});
const users = Number(args.users);
if (!Number.isInteger(users) || users < 100) throw new Error("--users must be a whole number ≥ 100");
const root = path.resolve(import.meta.dirname, "../..");
const step = (message: string) => process.stderr.write(`[bench:backup] ${message}\n`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-bench-backup-"));
const ENCRYPTION_KEY = crypto.randomBytes(24).toString("base64");
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const names = ["source", "restored", "moved"].map((name) => `pocket_id_bench_${name}_${process.pid}`);
const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const [sourceUrl, restoredUrl, movedUrl] = names.map(urlOf);
const dataDir = path.join(work, "embedded");
const heapLimit = args.heap ? { NODE_OPTIONS: `--max-old-space-size=${Number(args.heap)}` } : {};

interface Measured {
  step: string;
  seconds: number;
  peakRssMb: number;
  fileMb?: number;
}

/** One CLI command in its own process under /usr/bin/time: wall seconds and peak RSS. */
function cli(label: string, command: string[], env: Record<string, string>, file?: string): Promise<Measured> {
  step(`${label}...`);
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "TIME %e %M", process.execPath, path.join(root, "lib/cli/bin.mjs"), ...command], {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ENCRYPTION_KEY, ...heapLimit, ...env } as unknown as NodeJS.ProcessEnv,
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => process.stderr.write(`  ${chunk}`));
    child.on("exit", (code) => {
      const timing = /TIME ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !timing) return reject(new Error(`${label} failed (${code}): ${stderr}`));
      const fileMb = file ? fs.statSync(path.join(work, file)).size / 2 ** 20 : undefined;
      resolve({ step: label, seconds: Number(timing[1]), peakRssMb: Number(timing[2]) / 1024, fileMb });
    });
  });
}

/** Per exported table: row count and an md5 over every row's JSON in primary-key order. */
async function checksums(url: string): Promise<Record<string, string>> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const result: Record<string, string> = {};
    for (const exported of EXPORTED_TABLES) {
      const order = primaryKeyColumns(exported.table).map((column) => `t.${quoteIdent(column)}`).join(", ");
      const where = exported.keep ? `where ${exported.keep}` : "";
      const [row] = await client.begin(async (tx) => {
        await tx.unsafe("set local timezone = 'UTC'");
        return tx.unsafe(`select count(*) || ':' || coalesce(md5(string_agg(to_jsonb(t)::text, '|' order by ${order})), '') as sum from ${quoteIdent(tableName(exported.table))} t ${where}`);
      });
      result[tableName(exported.table)] = row.sum;
    }
    return result;
  } finally {
    await client.end();
  }
}

try {
  step(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")} (above 3 the timings are noise)`);
  for (const name of names) await admin.unsafe(`create database ${name}`);
  const { ctx, close } = await openBenchContext(sourceUrl);
  const source = { ...ctx, encryptionKey: loadEncryptionKey({ ENCRYPTION_KEY, DATA_DIR: dataDir }) };
  await migrateDatabase({ db: ctx.db, engine: "postgres", url: sourceUrl, close: async () => {} });
  let started = Date.now();
  const { ownerId, authenticator } = await seedBackupBench(source, users);
  await close();
  step(`seeded ${users.toLocaleString("en")} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const measured = [
    await cli("export PostgreSQL → file", ["export", "from-pg.jsonl.gz"], { DATABASE_URL: sourceUrl }, "from-pg.jsonl.gz"),
    await cli("import file → PGlite", ["import", "from-pg.jsonl.gz"], { DATA_DIR: dataDir }),
    await cli("export PGlite → file", ["export", "from-pglite.jsonl.gz"], { DATA_DIR: dataDir }, "from-pglite.jsonl.gz"),
    await cli("import file → PostgreSQL", ["import", "from-pglite.jsonl.gz"], { DATABASE_URL: restoredUrl }),
    await cli("migrate-to-postgres PGlite → PostgreSQL", ["migrate-to-postgres", movedUrl], { DATA_DIR: dataDir }),
  ];

  started = Date.now();
  const [expected, restored, moved] = await Promise.all([sourceUrl, restoredUrl, movedUrl].map(checksums));
  const differing = Object.keys(expected).filter((table) => restored[table] !== expected[table] || moved[table] !== expected[table]);
  step(`compared ${Object.keys(expected).length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const target = await openBenchContext(restoredUrl);
  const restoredCtx = { ...target.ctx, encryptionKey: source.encryptionKey };
  const { challenge } = await beginPasskeySignIn({ clientAddress: "192.0.2.9" }, restoredCtx);
  const signedIn = await finishPasskeySignIn({ response: authenticator.sign({ challenge }) }, restoredCtx);
  await target.close();

  const rows = Object.values(expected).reduce((sum, value) => sum + Number(value.split(":")[0]), 0);
  console.log(`\nBackup round trip: ${users.toLocaleString("en")} users, ${rows.toLocaleString("en")} rows in ${EXPORTED_TABLES.length} tables`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, load average now ${os.loadavg()[0].toFixed(2)}`);
  console.log(`CLI heap limit: ${args.heap ? `${args.heap} MB` : "Node's default"}\n`);
  console.log("| step | wall s | peak RSS MB | file MB |\n| --- | ---: | ---: | ---: |");
  for (const m of measured) console.log(`| ${m.step} | ${m.seconds.toFixed(1)} | ${m.peakRssMb.toFixed(0)} | ${m.fileMb?.toFixed(1) ?? ""} |`);
  console.log(`\nall tables equal after PG → PGlite → PG and migrate-to-postgres: ${differing.length ? `NO (${differing.join(", ")})` : "yes"}`);
  console.log(`passkey sign-in on the restored database: ${signedIn.userId === ownerId ? "yes" : "NO"}`);
  if (differing.length || signedIn.userId !== ownerId) process.exitCode = 1;
} finally {
  for (const name of names) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
}
