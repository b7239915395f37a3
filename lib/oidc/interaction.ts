// The sign-in and consent steps of an authorization request, shown on this app's own page
// (app/interaction/[uid]) and finished by a same-origin POST (lib/oidc/interaction-finish.ts).
import "server-only";
import { eq } from "drizzle-orm";
import type Provider from "oidc-provider";
import { oidcClients, sessions } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { validateSession, type SessionUser } from "@/lib/auth/sessions";
import { hashToken } from "@/lib/auth/tokens";
import { isUserAllowedForClient } from "./access";
import { NOT_ALLOWED_REASON } from "./policy";

/** Reasons that demand a passkey sign-in during this very request, not an earlier session. */
const FRESH_LOGIN_REASONS = new Set(["login_prompt", "max_age"]);

export type InteractionStep = "login" | "continue" | "consent" | "not-allowed";

export interface InteractionView {
  uid: string;
  step: InteractionStep;
  clientName: string;
  scopes: string[];
  user: SessionUser | null;
}

/** The app session behind a cookie, with when it was signed in (the passkey use). */
export async function appSession(token: string | undefined, ctx: AppContext): Promise<{ user: SessionUser; signedInAt: Date } | null> {
  const user = await validateSession(token, ctx);
  if (!user || !token) return null;
  const [row] = await ctx.db.select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.tokenHash, hashToken(token)));
  return row ? { user, signedInAt: row.createdAt } : null;
}

type Interaction = Awaited<ReturnType<Provider["interactionDetails"]>>;

/** True when the session may answer this interaction's login step. */
export function sessionSatisfiesLogin(interaction: Interaction, signedInAt: Date): boolean {
  if (!interaction.prompt.reasons.some((reason) => FRESH_LOGIN_REASONS.has(reason))) return true;
  return signedInAt.getTime() >= (interaction.iat ?? 0) * 1000;
}

export async function clientName(clientId: string, ctx: AppContext): Promise<string> {
  const [row] = await ctx.db.select({ name: oidcClients.name }).from(oidcClients).where(eq(oidcClients.id, clientId));
  return row?.name ?? "this application";
}

/** What the interaction page shows, or null when the request is unknown or has expired. */
export async function interactionView(uid: string, sessionToken: string | undefined, provider: Provider, ctx: AppContext): Promise<InteractionView | null> {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return null;
  const clientId = String(interaction.params.client_id);
  const session = await appSession(sessionToken, ctx);
  const scopes = String(interaction.params.scope ?? "").split(" ").filter(Boolean);
  const view = { uid, clientName: await clientName(clientId, ctx), scopes, user: session?.user ?? null };
  if (interaction.prompt.name === "login") {
    const ready = session && sessionSatisfiesLogin(interaction, session.signedInAt);
    return { ...view, step: ready ? "continue" : "login" };
  }
  const accountId = interaction.session?.accountId;
  if (!session) return { ...view, step: "login" };
  // Someone else signed in to the app meanwhile: the provider switches to them first.
  if (session.user.userId !== accountId) return { ...view, step: "continue" };
  const notAllowed = interaction.prompt.reasons.includes(NOT_ALLOWED_REASON) || !(await isUserAllowedForClient(accountId, clientId, ctx));
  return { ...view, step: notAllowed ? "not-allowed" : "consent" };
}
