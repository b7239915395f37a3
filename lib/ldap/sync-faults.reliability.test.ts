// LDAP faults on a real slapd, through the SyncLdap job (what "Sync now", the scheduler, the CLI and
// the cron API run), on both database engines. Complements sync-faults.test.ts, which calls the
// sync function directly: here every fault must (1) record a failed run in job_runs with a plain
// message, (2) leave every other table exactly as before (full dump) although the directory holds
// a change the run would have written, and (3) be followed, once the fault is repaired, by a run
// that succeeds and writes that change.
//
// Faults: server unreachable; slapd killed while the user pages and while the group pages are
// read; TLS certificate untrusted (ldaps and StartTLS); bind password changed on the server;
// search base gone; a page cut off by a size limit, by a time limit, and answered "unavailable";
// a server that accepts and never answers (SIGSTOP) mid-search.
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { Attribute, Change, Control } from "ldapts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { dumpTables } from "@/lib/security/testing/dump";
import { SYNC_LDAP_JOB, runLdapSyncJob } from "./job";
import { ldif, ldifEntry, ldifModify, ldifModRdn } from "./testing/ldif";
import { startSlapd, type SlapdServer } from "./testing/slapd";
import { freePorts } from "./testing/slapd-process";
import { fixtureSyncEnv, syncedUsers, withLdapEnv } from "./testing/sync-helpers";

const USERS = 600;
const GROUPS = 300;
const PAGE_SIZE = "25";
/** A user in the middle of the search order: pages before it succeed, its page fails. */
const MIDDLE_USER = 300;
const MANAGE_DSA_IT = "2.16.840.1.113730.3.4.2";

type Progress = Record<string, unknown>;
type Pending = { username: string; lastName: string; progress: Progress };

