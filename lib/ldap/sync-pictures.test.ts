// Pictures given as text in the directory (base64, data: URIs, http URLs), end to end against slapd
// and a local HTTP server on both engines. URLs on 127.0.0.1 are private: the sync only fetches them
// with LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES, and refuses them (without a request) otherwise.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "@/lib/db/client";
import { describeEachEngine } from "@/lib/db/testing";
import { imageInfo, startPictureServer, testImage, type PictureServer } from "@/lib/pictures/testing";
import { fixtureDirectory } from "./testing/fixture-directory";
import { fixtureUserDn, type FixtureUid } from "./testing/fixtures";
import { ldif, ldifModify } from "./testing/ldif";

describeEachEngine("LDAP sync of pictures given as text", (current) => {
  const directory = fixtureDirectory(() => current().ctx, { env: { LDAP_ATTRIBUTE_USER_PROFILE_PICTURE: "labeledURI" } });
  let images: PictureServer;
  let closedPort: number;
  beforeAll(async () => {
    images = await startPictureServer({
      "/alice.png": await testImage("png", 500, 400),
      "/moved": { redirect: "/alice.png" },
      "/huge.jpg": Buffer.alloc(3 * 1024 * 1024, 0xff),
      "/not-an-image": Buffer.from("<html><script>alert(1)</script></html>"),
    });
    // A port nothing listens on: the connection is refused.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(() => images?.close());

  const dn = (uid: FixtureUid) => fixtureUserDn(uid, directory.server.suffix);
  const setPicture = (uid: FixtureUid, value: string) => directory.server.modify(ldif(ldifModify(dn(uid), [{ op: "replace", attr: "labeledURI", values: value }])));
  const stored = async () =>
    new Map(
      (
        await queryRows<{ username: string; large: Buffer | Uint8Array; url: string | null }>(
          current().ctx.db,
          sql`select u.username, p.large, p.url from user_profile_pictures p join users u on u.id = p.user_id`,
        )
      ).map((row) => [row.username, row]),
    );
  const allowPrivate = { LDAP_PICTURE_ALLOW_PRIVATE_ADDRESSES: "true" };

  it("refuses URLs on private addresses unless allowed: a warning, no request, and the sync succeeds", async () => {
    await setPicture("alice", images.url("/alice.png"));
    await setPicture("bob", images.url("/alice.png").replace("127.0.0.1", "localhost"));
    const report = await directory.sync();
    expect(report.usersCreated).toBeGreaterThan(0);
    const reasons = new Map(report.warnings.map((w) => [w.dn, w.reason]));
    expect(reasons.get(dn("alice"))).toMatch(/points at 127\.0\.0\.1, a private or local address; it was not synced$/);
    expect(reasons.get(dn("bob"))).toMatch(/localhost resolves to (127\.0\.0\.1|::1), a private or local address/);
    expect(images.requests).toEqual([]);
    expect((await stored()).size).toBe(0);
  });

  it("downloads allowed URLs (following redirects), decodes base64 and data: URIs, and warns about the rest", async () => {
    const bobPhoto = await testImage("jpeg", 200, 300);
    await setPicture("alice", images.url("/alice.png"));
    await setPicture("bob", bobPhoto.toString("base64"));
    await setPicture("zoe", `data:image/webp;base64,${(await testImage("webp", 80, 80)).toString("base64")}`);
    await setPicture("jose", images.url("/moved"));
    await setPicture("frank", images.url("/huge.jpg"));
    await setPicture("grace", `http://127.0.0.1:${closedPort}/gone.png`);
    await setPicture("nomail", images.url("/not-an-image"));
    await setPicture("carol", images.url("/missing.png"));

    const report = await directory.sync(allowPrivate);
    const reasons = new Map(report.warnings.map((w) => [w.dn, w.reason]));
    expect(reasons.get(dn("frank"))).toMatch(/huge\.jpg is larger than 2 MB; it was not synced/);
    expect(reasons.get(dn("grace"))).toMatch(/gone\.png could not be reached \(ECONNREFUSED\)/);
    expect(reasons.get(dn("nomail"))).toMatch(/not-an-image is not an image that can be read/);
    expect(reasons.get(dn("carol"))).toMatch(/missing\.png answered HTTP 404/);
    expect(reasons.size).toBe(4);

    const pictures = await stored();
    expect([...pictures.keys()].sort()).toEqual(["alice", "bob", "jose", "zoe"]);
    expect(pictures.get("alice")?.url).toBe(images.url("/alice.png"));
    expect(pictures.get("bob")?.url).toBeNull();
    for (const picture of pictures.values()) expect(await imageInfo(picture.large)).toEqual({ format: "webp", width: 256, height: 256 });
  });

  it("does not download an unchanged URL again, and retries failed ones", async () => {
    const before = images.requests.length;
    const report = await directory.sync(allowPrivate);
    expect(report.rowsWritten).toBe(0);
    // Only the URLs that failed last time are tried again: huge.jpg, not-an-image and missing.png.
    expect(images.requests.slice(before).sort()).toEqual(["/huge.jpg", "/missing.png", "/not-an-image"]);
  });
});
