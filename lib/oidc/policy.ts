// The provider's interaction policy, tied to this app: its sign-in is the app's session, and a
// group-restricted client is checked before consent at every authorization.
import "server-only";
import { interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import type { AppContext } from "@/lib/context";
import { sessionCookieName, validateSession } from "@/lib/auth/sessions";
import { isUserAllowedForClient } from "./access";

const { base, Check } = interactionPolicy;

export const NOT_ALLOWED_REASON = "client_not_allowed";

/** The app session's user for a provider request, or null. */
export async function appSessionUser(koa: KoaContextWithOIDC, ctx: AppContext) {
  const token = koa.cookies.get(sessionCookieName(ctx.server.APP_URL), { signed: false });
  return validateSession(token, ctx);
}

export function buildPolicy(ctx: AppContext) {
  const policy = base();
  // Signing out of the app (or the app session ending any other way) ends single sign-on too: a
  // provider session without a matching app session asks for sign-in again.
  policy.get("login")!.checks.push(
    new Check("app_session", "End-User authentication is required", "login_required", async (koa) => {
      const accountId = koa.oidc.session?.accountId;
      if (!accountId) return Check.NO_NEED_TO_PROMPT; // no_session asks already
      const user = await appSessionUser(koa, ctx);
      return user?.userId === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  // First among consent checks, so prompt=none gets access_denied rather than consent_required.
  policy.get("consent")!.checks.unshift(
    new Check(NOT_ALLOWED_REASON, "the End-User is not allowed to use this client", "access_denied", async (koa) => {
      const accountId = koa.oidc.session?.accountId;
      const clientId = koa.oidc.client?.clientId;
      if (!accountId || !clientId) return Check.NO_NEED_TO_PROMPT;
      return (await isUserAllowedForClient(accountId, clientId, ctx)) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}
