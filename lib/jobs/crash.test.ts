// After a crash (SIGKILL of the process running a job) the next run starts at once instead of being
// refused as "already running" until a heartbeat goes stale: on PostgreSQL the dead process's
// advisory lock goes with its connection; on the embedded database its data directory lock is taken
// over as soon as its pid is gone, and a lease left in the data is the dead process's by definition.
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { lockDataDir } from "@/lib/db/data-dir-lock";
import { jobRuns } from "@/lib/db/schema";
import { availableEngines, createTestDatabase, testContext } from "@/lib/db/testing";
import type { AppContext } from "@/lib/context";
import { acquireJobLease } from "./runner";

const root = path.resolve(import.meta.dirname, "../..");
const JOB = "CrashTest";
/** Each test starts a process that opens (and migrates) a database of its own: slow on a busy machine. */
const PROCESS_TEST_TIMEOUT_MS = 240_000;

/** Starts lib/jobs/testing/run-until-killed.ts against `target`; resolves with its run id once it runs. */
async function startRun(target: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "lib/jobs/testing/run-until-killed.ts", target, JOB],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = once(child, "exit");
  const [line] = (await Promise.race([once(readline.createInterface({ input: child.stdout! }), "line"), exited])) as [string];
  const runId = /^running (\S+)$/.exec(String(line))?.[1];
  if (!runId) throw new Error(`the run did not start: ${line}`);
  return {
    runId,
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

async function expectTakenOver(ctx: AppContext, deadRunId: string, acquire: () => Promise<{ runId: string }>) {
  const lease = await acquire();
  expect(lease.runId).not.toBe(deadRunId);
  const [dead] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, deadRunId));
  expect(dead).toMatchObject({ status: "failed", error: expect.stringMatching(/^Interrupted/) });
}

describe("a job run killed with SIGKILL", () => {
  it.skipIf(!availableEngines().includes("postgres"))("[postgres] is taken over within 5 s, by another process sharing the database", async () => {
    const database = await createTestDatabase("postgres");
    try {
      const ctx = testContext(database);
      const run = await startRun(database.databaseUrl!);
      await expect(acquireJobLease(JOB, "manual", ctx)).rejects.toMatchObject({ code: "already_running", runId: run.runId });
      await run.kill();
      // The server notices the closed connection and drops its advisory lock: that is the 5 s.
      await expectTakenOver(ctx, run.runId, () => vi.waitFor(() => acquireJobLease(JOB, "manual", ctx), { timeout: 5_000, interval: 50 }));
    } finally {
      await database.dispose();
    }
  }, PROCESS_TEST_TIMEOUT_MS);

  it("[pglite] is taken over by the next process to open the data directory, without waiting", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-crash-"));
    try {
      const run = await startRun(dataDir);
      await run.kill();
      // At once: neither the dead process's directory lock nor its lease makes this process wait.
      const release = await lockDataDir(dataDir);
      const database = await openDatabase({ dataDir });
      try {
        const ctx = testContext(database);
        await expectTakenOver(ctx, run.runId, () => acquireJobLease(JOB, "manual", ctx));
      } finally {
        await database.close();
        await release();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, PROCESS_TEST_TIMEOUT_MS);
});
