// Integration test of the slapd harness itself: TLS modes, ACLs, limits, memberOf, lifecycle.
import fs from "node:fs/promises";
import path from "node:path";
import { Attribute, Change, Client, InsufficientAccessError, NoSuchObjectError, SizeLimitExceededError, type Entry } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE, FIXTURE_USERS, fixtureGroupDn, fixtureLdif, fixtureOusLdif, fixtureUser, fixtureUserDn } from "./fixtures";
import { ldif, ldifEntry, ldifLine, ldifModify } from "./ldif";
import { startSlapd, type SlapdServer } from "./slapd";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PERSON_ATTRS = ["uid", "cn", "mail", "memberOf", "entryUUID"];

function values(entry: Entry | undefined, attr: string): string[] {
  const value = entry?.[attr];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString("utf8") : v));
}

function people(count: number, suffix: string, ou = "bulk"): string {
  const entries = Array.from({ length: count }, (_, i) =>
    ldifEntry(`uid=user${i},ou=${ou},${suffix}`, {
      objectClass: ["inetOrgPerson"], uid: `user${i}`, cn: `User ${i}`, sn: "Bulk", mail: `user${i}@example.org`,
    }),
  );
  return ldif(ldifEntry(`ou=${ou},${suffix}`, { objectClass: "organizationalUnit", ou }), entries);
}

async function searchAs(server: SlapdServer, transport: "ldap" | "ldaps" | "starttls", filter: string): Promise<Entry[]> {
  const client = await server.client({ as: "reader", transport });
  try {
    return (await client.search(server.suffix, { scope: "sub", filter, attributes: PERSON_ATTRS })).searchEntries;
  } finally {
    await client.unbind();
  }
}

describe("ldif", () => {
  it("base64-encodes values that are not LDIF safe strings", () => {
    expect(ldifLine("cn", "plain value")).toBe("cn: plain value");
    expect(ldifLine("cn", "Zoë")).toBe(`cn:: ${Buffer.from("Zoë").toString("base64")}`);
    for (const unsafe of [" lead", ":colon", "<url", "trail ", "two\nlines"]) expect(ldifLine("cn", unsafe)).toMatch(/^cn:: /);
    expect(ldifLine("jpegPhoto", Buffer.from([0, 1, 2]))).toBe("jpegPhoto:: AAEC");
    expect(ldifEntry("uid=a,dc=x", { objectClass: ["top", "person"], mail: undefined })).toBe("dn: uid=a,dc=x\nobjectClass: top\nobjectClass: person");
    expect(ldifModify("uid=a,dc=x", [{ op: "delete", attr: "mail" }])).toBe("dn: uid=a,dc=x\nchangetype: modify\ndelete: mail\n-");
  });
});

