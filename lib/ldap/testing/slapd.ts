// A throwaway OpenLDAP server for integration tests, e2e setup and benchmarks.
// Each call gets its own temp dir, certificate, passwords and ports, so vitest workers can
// start servers in parallel. Node-only (child processes, temp files): never import from app code.
import fs from "node:fs/promises";
import { constants as fsConstants } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, type Entry, type SearchOptions } from "ldapts";
import {
  baseEntriesLdif, generateCertificate, randomPassword, renderSlapdConf, slapdPaths,
  type SlapdOptions, type SlapdPaths,
} from "./slapd-config";
import { freePorts, launch, PortInUseError, runTool, slapadd, SlapdProcess, startWatchdog, trackDir, untrackDir } from "./slapd-process";

export type { SlapdOptions } from "./slapd-config";

export type LdapTransport = "ldap" | "ldaps" | "starttls";
export type BindAs = "admin" | "reader" | "anonymous" | { dn: string; password: string };
export interface SlapdClientOptions {
  as?: BindAs;
  transport?: LdapTransport;
  /** ldapts operation timeout in ms (default 10 s, so a frozen server fails a test instead of hanging it). */
  timeoutMs?: number;
}

export interface SlapdServer extends AsyncDisposable {
  /** `ldap://localhost:PORT` (plain, StartTLS-capable). */
  readonly url: string;
  /** `ldaps://localhost:TLSPORT`. The ldap-utils CLIs need 127.0.0.1 instead of localhost. */
  readonly ldapsUrl: string;
  readonly port: number;
  readonly tlsPort: number;
  readonly suffix: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  readonly readerDn: string;
  readonly readerPassword: string;
  /** PEM of the self-signed server certificate, which is its own CA. */
  readonly caCert: string;
  /** The same PEM as a file, e.g. for `LDAP_TLS_CA_FILE` of an app under test. */
  readonly caFile: string;
  /** The temp dir holding slapd.conf, the certificate and the MDB files; removed by stop(). */
  readonly dataDir: string;
  /** pid of the current slapd process (changes on restart). */
  readonly pid: number;
  readonly running: boolean;
  /** ldapadd as the rootdn; one process for the whole LDIF, so thousands of entries are fine. */
  add(ldif: string): Promise<void>;
  /** ldapmodify as the rootdn: LDIF change records (changetype: modify | add | delete | modrdn). */
  modify(ldif: string): Promise<void>;
  /** Deletes the entries, in the order given (children first). */
  delete(...dns: string[]): Promise<void>;
  /** A connected, bound ldapts client (admin by default); the caller unbinds it. */
  client(options?: SlapdClientOptions): Promise<Client>;
  /** Subtree search below the suffix (paged, so no size limit applies); admin by default. */
  search(filter?: string, options?: SearchOptions & { base?: string; as?: BindAs }): Promise<Entry[]>;
  /** Stops slapd, bulk-loads with `slapadd -q` (file path, or LDIF text), starts it again. */
  loadOffline(source: string | { ldif: string }): Promise<void>;
  /** Stops slapd and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL slapd (fault tests); data stays, restart() brings it back on the same ports. */
  kill(): Promise<void>;
  /** Stops slapd if it runs, then starts it again with the same data and ports. */
  restart(): Promise<void>;
  /** SIGSTOP: connections are accepted but never answered (timeout tests); thaw() resumes. */
  /** Stops slapd (SIGSTOP) and resolves once it has stopped. */
  freeze(): Promise<void>;
  thaw(): void;
  /** The app's LDAP_* variables for this server, bound as the reader. */
  env(transport?: LdapTransport): Record<string, string>;
}

const INSTALL_HINT = "run `apt-get install --no-install-recommends slapd ldap-utils`";

async function requireExecutable(file: string, what: string): Promise<void> {
  try {
    await fs.access(file, fsConstants.X_OK);
  } catch {
    throw new Error(`${what} not found at ${file}: ${INSTALL_HINT}`);
  }
}

