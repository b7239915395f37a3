// OIDC client verbs (administrators only). A confidential client's secret is shown once, at
// creation, and stored as its SHA-256; public clients have none and must use PKCE.
import "server-only";
import crypto from "node:crypto";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { oidcClientAllowedGroups, oidcClients, oidcPayloads, userGroups } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { createOidcClientSchema, oidcClientIdSchema, type CreateOidcClientInput } from "./schema";

export interface CreatedOidcClient {
  clientId: string;
  /** Shown once; null for a public client. */
  clientSecret: string | null;
}

export interface OidcClientSummary {
  id: string;
  name: string;
  isPublic: boolean;
  pkceRequired: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedGroups: string[];
  launchUrl: string | null;
}

export async function createOidcClient(input: CreateOidcClientInput, ctx: AppContext): Promise<CreatedOidcClient> {
  const actor = requireAdmin(ctx);
  const values = parseInput(createOidcClientSchema, input);
  const clientId = crypto.randomUUID();
  const clientSecret = values.isPublic ? null : generateToken();
  await ctx.db.transaction(async (tx) => {
    const names = [...new Set(values.allowedGroups.map((name) => name.toLowerCase()))];
    const groups = names.length
      ? await tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups).where(inArray(sql`lower(${userGroups.name})`, names))
      : [];
    const unknown = names.filter((name) => !groups.some((group) => group.name.toLowerCase() === name));
    if (unknown.length) {
      const message = `No group named ${unknown.map((name) => `"${name}"`).join(", ")}.`;
      throw new ValidationError(message, { allowedGroups: [message] });
    }
    await tx.insert(oidcClients).values({
      id: clientId,
      name: values.name,
      clientSecretHash: clientSecret ? hashToken(clientSecret) : null,
      redirectUris: [...new Set(values.callbackUrls)],
      postLogoutRedirectUris: [...new Set(values.logoutCallbackUrls)],
      isPublic: values.isPublic,
      pkceRequired: values.isPublic || values.pkceRequired,
      launchUrl: values.launchUrl,
    });
    if (groups.length) await tx.insert(oidcClientAllowedGroups).values(groups.map((group) => ({ clientId, groupId: group.id })));
  });
  ctx.log.info("OIDC client created", { clientId, name: values.name, public: values.isPublic, by: actor.userId ?? "system" });
  return { clientId, clientSecret };
}

export async function listOidcClients(ctx: AppContext): Promise<OidcClientSummary[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select({
      id: oidcClients.id,
      name: oidcClients.name,
      isPublic: oidcClients.isPublic,
      pkceRequired: oidcClients.pkceRequired,
      redirectUris: oidcClients.redirectUris,
      postLogoutRedirectUris: oidcClients.postLogoutRedirectUris,
      launchUrl: oidcClients.launchUrl,
      allowedGroups: sql<string[]>`coalesce((
        select array_agg(g.name order by g.name)
        from oidc_client_allowed_groups a join user_groups g on g.id = a.group_id
        where a.client_id = "oidc_clients"."id"), '{}')`,
    })
    .from(oidcClients)
    .orderBy(asc(sql`lower(${oidcClients.name})`), asc(oidcClients.id));
  return rows;
}

/** Deletes a client and everything the provider holds for it (grants, codes, tokens). */
export async function deleteOidcClient(id: string, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  const clientId = parseInput(oidcClientIdSchema, id);
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx.delete(oidcClients).where(eq(oidcClients.id, clientId)).returning({ id: oidcClients.id });
    if (!deleted.length) throw new NotFoundError(`No OIDC client with id ${clientId}.`);
    await tx.delete(oidcPayloads).where(sql`${oidcPayloads.payload}->>'clientId' = ${clientId}`);
  });
  ctx.log.info("OIDC client deleted", { clientId, by: actor.userId ?? "system" });
}
