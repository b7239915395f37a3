// The OpenID Connect provider (panva's oidc-provider), configured for this app: storage in the
// database, Pocket ID's public paths, clients and users from lib/oidc, the app's sign-in pages.
import "server-only";
import crypto from "node:crypto";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { AppContext } from "@/lib/context";
import { drizzleAdapter } from "./adapter";
import { findAccount, loadAccount, SCOPE_CLAIMS } from "./account";
import { existingGrantLoader } from "./grants";
import { logoutSource, postLogoutSuccessSource, renderError } from "./html";
import { releaseCustomClaims } from "./custom-claims";
import { buildPolicy } from "./policy";
import { providerMiddleware } from "./middleware";
import { TTL } from "./ttl";
import { OIDC_ROUTES } from "./routes";
import type { JWK } from "oidc-provider";

export const interactionPath = (uid: string) => `/interaction/${uid}`;

/** Cookie signing keys every replica derives alike from the encryption key. */
function cookieKeys(encryptionKey: Buffer): string[] {
  return [Buffer.from(crypto.hkdfSync("sha256", encryptionKey, "pocket-id", "oidc-cookie-keys", 32)).toString("base64url")];
}

function originsOf(urls: readonly string[]): Set<string> {
  return new Set(urls.filter((url) => /^https?:/.test(url)).map((url) => new URL(url).origin));
}

export function providerConfiguration(ctx: AppContext, jwks: JWK[]): Configuration {
  // No `secure` here: the provider marks its cookies Secure itself whenever the request is https
  // (directly, or per X-Forwarded-Proto with TRUST_PROXY=true); forcing it would fail requests
  // that reach an https APP_URL through an undeclared TLS-terminating proxy.
  const cookieOptions = { httpOnly: true, sameSite: "lax" as const, signed: true };
  return {
    adapter: drizzleAdapter(ctx),
    findAccount: findAccount(ctx),
    jwks: { keys: jwks },
    claims: SCOPE_CLAIMS as unknown as Configuration["claims"],
    scopes: ["openid", "offline_access", "profile", "email", "groups"],
    // ID tokens carry the scopes' claims too, as Pocket ID's do: the ID token and userinfo agree.
    conformIdTokenClaims: false,
    routes: OIDC_ROUTES,
    responseTypes: ["code"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
    cookies: { keys: cookieKeys(ctx.encryptionKey), long: cookieOptions, short: cookieOptions },
    ttl: { ...TTL },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // Confidential clients only, for their own tokens, and only while the user may still use them.
        async allowedPolicy(_koa, client, token) {
          if (client.clientAuthMethod === "none" || token.clientId !== client.clientId) return false;
          const accountId = "accountId" in token ? token.accountId : undefined;
          return !accountId || (await loadAccount(accountId, ctx, client.clientId)) !== undefined;
        },
      },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: { enabled: false },
      claimsParameter: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
    },
    extraClientMetadata: {
      properties: ["pkce_required"],
      validator(_koa, key, value) {
        if (key === "pkce_required" && typeof value !== "boolean") throw new Error("pkce_required must be a boolean");
      },
    },
    pkce: { required: (_koa, client) => client.clientAuthMethod === "none" || client.pkce_required === true },
    clientBasedCORS: (_koa, origin, client) => originsOf([...(client.redirectUris ?? []), ...(client.postLogoutRedirectUris ?? [])]).has(origin),
    // Refresh tokens only for offline_access, rotated on every use.
    issueRefreshToken: async (_koa, client, code) => client.grantTypeAllowed("refresh_token") && code.scopes.has("offline_access"),
    rotateRefreshToken: true,
    loadExistingGrant: existingGrantLoader(ctx.db),
    interactions: { url: (_koa, interaction) => interactionPath(interaction.uid), policy: buildPolicy(ctx) },
    renderError,
    enabledJWA: { idTokenSigningAlgValues: ["RS256"] },
  };
}

export function createProvider(ctx: AppContext, jwks: JWK[]): Provider {
  const provider = new Provider(ctx.server.APP_URL, providerConfiguration(ctx, jwks));
  // Behind a declared reverse proxy, X-Forwarded-Proto decides https (and Secure cookies).
  provider.proxy = process.env.TRUST_PROXY === "true";
  releaseCustomClaims(provider);
  provider.use(providerMiddleware(ctx));
  provider.on("server_error", (_koa: KoaContextWithOIDC, error: Error) => ctx.log.error("OIDC provider error", { error: error.message }));
  return provider;
}