export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdServer> {
  const slapdPath = options.slapdPath ?? "/usr/sbin/slapd";
  const slapaddPath = path.join(path.dirname(slapdPath), "slapadd");
  await requireExecutable(slapdPath, "OpenLDAP slapd");
  await requireExecutable(slapaddPath, "OpenLDAP slapadd");
  await requireExecutable("/usr/bin/ldapadd", "ldap-utils ldapadd");

  const suffix = options.suffix ?? "dc=example,dc=org";
  const adminDn = `cn=admin,${suffix}`;
  const readerDn = `cn=reader,${suffix}`;
  const adminPassword = options.adminPassword ?? randomPassword();
  const readerPassword = options.readerPassword ?? randomPassword();
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;

  const paths = slapdPaths(await fs.mkdtemp(path.join(os.tmpdir(), "pocket-id-slapd-")));
  trackDir(paths.dir);
  const watchdog = startWatchdog(paths.dir, paths.pidFile);
  let proc: SlapdProcess | undefined;
  try {
    await fs.mkdir(paths.dataDir);
    await fs.writeFile(paths.adminPasswordFile, adminPassword, { mode: 0o600 }); // -y reads it verbatim: no newline
    await fs.writeFile(paths.conf, renderSlapdConf(paths, { suffix, adminDn, adminPassword, readerDn, options }));
    const caCert = await generateCertificate(paths);
    const seed = baseEntriesLdif(suffix, readerDn, readerPassword) + (options.initialLdif ? `\n${options.initialLdif}` : "");
    await slapadd(slapaddPath, paths, seed);

    let ports: number[] = [];
    for (let attempt = 1; ; attempt++) {
      ports = await freePorts(2);
      try {
        proc = await launch(slapdPath, paths, ports, adminDn, adminPassword, startTimeoutMs);
        break;
      } catch (error) {
        // Another worker may take a port between our probe and slapd's bind: pick new ones.
        if (!(error instanceof PortInUseError) || attempt >= 5) throw error;
      }
    }
    const [port, tlsPort] = ports;
    return makeServer({
      paths, watchdog, slapdPath, slapaddPath, port, tlsPort, caCert, startTimeoutMs,
      suffix, adminDn, adminPassword, readerDn, readerPassword, proc,
    });
  } catch (error) {
    await proc?.kill();
    await cleanup(paths, watchdog);
    throw error;
  }
}

async function cleanup(paths: SlapdPaths, watchdog: { kill(signal: NodeJS.Signals): boolean }): Promise<void> {
  await fs.rm(paths.dir, { recursive: true, force: true });
  untrackDir(paths.dir);
  watchdog.kill("SIGKILL"); // nothing left for it to clean
}

interface ServerState {
  paths: SlapdPaths;
  watchdog: { kill(signal: NodeJS.Signals): boolean };
  slapdPath: string;
  slapaddPath: string;
  port: number;
  tlsPort: number;
  caCert: string;
  startTimeoutMs: number;
  suffix: string;
  adminDn: string;
  adminPassword: string;
  readerDn: string;
  readerPassword: string;
  proc: SlapdProcess;
}

