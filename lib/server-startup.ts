// Runs once per server process (from instrumentation.ts): validate, open and migrate the database,
// open the CLI's local channel in embedded mode, then start background services; register their shutdown.
import "server-only";
import { getRuntime } from "@/lib/runtime";
import { ConfigError, errorMessage } from "@/lib/errors";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";
import { startLocalChannel } from "@/lib/cli/channel";
import { runCommand } from "@/lib/cli/run";
import { log } from "@/lib/log";
import { startScheduler } from "@/lib/jobs/scheduler";
import { syncLdapJob } from "@/lib/ldap/job";
import { pruneAuditLogJob } from "@/lib/audit/prune";
import type { AppContext } from "@/lib/context";
import { registerShutdown } from "@/lib/server-shutdown";

/** Background services started after the database is ready; each must return quickly. */
const BACKGROUND_SERVICES: Array<{ name: string; start(ctx: AppContext): void | Promise<void> }> = [
  // SyncLdap a few seconds after startup, then every LDAP_SYNC_INTERVAL while LDAP is enabled;
  // PruneAuditLog after startup, then daily.
  { name: "scheduler", start: (ctx) => void startScheduler(ctx, [syncLdapJob, pruneAuditLogJob]) },
  // Request durations for GET /metrics, only while it is enabled (the Prometheus client loads then).
  {
    name: "http metrics",
    async start(ctx) {
      if (ctx.server.METRICS_TOKEN) (await import("@/lib/metrics/http")).startHttpMetrics();
    },
  },
];

const startedKey = Symbol.for("pocket-id.started");

export async function startServer(): Promise<void> {
  const holder = globalThis as { [startedKey]?: boolean };
  if (holder[startedKey]) return;
  holder[startedKey] = true;
  try {
    const runtime = await getRuntime();
    const { ctx } = runtime;
    const channel = ctx.server.DATABASE_URL ? null : await startLocalChannel(ctx.server.DATA_DIR, ctx, runCommand);
    registerShutdown({ ctx, channel, closeDatabase: runtime.shutdown });
    for (const service of BACKGROUND_SERVICES) await service.start(ctx);
    log.info("Server started", { url: ctx.server.APP_URL, engine: ctx.engine });
  } catch (error) {
    // A process that cannot open its database or read its configuration must not serve.
    const message = error instanceof ConfigError || error instanceof DataDirLockedError ? error.message : errorMessage(error);
    process.stderr.write(`Startup failed: ${message}\n`);
    process.exit(1);
  }
}
