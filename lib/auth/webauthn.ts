// The relying party (derived from APP_URL) and the single-use challenge store shared by setup,
// passkey registration and sign-in.
import "server-only";
import crypto from "node:crypto";
import { and, desc, eq, lt, notInArray, sql } from "drizzle-orm";
import { webauthnChallenges } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { getSettings } from "@/lib/config";
import type { Settings } from "@/lib/config/settings";
import { UnauthenticatedError, errorMessage } from "@/lib/errors";

/** How long a browser has to answer a ceremony; the WebAuthn timeout is set to the same. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * Outstanding challenges one client address may hold; past it, its oldest are dropped. Dropping
 * (rather than refusing) keeps the newest ceremony working: a person answers within seconds, and
 * the sign-in limiter bounds how fast one address can push older ones out.
 */
export const MAX_CHALLENGES_PER_ADDRESS = 20;

export type ChallengePurpose = "registration" | "authentication" | "setup";

export interface RelyingParty {
  /** Host name of APP_URL: passkeys are bound to it. */
  rpID: string;
  /** APP_URL's origin: the only page allowed to use the passkeys. */
  origin: string;
  rpName: string;
  userVerification: Settings["PASSKEY_USER_VERIFICATION"];
}

export async function relyingParty(ctx: AppContext): Promise<RelyingParty> {
  const url = new URL(ctx.server.APP_URL);
  const { values } = await getSettings(ctx);
  return { rpID: url.hostname, origin: url.origin, rpName: values.APP_NAME, userVerification: values.PASSKEY_USER_VERIFICATION };
}

/**
 * Stores a fresh 256-bit challenge and returns its bytes for @simplewebauthn/server, which sends
 * them base64url-encoded: the stored form, and what the browser signs. Expired ones are swept, and
 * an anonymous client's address keeps at most MAX_CHALLENGES_PER_ADDRESS.
 */
export async function issueChallenge(
  purpose: ChallengePurpose,
  ctx: AppContext,
  binding: { userId?: string; payload?: Record<string, unknown>; clientAddress?: string } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(crypto.randomBytes(32));
  const challenge = Buffer.from(bytes).toString("base64url");
  await ctx.db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, sql`now()`));
  await ctx.db.insert(webauthnChallenges).values({
    challenge,
    purpose,
    userId: binding.userId ?? null,
    payload: binding.payload ?? null,
    clientAddress: binding.clientAddress ?? null,
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
  });
  if (binding.clientAddress) await dropOldestChallenges(binding.clientAddress, ctx);
  return bytes;
}

async function dropOldestChallenges(clientAddress: string, ctx: AppContext): Promise<void> {
  const newest = ctx.db
    .select({ id: webauthnChallenges.id })
    .from(webauthnChallenges)
    .where(eq(webauthnChallenges.clientAddress, clientAddress))
    .orderBy(desc(webauthnChallenges.createdAt), desc(webauthnChallenges.id))
    .limit(MAX_CHALLENGES_PER_ADDRESS);
  await ctx.db
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.clientAddress, clientAddress), notInArray(webauthnChallenges.id, newest)));
}

/** The challenge the browser signed, read from its clientDataJSON; null when malformed. */
export function challengeFromClientData(clientDataJSON: string): string | null {
  try {
    const data = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof data.challenge === "string" && data.challenge.length <= 200 ? data.challenge : null;
  } catch {
    return null;
  }
}

/**
 * Deletes and returns the challenge a ceremony answered: each challenge works once, only for its
 * purpose (and user), and only within CHALLENGE_TTL_MS. Throws a message the browser can show.
 */
export async function consumeChallenge(
  clientDataJSON: string,
  purpose: ChallengePurpose,
  ctx: AppContext,
  userId?: string,
): Promise<{ challenge: string; payload: Record<string, unknown> | null }> {
  const challenge = challengeFromClientData(clientDataJSON);
  const conditions = [eq(webauthnChallenges.challenge, challenge ?? ""), eq(webauthnChallenges.purpose, purpose)];
  if (userId) conditions.push(eq(webauthnChallenges.userId, userId));
  const [row] = challenge
    ? await ctx.db
        .delete(webauthnChallenges)
        .where(and(...conditions))
        .returning({ payload: webauthnChallenges.payload, fresh: sql<boolean>`${webauthnChallenges.expiresAt} > now()` })
    : [];
  if (!row) throw new UnauthenticatedError("This passkey request is no longer valid. Start again.");
  if (!row.fresh) throw new UnauthenticatedError("This passkey request expired. Start again.");
  return { challenge: challenge!, payload: row.payload };
}

/** WebAuthn user handle for a user: the 16 bytes of their uuid, stable across all their passkeys. */
export function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ""), "hex"));
}

export function userHandleToId(handle: string): string | null {
  const hex = Buffer.from(handle, "base64url").toString("hex");
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Runs a SimpleWebAuthn verification; a thrown error or an unverified result becomes `failure`
 * (ValidationError for a new passkey, UnauthenticatedError for a sign-in) with a message to show.
 */
export async function verifiedOrThrow<T extends { verified: boolean }>(
  verify: () => Promise<T>,
  failure: new (message: string) => Error,
): Promise<T & { verified: true }> {
  let verification: T;
  try {
    verification = await verify();
  } catch (error) {
    throw new failure(`The passkey could not be verified: ${errorMessage(error)}`);
  }
  if (!verification.verified) throw new failure("The passkey could not be verified. Try again.");
  return verification as T & { verified: true };
}
