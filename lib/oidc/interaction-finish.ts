// Finishing an interaction: POST /interaction/<uid>/(login|confirm|abort), same-origin (proxy.ts
// refuses cross-site posts), under the interaction cookie's path so the provider can check that
// this browser started the request. Answers JSON `{ redirectTo }`: the page navigates there
// (a navigation, not a form submission, so the CSP's form-action never blocks the app's callback).
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { InteractionResults } from "oidc-provider";
import type { AppContext } from "@/lib/context";
import { sessionCookieName } from "@/lib/auth/sessions";
import { isUserAllowedForClient } from "./access";
import { appSession, clientName, sessionSatisfiesLogin } from "./interaction";

export const INTERACTION_ACTIONS = ["login", "confirm", "abort"] as const;
type Action = (typeof INTERACTION_ACTIONS)[number];

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify(body));
}

async function resultFor(action: Action, req: IncomingMessage & { cookies: Partial<Record<string, string>> }, provider: Provider, interaction: Awaited<ReturnType<Provider["interactionDetails"]>>, ctx: AppContext): Promise<InteractionResults> {
  if (action === "abort") return { error: "access_denied", error_description: "End-User aborted interaction" };
  const session = await appSession(req.cookies[sessionCookieName(ctx.server.APP_URL)], ctx);
  if (!session) throw new Refusal(401, "Sign in first.");
  const clientId = String(interaction.params.client_id);
  if (action === "login") {
    if (!sessionSatisfiesLogin(interaction, session.signedInAt)) throw new Refusal(401, "Sign in again with your passkey.");
    return { login: { accountId: session.user.userId, ts: Math.floor(session.signedInAt.getTime() / 1000) } };
  }
  if (interaction.prompt.name !== "consent" || interaction.session?.accountId !== session.user.userId) {
    throw new Refusal(409, "This sign-in request changed; reload the page.");
  }
  if (!(await isUserAllowedForClient(session.user.userId, clientId, ctx))) {
    throw new Refusal(403, `You are not allowed to use ${await clientName(clientId, ctx)}.`);
  }
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: session.user.userId, clientId });
  if (!grant) throw new Refusal(409, "This sign-in request changed; reload the page.");
  const details = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  return { consent: { grantId: await grant.save() } };
}

export async function finishInteraction(
  req: IncomingMessage & { cookies: Partial<Record<string, string>> },
  res: ServerResponse,
  provider: Provider,
  uid: string,
  action: string,
  ctx: AppContext,
): Promise<void> {
  if (req.method !== "POST") return send(res, 405, { error: "Use POST." });
  if (!(INTERACTION_ACTIONS as readonly string[]).includes(action)) return send(res, 404, { error: "Not found." });
  try {
    const interaction = await provider.interactionDetails(req, res).catch(() => null);
    if (!interaction || interaction.uid !== uid) throw new Refusal(410, "This sign-in request has expired. Go back to the application and start again.");
    const result = await resultFor(action as Action, req, provider, interaction, ctx);
    const redirectTo = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: false });
    send(res, 200, { redirectTo });
  } catch (error) {
    if (error instanceof Refusal) return send(res, error.status, { error: error.message });
    ctx.log.error("OIDC interaction failed", { error: String(error) });
    send(res, 500, { error: "Something went wrong. Go back to the application and try again." });
  }
}
