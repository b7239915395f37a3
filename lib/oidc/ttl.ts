// Lifetimes of what the provider issues, in seconds.
import "server-only";
export const TTL = {
  AccessToken: 60 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 30 * 24 * 60 * 60,
  Grant: 365 * 24 * 60 * 60,
  Interaction: 60 * 60,
  Session: 14 * 24 * 60 * 60,
} as const;

/** ID tokens are the only tokens signed with the published keys (access tokens are opaque). */
export const SIGNED_TOKEN_MAX_TTL_SECONDS = TTL.IdToken;
