// First-admin setup. The account and its passkey are created together, in one transaction, after
// the passkey verifies: no user row ever exists without a passkey, and an abandoned setup leaves
// nothing behind, so /setup stays usable until it succeeds. Until then the pending account lives
// only in the setup challenge's payload. Once an administrator exists /setup closes for good.
import "server-only";
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { appConfig, users } from "@/lib/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Queryable } from "@/lib/db/helpers";
import type { AppContext } from "@/lib/context";
import { ConflictError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { insertPasskey } from "./passkeys";
import { passkeyCreationOptions, verifyNewPasskey, type NewPasskey } from "./passkey-ceremony";
import { finishRegistrationSchema, setupSchema, type FinishRegistrationInput, type SetupInput } from "./schema";
import { displayNameOf } from "@/lib/users/profile";
import { consumeChallenge, issueChallenge, relyingParty } from "./webauthn";

export const SETUP_DONE_MESSAGE = "Setup is already complete. Sign in with your passkey instead.";

const pendingAdminSchema = setupSchema.extend({ id: z.uuid() });
export type PendingAdmin = z.output<typeof pendingAdminSchema>;
export type SetupDetails = z.output<typeof setupSchema>;

/**
 * app_config row written once an administrator exists: from then on /setup stays closed, even if
 * every user is deleted later (a wiped directory must not hand the instance to the first visitor).
 * Only the CLI (`reopen-setup`) removes it. Not a setting: lib/config ignores unknown keys.
 */
export const SETUP_CLOSED_KEY = "setup_closed";

const closeSetup = (db: Queryable) => db.insert(appConfig).values({ key: SETUP_CLOSED_KEY, value: "true" }).onConflictDoNothing();

/** True while no administrator has ever existed and the instance has no user: only then is /setup available. */
export async function isSetupPending(ctx: AppContext): Promise<boolean> {
  const [state] = await ctx.db
    .select({
      closed: sql<boolean>`exists (select 1 from ${appConfig} where ${appConfig.key} = ${SETUP_CLOSED_KEY})`,
      admin: sql<boolean>`exists (select 1 from ${users} where ${users.isAdmin})`,
      user: sql<boolean>`exists (select 1 from ${users})`,
    })
    .from(sql`(select 1) as one`);
  // Admins made without /setup (LDAP sync, an upgrade from before the flag) close it as well.
  if (state.admin && !state.closed) await closeSetup(ctx.db);
  return !state.closed && !state.user;
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
    const [closed] = await tx.select({ key: appConfig.key }).from(appConfig).where(eq(appConfig.key, SETUP_CLOSED_KEY));
    if (existing || closed) throw new ConflictError(SETUP_DONE_MESSAGE, "setup_done");
    await closeSetup(tx);
    await tx.insert(users).values({
      id: pending.id,
      username: pending.username,
      email: pending.email || null,
      firstName: pending.firstName,
      lastName: pending.lastName,
      displayName: displayNameOf(pending),
      isAdmin: true,
    });
    const txCtx = { ...ctx, db: tx };
    const added = await insertPasskey(pending.id, passkey, "Passkey", txCtx);
    const self = { type: "user" as const, id: pending.id, name: pending.username };
    await recordAudit(
      [
        { event: "user.created", actorUserId: pending.id, target: self, details: { isAdmin: true, via: "setup" } },
        { event: "passkey.added", actorUserId: pending.id, target: self, details: { passkeyId: added.id, passkey: added.name } },
      ],
      txCtx,
    );
    ctx.log.info("First administrator created", { username: pending.username });
    return { userId: pending.id };
  });
}

export type ReopenOutcome = "open" | "closed-users-remain";

/**
 * The CLI's way back to /setup when no enabled administrator is left: removes the closed flag.
 * /setup then opens only if no user remains (otherwise an existing account would be taken over).
 */
export async function reopenSetup(ctx: AppContext): Promise<ReopenOutcome> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${users} in share row exclusive mode`);
    const [admin] = await tx.select({ username: users.username }).from(users).where(and(eq(users.isAdmin, true), eq(users.disabled, false))).limit(1);
    if (admin) throw new ConflictError(`An enabled administrator exists ("${admin.username}"): sign in as them, or print a login link with one-time-access-token.`);
    await tx.delete(appConfig).where(eq(appConfig.key, SETUP_CLOSED_KEY));
    const [user] = await tx.select({ one: sql<number>`1` }).from(users).limit(1);
    return user ? "closed-users-remain" : "open";
  });
}
