// A signed-in user's own passkeys: add, list, rename, delete; and an administrator removing a user's.
import "server-only";
import { and, asc, count, eq } from "drizzle-orm";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { users, webauthnCredentials } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ConflictError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { userPasskeySchema, type UserPasskeyInput } from "@/lib/users/schema";
import { recordAudit } from "@/lib/audit/record";
import { notifyPasskeyAdded } from "@/lib/mail/notifications";
import { requireAdmin, requireUser } from "./authorize";
import { passkeyCreationOptions, verifyNewPasskey, type NewPasskey } from "./passkey-ceremony";
import {
  deletePasskeySchema,
  finishRegistrationSchema,
  renamePasskeySchema,
  type DeletePasskeyInput,
  type FinishRegistrationInput,
  type RenamePasskeyInput,
} from "./schema";
import { consumeChallenge, issueChallenge, relyingParty } from "./webauthn";

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
}

export const passkeySummaryColumns = {
  id: webauthnCredentials.id,
  name: webauthnCredentials.name,
  createdAt: webauthnCredentials.createdAt,
  lastUsedAt: webauthnCredentials.lastUsedAt,
  backedUp: webauthnCredentials.backedUp,
};

function signedInUserId(ctx: AppContext): string {
  const { userId } = requireUser(ctx);
  if (!userId) throw new UnauthenticatedError("Sign in as a user to manage passkeys.");
  return userId;
}

export async function listMyPasskeys(_input: void, ctx: AppContext): Promise<PasskeySummary[]> {
  const userId = signedInUserId(ctx);
  return ctx.db
    .select(passkeySummaryColumns)
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .orderBy(asc(webauthnCredentials.createdAt), asc(webauthnCredentials.id));
}

/** Options for navigator.credentials.create(); the challenge is bound to the signed-in user. */
export async function beginPasskeyRegistration(_input: void, ctx: AppContext): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const userId = signedInUserId(ctx);
  const [owner] = await ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  if (!owner) throw new UnauthenticatedError();
  const existing = await ctx.db
    .select({ credentialId: webauthnCredentials.credentialId, transports: webauthnCredentials.transports })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId));
  const challenge = await issueChallenge("registration", ctx, { userId });
  return passkeyCreationOptions(owner, challenge, await relyingParty(ctx), existing);
}

/** Inserts a verified credential; a credential id registered before is a conflict, not a crash. */
export async function insertPasskey(userId: string, passkey: NewPasskey, name: string, ctx: AppContext): Promise<PasskeySummary> {
  const [row] = await ctx.db
    .insert(webauthnCredentials)
    .values({ userId, name, ...passkey })
    .onConflictDoNothing({ target: webauthnCredentials.credentialId })
    .returning(passkeySummaryColumns);
  if (!row) throw new ConflictError("This passkey is already registered.");
  return row;
}

export async function finishPasskeyRegistration(input: FinishRegistrationInput, ctx: AppContext): Promise<PasskeySummary> {
  const userId = signedInUserId(ctx);
  const { response } = parseInput(finishRegistrationSchema, input);
  const { challenge } = await consumeChallenge(response.response.clientDataJSON, "registration", ctx, userId);
  const passkey = await verifyNewPasskey(response, challenge, await relyingParty(ctx));
  const added = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [{ existing }] = await tx.select({ existing: count() }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
    const inserted = await insertPasskey(userId, passkey, existing === 0 ? "Passkey" : `Passkey ${existing + 1}`, txCtx);
    await recordAudit({ event: "passkey.added", target: { type: "user", id: userId }, details: { passkeyId: inserted.id, passkey: inserted.name } }, txCtx);
    return inserted;
  });
  notifyPasskeyAdded(userId, added.name, ctx);
  return added;
}

export async function renameMyPasskey(values: RenamePasskeyInput, ctx: AppContext): Promise<PasskeySummary> {
  const userId = signedInUserId(ctx);
  const input = parseInput(renamePasskeySchema, values);
  const [row] = await ctx.db
    .update(webauthnCredentials)
    .set({ name: input.name })
    .where(and(eq(webauthnCredentials.id, input.passkeyId), eq(webauthnCredentials.userId, userId)))
    .returning(passkeySummaryColumns);
  if (!row) throw new NotFoundError("This passkey does not exist (any more).");
  return row;
}

export const LAST_PASSKEY_MESSAGE =
  "You cannot delete your only passkey: you would have no way to sign in. Add another passkey first.";

/**
 * Deletes passkey `passkeyId` of `userId` in one transaction; NotFoundError when it is not that user's.
 * With `keepLast` the user's only passkey is refused. The user row is locked so two concurrent deletes
 * of a user's last two passkeys cannot both succeed.
 */
async function deletePasskey(userId: string, passkeyId: string, keepLast: boolean, ctx: AppContext): Promise<{ name: string }> {
  return ctx.db.transaction(async (tx) => {
    const [owner] = await tx.select({ username: users.username }).from(users).where(eq(users.id, userId)).for("update");
    const [target] = await tx
      .select({ id: webauthnCredentials.id, name: webauthnCredentials.name })
      .from(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, passkeyId), eq(webauthnCredentials.userId, userId)));
    if (!target) throw new NotFoundError("This passkey does not exist (any more).");
    if (keepLast) {
      const [{ total }] = await tx.select({ total: count() }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
      if (total <= 1) throw new ConflictError(LAST_PASSKEY_MESSAGE, "last_passkey");
    }
    await tx.delete(webauthnCredentials).where(eq(webauthnCredentials.id, target.id));
    await recordAudit(
      { event: "passkey.removed", target: { type: "user", id: userId, name: owner?.username }, details: { passkeyId: target.id, passkey: target.name } },
      { ...ctx, db: tx },
    );
    return target;
  });
}

/** Deletes one of the caller's passkeys, never the last one. */
export async function deleteMyPasskey(input: DeletePasskeyInput, ctx: AppContext): Promise<void> {
  const userId = signedInUserId(ctx);
  await deletePasskey(userId, parseInput(deletePasskeySchema, input).passkeyId, true, ctx);
}

/**
 * An administrator removes a passkey of any user, LDAP-managed or local (e.g. a lost device). Removing
 * a user's last passkey is allowed: the administrator can send them a new login link. Their own last
 * passkey is refused as on the account page, so an administrator cannot lock themselves out.
 */
export async function deletePasskeyOfUser(input: UserPasskeyInput, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  const { userId, passkeyId } = parseInput(userPasskeySchema, input);
  const removed = await deletePasskey(userId, passkeyId, userId === actor.userId, ctx);
  ctx.log.info("Passkey removed by an administrator", { userId, passkeyId, name: removed.name, by: actor.userId });
}
