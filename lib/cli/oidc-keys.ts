// `oidc-keys rotate`: a new token signing key signs from now on; the previous one stays published
// until the ID tokens it signed have expired. A running server picks the change up within seconds.
import { UsageError, type CliCommand } from "./types";

export const oidcKeysCommand: CliCommand = {
  name: "oidc-keys",
  usage: "oidc-keys rotate",
  description: "Rotate the OpenID Connect token signing key.",
  async run(args, ctx, io) {
    if (args.length !== 1 || args[0] !== "rotate") throw new UsageError("The only subcommand is rotate.");
    const { rotateSigningKeys } = await import("@/lib/oidc/keys");
    const { kid, retired } = await rotateSigningKeys(ctx);
    io.out(`New signing key: ${kid}`);
    if (retired.length) io.err(`Retired ${retired.join(", ")}: published until the tokens it signed have expired.`);
    return 0;
  },
};
