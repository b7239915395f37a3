import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog, oidcClients, oidcPayloads } from "@/lib/db/schema";
import { withActor, type AppContext } from "@/lib/context";
import { DomainError, ValidationError } from "@/lib/errors";
import { hashToken } from "@/lib/auth/tokens";
import { asUser, insertUser } from "@/lib/auth/testing";
import { deleteGroup } from "@/lib/groups/mutations";
import { addMembers, insertGroup } from "@/lib/users/testing";
import { isUserAllowedForClient } from "./access";
import { findClientMetadata } from "./client-metadata";
import { getOidcClient, listGroupClients, listOidcClients } from "./client-list";
import { createOidcClient, deleteOidcClient, regenerateOidcClientSecret, updateOidcClient } from "./clients";
import { loadSigningKeys } from "./keys";
import { createProvider } from "./provider";
import type { OidcClientFields } from "./schema";

const fields = (overrides: Partial<OidcClientFields> = {}): OidcClientFields => ({
  name: "Wiki",
  callbackUrls: ["https://wiki.example/cb"],
  logoutCallbackUrls: [],
  isPublic: false,
  pkceRequired: false,
  allowedGroups: [],
  launchUrl: "",
  ...overrides,
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  return error instanceof DomainError ? error.code : `not a domain error: ${String(error)}`;
}

describeEachEngine("oidc client edits", (use) => {
  it("records who created, changed, re-keyed and deleted an application, never its secret", async () => {
    const { ctx } = use();
    const created = await createOidcClient(fields({ name: "Audited" }), ctx);
    await updateOidcClient({ id: created.clientId, ...fields({ name: "Audited app", callbackUrls: ["https://audited.example/cb"] }) }, ctx);
    const regenerated = await regenerateOidcClientSecret(created.clientId, ctx);
    await deleteOidcClient(created.clientId, ctx);
    const rows = await ctx.db
      .select({ event: auditLog.event, targetType: auditLog.targetType, targetName: auditLog.targetName, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.targetId, created.clientId))
      .orderBy(auditLog.at);
    expect(rows.map((row) => [row.event, row.targetType, row.targetName])).toEqual([
      ["oidc_client.created", "oidc_client", "Audited"],
      ["oidc_client.updated", "oidc_client", "Audited app"],
      ["oidc_client.secret_regenerated", "oidc_client", "Audited app"],
      ["oidc_client.deleted", "oidc_client", "Audited app"],
    ]);
    expect(rows[1].details).toMatchObject({ callbackUrls: ["https://audited.example/cb"], public: false, grantsEnded: false });
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(created.clientSecret!);
    expect(stored).not.toContain(regenerated.clientSecret);
  });

  it("replaces every setting; a removed callback URL or group no longer admits anyone at the next request", async () => {
    const { ctx } = use();
    const [first, second] = [await insertGroup(ctx), await insertGroup(ctx)];
    const [member, newcomer] = [await insertUser(ctx), await insertUser(ctx)];
    await addMembers(ctx, first.id, [member.id]);
    await addMembers(ctx, second.id, [newcomer.id]);
    const { clientId } = await createOidcClient(fields({ callbackUrls: ["https://wiki.example/a", "https://wiki.example/b"], allowedGroups: [first.name] }), ctx);
    expect(await isUserAllowedForClient(member.id, clientId, ctx)).toBe(true);

    const result = await updateOidcClient(
      { id: clientId, ...fields({ name: "Team wiki", callbackUrls: ["https://wiki.example/a", "https://wiki.example/c"], logoutCallbackUrls: ["https://wiki.example/"], pkceRequired: true, allowedGroups: [second.name.toUpperCase()], launchUrl: " https://wiki.example/home " }) },
      ctx,
    );
    expect(result).toEqual({ clientSecret: null });
    expect(await getOidcClient(clientId, ctx)).toMatchObject({
      name: "Team wiki",
      redirectUris: ["https://wiki.example/a", "https://wiki.example/c"],
      postLogoutRedirectUris: ["https://wiki.example/"],
      pkceRequired: true,
      allowedGroups: [second.name],
      launchUrl: "https://wiki.example/home",
    });
    // What the provider sees and who it admits, read at the next request.
    expect(await findClientMetadata(clientId, ctx)).toMatchObject({ redirect_uris: ["https://wiki.example/a", "https://wiki.example/c"], pkce_required: true });
    expect(await isUserAllowedForClient(member.id, clientId, ctx)).toBe(false);
    expect(await isUserAllowedForClient(newcomer.id, clientId, ctx)).toBe(true);

    // No groups any more: everyone.
    await updateOidcClient({ id: clientId, ...fields({ allowedGroups: [] }) }, ctx);
    expect(await isUserAllowedForClient(member.id, clientId, ctx)).toBe(true);
  });

  it("refuses invalid URLs with field errors, unknown clients and callers who are not admins, by code, changing nothing", async () => {
    const { ctx } = use();
    const { clientId, clientSecret } = await createOidcClient(fields(), ctx);
    const before = await getOidcClient(clientId, ctx);
    const update = (overrides: Partial<OidcClientFields>, as: AppContext = ctx) => updateOidcClient({ id: clientId, ...fields(overrides) }, as);
    const fieldErrorsOf = async (overrides: Partial<OidcClientFields>) => {
      const error = await update(overrides).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe("invalid_input");
      return Object.keys((error as ValidationError).fieldErrors);
    };
    expect(await fieldErrorsOf({ callbackUrls: ["https://wiki.example/cb", "javascript:alert(1)"] })).toEqual(["callbackUrls.1"]);
    expect(await fieldErrorsOf({ callbackUrls: ["https://wiki.example/cb#fragment"] })).toEqual(["callbackUrls.0"]);
    expect(await fieldErrorsOf({ callbackUrls: [] })).toEqual(["callbackUrls"]);
    expect(await fieldErrorsOf({ logoutCallbackUrls: ["not a url"] })).toEqual(["logoutCallbackUrls.0"]);
    expect(await fieldErrorsOf({ launchUrl: "ftp://wiki.example/" })).toEqual(["launchUrl"]);
    expect(await fieldErrorsOf({ allowedGroups: ["no-such-group"] })).toEqual(["allowedGroups"]);

    const member = asUser(ctx, (await insertUser(ctx)).id);
    const anonymous = withActor(ctx, null);
    expect(await codeOf(update({ name: "Renamed" }, member))).toBe("forbidden");
    expect(await codeOf(update({ name: "Renamed" }, anonymous))).toBe("unauthenticated");
    expect(await codeOf(regenerateOidcClientSecret(clientId, member))).toBe("forbidden");
    expect(await codeOf(regenerateOidcClientSecret(clientId, anonymous))).toBe("unauthenticated");
    expect(await codeOf(getOidcClient(clientId, member))).toBe("forbidden");
    expect(await codeOf(updateOidcClient({ id: "no-such-client", ...fields() }, ctx))).toBe("not_found");
    expect(await codeOf(regenerateOidcClientSecret("no-such-client", ctx))).toBe("not_found");
    expect(await codeOf(getOidcClient("a\u0000b", ctx))).toBe("not_found");

    expect(await getOidcClient(clientId, ctx)).toEqual(before);
    const [row] = await ctx.db.select().from(oidcClients).where(eq(oidcClients.id, clientId));
    expect(row.clientSecretHash).toBe(hashToken(clientSecret!));
  });

  it("switching between public and confidential ends the client's grants; a new confidential client gets its secret once", async () => {
    const { ctx } = use();
    const { clientId } = await createOidcClient(fields(), ctx);
    const other = await createOidcClient(fields({ name: "Other" }), ctx);
    await ctx.db.insert(oidcPayloads).values([
      { type: "Grant", idHash: `${clientId}-grant`, payload: { clientId } },
      { type: "Grant", idHash: `${other.clientId}-grant`, payload: { clientId: other.clientId } },
    ]);
    const stored = async () => (await ctx.db.select().from(oidcClients).where(eq(oidcClients.id, clientId)))[0];

    expect(await updateOidcClient({ id: clientId, ...fields({ isPublic: true }) }, ctx)).toEqual({ clientSecret: null });
    expect(await stored()).toMatchObject({ isPublic: true, pkceRequired: true, clientSecretHash: null });
    expect((await ctx.db.select().from(oidcPayloads)).map((row) => row.idHash)).toEqual([`${other.clientId}-grant`]);
    expect(await codeOf(regenerateOidcClientSecret(clientId, ctx))).toBe("conflict");

    const { clientSecret } = await updateOidcClient({ id: clientId, ...fields({ isPublic: false }) }, ctx);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await stored()).toMatchObject({ isPublic: false, clientSecretHash: hashToken(clientSecret!) });
  });

  it("a client restricted to groups admits nobody once they are all deleted, never everyone", async () => {
    const { ctx } = use();
    const group = await insertGroup(ctx);
    const user = await insertUser(ctx);
    await addMembers(ctx, group.id, [user.id]);
    const restricted = await createOidcClient(fields({ name: "Restricted", allowedGroups: [group.name] }), ctx);
    const open = await createOidcClient(fields({ name: "Open" }), ctx);
    expect(await listGroupClients(group.id, ctx)).toMatchObject({ allowed: [{ id: restricted.clientId, name: "Restricted" }] });
    expect((await listGroupClients(group.id, ctx)).openToEveryone.map((client) => client.id)).toContain(open.clientId);
    expect((await listGroupClients(group.id, ctx)).openToEveryone.map((client) => client.id)).not.toContain(restricted.clientId);

    await deleteGroup(group.id, ctx);
    expect(await isUserAllowedForClient(user.id, restricted.clientId, ctx)).toBe(false);
    expect(await isUserAllowedForClient(user.id, open.clientId, ctx)).toBe(true);
    expect((await listOidcClients(ctx)).find((client) => client.id === restricted.clientId)).toMatchObject({ allowedGroups: [], restrictedToGroups: true });
    expect(await codeOf(listGroupClients("not-a-uuid", ctx))).toBe("not_found");
  });

  describe("at the token endpoint", () => {
    let server: http.Server;
    let tokenUrl: string;

    beforeAll(async () => {
      const { ctx } = use();
      const provider = createProvider(ctx, (await loadSigningKeys(ctx)).keys);
      server = http.createServer(provider.callback());
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/oidc/token`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** A refresh with a token that does not exist: invalid_grant once the client authenticated, invalid_client otherwise. */
    async function tokenError(clientId: string, secret: string): Promise<string> {
      const response = await fetch(tokenUrl, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "no-such-token" }),
      });
      return ((await response.json()) as { error: string }).error;
    }

    it("a regenerated secret replaces the old one at once", async () => {
      const { ctx } = use();
      const { clientId, clientSecret } = await createOidcClient(fields({ name: "Rotating" }), ctx);
      expect(await tokenError(clientId, clientSecret!)).toBe("invalid_grant");

      const { clientSecret: fresh } = await regenerateOidcClientSecret(clientId, ctx);
      expect(fresh).not.toBe(clientSecret);
      expect(await tokenError(clientId, clientSecret!)).toBe("invalid_client");
      expect(await tokenError(clientId, fresh)).toBe("invalid_grant");
      const [row] = await ctx.db.select().from(oidcClients).where(eq(oidcClients.id, clientId));
      expect(row.clientSecretHash).toBe(hashToken(fresh));
    });
  });
});
