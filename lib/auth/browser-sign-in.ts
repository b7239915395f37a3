// The sign-in pages' verbs: each verifies its proof (passkey, first-admin passkey, login link), then
// starts a session in this browser and sets its cookie. Request-bound (cookies, client address).
import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { AppContext } from "@/lib/context";
import { DomainError, UnauthenticatedError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { INVALID_LINK_MESSAGE, consumeOneTimeAccessToken } from "./one-time-access";
import { loginLinkLimiter, signInLimiter } from "./rate-limit";
import {
  clearLoginLinkCookie,
  clientIp,
  readLoginLinkToken,
  readSessionToken,
  requestMeta,
  setSessionCookie,
} from "./request";
import { oneTimeTokenSchema, type FinishRegistrationInput, type FinishSignInInput } from "./schema";
import { createSession } from "./sessions";
import { finishSetup } from "./setup";
import { beginPasskeySignIn, finishPasskeySignIn } from "./sign-in";

/**
 * Signs `userId` in on this browser; the browser's previous session (another account, a stale one)
 * ends. With `audited`, the sign-in's audit row commits with the session.
 */
async function startBrowserSession(userId: string, ctx: AppContext, audited = false): Promise<void> {
  const previousToken = await readSessionToken(ctx.server.APP_URL);
  const meta = { ...(await requestMeta(ctx.server)), previousToken };
  const session = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const created = await createSession(userId, txCtx, meta);
    if (audited) await recordAudit({ event: "sign_in.passkey", actorUserId: userId, target: { type: "user", id: userId } }, txCtx);
    return created;
  });
  await setSessionCookie(session.token, ctx.server.APP_URL);
}

/** Options for a passkey sign-in on /login; challenges are limited per client address. */
export async function beginSignIn(_input: void, ctx: AppContext): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return beginPasskeySignIn({ clientAddress: await clientIp(ctx.server) }, ctx);
}

/** Passkey sign-in on /login: rate-limited per client address; a success forgets the attempt. */
export async function signInWithPasskey(input: FinishSignInInput, ctx: AppContext): Promise<void> {
  const forgetAttempt = signInLimiter().attempt(await clientIp(ctx.server));
  const { userId } = await finishPasskeySignIn(input, ctx).catch(async (error: unknown) => {
    await recordSignInFailure("passkey", error, ctx);
    throw error;
  });
  forgetAttempt();
  await startBrowserSession(userId, ctx, true);
}

/** The first administrator's passkey on /setup: creates the account and signs it in. */
export async function completeSetup(input: FinishRegistrationInput, ctx: AppContext): Promise<void> {
  const { userId } = await finishSetup(input, ctx);
  await startBrowserSession(userId, ctx);
}

/** "Continue" on /lc: uses the opened link up and signs its user in, replacing whoever was signed in. */
export async function signInWithLoginLink(_input: void, ctx: AppContext): Promise<void> {
  const forgetAttempt = loginLinkLimiter().attempt(await clientIp(ctx.server));
  const parsed = oneTimeTokenSchema.safeParse(await readLoginLinkToken(ctx.server.APP_URL));
  // Whoever was signed in on this browser before is signed out: the link decides the account.
  const previousToken = await readSessionToken(ctx.server.APP_URL);
  const consumed = parsed.success
    ? consumeOneTimeAccessToken(parsed.data, ctx, { ...(await requestMeta(ctx.server)), previousToken })
    : Promise.reject(new UnauthenticatedError(INVALID_LINK_MESSAGE, "invalid_link"));
  const { session } = await consumed.catch(async (error: unknown) => {
    await recordSignInFailure("login_link", error, ctx);
    throw error;
  });
  forgetAttempt();
  await clearLoginLinkCookie(ctx.server.APP_URL);
  await setSessionCookie(session.token, ctx.server.APP_URL);
}

/**
 * A refused sign-in has no transaction to join: its row is written on its own. Malformed input
 * (invalid_input) is not an attempt and is not recorded, so junk requests cannot flood the log.
 */
export async function recordSignInFailure(method: "passkey" | "login_link", error: unknown, ctx: AppContext): Promise<void> {
  if (!(error instanceof DomainError) || error.code === "invalid_input") return;
  await recordAudit({ event: "sign_in.failed", outcome: "failure", details: { method, reason: error.code } }, ctx).catch((failure) =>
    ctx.log.warn("Recording a failed sign-in failed", { error: String(failure) }),
  );
}