function makeServer(state: ServerState): SlapdServer {
  const { paths, port, tlsPort, caCert, suffix, adminDn, adminPassword, readerDn, readerPassword } = state;
  let proc = state.proc;
  let stopped = false;
  // Serialises lifecycle operations so a stop() racing a restart() cannot orphan a process.
  let lifecycle: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = lifecycle.then(() => {
      if (stopped) throw new Error("slapd test server was stopped");
      return fn();
    });
    lifecycle = next.catch(() => {});
    return next;
  };

  // The CLIs canonicalise "localhost" to the machine's hostname, which breaks TLS and lookups.
  const cli = (tool: string, input: string, extra: readonly string[] = []) =>
    runTool(tool, ["-x", "-H", `ldap://127.0.0.1:${port}`, "-D", adminDn, "-y", paths.adminPasswordFile, ...extra], input);

  const credentials = (as: BindAs): { dn: string; password: string } | undefined =>
    as === "admin" ? { dn: adminDn, password: adminPassword }
    : as === "reader" ? { dn: readerDn, password: readerPassword }
    : as === "anonymous" ? undefined
    : as;

  // Same ports as before, since clients hold the URLs. slapd sets SO_REUSEADDR, so TIME_WAIT
  // does not block it; a port taken by another process meanwhile is waited for, then reported.
  const start = async () => {
    const deadline = Date.now() + state.startTimeoutMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        proc = await launch(state.slapdPath, paths, [port, tlsPort], adminDn, adminPassword, state.startTimeoutMs);
        return;
      } catch (error) {
        if (!(error instanceof PortInUseError) || Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  const server: SlapdServer = {
    url: `ldap://localhost:${port}`,
    ldapsUrl: `ldaps://localhost:${tlsPort}`,
    port, tlsPort, suffix, adminDn, adminPassword, readerDn, readerPassword, caCert,
    caFile: paths.cert,
    dataDir: paths.dir,
    get pid() {
      return proc.pid;
    },
    get running() {
      return !stopped && proc.running;
    },
    async add(ldifText) {
      await cli("ldapadd", ldifText);
    },
    async modify(ldifText) {
      await cli("ldapmodify", ldifText);
    },
    async delete(...dns) {
      if (dns.length > 0) await cli("ldapdelete", `${dns.join("\n")}\n`);
    },
    async client({ as = "admin", transport = "ldap", timeoutMs = 10_000 } = {}) {
      const tlsOptions = { ca: caCert, servername: "localhost" };
      const client = new Client({
        url: transport === "ldaps" ? server.ldapsUrl : server.url,
        tlsOptions: transport === "ldaps" ? tlsOptions : undefined,
        timeout: timeoutMs,
        connectTimeout: timeoutMs,
      });
      try {
        if (transport === "starttls") await client.startTLS(tlsOptions);
        const creds = credentials(as);
        if (creds) await client.bind(creds.dn, creds.password);
        return client;
      } catch (error) {
        await client.unbind().catch(() => {});
        throw error;
      }
    },
    async search(filter = "(objectClass=*)", { base = suffix, as = "admin", ...searchOptions } = {}) {
      const client = await server.client({ as });
      try {
        const { searchEntries } = await client.search(base, { scope: "sub", paged: { pageSize: 500 }, ...searchOptions, filter });
        return searchEntries;
      } finally {
        await client.unbind().catch(() => {});
      }
    },
    loadOffline: (source) =>
      serial(async () => {
        await proc.terminate();
        try {
          if (typeof source === "string") await runTool(state.slapaddPath, ["-q", "-f", paths.conf, "-l", source]);
          else await slapadd(state.slapaddPath, paths, source.ldif);
        } finally {
          await start(); // even after a bad LDIF, leave the server running with what it had
        }
      }),
    restart: () =>
      serial(async () => {
        await proc.terminate();
        await start();
      }),
    kill: () => serial(() => proc.kill()),
    freeze: () => proc.freeze(),
    thaw: () => proc.thaw(),
    async stop() {
      if (stopped) return;
      await lifecycle;
      stopped = true;
      await proc.terminate();
      await cleanup(paths, state.watchdog);
    },
    [Symbol.asyncDispose]: () => server.stop(),
    env(transport = "ldap") {
      return {
        LDAP_ENABLED: "true",
        LDAP_URL: transport === "ldaps" ? server.ldapsUrl : server.url,
        LDAP_START_TLS: String(transport === "starttls"),
        LDAP_TLS_CA_FILE: paths.cert,
        LDAP_BIND_DN: readerDn,
        LDAP_BIND_PASSWORD: readerPassword,
        LDAP_BASE: suffix,
      };
    },
  };
  return server;
}
