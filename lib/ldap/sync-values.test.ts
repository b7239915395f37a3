// Profile pictures and hostile attribute values, end to end against slapd on both engines.
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { imageInfo, testImage } from "@/lib/pictures/testing";
import { runLdapSync } from "./sync";
import { fixtureLdif, fixtureUserDn } from "./testing/fixtures";
import { ldif, ldifEntry, ldifModify } from "./testing/ldif";
import { startSlapd, type SlapdServer } from "./testing/slapd";
import { fixtureSyncEnv, rowVersions, syncedUsers, withLdapEnv } from "./testing/sync-helpers";

// Starts like a JPEG, so it is recognised as one; only its size matters here.
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(size)]);
const sha256 = (bytes: Buffer) => crypto.createHash("sha256").update(bytes).digest("hex");

describeEachEngine("LDAP sync of pictures and hostile values", (current) => {
  let server: SlapdServer;
  beforeAll(async () => {
    server = await startSlapd();
    const person = (uid: string, attrs: Record<string, string | Buffer>) =>
      ldifEntry(`uid=${uid},ou=people,${server.suffix}`, { objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"], uid, sn: "Test", cn: uid, ...attrs });
    await server.add(ldif(fixtureLdif(server.suffix),
      person("longname", { displayName: "x".repeat(10_000) }),
      person("controls", { givenName: "Con\u0007trol\u0000led", sn: "\u202Egnissap" }),
      person("bad name", { mail: "bad@example.org" }),
      person("hugephoto", { jpegPhoto: jpeg(3 * 1024 * 1024) }),
    ));
  });
  afterAll(() => server?.stop());

  const sync = () => runLdapSync({}, withLdapEnv(current().ctx, { ...fixtureSyncEnv(server), LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "jpegPhoto" }));
  const pictures = () =>
    queryRows<{ username: string; small: Buffer | Uint8Array; large: Buffer | Uint8Array; hash: string; etag: string; token: string }>(
      current().ctx.db,
      sql`select u.username, p.small, p.large, p.source_hash as hash, p.etag, p.public_token as token
          from user_profile_pictures p join users u on u.id = p.user_id order by u.username`,
    );

  it("skips or cleans hostile values, reports them, and syncs everyone else", async () => {
    const report = await sync();
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.dn.split(",")[0], s.reason]));
    expect(reasons).toMatchObject({
      "uid=longname": "display name is longer than 100 characters",
      "uid=bad name": expect.stringMatching(/username may only contain/),
    });
    expect(report.warnings).toEqual([{ dn: `uid=hugephoto,ou=people,${server.suffix}`, reason: expect.stringMatching(/3\.0 MB exceeds 2 MB/) }]);
    const users = await syncedUsers(current().ctx.db);
    expect(users.get("controls")).toMatchObject({ firstName: "Controlled", lastName: "gnissap" });
    expect(users.has("hugephoto")).toBe(true);
    expect(await pictures()).toEqual([]);
  });

  it("stores a photo's resized variants, rewrites them only when it changes, and removes them with the attribute", async () => {
    const alice = fixtureUserDn("alice", server.suffix);
    const photo = await testImage("jpeg", 640, 480);
    await server.modify(ldif(ldifModify(alice, [{ op: "add", attr: "jpegPhoto", values: photo }])));
    expect((await sync()).rowsWritten).toBe(1);
    const [stored] = await pictures();
    expect(stored).toMatchObject({ username: "alice", hash: sha256(photo) });
    expect(await imageInfo(stored.small)).toEqual({ format: "webp", width: 64, height: 64 });
    expect(await imageInfo(stored.large)).toEqual({ format: "webp", width: 256, height: 256 });

    const before = await rowVersions(current().ctx.db);
    expect((await sync()).rowsWritten).toBe(0);
    expect(await rowVersions(current().ctx.db)).toEqual(before);

    const next = await testImage("png", 300, 300, "#2980b9");
    await server.modify(ldif(ldifModify(alice, [{ op: "replace", attr: "jpegPhoto", values: next }])));
    expect((await sync()).rowsWritten).toBe(1);
    const [changed] = await pictures();
    expect(changed.hash).toBe(sha256(next));
    expect(changed.etag).not.toBe(stored.etag);
    expect(changed.token).not.toBe(stored.token);

    await server.modify(ldif(ldifModify(alice, [{ op: "delete", attr: "jpegPhoto" }])));
    expect((await sync()).rowsWritten).toBe(1);
    expect(await pictures()).toEqual([]);
  });

  it("reports a photo that is not a decodable image and keeps syncing the user", async () => {
    const bob = fixtureUserDn("bob", server.suffix);
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]);
    await server.modify(ldif(ldifModify(bob, [{ op: "add", attr: "jpegPhoto", values: broken }])));
    const report = await sync();
    expect(report.warnings).toContainEqual({ dn: bob, reason: expect.stringMatching(/^profile picture is not an image that can be read/) });
    expect((await pictures()).map((p) => p.username)).not.toContain("bob");
    await server.modify(ldif(ldifModify(bob, [{ op: "delete", attr: "jpegPhoto" }])));
  });
});