describeEachEngine("LDAP faults through the SyncLdap job", (current) => {
  let server: SlapdServer;
  let base: string;
  let conf: string;
  let originalConf: string;
  let pendingIndex = 0;

  const userDn = (i: number) => `uid=user${i},ou=people,${base}`;

  beforeAll(async () => {
    server = await startSlapd({
      sizeLimit: "unlimited",
      // retcode (OpenLDAP's fault-injection overlay): an entry carrying errAuxObject turns the
      // search page that reaches it into the error (or delay) its attributes name.
      extraGlobalConfig: "moduleload retcode",
      extraConfig: ["overlay retcode", 'retcode-parent "ou=retcode,dc=example,dc=org"', "retcode-indir"],
    });
    base = `ou=tenant,${server.suffix}`;
    conf = path.join(server.dataDir, "slapd.conf");
    originalConf = await fs.readFile(conf, "utf8");
    const ou = (dn: string, name: string) => ldifEntry(dn, { objectClass: ["top", "organizationalUnit"], ou: name });
    await server.loadOffline({
      ldif: ldif(
        ou(base, "tenant"),
        ou(`ou=people,${base}`, "people"),
        ou(`ou=groups,${base}`, "groups"),
        Array.from({ length: USERS }, (_, i) =>
          ldifEntry(userDn(i), {
            objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
            uid: `user${i}`, cn: `User ${i}`, givenName: "User", sn: `Number ${i}`, mail: `user${i}@example.org`,
          }),
        ),
        Array.from({ length: GROUPS }, (_, i) =>
          ldifEntry(`cn=group${i},ou=groups,${base}`, { objectClass: ["top", "groupOfNames"], cn: `group${i}`, member: userDn(i) }),
        ),
      ),
    });
    const first = await runLdapSyncJob({ trigger: "manual" }, ctxFor());
    expect(first).toMatchObject({ status: "succeeded", stats: { usersCreated: USERS, groupsCreated: GROUPS } });
  });
  afterAll(async () => {
    server?.thaw();
    await server?.stop();
  });

  function ctxFor(overrides: Record<string, string> = {}) {
    return withLdapEnv(current().ctx, {
      ...fixtureSyncEnv(server),
      LDAP_BASE: base,
      LDAP_ADMIN_GROUP_NAME: "",
      LDAP_PAGE_SIZE: PAGE_SIZE,
      ...overrides,
    });
  }

  /** Changes a user in the directory, so a run that got through would have something to write. */
  async function pendingChange(): Promise<{ username: string; lastName: string }> {
    const i = pendingIndex++;
    const lastName = `Changed ${i}`;
    await server.modify(ldif(ldifModify(userDn(i), [{ op: "replace", attr: "sn", values: lastName }])));
    return { username: `user${i}`, lastName };
  }

  /** Runs the job into the fault; checks the failed run record and that nothing else changed. */
  async function failedRun(
    expected: RegExp,
    options: { env?: Record<string, string>; inject?: () => Promise<void>; onProgress?: (update: Progress) => void } = {},
  ): Promise<Pending> {
    const pending = await pendingChange();
    await options.inject?.();
    const { db } = current().ctx;
    const before = await dumpTables(db, { except: ["job_runs", "audit_log"] });
    let progress: Progress = {};
    const outcome = await runLdapSyncJob(
      {
        trigger: "manual",
        onProgress: (update) => {
          progress = { ...progress, ...update };
          options.onProgress?.(update);
        },
      },
      ctxFor(options.env),
    );
    expect(outcome.status).toBe("failed");
    expect(outcome.error).toMatch(expected);
    // Plain words for the run history: a sentence, no stack trace, no "[object Object]", and the promise.
    expect(outcome.error).toMatch(/^[A-Z].*Nothing was changed\.$/s);
    expect(outcome.error).not.toMatch(/\n\s+at |\[object|undefined|null\b/);
    const [run] = await queryRows<{ status: string; error: string; job: string; finished: boolean }>(
      db,
      sql`select status, error, job, finished_at is not null as finished from job_runs where id = ${outcome.runId}`,
    );
    expect(run).toEqual({ status: "failed", error: outcome.error, job: SYNC_LDAP_JOB, finished: true });
    expect(await dumpTables(db, { except: ["job_runs", "audit_log"] })).toEqual(before);
    return { ...pending, progress };
  }

  /** After the repair, a run succeeds and writes the change the failed run left behind. */
  async function recovered(pending: { username: string; lastName: string }, env: Record<string, string> = {}): Promise<void> {
    const outcome = await runLdapSyncJob({ trigger: "manual" }, ctxFor(env));
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe("succeeded");
    expect((await syncedUsers(current().ctx.db)).get(pending.username)?.lastName).toBe(pending.lastName);
  }

  /** slapd.conf with extra lines (limits for the reader), applied by a restart; `[]` restores it. */
  async function configure(lines: string[]): Promise<void> {
    await fs.writeFile(conf, originalConf + lines.map((line) => `${line}\n`).join(""));
    await server.restart();
  }

  /**
   * Makes an entry (the middle user's by default) trigger the retcode overlay when a search returns
   * it. Returns the repair, sent with the ManageDsaIT control: without it the overlay answers
   * operations on the entry itself with the same error.
   */
  async function poisonMiddleEntry(attrs: Record<string, string>, dn = userDn(MIDDLE_USER)): Promise<() => Promise<void>> {
    await server.modify(ldif(ldifModify(dn, [
      { op: "add", attr: "objectClass", values: "errAuxObject" },
      ...Object.entries(attrs).map(([attr, value]) => ({ op: "add" as const, attr, values: value })),
    ])));
    return async () => {
      const admin = await server.client();
      try {
        const remove = (type: string, values: string[] = []) => new Change({ operation: "delete", modification: new Attribute({ type, values }) });
        await admin.modify(dn, [remove("objectClass", ["errAuxObject"]), ...Object.keys(attrs).map((attr) => remove(attr))], new Control(MANAGE_DSA_IT));
      } finally {
        await admin.unbind();
      }
    };
  }

  it("server unreachable: fails at once, names the address", async () => {
    const [closedPort] = await freePorts(1);
    const url = `ldap://127.0.0.1:${closedPort}`;
    const pending = await failedRun(/^Cannot reach the LDAP server at ldap:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/, { env: { LDAP_URL: url } });
    await recovered(pending!);
  });

  /**
   * The middle entry holds the search for a second (errSleepTime), so a fault injected at the first
   * progress lands mid-search however fast the sync reads (a warm sync thread reads all 600 users
   * in milliseconds).
   */
  const holdMiddleEntry = (dn?: string) => poisonMiddleEntry({ errCode: "0", errSleepTime: "1" }, dn);

  it("slapd killed while the user pages are read", async () => {
    let killed: Promise<void> | undefined;
    const clean = await holdMiddleEntry();
    const pending = await failedRun(/closed the connection during the user search|Cannot reach the LDAP server/, {
      onProgress: (update) => {
        if (!killed && update.stage === "fetching users" && Number(update.usersFetched) > 0) killed = server.kill();
      },
    });
    await killed;
    await server.restart();
    await clean();
    expect(Number(pending!.progress.usersFetched)).toBeGreaterThan(0);
    expect(Number(pending!.progress.usersFetched)).toBeLessThan(USERS);
    await recovered(pending!);
  });

  it("slapd killed while the group pages are read, after every user was fetched", async () => {
    let killed: Promise<void> | undefined;
    const clean = await holdMiddleEntry(`cn=group${GROUPS / 2},ou=groups,${base}`);
    const pending = await failedRun(/closed the connection during the group search|Cannot reach the LDAP server/, {
      onProgress: (update) => {
        if (!killed && update.stage === "fetching groups" && Number(update.groupsFetched) > 0) killed = server.kill();
      },
    });
    await killed;
    await server.restart();
    await clean();
    expect(pending!.progress.usersFetched).toBe(USERS);
    expect(Number(pending!.progress.groupsFetched)).toBeLessThan(GROUPS);
    await recovered(pending!);
  });

  it("TLS certificate not trusted, over ldaps and over StartTLS", async () => {
    const untrusted = /^The LDAP server's TLS certificate is not trusted \(self-signed certificate\): add the CA certificate/;
    const ldaps = await failedRun(untrusted, { env: { ...fixtureSyncEnv(server, "ldaps"), LDAP_BASE: base, LDAP_TLS_CA_FILE: "" } });
    await recovered(ldaps, fixtureSyncEnv(server, "ldaps"));
    const startTls = await failedRun(untrusted, { env: { ...fixtureSyncEnv(server, "starttls"), LDAP_BASE: base, LDAP_TLS_CA_FILE: "" } });
    await recovered(startTls, fixtureSyncEnv(server, "starttls"));
  });

  it("bind password changed on the server: refused bind, then the new password works", async () => {
    const newPassword = "rotated-Secret-42";
    await server.modify(ldif(ldifModify(server.readerDn, [{ op: "replace", attr: "userPassword", values: newPassword }])));
    try {
      const pending = await failedRun(/^The LDAP server rejected the bind DN or password \(invalid credentials\)\./);
      await recovered(pending, { LDAP_BIND_PASSWORD: newPassword });
    } finally {
      await server.modify(ldif(ldifModify(server.readerDn, [{ op: "replace", attr: "userPassword", values: server.readerPassword }])));
    }
  });

  it("search base gone from the server (its subtree moved away): no user is disabled", async () => {
    let pending: Pending | undefined;
    try {
      pending = await failedRun(/^The search base "ou=tenant,dc=example,dc=org" does not exist on the LDAP server \(no such object\)/, {
        inject: () => server.modify(ldif(ldifModRdn(base, "ou=tenant-moved"))),
      });
    } finally {
      await server.modify(ldif(ldifModRdn(`ou=tenant-moved,${server.suffix}`, "ou=tenant")));
    }
    await recovered(pending!);
  });

  it("size limit: the page that crosses the reader's limit is refused mid-search", async () => {
    await configure([`limits dn.exact="${server.readerDn}" size=100`]);
    let pending: Pending | undefined;
    try {
      pending = await failedRun(/stopped the user search at its size limit/);
      expect(pending!.progress.usersFetched).toBe(100);
    } finally {
      await configure([]);
    }
    await recovered(pending!);
  });

  it("time limit: a slow entry makes slapd end the search with timeLimitExceeded", async () => {
    await configure([`limits dn.exact="${server.readerDn}" time=1`]);
    // slapd spends 2 s on the middle entry (errSleepTime), longer than the reader's 1 s limit. It
    // checks the limit before the next entry of the same page request, so a slow entry that ends a
    // page passes: two slow entries in a row make sure one of them is followed within its page.
    const slow = { errCode: "0", errSleepTime: "2" };
    const cleans = [await poisonMiddleEntry(slow), await poisonMiddleEntry(slow, userDn(MIDDLE_USER + 1))];
    let pending: Pending | undefined;
    try {
      pending = await failedRun(/^The LDAP server stopped the user search at its time limit/);
      expect(Number(pending!.progress.usersFetched)).toBeGreaterThan(0);
    } finally {
      for (const clean of cleans) await clean();
      await configure([]);
    }
    await recovered(pending!);
  });

  it("a page answered with an error (unavailable) in the middle of the search", async () => {
    const clean = await poisonMiddleEntry({ errCode: "52", errText: "maintenance" });
    let pending: Pending | undefined;
    try {
      pending = await failedRun(/is busy or unavailable .*the next run will retry/);
      expect(Number(pending!.progress.usersFetched)).toBeGreaterThanOrEqual(MIDDLE_USER - Number(PAGE_SIZE));
    } finally {
      await clean();
    }
    await recovered(pending!);
  });

  it("a server that accepts and never answers mid-search fails within LDAP_TIMEOUT instead of hanging", { timeout: 30_000 }, async () => {
    let frozen: Promise<void> | undefined;
    let pending: Pending | undefined;
    const clean = await holdMiddleEntry();
    try {
      pending = await failedRun(/^The LDAP server at ldap:\/\/localhost:\d+ did not answer within 2 seconds during the user search \(LDAP_TIMEOUT\)/, {
        env: { LDAP_TIMEOUT: "2" },
        onProgress: (update) => {
          if (!frozen && update.stage === "fetching users" && Number(update.usersFetched) > 0) frozen = server.freeze();
        },
      });
    } finally {
      await frozen;
      server.thaw();
      await clean();
    }
    expect(frozen).toBeDefined();
    await recovered(pending!);
  });
});
