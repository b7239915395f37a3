// `npm run bench:list [-- --users N] [--database-url URL] [--keep]`: the users list's timings alone,
// at sizes the LDAP part of `npm run bench` takes long to reach. Seeds N users set-based into a fresh
// PostgreSQL database (shaped like the benchmark's first sync: LDAP users loaded in one transaction,
// plus 0.1% local users, 2% disabled, a few administrators), or measures an existing database (migrated first).
import { parseArgs } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { migrateDatabase } from "@/lib/db/migrate";
import { buildDeferredIndexes, dropSecondaryIndexes, restoreIndexes } from "@/lib/db/bulk-indexes";
import { openDatabase } from "@/lib/db/client";
import { refreshStatistics } from "@/lib/ldap/statistics";
import { measureUserList } from "./list-timings";
import { MAX_LIST_MS } from "./report";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "1000000" },
    /** Measure this database as it is (no seeding). */
    "database-url": { type: "string" },
    /** Keep the seeded database and print its URL, for --database-url next time. */
    keep: { type: "boolean", default: false },
  },
});
const users = Number(args.users);
if (!Number.isInteger(users) || users < 100) throw new Error("--users must be a whole number ≥ 100");
const step = (message: string) => process.stderr.write(`[bench:list] ${message}\n`);

/** Migrates the database; seeds it unless it is an existing one given by --database-url. */
async function prepare(databaseUrl: string, seed: boolean): Promise<void> {
  const database = await openDatabase({ databaseUrl, maxConnections: 2 });
  try {
    await migrateDatabase(database);
    if (!seed) return;
    const started = process.hrtime.bigint();
    // Like the sync's first load: one transaction, secondary indexes built once after it.
    await database.db.transaction(async (tx) => {
      const dropped = await dropSecondaryIndexes(tx, ["users"]);
      // user0000000 … like the benchmark directory; ldap_id an entryUUID; every 1,000th user local.
      await tx.execute(sql`
        insert into users (username, email, first_name, last_name, display_name, ldap_id, is_admin, disabled, created_at)
        select 'user' || lpad(i::text, 7, '0'), 'user' || lpad(i::text, 7, '0') || '@bench.test', 'Given', 'Surname' || (i % 997),
               'Given user' || lpad(i::text, 7, '0'), case when i % 1000 <> 999 then gen_random_uuid()::text end,
               i % 200000 = 0, i % 50 = 7, now() + case when i % 1000 = 999 then i * interval '1 second' else interval '0' end
        from generate_series(0, ${users - 1}::int) as i`);
      await restoreIndexes(tx, dropped);
    });
    await buildDeferredIndexes(database.db);
    await refreshStatistics({ db: database.db });
    step(`seeded ${users.toLocaleString("en")} users in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
const dbName = `pocket_id_bench_list_${process.pid}`;
const created = !args["database-url"];
const databaseUrl = args["database-url"] ?? Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();
try {
  if (created) await admin.unsafe(`create database ${dbName}`);
  await prepare(databaseUrl, created);
  step("users list timings and plans...");
  const { timings, plans } = await measureUserList(databaseUrl);
  for (const timing of timings) {
    const verdict = timing.medianMs <= MAX_LIST_MS ? "ok" : "MISSED";
    process.stdout.write(`${timing.name.padEnd(52)} ${timing.medianMs.toFixed(1).padStart(7)} ms  total ${timing.total.toLocaleString("en").padStart(9)}  ${verdict}\n`);
  }
  process.stdout.write("\nEXPLAIN ANALYZE (execution ms):\n");
  for (const plan of plans) process.stdout.write(`${plan.name.padEnd(72)} ${plan.executionMs.toFixed(1).padStart(7)}${plan.seqScan ? "  seq scan" : ""}\n`);
  if (created && args.keep) step(`kept ${databaseUrl}`);
} finally {
  if (created && !args.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
