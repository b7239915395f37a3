// Client-safe: the provider's public paths (Pocket ID's, so applications configured for Pocket ID
// work unchanged) and what an application asks for, for the provider and the Applications pages.

export const OIDC_ROUTES = {
  authorization: "/authorize",
  token: "/api/oidc/token",
  userinfo: "/api/oidc/userinfo",
  end_session: "/api/oidc/end-session",
  revocation: "/api/oidc/revoke",
  introspection: "/api/oidc/introspect",
  jwks: "/.well-known/jwks.json",
} as const;

export const DISCOVERY_PATH = "/.well-known/openid-configuration";

/** The scopes an application requests to get the username, e-mail and groups. */
export const RECOMMENDED_SCOPES = "openid profile email groups";
