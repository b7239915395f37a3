// Hostile directory entries through the SyncLdap job, on both engines: control characters and
// terminal escapes (also in a DN), 10,000-character names, a username made of LDAP filter
// metacharacters, invisible characters, bytes that are not UTF-8, a 5 MB photo, a group with a
// 10,000-character name. The run succeeds; each entry is skipped or cleaned and reported; nothing
// hostile reaches the database, the run record, the CLI's report or the log. Complements
// sync-values.test.ts (3 MB photo, control characters in names, on the sync function directly).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { USERNAME_PATTERN } from "@/lib/auth/username";
import type { AppContext } from "@/lib/context";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { formatLogLine, type LogFields } from "@/lib/log";
import { isPlainText } from "@/lib/security/text";
import { runLdapSyncJob } from "./job";
import { formatReport, type LdapSyncReport } from "./report";
import { ldif, ldifEntry } from "./testing/ldif";
import { startSlapd, type SlapdServer } from "./testing/slapd";
import { fixtureSyncEnv, syncedGroups, syncedUsers, withLdapEnv } from "./testing/sync-helpers";

const LONG = "x".repeat(10_000);
const ESCAPES = "\u0007\u001b[31m\u202Eevil\r\nline";
const jpeg = (bytes: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(bytes - 4, 7)]);

describeEachEngine("hostile LDAP entries never crash the sync", (current) => {
  let server: SlapdServer;
  let people: string;
  const dn = (rdn: string) => `${rdn},${people}`;

  beforeAll(async () => {
    server = await startSlapd({ sizeLimit: "unlimited" });
    people = `ou=people,${server.suffix}`;
    const person = (uid: string, attrs: Record<string, string | Buffer> = {}, rdn = `uid=${uid}`) =>
      ldifEntry(dn(rdn), { objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"], uid, cn: "Someone", sn: "Person", givenName: "Some", ...attrs });
    // slapadd: a 5 MB value is over slapd's 4 MB limit for incoming LDAP messages.
    await server.loadOffline({
      ldif: ldif(
        ldifEntry(people, { objectClass: ["organizationalUnit"], ou: "people" }),
        ldifEntry(`ou=groups,${server.suffix}`, { objectClass: ["organizationalUnit"], ou: "groups" }),
        person("alice"),
        person("bob"),
        person(LONG, {}, "uid=long-username"),
        person("longname", { givenName: LONG }),
        person("escapes", { displayName: `Eve ${ESCAPES} Null\u0000`, sn: `\u202E${ESCAPES}` }),
        person("notutf8", { audio: Buffer.from([0x41, 0xff, 0xfe, 0x42]) }),
        person("*)(uid=*"),
        person("ad\u200Bmin"),
        person(`ctl${ESCAPES}`, {}, `uid=ctl${ESCAPES}`),
        person("hugephoto", { jpegPhoto: jpeg(5 * 1024 * 1024) }),
        ldifEntry(`cn=staff,ou=groups,${server.suffix}`, { objectClass: ["groupOfNames"], cn: "staff", description: "staff", member: [dn("uid=alice"), `uid=*)(|(uid=*,${people}`, dn(`uid=ghost${ESCAPES}`)] }),
        ldifEntry(`cn=longgroup,ou=groups,${server.suffix}`, { objectClass: ["groupOfNames"], cn: "longgroup", description: LONG, member: dn("uid=bob") }),
      ),
    });
  });
  afterAll(() => server?.stop());

  const ctx = (): AppContext =>
    withLdapEnv(current().ctx, {
      ...fixtureSyncEnv(server),
      LDAP_ADMIN_GROUP_NAME: "",
      // The not-UTF-8 bytes sit in `audio` (octet string syntax: slapd stores any bytes there).
      LDAP_ATTRIBUTE_USER_DISPLAY_NAME: "audio",
      LDAP_ATTRIBUTE_GROUP_NAME: "description",
      LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "jpegPhoto",
    });

  it("succeeds, skips or cleans every hostile entry with a reason, and stores only clean values", async () => {
    const logLines: string[] = [];
    const base = ctx();
    const captured = { ...base, log: { ...base.log, info: (msg: string, fields?: LogFields) => void logLines.push(formatLogLine("info", msg, fields)) } };
    const outcome = await runLdapSyncJob({ trigger: "manual" }, captured);
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe("succeeded");
    const report = outcome.stats as LdapSyncReport;

    const reasons = new Map(report.skipped.map((s) => [s.dn.split(",")[0], s.reason]));
    expect(reasons.get("uid=long-username")).toBe("username is longer than 50 characters");
    expect(reasons.get("uid=longname")).toBe("first name is longer than 100 characters");
    expect(reasons.get("uid=notutf8")).toBe("display name is not valid UTF-8 text");
    expect(reasons.get("uid=*)(uid\\3D*")).toMatch(/username may only contain/); // slapd escapes the "=" in the DN
    expect(reasons.get("uid=ad\u200Bmin")).toMatch(/username may only contain/);
    expect(reasons.get(`uid=ctl${ESCAPES}`)).toMatch(/username may only contain/);
    expect([...reasons.values()].some((reason) => reason === "group name is longer than 100 characters")).toBe(true);
    expect(report.warnings).toEqual([{ dn: dn("uid=hugephoto"), reason: expect.stringMatching(/5\.0 MB exceeds 2 MB/) }]);

    const users = await syncedUsers(current().ctx.db);
    expect([...users.keys()].sort()).toEqual(["alice", "bob", "escapes", "hugephoto"]);
    for (const user of users.values()) {
      expect(user.username).toMatch(USERNAME_PATTERN);
      for (const text of [user.firstName, user.lastName, user.displayName]) {
        expect(text.length).toBeLessThanOrEqual(100);
        expect(isPlainText(text), JSON.stringify(text)).toBe(true);
      }
    }
    expect(users.get("escapes")).toMatchObject({ lastName: "[31mevilline" });
    expect(await syncedGroups(current().ctx.db)).toEqual({ staff: ["alice"] });
    const [{ pictures }] = await queryRows<{ pictures: number }>(current().ctx.db, sql`select count(*)::int as pictures from user_profile_pictures`);
    expect(pictures).toBe(0);

    // The run record holds the report as stored JSON; the CLI's text and the log stay one line each,
    // with the hostile DN's control characters shown escaped, never sent raw to a terminal.
    const [row] = await queryRows<{ status: string; stats: unknown }>(current().ctx.db, sql`select status, stats from job_runs where id = ${outcome.runId}`);
    const stored = (typeof row.stats === "string" ? JSON.parse(row.stats) : row.stats) as LdapSyncReport;
    expect(row.status).toBe("succeeded");
    expect(stored.skipped.map((s) => s.dn)).toContain(dn(`uid=ctl${ESCAPES}`));
    const printed = formatReport(stored);
    for (const line of [...printed, ...logLines]) expect(line, JSON.stringify(line)).not.toMatch(/[\p{Cc}\u202A-\u202E]/u);
    expect(printed.join("\n")).toContain("uid=ctl\\u0007\\u001b[31m\\u202eevil\\u000d\\u000aline");
    const logLine = formatLogLine("error", "Job failed", { error: `LDAP said: ${ESCAPES}` });
    expect(logLine).not.toMatch(/[\p{Cc}\u202A-\u202E]/u);
    expect(logLine).toMatch(/^level=ERROR msg="Job failed" error="LDAP said: .*u001b\[31m.*u202eevil line"$/);
  });
});
