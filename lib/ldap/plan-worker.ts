// Starts the sync's worker thread (lib/ldap/plan-thread.ts), or takes the one the previous sync kept,
// and hands it the database state when the main thread has read it; resolves with the write plan.
// A failed or abandoned sync stops the thread, so it leaves no thread behind; a successful one of a
// small directory keeps it for a few seconds, for the next sync of back-to-back runs.
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

/**
 * A thread that planned a directory of at most this many users is kept for the next sync; a larger
 * one ends at once, so its heap (the whole directory) is released while the main thread writes.
 */
const KEEP_MAX_USERS = 50_000;
/** How long a kept thread waits for the next sync (syncs run back to back, or hours apart). */
const KEEP_IDLE_MS = 10_000;

/** Where the state comes from: a thread keeps the state it planned with, used again only for the same database and version. */
export interface StateSource {
  db: object;
  /** readStateVersion's answer (./state.ts), read before the state. */
  version: string;
  read: (send: (part: DbStatePart) => void) => Promise<void>;
}

/** The kept thread, and the source of the state it planned with (it keeps that state too). */
let kept: { worker: Worker; state: Omit<StateSource, "read">; timer: NodeJS.Timeout; forget: () => void } | undefined;

/** The kept thread, or a new one. */
async function takeThread(): Promise<{ worker: Worker; state?: Omit<StateSource, "read"> }> {
  const idle = kept;
  kept = undefined;
  if (idle) {
    clearTimeout(idle.timer);
    idle.worker.off("exit", idle.forget).ref();
    return idle;
  }
  return { worker: new Worker(await planThreadScript(), { eval: true }) };
}

/** Keeps the thread for the next sync (unreferenced: it never holds the process open), or ends it. */
async function releaseThread(worker: Worker, keep: boolean, state: Omit<StateSource, "read">): Promise<void> {
  if (!keep || kept) {
    await worker.terminate();
    return;
  }
  const forget = () => {
    if (kept?.worker !== worker) return;
    clearTimeout(kept.timer);
    kept = undefined;
  };
  const timer = setTimeout(() => {
    forget();
    void worker.terminate();
  }, KEEP_IDLE_MS);
  timer.unref();
  kept = { worker, state, timer, forget };
  worker.once("exit", forget).unref(); // a kept thread that stopped is not handed out
}

export async function planInWorker(
  config: LdapSyncConfig,
  pictureHashes: Map<string, string>,
  jobRunId: string | null,
  state: StateSource,
  progress: PlanProgress,
  /** Aborted: the thread is stopped and the plan rejects with the signal's reason. */
  signal?: AbortSignal,
): Promise<PlannedSync> {
  const taken = await takeThread();
  const { worker } = taken;
  // Nothing wrote users, groups, memberships or claims since the kept thread read its state.
  const reuseState = taken.state?.db === state.db && taken.state.version === state.version;
  const input: PlanThreadInput = { config, pictureHashes, jobRunId, stateVersion: state.version, reuseState, startedAt: Date.now() };
  const send = (message: ToPlanThread) => worker.postMessage(message);
  let stateError: unknown;
  let onAbort = () => {};
  let onMessage = (_message: FromPlanThread) => {};
  let onExit = (_code: number) => {};
  let onError = (_error: Error) => {};
  let keep = false;
  try {
    const planned = await new Promise<PlannedSync>((resolve, reject) => {
      onAbort = () => reject(signal?.reason);
      if (signal?.aborted) onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      onMessage = (message) => {
        if (message.type === "progress") progress(message.stage, message.usersFetched, message.groupsFetched);
        else if (message.type === "planned") resolve(restoreBuffers(message.planned));
        else reject(new PlanFailure(message.phase, message.ldap, message.message, stateError));
      };
      onError = reject;
      onExit = (code) => reject(new Error(`the sync's worker thread stopped (exit code ${code})`));
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      send({ type: "plan", input });
      if (reuseState) return;
      state.read((part) => send({ type: "state", part })).then(
        () => send({ type: "state-read" }),
        (error: unknown) => {
          stateError = error;
          send({ type: "state-failed" });
        },
      );
    });
    keep = planned.directoryUsers <= KEEP_MAX_USERS;
    return planned;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    worker.off("message", onMessage).off("error", onError).off("exit", onExit);
    await releaseThread(worker, keep, { db: state.db, version: state.version });
  }
}
