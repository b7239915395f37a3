// What an application receives: the custom claims the provider's account hands over with the
// profile scope, read through the same statement userinfo uses.
import type { AppContext } from "@/lib/context";
import { loadAccount } from "@/lib/oidc/account";
import { CUSTOM_CLAIMS } from "@/lib/oidc/custom-claims";

export async function releasedCustomClaims(userId: string, ctx: AppContext): Promise<Record<string, string> | undefined> {
  const account = await loadAccount(userId, ctx);
  if (!account) throw new Error(`no account for ${userId}`);
  return Reflect.get(await account.claims("userinfo", "openid profile", {}, []), CUSTOM_CLAIMS) as Record<string, string> | undefined;
}
