import "server-only";
import { UsageError, type CliCommand } from "./types";

const CLI_LINK_TTL_MINUTES = 60;

/** Prints a single-use login link for a user, e.g. one who has no passkey yet. */
export const oneTimeAccessToken: CliCommand = {
  name: "one-time-access-token",
  usage: "one-time-access-token <username or email>",
  description: "Print a single-use login link (valid 1 hour) for a user, e.g. to add a first passkey.",
  async run(args, ctx, io) {
    if (args.length !== 1 || !args[0].trim()) throw new UsageError("Give exactly one username or email address.");
    const { createOneTimeAccessToken, findUserByLogin } = await import("@/lib/auth/one-time-access");
    const user = await findUserByLogin(args[0], ctx);
    const link = await createOneTimeAccessToken({ userId: user.id, ttlMinutes: CLI_LINK_TTL_MINUTES }, ctx);
    io.out(link.url);
    io.err(`Login link for ${user.username}: valid until ${link.expiresAt.toISOString()} (1 hour), usable once.`);
    return 0;
  },
};
