import { expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { oidcPayloads } from "@/lib/db/schema";
import { insertUser } from "@/lib/auth/testing";
import { hashToken } from "@/lib/auth/tokens";
import { drizzleAdapter, pruneExpiredPayloads } from "./adapter";
import { revokeUserOidcState } from "./revocation";
import { latestGrantId } from "./grants";

describeEachEngine("oidc adapter", (database) => {
  const adapterFor = (name: string) => {
    const Adapter = drizzleAdapter(database().ctx);
    return new Adapter(name);
  };

  it("stores a token under the SHA-256 of its id, without the id, and finds it by the id only", async () => {
    const { ctx } = database();
    const user = await insertUser(ctx);
    const tokens = adapterFor("AccessToken");
    const id = "access-token-value-0123456789abcdef";
    await tokens.upsert(id, { jti: id, accountId: user.id, clientId: "app", grantId: "grant-1", kind: "AccessToken", exp: 0 } as never, 3600);

    expect(await tokens.find(id)).toMatchObject({ jti: id, accountId: user.id, clientId: "app", grantId: "grant-1" });
    expect(await tokens.find(hashToken(id))).toBeUndefined();
    const dump = JSON.stringify(await queryRows(ctx.db, sql`select * from oidc_payloads`));
    expect(dump).not.toContain(id);
    expect(dump).toContain(hashToken(id));
    // Another model's row with the same id is separate.
    expect(await adapterFor("RefreshToken").find(id)).toBeUndefined();
  });

  it("finds a user's latest grant for a client without knowing its id", async () => {
    const { ctx } = database();
    const user = await insertUser(ctx);
    const grants = adapterFor("Grant");
    await grants.upsert("grant-for-app", { jti: "grant-for-app", accountId: user.id, clientId: "app", openid: { scope: "openid" } } as never, 600);
    await grants.upsert("grant-for-other", { jti: "grant-for-other", accountId: user.id, clientId: "other" } as never, 300);
    expect(await latestGrantId(ctx.db, user.id, "app")).toBe("grant-for-app");
    expect(await latestGrantId(ctx.db, user.id, "none")).toBeUndefined();
  });

  it("upserts in place, and consume marks the payload consumed", async () => {
    const code = adapterFor("AuthorizationCode");
    await code.upsert("code-1", { jti: "code-1", clientId: "a", grantId: "g" } as never, 60);
    await code.upsert("code-1", { jti: "code-1", clientId: "b", grantId: "g" } as never, 60);
    expect(await code.find("code-1")).toMatchObject({ clientId: "b" });
    expect((await code.find("code-1"))?.consumed).toBeUndefined();
    await code.consume("code-1");
    const consumed = await code.find("code-1");
    expect(consumed?.consumed).toBeGreaterThan(Date.now() / 1000 - 60);
  });

  it("finds sessions by uid and interactions by id; destroy removes", async () => {
    const sessions = adapterFor("Session");
    await sessions.upsert("session-id", { jti: "session-id", uid: "uid-1", kind: "Session" } as never, 600);
    expect(await sessions.findByUid("uid-1")).toMatchObject({ jti: "session-id", uid: "uid-1" });
    expect(await sessions.findByUid("uid-2")).toBeUndefined();
    expect(await sessions.findByUid("uid\u0000")).toBeUndefined(); // from a request: PostgreSQL cannot hold NUL
    await sessions.destroy("session-id");
    expect(await sessions.findByUid("uid-1")).toBeUndefined();
  });

  it("never returns an expired payload, and prunes expired rows", async () => {
    const { ctx } = database();
    const tokens = adapterFor("AccessToken");
    await tokens.upsert("expiring", { jti: "expiring" } as never, 60);
    await ctx.db.update(oidcPayloads).set({ expiresAt: sql`now() - interval '1 second'` }).where(sql`${oidcPayloads.idHash} = ${hashToken("expiring")}`);
    expect(await tokens.find("expiring")).toBeUndefined();
    expect(await pruneExpiredPayloads(ctx)).toBeGreaterThanOrEqual(1);
    expect(await queryRows(ctx.db, sql`select 1 from oidc_payloads where id_hash = ${hashToken("expiring")}`)).toEqual([]);
  });

  it("revokes by grant id everything issued under the grant, and nothing else", async () => {
    const access = adapterFor("AccessToken");
    const refresh = adapterFor("RefreshToken");
    await access.upsert("at-1", { jti: "at-1", grantId: "grant-a" } as never, 600);
    await refresh.upsert("rt-1", { jti: "rt-1", grantId: "grant-a" } as never, 600);
    await access.upsert("at-2", { jti: "at-2", grantId: "grant-b" } as never, 600);
    await access.revokeByGrantId("grant-a");
    expect(await access.find("at-1")).toBeUndefined();
    expect(await refresh.find("rt-1")).toBeUndefined();
    expect(await access.find("at-2")).toMatchObject({ grantId: "grant-b" });
  });

  it("ends a user's grants and tokens on revocation and when the user is deleted", async () => {
    const { ctx } = database();
    const [alice, bob] = [await insertUser(ctx), await insertUser(ctx)];
    const grants = adapterFor("Grant");
    await grants.upsert("grant-alice", { jti: "grant-alice", accountId: alice.id, clientId: "app" } as never, 600);
    await grants.upsert("grant-bob", { jti: "grant-bob", accountId: bob.id, clientId: "app" } as never, 600);
    await revokeUserOidcState([alice.id], ctx.db);
    expect(await grants.find("grant-alice")).toBeUndefined();
    expect(await grants.find("grant-bob")).toMatchObject({ accountId: bob.id });
    await ctx.db.execute(sql`delete from users where id = ${bob.id}::uuid`);
    expect(await grants.find("grant-bob")).toBeUndefined();
  });
});
