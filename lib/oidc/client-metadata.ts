// What oidc-provider sees of a client. The database holds only the secret's SHA-256, while the
// provider compares a clear secret: for the request being served (the provider's own request
// context), the secret the caller presented is checked against the hash here, and handed to the
// provider only when it matches. Otherwise the provider gets a per-client placeholder derived from
// the encryption key, which no caller can present, and client authentication fails as it should.
import "server-only";
import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { Provider, type ClientMetadata } from "oidc-provider";
import { oidcClients } from "@/lib/db/schema";
import { hashToken } from "@/lib/auth/tokens";
import { preparedPerDb } from "@/lib/db/helpers";
import type { AppContext } from "@/lib/context";
import { CLIENT_ID_PATTERN } from "./schema";

/** The secret a token, revocation or introspection request presents: body or Basic header. */
export function presentedClientSecret(request: { params?: Record<string, unknown>; authorization?: string }): string | undefined {
  const fromBody = request.params?.client_secret;
  if (typeof fromBody === "string" && fromBody) return fromBody;
  const [scheme, value] = request.authorization?.split(" ") ?? [];
  if (scheme?.toLowerCase() !== "basic" || !value) return undefined;
  const basic = Buffer.from(value, "base64").toString("utf8");
  const colon = basic.indexOf(":");
  if (colon === -1) return undefined;
  try {
    // RFC 6749 §2.3.1: both halves are form-urlencoded.
    return decodeURIComponent(basic.slice(colon + 1).replace(/\+/g, "%20"));
  } catch {
    return undefined;
  }
}

export function secretMatches(presented: string | undefined, storedHash: string | null): presented is string {
  if (!presented || !storedHash) return false;
  return crypto.timingSafeEqual(Buffer.from(hashToken(presented)), Buffer.from(storedHash));
}

function placeholderSecret(clientId: string, encryptionKey: Buffer): string {
  return crypto.createHmac("sha256", encryptionKey).update(`oidc-client-placeholder:${clientId}`).digest("base64url");
}

function currentRequestSecret(): string | undefined {
  const ctx = Provider.ctx;
  if (!ctx) return undefined;
  return presentedClientSecret({ params: ctx.oidc?.params ?? undefined, authorization: ctx.headers?.authorization });
}

/** Read at every token, userinfo and authorization request: a prepared statement. */
const clientById = preparedPerDb((db) => db.select().from(oidcClients).where(eq(oidcClients.id, sql.placeholder("id"))).prepare("oidc_client_by_id"));

export async function findClientMetadata(id: string, ctx: AppContext): Promise<ClientMetadata | undefined> {
  if (!CLIENT_ID_PATTERN.test(id)) return undefined;
  const [row] = await clientById(ctx.db).execute({ id });
  if (!row) return undefined;
  const common = {
    client_id: row.id,
    client_name: row.name,
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code" as const],
    pkce_required: row.isPublic || row.pkceRequired,
  };
  if (row.isPublic) return { ...common, token_endpoint_auth_method: "none" };
  const presented = currentRequestSecret();
  return {
    ...common,
    token_endpoint_auth_method: "client_secret_basic",
    client_secret: secretMatches(presented, row.clientSecretHash) ? presented : placeholderSecret(row.id, ctx.encryptionKey),
  };
}
