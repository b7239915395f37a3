// A process that takes a job's lease and runs it until it is killed, as a server syncing would:
// lib/jobs/crash.test.ts kills it with SIGKILL mid-run and checks that the next run starts at once.
// Usage: node --import tsx --import ./scripts/server-only-hook.mjs lib/jobs/testing/run-until-killed.ts <postgres URL | data dir> <job>
import crypto from "node:crypto";
import { serverEnvSchema } from "@/lib/config/server-env";
import { SYSTEM_ACTOR, type AppContext } from "@/lib/context";
import { openDatabase } from "@/lib/db/client";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import { migrateDatabase } from "@/lib/db/migrate";
import { acquireJobLease, completeJob } from "@/lib/jobs/runner";
import { log } from "@/lib/log";

const [target, job] = process.argv.slice(2);
const databaseUrl = /^postgres(ql)?:\/\//.test(target) ? target : undefined;
// Embedded: the data directory's process lock, exactly as the server and the CLI take it.
if (!databaseUrl) await lockDataDir(target);
const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir: target });
await migrateDatabase(database);
const ctx: AppContext = {
  db: database.db,
  engine: database.engine,
  server: serverEnvSchema.parse({}),
  envSettings: {},
  encryptionKey: crypto.randomBytes(32),
  log,
  actor: SYSTEM_ACTOR,
};
const lease = await acquireJobLease(job, "cli", ctx);
void completeJob(job, lease, ctx, () => new Promise(() => {}));
setInterval(() => {}, 60_000); // alive until killed, whatever the engine keeps open
process.stdout.write(`running ${lease.runId}\n`);
