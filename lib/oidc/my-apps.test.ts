import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { withActor } from "@/lib/context";
import { NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { asUser, insertUser } from "@/lib/auth/testing";
import { drizzleAdapter } from "./adapter";
import { createOidcClient } from "./clients";
import { listMyAuthorizedApps, revokeMyAuthorization } from "./my-apps";

describeEachEngine("my apps", (database) => {
  it("lists the caller's authorised applications and revokes one with its tokens, nobody else's", async () => {
    const { ctx } = database();
    const [me, other] = [await insertUser(ctx), await insertUser(ctx)];
    const { clientId } = await createOidcClient({ name: "Wiki", callbackUrls: ["https://wiki.example/cb"] }, ctx);
    const Adapter = drizzleAdapter(ctx);
    const grants = new Adapter("Grant");
    const tokens = new Adapter("AccessToken");
    for (const user of [me, other]) {
      await grants.upsert(`grant-${user.id}`, { jti: `grant-${user.id}`, accountId: user.id, clientId, openid: { scope: "openid email" } } as never, 600);
      await tokens.upsert(`at-${user.id}`, { jti: `at-${user.id}`, accountId: user.id, clientId, grantId: `grant-${user.id}` } as never, 600);
    }
    const mine = asUser(ctx, me.id);
    expect(await listMyAuthorizedApps(mine)).toEqual([{ clientId, name: "Wiki", scopes: ["openid", "email"] }]);
    await expect(listMyAuthorizedApps(withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);

    await revokeMyAuthorization(clientId, mine);
    expect(await listMyAuthorizedApps(mine)).toEqual([]);
    expect(await tokens.find(`at-${me.id}`)).toBeUndefined();
    expect(await tokens.find(`at-${other.id}`)).toBeDefined();
    expect(await listMyAuthorizedApps(asUser(ctx, other.id))).toHaveLength(1);
    await expect(revokeMyAuthorization(clientId, mine)).rejects.toBeInstanceOf(NotFoundError);
  });
});
