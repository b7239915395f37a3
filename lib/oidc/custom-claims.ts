// Releasing custom claims (lib/claims/) in ID tokens and userinfo. oidc-provider only releases the
// claim names listed in its static `claims` configuration, but custom claim names are data that
// administrators add at any time. So the account hands them over under a symbol key (which survives
// the provider's object spreads and is never serialised), and the provider's Claims class — the one
// filter both the ID token and userinfo go through — is extended to add them after the standard
// claims, never replacing one.
import "server-only";
import type Provider from "oidc-provider";
import { isReservedClaim } from "@/lib/claims/schema";

export const CUSTOM_CLAIMS: unique symbol = Symbol("pocket-id.custom-claims");

interface ClaimsInstance {
  available: Record<string | symbol, unknown>;
  result(): Promise<Record<string, unknown>>;
}
type ClaimsClass = new (...args: never[]) => ClaimsInstance;

export function releaseCustomClaims(provider: Provider): void {
  const Base = (provider as unknown as { Claims: ClaimsClass }).Claims;
  class WithCustomClaims extends Base {
    async result() {
      const claims = await super.result();
      const custom = this.available[CUSTOM_CLAIMS] as Record<string, string> | undefined;
      for (const [key, value] of Object.entries(custom ?? {})) {
        // Stored names were checked when saved; a reserved one is skipped here all the same.
        if (!Object.hasOwn(claims, key) && !isReservedClaim(key)) claims[key] = value;
      }
      return claims;
    }
  }
  // provider.Claims is a getter on the prototype: an own property of this instance shadows it.
  Object.defineProperty(provider, "Claims", { value: WithCustomClaims });
}
