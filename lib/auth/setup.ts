// First-admin setup. The account and its passkey are created together, in one transaction, after
// the passkey verifies: no user row ever exists without a passkey, and an abandoned setup leaves
// nothing behind, so /setup stays usable until it succeeds. Until then the pending account lives
// only in the setup challenge's payload.
import "server-only";
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { users, webauthnCredentials } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { passkeyCreationOptions, verifyNewPasskey, type NewPasskey } from "./passkey-ceremony";
import { finishRegistrationSchema, setupSchema, type FinishRegistrationInput, type SetupInput } from "./schema";
import { displayNameOf } from "@/lib/users/profile";
import { consumeChallenge, issueChallenge, relyingParty } from "./webauthn";

export const SETUP_DONE_MESSAGE = "Setup is already complete. Sign in with your passkey instead.";

const pendingAdminSchema = setupSchema.extend({ id: z.uuid() });
export type PendingAdmin = z.output<typeof pendingAdminSchema>;
export type SetupDetails = z.output<typeof setupSchema>;

/** True while the instance has no user at all: only then is /setup available. */
export async function isSetupPending(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.db.select({ one: sql<number>`1` }).from(users).limit(1);
  return !row;
}

/** Starts setup: options for the admin's passkey; the account is remembered with the challenge. */
export async function beginSetup(input: SetupInput, ctx: AppContext): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const details: SetupDetails = parseInput(setupSchema, input);
  if (!(await isSetupPending(ctx))) throw new ConflictError(SETUP_DONE_MESSAGE, "setup_done");
  const pending: PendingAdmin = { ...details, id: crypto.randomUUID() };
  const challenge = await issueChallenge("setup", ctx, { payload: pending });
  return passkeyCreationOptions(
    { id: pending.id, username: pending.username, displayName: displayNameOf(pending) },
    challenge,
    await relyingParty(ctx),
  );
}

/** Finishes setup once the browser created the passkey; returns the new admin's id. */
export async function finishSetup(input: FinishRegistrationInput, ctx: AppContext): Promise<{ userId: string }> {
  const { response } = parseInput(finishRegistrationSchema, input);
  const { challenge, payload } = await consumeChallenge(response.response.clientDataJSON, "setup", ctx);
  const pending = parseInput(pendingAdminSchema, payload);
  const passkey = await verifyNewPasskey(response, challenge, await relyingParty(ctx));
  return createInitialAdmin(pending, passkey, ctx);
}

/**
 * Creates the first admin with their passkey, atomically. The users table is locked against
 * concurrent inserts for the check, so of two setups finishing at once exactly one wins.
 */
export async function createInitialAdmin(pending: PendingAdmin, passkey: NewPasskey, ctx: AppContext): Promise<{ userId: string }> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${users} in share row exclusive mode`);
    const [existing] = await tx.select({ one: sql<number>`1` }).from(users).limit(1);
    if (existing) throw new ConflictError(SETUP_DONE_MESSAGE, "setup_done");
    await tx.insert(users).values({
      id: pending.id,
      username: pending.username,
      email: pending.email || null,
      firstName: pending.firstName,
      lastName: pending.lastName,
      displayName: displayNameOf(pending),
      isAdmin: true,
    });
    await tx.insert(webauthnCredentials).values({ userId: pending.id, name: "Passkey", ...passkey });
    ctx.log.info("First administrator created", { username: pending.username });
    return { userId: pending.id };
  });
}
