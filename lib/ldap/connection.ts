// Opens a bound ldapts client: ldap://, ldaps:// or ldap:// + StartTLS; the configured CA is
// trusted in addition to the system's; connect gives up after 10 s and every operation after
// LDAP_TIMEOUT seconds, so a server that accepts and never answers fails the run.
import "server-only";
import net from "node:net";
import tls from "node:tls";
import { Client } from "ldapts";
import type { LdapConnectionConfig } from "./config";
import { LdapError, translateLdapError } from "./errors";

export const CONNECT_TIMEOUT_MS = 10_000;

export interface LdapConnection {
  client: Client;
  /** Unbinds and closes; never throws and never waits long on a dead server. */
  close(): Promise<void>;
}

function tlsOptions(config: LdapConnectionConfig, host: string): tls.ConnectionOptions {
  return {
    // A pasted CA adds to the system store, so a publicly trusted certificate keeps working.
    ca: config.caCert ? [...tls.rootCertificates, config.caCert] : undefined,
    rejectUnauthorized: !config.skipCertVerify,
    // SNI must be a host name, never an IP address.
    servername: net.isIP(host) ? undefined : host,
    minVersion: "TLSv1.2",
  };
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LdapError(`${url} is not an LDAP URL: use ldap://host:389 or ldaps://host:636.`);
  }
  if (parsed.protocol !== "ldap:" && parsed.protocol !== "ldaps:") {
    throw new LdapError(`${url} is not an LDAP URL: use ldap://host:389 or ldaps://host:636.`);
  }
  return parsed;
}

/** Resolves or rejects with `promise`, or rejects after `ms` (the TLS handshake has no timeout of its own). */
async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeClient(client: Client): Promise<void> {
  // unbind() writes to the socket and waits for it to close; a frozen peer must not hold us.
  await within(client.unbind(), 2_000, () => new Error("unbind timed out")).catch(() => {});
}

/** Connects and binds (anonymously when no bind DN is set); errors are LdapErrors in plain words. */
export async function openLdapConnection(config: LdapConnectionConfig): Promise<LdapConnection> {
  const url = parseUrl(config.url);
  const secure = url.protocol === "ldaps:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const timeoutMs = config.timeoutSeconds * 1000;
  const client = new Client({
    url: config.url,
    connectTimeout: CONNECT_TIMEOUT_MS,
    timeout: timeoutMs,
    // ldapts switches to TLS whenever tlsOptions is set, so pass them only for ldaps://.
    tlsOptions: secure ? tlsOptions(config, host) : undefined,
  });
  let operation = "connection";
  const context = { url: config.url, timeoutSeconds: config.timeoutSeconds };
  try {
    await within(
      (async () => {
        if (config.startTls && !secure) {
          operation = "StartTLS negotiation";
          await client.startTLS(tlsOptions(config, host));
        }
        operation = "bind";
        if (config.bindDn) await client.bind(config.bindDn, config.bindPassword);
      })(),
      CONNECT_TIMEOUT_MS + timeoutMs,
      () => new Error("Operation timed out"),
    );
  } catch (error) {
    await closeClient(client);
    throw translateLdapError(error, { ...context, operation });
  }
  return { client, close: () => closeClient(client) };
}
