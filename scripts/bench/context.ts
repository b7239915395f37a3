// The administrator's context the benchmark calls domain verbs with, on its PostgreSQL database.
import { validateEnvironment } from "@/lib/config/env";
import { SYSTEM_ACTOR, type AppContext } from "@/lib/context";
import { openDatabase } from "@/lib/db/client";
import { log } from "@/lib/log";

export async function openBenchContext(databaseUrl: string): Promise<{ ctx: AppContext; close(): Promise<void> }> {
  const { server } = validateEnvironment({ DATABASE_URL: databaseUrl });
  const database = await openDatabase({ databaseUrl, maxConnections: 2 });
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    server,
    envSettings: {},
    encryptionKey: Buffer.alloc(32),
    log: { ...log, info: () => {}, debug: () => {} },
    actor: SYSTEM_ACTOR,
  };
  return { ctx, close: () => database.close() };
}

/** Median wall time of `runs` calls, with the last call's result. */
export async function medianMs<T>(runs: number, call: () => Promise<T>): Promise<{ medianMs: number; result: T }> {
  const samples: number[] = [];
  let result!: T;
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    result = await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(runs / 2)], result };
}