describe("slapd test server", () => {
  let server: SlapdServer;
  beforeAll(async () => {
    server = await startSlapd();
    await server.add(fixtureLdif(server.suffix));
  }, 30_000);
  afterAll(() => server?.stop());

  it("serves the fixture to the reader over ldap://, with entryUUID when asked by name", async () => {
    const entries = await searchAs(server, "ldap", "(objectClass=inetOrgPerson)");
    expect(entries.map((e) => values(e, "uid")[0])).toEqual(FIXTURE.usernames);
    for (const entry of entries) expect(values(entry, "entryUUID")[0]).toMatch(UUID);
    const zoe = entries.find((e) => values(e, "uid")[0] === "zoe");
    expect(values(zoe, "cn")).toEqual(["Zoë Ångström"]);
    const nomail = entries.find((e) => values(e, "uid")[0] === FIXTURE.userWithoutEmail);
    expect(values(nomail, "mail")).toEqual([]);
    // Operational attributes are not part of "*".
    const [plain] = await server.search("(uid=alice)", { as: "reader" });
    expect(plain.entryUUID).toBeUndefined();
  });

  it("serves ldaps:// and StartTLS to a client that trusts caCert", async () => {
    for (const transport of ["ldaps", "starttls"] as const) {
      const entries = await searchAs(server, transport, "(objectClass=inetOrgPerson)");
      expect(entries).toHaveLength(FIXTURE_USERS.length);
    }
  });

  it("fails ldaps:// and StartTLS with a certificate error when the CA is not trusted", async () => {
    const ldaps = new Client({ url: server.ldapsUrl, connectTimeout: 5000 });
    await expect(ldaps.bind(server.readerDn, server.readerPassword)).rejects.toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    await ldaps.unbind().catch(() => {});
    const startTls = new Client({ url: server.url, connectTimeout: 5000 });
    await expect(startTls.startTLS()).rejects.toMatchObject({ code: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    await startTls.unbind().catch(() => {});
  });

  it("computes memberOf for online adds", async () => {
    const [alice] = await server.search("(uid=alice)", { as: "reader", attributes: ["memberOf"] });
    expect(values(alice, "memberOf")).toEqual([fixtureGroupDn("admins", server.suffix)]);
    // bob is a member through a DN in other case/spacing: still resolved by the server.
    const [bob] = await server.search("(uid=bob)", { as: "reader", attributes: ["memberOf"] });
    expect(values(bob, "memberOf")).toEqual([fixtureGroupDn("developers", server.suffix)]);
  });

  it("keeps the case of member DNs but drops the spacing, and re-escapes a comma as \\2C", async () => {
    const [developers] = await server.search("(cn=developers)", { attributes: ["member"] });
    expect(values(developers, "member")).toEqual([
      `uid=BOB,ou=PEOPLE,${server.suffix.toUpperCase().replace(/DC=/g, "dc=")}`,
      `cn=Smith\\2C John,ou=people,${server.suffix}`,
      fixtureUserDn("zoe", server.suffix),
    ]);
    const [jsmith] = await server.search("(uid=jsmith)");
    expect(jsmith.dn).toBe(`cn=Smith\\2C John,ou=people,${server.suffix}`);
  });

  it("hides userPassword from the reader, lets users bind, and refuses writes by the reader", async () => {
    const [asReader] = await server.search("(uid=alice)", { as: "reader", attributes: ["userPassword", "mail"] });
    expect(values(asReader, "mail")).toEqual(["alice@example.org"]);
    expect(values(asReader, "userPassword")).toEqual([]);
    const [asAdmin] = await server.search("(uid=alice)", { attributes: ["userPassword"] });
    expect(values(asAdmin, "userPassword")).toHaveLength(1);

    const alice = await server.client({ as: { dn: fixtureUserDn("alice", server.suffix), password: fixtureUser("alice").password ?? "" } });
    await alice.unbind();
    const reader = await server.client({ as: "reader" });
    try {
      await expect(reader.modify(fixtureUserDn("bob", server.suffix), new Change({ operation: "replace", modification: new Attribute({ type: "mail", values: ["x@example.org"] }) }))).rejects.toBeInstanceOf(InsufficientAccessError);
    } finally {
      await reader.unbind();
    }
    // Anonymous gets nothing, not even the base entry's existence (noSuchObject, like a wrong base).
    await expect(server.search("(objectClass=*)", { as: "anonymous" })).rejects.toBeInstanceOf(NoSuchObjectError);
  });

  it("applies modify and delete, with refint removing dangling members", async () => {
    const dn = `uid=temp,ou=people,${server.suffix}`;
    await server.add(ldif(ldifEntry(dn, { objectClass: "inetOrgPerson", uid: "temp", cn: "Temp", sn: "Temp" })));
    await server.modify(ldif(ldifModify(fixtureGroupDn("admins", server.suffix), [{ op: "add", attr: "member", values: dn }])));
    expect(values((await server.search("(uid=temp)", { attributes: ["memberOf"] }))[0], "memberOf")).toEqual([fixtureGroupDn("admins", server.suffix)]);
    await server.delete(dn);
    const [admins] = await server.search("(cn=admins)", { attributes: ["member"] });
    expect(values(admins, "member")).not.toContain(dn);
  });
});

describe("slapd limits", () => {
  let server: SlapdServer;
  beforeAll(async () => {
    server = await startSlapd({ sizeLimit: "size.soft=1000 size.hard=unlimited size.prtotal=unlimited" });
    await server.add(people(1500, server.suffix));
  }, 60_000);
  afterAll(() => server?.stop());

  it("caps a plain search at the soft limit but pages through all entries", async () => {
    const reader = await server.client({ as: "reader" });
    try {
      const filter = "(objectClass=inetOrgPerson)";
      await expect(reader.search(server.suffix, { filter, attributes: ["uid"] })).rejects.toBeInstanceOf(SizeLimitExceededError);
      const paged = await reader.search(server.suffix, { filter, attributes: ["uid"], paged: { pageSize: 500 } });
      expect(paged.searchEntries).toHaveLength(1500);
      let pages = 0;
      let total = 0;
      for await (const page of reader.searchPaginated(server.suffix, { filter, attributes: ["uid"], paged: { pageSize: 400 } })) {
        pages++;
        total += page.searchEntries.length;
      }
      expect({ pages, total }).toEqual({ pages: 4, total: 1500 });
    } finally {
      await reader.unbind();
    }
  });
});

describe("slapd lifecycle", () => {
  it("says how to install slapd when the binary is missing", async () => {
    await expect(startSlapd({ slapdPath: "/nonexistent/sbin/slapd" })).rejects.toThrow(/apt-get install --no-install-recommends slapd ldap-utils/);
  });


  it("starts servers in parallel, survives kill/restart/freeze, bulk-loads offline, cleans up", async () => {
    const servers = await Promise.all(Array.from({ length: 4 }, () => startSlapd({ suffix: "o=Parallel Test" })));
    try {
      expect(new Set(servers.flatMap((s) => [s.port, s.tlsPort])).size).toBe(8);
      const [server] = servers;
      await server.add(fixtureOusLdif(server.suffix));

      await server.kill();
      const down = new Client({ url: server.url, connectTimeout: 2000 });
      await expect(down.bind(server.readerDn, server.readerPassword)).rejects.toThrow();
      await server.restart();
      expect(await server.search("(ou=people)")).toHaveLength(1);

      await server.freeze();
      const frozen = await server.client({ as: "anonymous", timeoutMs: 300 });
      await expect(frozen.search(server.suffix, { filter: "(ou=people)" })).rejects.toThrow(/timed out/i);
      await frozen.unbind().catch(() => {});
      server.thaw();

      const file = path.join(server.dataDir, "bulk.ldif");
      const group = ldifEntry(`cn=offline,ou=groups,${server.suffix}`, { objectClass: "groupOfNames", cn: "offline", member: `uid=user0,ou=offline,${server.suffix}` });
      await fs.writeFile(file, ldif(people(2000, server.suffix, "offline"), group));
      await server.loadOffline(file);
      const bulk = await server.search("(objectClass=inetOrgPerson)", { base: `ou=offline,${server.suffix}`, attributes: ["uid", "memberOf"] });
      expect(bulk).toHaveLength(2000);
      // slapadd bypasses overlays: no memberOf for offline loads (NOTES.md).
      expect(bulk.every((e) => values(e, "memberOf").length === 0)).toBe(true);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    for (const s of servers) {
      expect(s.running).toBe(false);
      await expect(fs.access(s.dataDir)).rejects.toThrow();
      expect(() => process.kill(s.pid, 0)).toThrow();
    }
  }, 60_000);
});
