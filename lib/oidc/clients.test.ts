import { expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { queryRows } from "@/lib/db/client";
import { oidcClients, oidcPayloads, userGroupMembers, userGroups } from "@/lib/db/schema";
import { withActor } from "@/lib/context";
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { asUser, insertUser } from "@/lib/auth/testing";
import { hashToken } from "@/lib/auth/tokens";
import { createOidcClient, deleteOidcClient } from "./clients";
import { listOidcClients } from "./client-list";
import { findClientMetadata, presentedClientSecret, secretMatches } from "./client-metadata";
import { isUserAllowedForClient } from "./access";

describeEachEngine("oidc clients", (use) => {
  it("creates a confidential client whose secret is shown once and stored only as its SHA-256", async () => {
    const { ctx } = use();
    const created = await createOidcClient({ name: "Grafana", callbackUrls: ["https://grafana.example/login/generic_oauth"] }, ctx);
    expect(created.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await ctx.db.select().from(oidcClients).where(eq(oidcClients.id, created.clientId));
    expect(row).toMatchObject({ name: "Grafana", isPublic: false, pkceRequired: false, clientSecretHash: hashToken(created.clientSecret!) });
    expect(JSON.stringify(await queryRows(ctx.db, sql`select * from oidc_clients`))).not.toContain(created.clientSecret);
  });

  it("creates a public client without a secret, always with PKCE", async () => {
    const { ctx } = use();
    const created = await createOidcClient({ name: "SPA", callbackUrls: ["com.example.app:/callback"], isPublic: true }, ctx);
    expect(created.clientSecret).toBeNull();
    const metadata = await findClientMetadata(created.clientId, ctx);
    expect(metadata).toMatchObject({ token_endpoint_auth_method: "none", pkce_required: true, redirect_uris: ["com.example.app:/callback"] });
    expect(metadata).not.toHaveProperty("client_secret");
  });

  it("refuses bad callback URLs, unknown groups and non-admins, changing nothing", async () => {
    const { ctx } = use();
    const before = (await listOidcClients(ctx)).length;
    const bad = async (input: Parameters<typeof createOidcClient>[0]) => {
      const error = await createOidcClient(input, ctx).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fieldErrors;
    };
    expect(await bad({ name: "X", callbackUrls: ["https://app.example/cb#frag"] })).toHaveProperty(["callbackUrls.0"]);
    expect(await bad({ name: "X", callbackUrls: ["javascript:alert(1)"] })).toHaveProperty(["callbackUrls.0"]);
    expect(await bad({ name: "X", callbackUrls: ["/relative"] })).toHaveProperty(["callbackUrls.0"]);
    expect(await bad({ name: "X", callbackUrls: [] })).toHaveProperty("callbackUrls");
    expect(await bad({ name: " ", callbackUrls: ["https://a.example/cb"] })).toHaveProperty("name");
    expect(await bad({ name: "X", callbackUrls: ["https://a.example/cb"], allowedGroups: ["no-such-group"] })).toEqual({
      allowedGroups: ['No group named "no-such-group".'],
    });
    const user = await insertUser(ctx);
    await expect(createOidcClient({ name: "X", callbackUrls: ["https://a.example/cb"] }, asUser(ctx, user.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listOidcClients(withActor(ctx, null))).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await listOidcClients(ctx)).length).toBe(before);
  });

  it("restricts a client to its allowed groups (matched case-insensitively), read live", async () => {
    const { ctx } = use();
    const [admins] = await ctx.db.insert(userGroups).values({ name: "app-admins", friendlyName: "App admins" }).returning();
    const member = await insertUser(ctx);
    const outsider = await insertUser(ctx);
    await ctx.db.insert(userGroupMembers).values({ userId: member.id, groupId: admins.id });
    const { clientId } = await createOidcClient({ name: "Restricted", callbackUrls: ["https://r.example/cb"], allowedGroups: ["App-Admins"] }, ctx);
    const open = await createOidcClient({ name: "Open", callbackUrls: ["https://o.example/cb"] }, ctx);

    expect((await listOidcClients(ctx)).find((client) => client.id === clientId)?.allowedGroups).toEqual(["app-admins"]);
    expect(await isUserAllowedForClient(member.id, clientId, ctx)).toBe(true);
    expect(await isUserAllowedForClient(outsider.id, clientId, ctx)).toBe(false);
    expect(await isUserAllowedForClient(outsider.id, open.clientId, ctx)).toBe(true);
    await ctx.db.delete(userGroupMembers).where(eq(userGroupMembers.userId, member.id));
    expect(await isUserAllowedForClient(member.id, clientId, ctx)).toBe(false);
  });

  it("gives the provider the client secret only when the presented one matches the stored hash", async () => {
    const { ctx } = use();
    const { clientId, clientSecret } = await createOidcClient({ name: "Secretive", callbackUrls: ["https://s.example/cb"] }, ctx);
    const [row] = await ctx.db.select().from(oidcClients).where(eq(oidcClients.id, clientId));
    expect(secretMatches(clientSecret!, row.clientSecretHash)).toBe(true);
    expect(secretMatches("wrong", row.clientSecretHash)).toBe(false);
    expect(secretMatches(row.clientSecretHash!, row.clientSecretHash)).toBe(false); // the hash is no secret
    // Outside a provider request nothing is presented: the provider sees an unguessable placeholder.
    const metadata = await findClientMetadata(clientId, ctx);
    expect(metadata?.client_secret).toBeTruthy();
    expect(metadata?.client_secret).not.toBe(clientSecret);
    expect(metadata?.client_secret).not.toBe(row.clientSecretHash);

    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
    expect(presentedClientSecret({ authorization: basic(clientId, "a b+c:d") })).toBe("a b+c:d");
    expect(presentedClientSecret({ params: { client_secret: "from-body" } })).toBe("from-body");
    expect(presentedClientSecret({ authorization: "Bearer x" })).toBeUndefined();
  });

  it("deletes a client with its grants and tokens; an unknown id is reported", async () => {
    const { ctx } = use();
    const { clientId } = await createOidcClient({ name: "Doomed", callbackUrls: ["https://d.example/cb"] }, ctx);
    await ctx.db.insert(oidcPayloads).values({ type: "Grant", idHash: "h1", payload: { clientId } });
    await ctx.db.insert(oidcPayloads).values({ type: "Grant", idHash: "h2", payload: { clientId: "other" } });
    await deleteOidcClient(clientId, ctx);
    expect(await findClientMetadata(clientId, ctx)).toBeUndefined();
    expect(await findClientMetadata("a\u0000b", ctx)).toBeUndefined();
    expect((await ctx.db.select().from(oidcPayloads)).map((row) => row.idHash)).not.toContain("h1");
    expect((await ctx.db.select().from(oidcPayloads)).map((row) => row.idHash)).toContain("h2");
    await expect(deleteOidcClient(clientId, ctx)).rejects.toBeInstanceOf(NotFoundError);
  });
});
