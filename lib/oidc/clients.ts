// OIDC client verbs (administrators only). A confidential client's secret is shown once, at
// creation or regeneration, and stored as its SHA-256; public clients have none and must use PKCE.
// Clients are read from the database at every provider request (lib/oidc/client-metadata.ts), so
// an edit (callback URLs, allowed groups, a new secret) applies to the next request at once.
import "server-only";
import { recordAudit } from "@/lib/audit/record";
import crypto from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { oidcClientAllowedGroups, oidcClients, oidcPayloads, userGroups, type OidcClient } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import type { Tx } from "@/lib/db/helpers";
import { requireAdmin } from "@/lib/auth/authorize";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import {
  createOidcClientSchema,
  oidcClientIdSchema,
  updateOidcClientSchema,
  type CreateOidcClientInput,
  type OidcClientFields,
  type UpdateOidcClientInput,
} from "./schema";

export interface CreatedOidcClient {
  clientId: string;
  /** Shown once; null for a public client. */
  clientSecret: string | null;
}

/** The allowed groups by name (case-insensitive); an unknown name is a field error. */
async function resolveAllowedGroups(tx: Tx, allowedGroups: readonly string[]): Promise<{ id: string }[]> {
  const names = [...new Set(allowedGroups.map((name) => name.toLowerCase()))];
  if (!names.length) return [];
  const groups = await tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups).where(inArray(sql`lower(${userGroups.name})`, names));
  const unknown = names.filter((name) => !groups.some((group) => group.name.toLowerCase() === name));
  if (unknown.length) {
    const message = `No group named ${unknown.map((name) => `"${name}"`).join(", ")}.`;
    throw new ValidationError(message, { allowedGroups: [message] });
  }
  return groups;
}

async function replaceAllowedGroups(tx: Tx, clientId: string, groups: readonly { id: string }[]): Promise<void> {
  await tx.delete(oidcClientAllowedGroups).where(eq(oidcClientAllowedGroups.clientId, clientId));
  if (groups.length) await tx.insert(oidcClientAllowedGroups).values(groups.map((group) => ({ clientId, groupId: group.id })));
}

/** The stored columns of the form's fields (URLs deduplicated; public clients always use PKCE). */
function clientColumns(values: OidcClientFields) {
  return {
    name: values.name,
    redirectUris: [...new Set(values.callbackUrls)],
    postLogoutRedirectUris: [...new Set(values.logoutCallbackUrls)],
    isPublic: values.isPublic,
    pkceRequired: values.isPublic || values.pkceRequired,
    launchUrl: values.launchUrl || null,
    restrictedToGroups: values.allowedGroups.length > 0,
  };
}

const clientTarget = (id: string, name: string) => ({ type: "oidc_client" as const, id, name });

/** What an auditor needs to see changed: where sign-ins may go and who may use it; never a secret. */
const auditDetails = (values: { callbackUrls: string[]; logoutCallbackUrls: string[]; isPublic: boolean; allowedGroups: string[] }) => ({
  callbackUrls: values.callbackUrls,
  logoutCallbackUrls: values.logoutCallbackUrls,
  public: values.isPublic,
  allowedGroups: values.allowedGroups,
});

/** Ends every grant, code and token issued to the client (all users). */
async function endClientGrants(tx: Tx, clientId: string): Promise<void> {
  await tx.delete(oidcPayloads).where(sql`${oidcPayloads.payload}->>'clientId' = ${clientId}`);
}

async function lockClient(tx: Tx, clientId: string): Promise<OidcClient> {
  const [row] = await tx.select().from(oidcClients).where(eq(oidcClients.id, clientId)).for("update");
  if (!row) throw new NotFoundError(`No OIDC client with id ${clientId}.`);
  return row;
}

