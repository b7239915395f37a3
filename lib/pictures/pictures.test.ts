// Own-picture upload and removal, and who may read a picture with which caching, on both engines.
import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, users } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import type { AppContext } from "@/lib/context";
import { withActor } from "@/lib/context";
import { DomainError } from "@/lib/errors";
import { asUser, insertUser } from "@/lib/auth/testing";
import { loadAccount } from "@/lib/oidc/account";
import { removeMyPicture, setMyPicture } from "./own";
import { etagMatches, getProfilePicture } from "./serve";
import { imageInfo, testImage } from "./testing";

const file = (bytes: Buffer, type = "image/png", name = "me.png") => new File([new Uint8Array(bytes)], name, { type });
const codeOf = (promise: Promise<unknown>) => promise.then(() => "ok", (error: unknown) => (error instanceof DomainError ? error.code : String(error)));

describeEachEngine("profile pictures", (current) => {
  let local: AppContext;
  let ldap: AppContext;
  let localId: string;

  beforeAll(async () => {
    const { ctx } = current();
    localId = (await insertUser(ctx, { username: "pic-local" })).id;
    local = asUser(ctx, localId);
    ldap = asUser(ctx, (await insertUser(ctx, { username: "pic-ldap", ldapId: "ldap-pic-1" })).id);
  });

  it("lets a local user upload a picture, stored re-encoded and audited", async () => {
    await setMyPicture({ picture: file(await testImage("png", 120, 90)) }, local);
    const picture = await getProfilePicture({ userId: localId, size: "small" }, local);
    expect(await imageInfo(picture.body)).toEqual({ format: "webp", width: 64, height: 64 });
    const events = await current().ctx.db.select({ event: auditLog.event }).from(auditLog).where(eq(auditLog.targetId, localId));
    expect(events.map((e) => e.event)).toContain("user.picture_changed");
  });

  it("refuses files that are too large, of another type or not images, with field errors", async () => {
    expect(await codeOf(setMyPicture({ picture: file(Buffer.alloc(1_000_001)) }, local))).toBe("invalid_input");
    expect(await codeOf(setMyPicture({ picture: file(Buffer.from("<svg/>"), "image/svg+xml", "x.svg") }, local))).toBe("invalid_input");
    const error = await setMyPicture({ picture: file(Buffer.from("GIF89a but not really")) }, local).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_input", fieldErrors: { picture: [expect.stringMatching(/is not an image that can be read/)] } });
  });

  it("refuses an LDAP user's upload and removal with managed_by_ldap", async () => {
    const png = file(await testImage("png"));
    expect(await codeOf(setMyPicture({ picture: png }, ldap))).toBe("managed_by_ldap");
    expect(await codeOf(removeMyPicture(undefined, ldap))).toBe("managed_by_ldap");
    expect(await codeOf(setMyPicture({ picture: png }, withActor(current().ctx, null)))).toBe("unauthenticated");
  });

  it("serves signed-in users, and anonymous callers only with the current public token of an enabled user", async () => {
    const { ctx } = current();
    const anonymous = withActor(ctx, null);
    const other = asUser(ctx, (await insertUser(ctx, { username: "pic-viewer" })).id);
    const viewed = await getProfilePicture({ userId: localId }, other);
    expect(viewed).toMatchObject({ cacheControl: "private, no-cache", etag: expect.stringMatching(/^"[\w-]{22}-large"$/) });
    expect(await imageInfo(viewed.body)).toMatchObject({ width: 256 });

    expect(await codeOf(getProfilePicture({ userId: localId }, anonymous))).toBe("unauthenticated");
    expect(await codeOf(getProfilePicture({ userId: localId, token: "wrong" }, anonymous))).toBe("not_found");
    const [row] = await ctx.db.query.userProfilePictures.findMany({ where: (p, { eq: is }) => is(p.userId, localId) });
    const byToken = await getProfilePicture({ userId: localId, token: row.publicToken }, anonymous);
    expect(byToken.cacheControl).toBe("public, max-age=3600");

    const version = viewed.etag.slice(1, 23);
    expect((await getProfilePicture({ userId: localId, size: "small", v: version }, other)).cacheControl).toBe("private, max-age=31536000, immutable");
    expect(etagMatches(`W/"x", ${viewed.etag}`, viewed.etag)).toBe(true);
    expect(etagMatches('"other"', viewed.etag)).toBe(false);

    await ctx.db.update(users).set({ disabled: true }).where(eq(users.id, localId));
    expect(await codeOf(getProfilePicture({ userId: localId, token: row.publicToken }, anonymous))).toBe("not_found");
    await ctx.db.update(users).set({ disabled: false }).where(eq(users.id, localId));
  });

  it("gives applications the picture's public URL as the picture claim of the profile scope", async () => {
    const { ctx } = current();
    const account = await loadAccount(localId, ctx);
    const claims = await account!.claims("id_token", "openid profile", {}, []);
    const url = new URL(String(claims.picture));
    expect(`${url.origin}${url.pathname}`).toBe(new URL(`/api/users/${localId}/picture`, ctx.server.APP_URL).toString());
    const served = await getProfilePicture({ userId: localId, token: url.searchParams.get("token")! }, withActor(ctx, null));
    expect(await imageInfo(served.body)).toMatchObject({ width: 256 });
    expect(await account!.claims("id_token", "openid email", {}, [])).not.toHaveProperty("picture", expect.anything());
    const withoutPicture = await loadAccount((await insertUser(ctx, { username: "pic-none" })).id, ctx);
    expect((await withoutPicture!.claims("id_token", "openid profile", {}, [])).picture).toBeUndefined();
  });

  it("removes the picture: it is gone for everyone, its old token included", async () => {
    const [row] = await current().ctx.db.query.userProfilePictures.findMany();
    await removeMyPicture(undefined, local);
    expect(await codeOf(getProfilePicture({ userId: localId }, local))).toBe("not_found");
    expect(await codeOf(getProfilePicture({ userId: localId, token: row.publicToken }, withActor(current().ctx, null)))).toBe("not_found");
    expect(await codeOf(getProfilePicture({ userId: "not-a-uuid" }, local))).toBe("invalid_input");
  });
});
