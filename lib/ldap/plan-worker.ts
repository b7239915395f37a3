// Starts the sync's worker thread (lib/ldap/plan-thread.ts) and hands it the database state when
// the main thread has read it; resolves with the write plan. The thread is stopped whatever happens,
// so a failed or abandoned sync leaves no thread behind.
import "server-only";
import { Worker } from "node:worker_threads";
import { planThreadScript } from "./plan-thread-script";
import type { LdapSyncConfig } from "./config";
import type { FromPlanThread, PlanThreadInput, PlannedSync, ToPlanThread } from "./plan-thread";
import type { SyncStage } from "./report";
import type { DbStatePart } from "./db-state";

/** A failure the thread reported, with the part that failed. */
export class PlanFailure extends Error {
  constructor(
    readonly phase: "directory" | "state",
    readonly ldap: boolean,
    message: string,
    readonly stateError?: unknown,
  ) {
    super(message);
  }
}

export interface PlanProgress {
  (stage: SyncStage, usersFetched: number, groupsFetched: number): void;
}

/** Structured cloning turns Buffers into plain Uint8Arrays: give the picture bytes their Buffer back. */
function restoreBuffers(planned: PlannedSync): PlannedSync {
  for (const picture of planned.plan.users.pictures.upsert) {
    if (picture.data) picture.data = Buffer.from(picture.data.buffer, picture.data.byteOffset, picture.data.byteLength);
  }
  return planned;
}

export async function planInWorker(
  config: LdapSyncConfig,
  pictureHashes: Map<string, string>,
  jobRunId: string | null,
  readState: (send: (part: DbStatePart) => void) => Promise<void>,
  progress: PlanProgress,
  /** Aborted: the thread is stopped and the plan rejects with the signal's reason. */
  signal?: AbortSignal,
): Promise<PlannedSync> {
  const input: PlanThreadInput = { config, pictureHashes, jobRunId, startedAt: Date.now() };
  const worker = new Worker(await planThreadScript(), { eval: true, workerData: input });
  let stateError: unknown;
  let onAbort = () => {};
  try {
    return await new Promise<PlannedSync>((resolve, reject) => {
      onAbort = () => reject(signal?.reason);
      if (signal?.aborted) onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      const send = (message: ToPlanThread) => worker.postMessage(message);
      readState((part) => send({ type: "state", part })).then(
        () => send({ type: "state-read" }),
        (error: unknown) => {
          stateError = error;
          send({ type: "state-failed" });
        },
      );
      worker.on("message", (message: FromPlanThread) => {
        if (message.type === "progress") progress(message.stage, message.usersFetched, message.groupsFetched);
        else if (message.type === "planned") resolve(restoreBuffers(message.planned));
        else reject(new PlanFailure(message.phase, message.ldap, message.message, stateError));
      });
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`the sync's worker thread stopped (exit code ${code})`)));
    });
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await worker.terminate();
  }
}
