// Consent is remembered per user and client (not per provider session): the provider's Grant is
// found again on the next sign-in, until it is revoked or the application asks for more scopes.
import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { KoaContextWithOIDC } from "oidc-provider";
import { oidcPayloads } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";

export async function latestGrantId(db: Db, accountId: string, clientId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: sql<string>`${oidcPayloads.payload}->>'jti'` })
    .from(oidcPayloads)
    .where(
      and(
        eq(oidcPayloads.type, "Grant"),
        eq(oidcPayloads.accountId, accountId),
        sql`${oidcPayloads.payload}->>'clientId' = ${clientId}`,
        sql`(${oidcPayloads.expiresAt} is null or ${oidcPayloads.expiresAt} > now())`,
      ),
    )
    .orderBy(desc(oidcPayloads.expiresAt))
    .limit(1);
  return row?.id ?? undefined;
}

/** The provider's loadExistingGrant: this session's grant, else the user's latest for the client. */
export function existingGrantLoader(db: Db) {
  return async function loadExistingGrant(koa: KoaContextWithOIDC) {
    const { oidc } = koa;
    const clientId = oidc.client!.clientId;
    const accountId = oidc.session!.accountId!;
    const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(clientId) ?? (await latestGrantId(db, accountId, clientId));
    if (!grantId) return undefined;
    const grant = await oidc.provider.Grant.find(grantId);
    // A grant found by user and client, never one of another user or application.
    return grant && grant.accountId === accountId && grant.clientId === clientId ? grant : undefined;
  };
}