export async function createOidcClient(input: CreateOidcClientInput, ctx: AppContext): Promise<CreatedOidcClient> {
  const actor = requireAdmin(ctx);
  const values = parseInput(createOidcClientSchema, input);
  const clientId = crypto.randomUUID();
  const clientSecret = values.isPublic ? null : generateToken();
  await ctx.db.transaction(async (tx) => {
    const groups = await resolveAllowedGroups(tx, values.allowedGroups);
    await tx.insert(oidcClients).values({ id: clientId, clientSecretHash: clientSecret ? hashToken(clientSecret) : null, ...clientColumns(values) });
    await replaceAllowedGroups(tx, clientId, groups);
    await recordAudit(
      { event: "oidc_client.created", target: clientTarget(clientId, values.name), details: auditDetails(values) },
      { ...ctx, db: tx },
    );
  });
  ctx.log.info("OIDC client created", { clientId, name: values.name, public: values.isPublic, by: actor.userId ?? "system" });
  return { clientId, clientSecret };
}

/**
 * Replaces a client's settings. Switching between public and confidential ends its grants and
 * tokens (they were issued under the other kind of authentication); a client that becomes
 * confidential gets a new secret, returned once.
 */
export async function updateOidcClient(input: UpdateOidcClientInput, ctx: AppContext): Promise<{ clientSecret: string | null }> {
  const actor = requireAdmin(ctx);
  const { id, ...values } = parseInput(updateOidcClientSchema, input);
  const clientSecret = await ctx.db.transaction(async (tx) => {
    const before = await lockClient(tx, id);
    const groups = await resolveAllowedGroups(tx, values.allowedGroups);
    const typeChanged = before.isPublic !== values.isPublic;
    const secret = typeChanged && !values.isPublic ? generateToken() : null;
    const secretColumn = typeChanged ? { clientSecretHash: secret ? hashToken(secret) : null } : {};
    await tx
      .update(oidcClients)
      .set({ ...clientColumns(values), ...secretColumn, updatedAt: new Date() })
      .where(eq(oidcClients.id, id));
    await replaceAllowedGroups(tx, id, groups);
    if (typeChanged) await endClientGrants(tx, id);
    await recordAudit(
      { event: "oidc_client.updated", target: clientTarget(id, values.name), details: { ...auditDetails(values), grantsEnded: typeChanged } },
      { ...ctx, db: tx },
    );
    return secret;
  });
  ctx.log.info("OIDC client updated", { clientId: id, name: values.name, by: actor.userId ?? "system" });
  return { clientSecret };
}

/** A new secret for a confidential client, returned once; the old one stops working at once. */
export async function regenerateOidcClientSecret(id: string, ctx: AppContext): Promise<{ clientSecret: string }> {
  const actor = requireAdmin(ctx);
  const clientId = parseInput(oidcClientIdSchema, id);
  const clientSecret = generateToken();
  await ctx.db.transaction(async (tx) => {
    const client = await lockClient(tx, clientId);
    if (client.isPublic) throw new ConflictError(`${client.name} is a public client: it has no secret.`);
    await tx
      .update(oidcClients)
      .set({ clientSecretHash: hashToken(clientSecret), updatedAt: new Date() })
      .where(eq(oidcClients.id, clientId));
    await recordAudit({ event: "oidc_client.secret_regenerated", target: clientTarget(clientId, client.name) }, { ...ctx, db: tx });
  });
  ctx.log.info("OIDC client secret regenerated", { clientId, by: actor.userId ?? "system" });
  return { clientSecret };
}

/** Deletes a client and everything the provider holds for it (grants, codes, tokens). */
export async function deleteOidcClient(id: string, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  const clientId = parseInput(oidcClientIdSchema, id);
  await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(oidcClients).where(eq(oidcClients.id, clientId)).returning({ name: oidcClients.name });
    if (!deleted) throw new NotFoundError(`No OIDC client with id ${clientId}.`);
    await endClientGrants(tx, clientId);
    await recordAudit({ event: "oidc_client.deleted", target: clientTarget(clientId, deleted.name) }, { ...ctx, db: tx });
  });
  ctx.log.info("OIDC client deleted", { clientId, by: actor.userId ?? "system" });
}
