import { expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { withActor } from "@/lib/context";
import { NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { asUser, insertUser } from "@/lib/auth/testing";
import { drizzleAdapter } from "./adapter";
import { createOidcClient } from "./clients";
import { listMyAuthorizedApps, listMyLaunchableApps, revokeMyAuthorization } from "./my-apps";
import { addMembers, insertGroup } from "@/lib/users/testing";

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

  it("offers a launch link for applications with a launch URL that admit the caller, only", async () => {
    const { ctx } = database();
    const group = await insertGroup(ctx);
    const [member, outsider] = [await insertUser(ctx), await insertUser(ctx)];
    await addMembers(ctx, group.id, [member.id]);
    const base = { callbackUrls: ["https://launch.example/cb"] };
    const restricted = await createOidcClient({ ...base, name: "Launch restricted", allowedGroups: [group.name], launchUrl: "https://restricted.example/" }, ctx);
    const open = await createOidcClient({ ...base, name: "Launch open", launchUrl: "https://open.example/" }, ctx);
    await createOidcClient({ ...base, name: "Launch none" }, ctx);
    const launchable = async (userId: string) => (await listMyLaunchableApps(asUser(ctx, userId))).filter((app) => app.name.startsWith("Launch "));

    expect(await launchable(member.id)).toEqual([
      { clientId: open.clientId, name: "Launch open", launchUrl: "https://open.example/" },
      { clientId: restricted.clientId, name: "Launch restricted", launchUrl: "https://restricted.example/" },
    ]);
    expect(await launchable(outsider.id)).toEqual([{ clientId: open.clientId, name: "Launch open", launchUrl: "https://open.example/" }]);
    await expect(listMyLaunchableApps(withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
