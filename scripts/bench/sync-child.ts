// One sync in its own process, so its peak RSS is its own. Reads the same environment as the CLI
// (DATABASE_URL or DATA_DIR, LDAP_*) and prints one JSON line: wall time, peak RSS, the report.
import fs from "node:fs";
import { validateEnvironment } from "@/lib/config/env";
import { loadEncryptionKey } from "@/lib/config/secrets";
import { SYSTEM_ACTOR } from "@/lib/context";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { runLdapSyncJob } from "@/lib/ldap/job";
import { log } from "@/lib/log";

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

const { server, settings } = validateEnvironment();
const database = await openDatabase({ databaseUrl: server.DATABASE_URL, dataDir: server.DATA_DIR });
await migrateDatabase(database);
const ctx = {
  db: database.db,
  engine: database.engine,
  server,
  envSettings: settings,
  encryptionKey: loadEncryptionKey(server),
  log: { ...log, info: () => {}, debug: () => {} },
  actor: SYSTEM_ACTOR,
};
const baselineRssMb = peakRssMb();
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const outcome = await runLdapSyncJob({ trigger: "cli" }, ctx);
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
// All of the process's threads (V8 runs parts of garbage collection on helper threads).
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await database.close();
process.stdout.write(JSON.stringify({ wallSeconds, cpuSeconds, peakRssMb: peakRssMb(), baselineRssMb, outcome }) + "\n");
