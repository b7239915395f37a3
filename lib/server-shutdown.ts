// The app's part of a clean shutdown, run by the production server (scripts/package/server.mjs) after
// it stopped accepting requests: no new job starts, a running one finishes within SHUTDOWN_GRACE_PERIOD
// or is stopped and recorded as interrupted (its lease released), e-mails on their way get the same
// grace period, then the database closes, which for
// the embedded engine also releases the data directory.
import "server-only";
import type net from "node:net";
import { stopScheduler } from "@/lib/jobs/scheduler";
import { stopActiveRuns } from "@/lib/jobs/active-runs";
import { errorMessage } from "@/lib/errors";
import { settleBackgroundMail } from "@/lib/mail/background";
import type { AppContext } from "@/lib/context";

/** After the abort, how long a stopped run may take to roll back and record itself before the database closes anyway. */
const ABORT_WAIT_MS = 30_000;

const shutdownKey = Symbol.for("pocket-id.shutdown");
type Holder = { [shutdownKey]?: () => Promise<void> };

interface ShutdownParts {
  ctx: AppContext;
  channel: net.Server | null;
  closeDatabase(): Promise<void>;
}

/** Makes the shutdown reachable by the process's signal handler; it runs at most once. */
export function registerShutdown({ ctx, channel, closeDatabase }: ShutdownParts): void {
  let running: Promise<void> | null = null;
  (globalThis as Holder)[shutdownKey] = () =>
    (running ??= (async () => {
      const started = Date.now();
      stopScheduler();
      channel?.close();
      const interrupted = await stopActiveRuns(ctx.server.SHUTDOWN_GRACE_PERIOD * 1000, ABORT_WAIT_MS);
      // E-mails sent after their answer (sign-in links, notifications) still need their database rows.
      await Promise.race([settleBackgroundMail(), new Promise((resolve) => setTimeout(resolve, ctx.server.SHUTDOWN_GRACE_PERIOD * 1000).unref())]);
      try {
        await closeDatabase();
      } catch (error) {
        ctx.log.error("Closing the database failed", { error: errorMessage(error) });
        throw error;
      }
      ctx.log.info("Server stopped", { interrupted_runs: interrupted, duration_s: ((Date.now() - started) / 1000).toFixed(3) });
    })());
}
