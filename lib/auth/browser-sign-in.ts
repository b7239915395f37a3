// The sign-in pages' verbs: each verifies its proof (passkey, first-admin passkey, login link), then
// starts a session in this browser and sets its cookie. Request-bound (cookies, client address).
import "server-only";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { AppContext } from "@/lib/context";
import { UnauthenticatedError } from "@/lib/errors";
import { isNewDevice, notifyNewDevice } from "@/lib/mail/notifications";
import { INVALID_LINK_MESSAGE, consumeLoginCode, consumeOneTimeAccessToken } from "./one-time-access";
import { loginLinkLimiter, signInLimiter, type SlidingWindowLimiter } from "./rate-limit";
import { parseInput } from "@/lib/validation";
import {
  clearLoginLinkCookie,
  clientIp,
  readLoginLinkToken,
  readSessionToken,
  requestMeta,
  setSessionCookie,
} from "./request";
import { loginCodeFormSchema, oneTimeTokenSchema, type FinishRegistrationInput, type FinishSignInInput, type LoginCodeFormInput } from "./schema";
import { createSession } from "./sessions";
import { finishSetup } from "./setup";
import { beginPasskeySignIn, finishPasskeySignIn, refusedAccountOf } from "./sign-in";
import { recordSignInFailure, startPasskeySession } from "./sign-in-audit";

/**
 * Signs `userId` in on this browser; the browser's previous session (another account, a stale one)
 * ends. A passkey sign-in is audited with its session.
 */
async function startBrowserSession(userId: string, ctx: AppContext, audited = false): Promise<void> {
  const previousToken = await readSessionToken(ctx.server.APP_URL);
  const meta = { ...(await requestMeta(ctx.server)), previousToken };
  const session = audited ? await startPasskeySession(userId, ctx, meta) : await createSession(userId, ctx, meta);
  await setSessionCookie(session.token, ctx.server.APP_URL);
}

/** Options for a passkey sign-in on /login; challenges are limited per client address. */
export async function beginSignIn(_input: void, ctx: AppContext): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return beginPasskeySignIn({ clientAddress: await clientIp(ctx.server) }, ctx);
}

/** Where a sign-in may continue instead of the account page: an OpenID Connect sign-in request. */
const CONTINUE_PATH = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

/** The page after a passkey sign-in: `continueTo` when it is an interaction page, else the account page. */
export function pageAfterSignIn(continueTo: unknown): string {
  return typeof continueTo === "string" && CONTINUE_PATH.test(continueTo) ? continueTo : "/settings/account";
}

/**
 * One sign-in attempt, limited per client address: a success forgets the attempt, every refusal
 * (the limit's own included) is audited.
 */
async function limitedAttempt<T>(limiter: SlidingWindowLimiter, method: "passkey" | "login_link", ctx: AppContext, attempt: () => Promise<T>, accountOf?: (error: unknown) => string | undefined): Promise<T> {
  try {
    const forgetAttempt = limiter.attempt(await clientIp(ctx.server));
    const result = await attempt();
    forgetAttempt();
    return result;
  } catch (error) {
    await recordSignInFailure(method, error, ctx, accountOf?.(error));
    throw error;
  }
}

/** Passkey sign-in on /login. */
export async function signInWithPasskey(input: FinishSignInInput, ctx: AppContext): Promise<void> {
  const { userId } = await limitedAttempt(signInLimiter(), "passkey", ctx, () => finishPasskeySignIn(input, ctx), refusedAccountOf);
  const newDevice = await isNewDevice(userId, ctx);
  await startBrowserSession(userId, ctx, true);
  if (newDevice) notifyNewDevice(userId, ctx);
}

/** The first administrator's passkey on /setup: creates the account and signs it in. */
export async function completeSetup(input: FinishRegistrationInput, ctx: AppContext): Promise<void> {
  const { userId } = await finishSetup(input, ctx);
  await startBrowserSession(userId, ctx);
}

/** "Continue" on /lc: uses the opened link up and signs its user in, replacing whoever was signed in. */
export async function signInWithLoginLink(_input: void, ctx: AppContext): Promise<void> {
  const { session } = await limitedAttempt(loginLinkLimiter(), "login_link", ctx, async () => {
    const parsed = oneTimeTokenSchema.safeParse(await readLoginLinkToken(ctx.server.APP_URL));
    if (!parsed.success) throw new UnauthenticatedError(INVALID_LINK_MESSAGE, "invalid_link");
    // Whoever was signed in on this browser before is signed out: the link decides the account.
    const previousToken = await readSessionToken(ctx.server.APP_URL);
    return consumeOneTimeAccessToken(parsed.data, ctx, { ...(await requestMeta(ctx.server)), previousToken });
  });
  await clearLoginLinkCookie(ctx.server.APP_URL);
  await setSessionCookie(session.token, ctx.server.APP_URL);
}

/**
 * "Sign in" on /login/code: the typed code of a short-lived link. Shares the login-link attempt
 * limit per client address (10 a minute), so guessing among ~887 million codes goes nowhere.
 */
export async function signInWithLoginCode(input: LoginCodeFormInput, ctx: AppContext): Promise<void> {
  const { session } = await limitedAttempt(loginLinkLimiter(), "login_link", ctx, async () => {
    const { code } = parseInput(loginCodeFormSchema, input);
    const previousToken = await readSessionToken(ctx.server.APP_URL);
    return consumeLoginCode(code, ctx, { ...(await requestMeta(ctx.server)), previousToken });
  });
  await setSessionCookie(session.token, ctx.server.APP_URL);
}
