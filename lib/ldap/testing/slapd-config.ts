// slapd.conf, TLS material and base entries for a throwaway OpenLDAP server.
// slapd.conf (not cn=config) because it is one generated text file: nothing to
// bootstrap with slapadd -n0, and extra lines from a test are simply appended.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { ldif, ldifEntry } from "./ldif";
import { runTool } from "./slapd-process";

export interface SlapdOptions {
  /** Base DN of the database. Its first RDN must be dc=, o= or ou=. Default `dc=example,dc=org`. */
  suffix?: string;
  /** Password of the rootdn `cn=admin,<suffix>`; generated when omitted. */
  adminPassword?: string;
  /** Password of the read-only service account `cn=reader,<suffix>`; generated when omitted. */
  readerPassword?: string;
  /**
   * slapd `sizelimit` for every bind except the rootdn: a number, or slapd syntax such as
   * `"size.soft=1000 size.hard=unlimited size.prtotal=unlimited"` (plain searches capped at
   * 1000, paged searches unlimited, like Active Directory). A plain number also caps paged searches.
   */
  sizeLimit?: number | string;
  /** slapd `timelimit` in seconds, or slapd syntax (`time.soft=5 time.hard=10`). */
  timeLimit?: number | string;
  /** Extra lines for the database section (limits, indexes, overlays, ACLs). They come before the
   *  harness's own ACLs, so an `access to` line here takes precedence. */
  extraConfig?: string | readonly string[];
  /** Extra lines for the global section (e.g. `loglevel stats`, `idletimeout 5`). */
  extraGlobalConfig?: string | readonly string[];
  /** LDIF loaded offline (slapadd) before the first start: fast, but memberOf is not computed. */
  initialLdif?: string;
  /** How long startup may take before it fails; default 20 s. */
  startTimeoutMs?: number;
  /** Default `/usr/sbin/slapd`; slapadd is looked up next to it. */
  slapdPath?: string;
}

export interface SlapdPaths {
  dir: string;
  conf: string;
  dataDir: string;
  cert: string;
  key: string;
  adminPasswordFile: string;
  /** Written by the harness (not slapd) with the pid it spawned; read by the watchdog. */
  pidFile: string;
  slapdPidFile: string;
}

export function slapdPaths(dir: string): SlapdPaths {
  return {
    dir,
    conf: path.join(dir, "slapd.conf"),
    dataDir: path.join(dir, "data"),
    cert: path.join(dir, "cert.pem"),
    key: path.join(dir, "key.pem"),
    adminPasswordFile: path.join(dir, "admin.pw"),
    pidFile: path.join(dir, "harness.pid"),
    slapdPidFile: path.join(dir, "slapd.pid"),
  };
}

export function randomPassword(): string {
  return crypto.randomBytes(15).toString("base64url");
}

/** {SSHA} hash, so neither slapd.conf nor the entries hold a clear-text password. */
export function sshaHash(password: string): string {
  const salt = crypto.randomBytes(8);
  const digest = crypto.createHash("sha1").update(password, "utf8").update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}

/** Self-signed certificate for localhost/127.0.0.1; it is its own CA, so tests trust exactly it. */
export async function generateCertificate(paths: Pick<SlapdPaths, "key" | "cert">): Promise<string> {
  // P-256 instead of RSA: key generation is ~instant, and GnuTLS (Debian's slapd) serves it fine.
  await runTool("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", paths.key, "-out", paths.cert, "-days", "7", "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-addext", "basicConstraints=critical,CA:TRUE",
  ]);
  await fs.chmod(paths.key, 0o600);
  return fs.readFile(paths.cert, "utf8");
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function lines(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === "string" ? value.split("\n") : [...value];
}

export interface ConfigInput {
  suffix: string;
  adminDn: string;
  adminPassword: string;
  readerDn: string;
  options: SlapdOptions;
}

export function renderSlapdConf(paths: SlapdPaths, input: ConfigInput): string {
  const { suffix, adminDn, readerDn, options } = input;
  const schema = ["core", "cosine", "inetorgperson", "nis"].map((s) => `include /etc/ldap/schema/${s}.schema`);
  const limits: string[] = [];
  if (options.sizeLimit !== undefined) limits.push(`sizelimit ${options.sizeLimit}`);
  if (options.timeLimit !== undefined) limits.push(`timelimit ${options.timeLimit}`);
  return [
    ...schema,
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    "moduleload memberof",
    "moduleload refint",
    `argsfile ${paths.dir}/slapd.args`,
    // slapd writes this only after its listeners are bound: readiness proof that the ports are ours.
    `pidfile ${paths.slapdPidFile}`,
    `TLSCACertificateFile ${paths.cert}`,
    `TLSCertificateFile ${paths.cert}`,
    `TLSCertificateKeyFile ${paths.key}`,
    // Root DSE and schema readable by anyone: clients probe supportedControl before paging.
    'access to dn.base="" by * read',
    'access to dn.base="cn=Subschema" by * read',
    ...lines(options.extraGlobalConfig),
    "",
    "database mdb",
    `suffix ${quote(suffix)}`,
    `rootdn ${quote(adminDn)}`,
    `rootpw ${sshaHash(input.adminPassword)}`,
    `directory ${paths.dataDir}`,
    // MDB's default map is 10 MB, too small for benchmark directories; the file stays sparse.
    "maxsize 2147483648",
    // No fsync per write: a throwaway test directory does not need durability across power loss
    // (data survives a SIGKILL of slapd, which is what fault tests do), and online adds get faster.
    "dbnosync",
    ...limits,
    "index objectClass eq",
    "index uid,cn,mail eq,sub",
    "index entryUUID eq",
    "index member,uniqueMember,memberUid eq",
    ...lines(options.extraConfig),
    "access to attrs=userPassword",
    "  by self =xw",
    "  by anonymous auth",
    "  by * none",
    "access to *",
    `  by dn.exact=${quote(readerDn)} read`,
    "  by self read",
    "  by * none",
    // memberOf on users for groupOfNames/member, maintained on online adds, modifies and deletes.
    "overlay memberof",
    "memberof-group-oc groupOfNames",
    "memberof-member-ad member",
    "memberof-memberof-ad memberOf",
    "memberof-refint TRUE",
    // refint removes member values of deleted entries and rewrites them on rename; groupOfNames
    // needs at least one member, so a group that would become empty gets the admin DN.
    "overlay refint",
    "refint_attributes member uniqueMember",
    `refint_nothing ${quote(adminDn)}`,
    "",
  ].join("\n");
}

/** The suffix entry and the read-only service account. */
export function baseEntriesLdif(suffix: string, readerDn: string, readerPassword: string): string {
  const match = /^(dc|o|ou)=([^,+]+)(?:,|$)/i.exec(suffix);
  if (!match) throw new Error(`Unsupported suffix ${suffix}: its first RDN must be dc=, o= or ou=`);
  const [, type, value] = match;
  const kind = type.toLowerCase();
  const root =
    kind === "dc"
      ? ldifEntry(suffix, { objectClass: ["top", "dcObject", "organization"], dc: value, o: value })
      : kind === "o"
        ? ldifEntry(suffix, { objectClass: ["top", "organization"], o: value })
        : ldifEntry(suffix, { objectClass: ["top", "organizationalUnit"], ou: value });
  const reader = ldifEntry(readerDn, {
    objectClass: ["top", "organizationalRole", "simpleSecurityObject"],
    cn: "reader",
    description: "Read-only service account for LDAP sync tests",
    userPassword: sshaHash(readerPassword),
  });
  return ldif(root, reader);
}
