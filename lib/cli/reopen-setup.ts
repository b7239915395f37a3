import type { CliCommand } from "./types";

/** Opens /setup again after every administrator is gone (it closes for good once one existed). */
export const reopenSetupCommand: CliCommand = {
  name: "reopen-setup",
  usage: "reopen-setup",
  description: "Let /setup create a first administrator again; only when no enabled administrator exists.",
  async run(_args, ctx, io) {
    const { reopenSetup } = await import("@/lib/auth/setup");
    const outcome = await reopenSetup(ctx);
    if (outcome === "open") {
      io.out(`${ctx.server.APP_URL}/setup is open: the first person to finish it becomes the administrator.`);
      return 0;
    }
    io.err("Setup may run again, but users still exist, so /setup stays closed: delete them first.");
    return 1;
  },
};
