// `oidc-clients create|list|delete|regenerate-secret`: manage the applications that sign users in through OpenID
// Connect. With --json, stdout holds exactly one JSON document and nothing else.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ValidationError } from "@/lib/errors";
import { UsageError, type CliCommand, type CommandIO } from "./types";

/** The verb's field names as the options a CLI user typed. */
const OPTION_OF_FIELD: Record<string, string> = {
  name: "--name",
  callbackUrls: "--callback-url",
  logoutCallbackUrls: "--logout-callback-url",
  allowedGroups: "--allowed-group",
  launchUrl: "--launch-url",
};

function cliValidationError(error: ValidationError): ValidationError {
  const lines = Object.entries(error.fieldErrors).map(([field, messages]) => {
    const [name, index] = field.split(".");
    const option = OPTION_OF_FIELD[name] ?? name;
    return `${option}${index === undefined ? "" : ` #${Number(index) + 1}`}: ${messages.join(" ")}`;
  });
  return new ValidationError(lines.length ? lines.join("\n") : error.message, error.fieldErrors);
}

function parse<O extends ParseArgsConfig["options"]>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const create = async (args: string[], ctx: Parameters<CliCommand["run"]>[1], io: CommandIO) => {
  const { values, positionals } = parse(args, {
    name: { type: "string" },
    "callback-url": { type: "string", multiple: true },
    "logout-callback-url": { type: "string", multiple: true },
    public: { type: "boolean" },
    "allowed-group": { type: "string", multiple: true },
    "launch-url": { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  if (!values.name) throw new UsageError("Give the application's name with --name.");
  if (!values["callback-url"]?.length) throw new UsageError("Give at least one --callback-url.");
  const { createOidcClient } = await import("@/lib/oidc/clients");
  let created;
  try {
    created = await createOidcClient(
      {
        name: values.name as string,
        callbackUrls: values["callback-url"] as string[],
        logoutCallbackUrls: (values["logout-callback-url"] as string[] | undefined) ?? [],
        isPublic: Boolean(values.public),
        allowedGroups: (values["allowed-group"] as string[] | undefined) ?? [],
        launchUrl: (values["launch-url"] as string | undefined) ?? "",
      },
      ctx,
    );
  } catch (error) {
    throw error instanceof ValidationError ? cliValidationError(error) : error;
  }
  if (values.json) {
    io.out(JSON.stringify({ clientId: created.clientId, clientSecret: created.clientSecret }));
    return 0;
  }
  io.out(`Client ID:     ${created.clientId}`);
  io.out(`Client secret: ${created.clientSecret ?? "(none: public client, uses PKCE)"}`);
  io.err(`Issuer: ${ctx.server.APP_URL} (discovery: ${ctx.server.APP_URL}/.well-known/openid-configuration)`);
  if (created.clientSecret) io.err("The secret is shown only now: store it in the application's configuration.");
  return 0;
};

const list = async (args: string[], ctx: Parameters<CliCommand["run"]>[1], io: CommandIO) => {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const [{ listOidcClients }, { describeAllowedGroups }] = await Promise.all([import("@/lib/oidc/client-list"), import("@/lib/oidc/describe")]);
  const clients = await listOidcClients(ctx);
  if (values.json) {
    io.out(JSON.stringify(clients));
    return 0;
  }
  if (!clients.length) io.err("No OIDC clients yet: create one with oidc-clients create.");
  for (const client of clients) {
    io.out(`${client.id}  ${client.name}  ${client.isPublic ? "public" : "confidential"}`);
    io.out(`    callback URLs: ${client.redirectUris.join(", ")}`);
    if (client.postLogoutRedirectUris.length) io.out(`    logout callback URLs: ${client.postLogoutRedirectUris.join(", ")}`);
    io.out(`    allowed groups: ${describeAllowedGroups(client)}`);
    if (client.launchUrl) io.out(`    launch URL: ${client.launchUrl}`);
  }
  return 0;
};

const remove = async (args: string[], ctx: Parameters<CliCommand["run"]>[1], io: CommandIO) => {
  if (args.length !== 1) throw new UsageError("Give exactly one client id.");
  const { deleteOidcClient } = await import("@/lib/oidc/clients");
  await deleteOidcClient(args[0], ctx);
  io.err(`Deleted OIDC client ${args[0]} and every grant and token issued to it.`);
  return 0;
};

const regenerateSecret = async (args: string[], ctx: Parameters<CliCommand["run"]>[1], io: CommandIO) => {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError("Give exactly one client id.");
  const { regenerateOidcClientSecret } = await import("@/lib/oidc/clients");
  const { clientSecret } = await regenerateOidcClientSecret(positionals[0], ctx);
  if (values.json) {
    io.out(JSON.stringify({ clientId: positionals[0], clientSecret }));
    return 0;
  }
  io.out(`Client secret: ${clientSecret}`);
  io.err("The previous secret no longer works. The new one is shown only now: store it in the application's configuration.");
  return 0;
};

const SUBCOMMANDS = { create, list, delete: remove, "regenerate-secret": regenerateSecret } as const;

export const oidcClientsCommand: CliCommand = {
  name: "oidc-clients",
  usage:
    "oidc-clients create --name NAME --callback-url URL [--callback-url URL ...] [--logout-callback-url URL ...] [--public] [--allowed-group NAME ...] [--launch-url URL] [--json] | list [--json] | delete CLIENT_ID | regenerate-secret CLIENT_ID [--json]",
  description: "Manage the applications that sign users in with OpenID Connect.",
  async run(args, ctx, io) {
    const [subcommand, ...rest] = args;
    const body = SUBCOMMANDS[subcommand as keyof typeof SUBCOMMANDS];
    if (!body) throw new UsageError(subcommand ? `Unknown subcommand "${subcommand}".` : "Give a subcommand: create, list, delete or regenerate-secret.");
    return body(rest, ctx, io);
  },
};
