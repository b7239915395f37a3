// `sync-ldap [--force]`: runs the LDAP sync now as a job run; counts and skipped entries go to
// stdout, progress to stderr; exit 1 when the run fails (including a stop by the removal guard).
import "server-only";
import { UsageError, type CliCommand } from "@/lib/cli/types";
import { formatReport, type LdapSyncReport } from "./report";

function isReport(stats: Record<string, unknown>): stats is LdapSyncReport {
  return typeof stats.usersFetched === "number";
}

export const syncLdapCommand: CliCommand = {
  name: "sync-ldap",
  usage: "sync-ldap [--force]",
  description: "Sync users and groups from LDAP now and print the counts; --force overrides the removal guard.",
  async run(args, ctx, io) {
    const unknown = args.filter((arg) => arg !== "--force");
    if (unknown.length) throw new UsageError(`Unknown option ${unknown[0]}.`);
    let lastStage = "";
    let lastPrinted = 0;
    const { runLdapSyncJob } = await import("./job"); // loaded per run: keeps the CLI's start fast
    const outcome = await runLdapSyncJob(
      {
        trigger: "cli",
        force: args.includes("--force"),
        onProgress(update) {
          const stage = String(update.stage ?? "");
          const now = Date.now();
          if (stage === lastStage && now - lastPrinted < 1000) return;
          lastStage = stage;
          lastPrinted = now;
          io.err(`${stage}: ${update.usersFetched ?? 0} users, ${update.groupsFetched ?? 0} groups fetched`);
        },
      },
      ctx,
    );
    if (isReport(outcome.stats)) for (const line of formatReport(outcome.stats)) io.out(line);
    if (outcome.status === "failed") {
      io.err(outcome.error ?? "LDAP sync failed.");
      return 1;
    }
    return 0;
  },
};
