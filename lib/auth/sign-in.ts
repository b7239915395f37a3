// Passkey sign-in with discoverable credentials: the browser picks the account, no username asked.
import "server-only";
import { eq, sql } from "drizzle-orm";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { users, webauthnCredentials } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { DISABLED_ACCOUNT_MESSAGE, UNKNOWN_PASSKEY_MESSAGE } from "./messages";
import { finishSignInSchema, type FinishSignInInput } from "./schema";
import { challengeLimiter } from "./rate-limit";
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge, relyingParty, userHandleToId, verifiedOrThrow } from "./webauthn";

export type AuthenticationResponse = AuthenticationResponseJSON;

/** Shown when the browser offers a passkey this instance does not know (deleted, or another site's). */
export { DISABLED_ACCOUNT_MESSAGE, UNKNOWN_PASSKEY_MESSAGE };

// Refusals after the passkey was found name its account, so the audit log can show the failed
// sign-in in that user's history (keyed by the error object; nothing leaves the server).
const refusedAccounts = new WeakMap<object, string>();

/** The account a refused passkey sign-in was for, when the passkey is registered here. */
export function refusedAccountOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? refusedAccounts.get(error) : undefined;
}

/**
 * Options for navigator.credentials.get(). Anyone may ask, so `clientAddress` (the caller's) is
 * rate-limited and holds at most MAX_CHALLENGES_PER_ADDRESS outstanding challenges.
 */
export async function beginPasskeySignIn(
  input: { clientAddress: string },
  ctx: AppContext,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  challengeLimiter().attempt(input.clientAddress);
  const rp = await relyingParty(ctx);
  const challenge = await issueChallenge("authentication", ctx, { clientAddress: input.clientAddress });
  return generateAuthenticationOptions({
    rpID: rp.rpID,
    challenge,
    timeout: CHALLENGE_TTL_MS,
    userVerification: rp.userVerification,
    allowCredentials: [],
  });
}

/**
 * Verifies a sign-in assertion and returns the user it belongs to. The challenge is consumed
 * first, so a response can be tried once; the counter and last use are recorded.
 */
export async function finishPasskeySignIn(input: FinishSignInInput, ctx: AppContext): Promise<{ userId: string }> {
  const { response } = parseInput(finishSignInSchema, input);
  const { challenge } = await consumeChallenge(response.response.clientDataJSON, "authentication", ctx);
  const [stored] = await ctx.db
    .select({
      id: webauthnCredentials.id,
      credentialId: webauthnCredentials.credentialId,
      publicKey: webauthnCredentials.publicKey,
      counter: webauthnCredentials.counter,
      transports: webauthnCredentials.transports,
      userId: users.id,
      disabled: users.disabled,
    })
    .from(webauthnCredentials)
    .innerJoin(users, eq(users.id, webauthnCredentials.userId))
    .where(eq(webauthnCredentials.credentialId, response.id));
  if (!stored) throw new UnauthenticatedError(UNKNOWN_PASSKEY_MESSAGE, "unknown_passkey");
  // The authenticator names the account it signed for; it must be the credential's owner.
  if (response.response.userHandle && userHandleToId(response.response.userHandle) !== stored.userId) {
    throw new UnauthenticatedError(UNKNOWN_PASSKEY_MESSAGE, "unknown_passkey");
  }
  const rp = await relyingParty(ctx);
  const verification = await verifyForAccount(stored, () => verifiedOrThrow(
    () =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        credential: {
          id: stored.credentialId,
          publicKey: new Uint8Array(stored.publicKey),
          counter: stored.counter,
          transports: stored.transports,
        },
        requireUserVerification: rp.userVerification === "required",
      }),
    UnauthenticatedError,
  ));

  await ctx.db
    .update(webauthnCredentials)
    .set({
      counter: verification.authenticationInfo.newCounter,
      backedUp: verification.authenticationInfo.credentialBackedUp,
      lastUsedAt: sql`now()`,
    })
    .where(eq(webauthnCredentials.id, stored.id));
  ctx.log.info("Signed in with a passkey", { user_id: stored.userId });
  return { userId: stored.userId };
}

/**
 * Runs the signature check; checks after it that the account is enabled, so only the passkey's
 * holder learns that it is disabled. Either refusal is attributed to the account.
 */
async function verifyForAccount<T>(account: { userId: string; disabled: boolean }, verify: () => Promise<T>): Promise<T> {
  try {
    const verification = await verify();
    if (account.disabled) throw new ForbiddenError(DISABLED_ACCOUNT_MESSAGE, "account_disabled");
    return verification;
  } catch (error) {
    if (typeof error === "object" && error !== null) refusedAccounts.set(error, account.userId);
    throw error;
  }
}
