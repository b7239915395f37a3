import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { oidcSigningKeys } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { asUser, insertUser } from "@/lib/auth/testing";
import { ensureSigningKey, keySetVersion, loadSigningKeys, rotateSigningKeys } from "./keys";
import { SIGNED_TOKEN_MAX_TTL_SECONDS } from "./ttl";

describeEachEngine("oidc signing keys", (use) => {
  it("creates one RS256 key on first start, stored encrypted, and reuses it", async () => {
    const { ctx } = use();
    const [first, second] = await Promise.all([ensureSigningKey(ctx), ensureSigningKey(ctx)]);
    expect(second).toBe(first);
    const { keys } = await loadSigningKeys(ctx);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kid: first, kty: "RSA", alg: "RS256", use: "sig" });
    expect(keys[0].d).toBeTruthy();
    const dump = JSON.stringify(await queryRows(ctx.db, sql`select * from oidc_signing_keys`));
    expect(dump).not.toContain(keys[0].d as string);
    expect(dump).not.toContain(keys[0].n as string);
  });

  it("rotation puts a new signing key first and keeps the old one published until its tokens expired", async () => {
    const { ctx } = use();
    const before = await loadSigningKeys(ctx);
    const oldKid = before.keys[0].kid;
    const user = await insertUser(ctx);
    await expect(rotateSigningKeys(asUser(ctx, user.id))).rejects.toBeInstanceOf(ForbiddenError);

    const { kid, retired } = await rotateSigningKeys(ctx);
    expect(retired).toEqual([oldKid]);
    const after = await loadSigningKeys(ctx);
    expect(after.keys.map((key) => key.kid)).toEqual([kid, oldKid]);
    expect(after.version).not.toBe(before.version);
    expect(await keySetVersion(ctx)).toBe(after.version);

    // Still inside the longest token lifetime: kept. Past it: dropped.
    await ctx.db.update(oidcSigningKeys).set({ retiredAt: sql`now() - make_interval(secs => ${SIGNED_TOKEN_MAX_TTL_SECONDS})` }).where(eq(oidcSigningKeys.kid, oldKid!));
    expect((await loadSigningKeys(ctx)).keys.map((key) => key.kid)).toEqual([kid, oldKid]);
    await ctx.db.update(oidcSigningKeys).set({ retiredAt: sql`now() - make_interval(secs => ${SIGNED_TOKEN_MAX_TTL_SECONDS + 3600})` }).where(eq(oidcSigningKeys.kid, oldKid!));
    expect((await loadSigningKeys(ctx)).keys.map((key) => key.kid)).toEqual([kid]);
  });

  it("a key cannot be read with another encryption key", async () => {
    const { ctx } = use();
    await ensureSigningKey(ctx);
    await expect(loadSigningKeys({ ...ctx, encryptionKey: Buffer.alloc(32, 7) })).rejects.toThrow(/cannot be decrypted/);
  });
});
