// A local user's own profile picture: upload (decoded and re-encoded, never stored as sent) or
// remove. An LDAP user's picture comes from the directory and cannot be changed here.
import "server-only";
import crypto from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { userProfilePictures, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { requireUser } from "@/lib/auth/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/helpers";
import { parseInput } from "@/lib/validation";
import { newPublicToken, PictureError, processPicture } from "./process";
import { uploadPictureSchema, type UploadPictureInput } from "./urls";

export const LDAP_PICTURE_MESSAGE = "Your picture comes from your directory: change it there.";

/** The caller's row, locked; refused for LDAP users (code managed_by_ldap). */
async function lockOwnUser(tx: Tx, ctx: AppContext) {
  const { userId } = requireUser(ctx);
  const [user] = userId ? await tx.select({ id: users.id, username: users.username, ldapId: users.ldapId }).from(users).where(eq(users.id, userId)).for("update") : [];
  if (!user) throw new UnauthenticatedError();
  if (user.ldapId !== null) throw new ForbiddenError(LDAP_PICTURE_MESSAGE, "managed_by_ldap");
  return user;
}

export async function setMyPicture(input: UploadPictureInput, ctx: AppContext): Promise<void> {
  requireUser(ctx);
  const { picture } = parseInput(uploadPictureSchema, input);
  const bytes = Buffer.from(await picture.arrayBuffer());
  let variants;
  try {
    variants = await processPicture(bytes);
  } catch (error) {
    if (!(error instanceof PictureError)) throw error;
    const message = `The file ${error.message}.`;
    throw new ValidationError(message, { picture: [message] });
  }
  await ctx.db.transaction(async (tx) => {
    const user = await lockOwnUser(tx, ctx);
    const row = {
      ...variants,
      publicToken: newPublicToken(),
      url: null,
      sourceHash: crypto.createHash("sha256").update(bytes).digest("hex"),
      updatedAt: sql`now()`,
    };
    await tx.insert(userProfilePictures).values({ userId: user.id, ...row }).onConflictDoUpdate({ target: userProfilePictures.userId, set: row });
    await recordAudit({ event: "user.picture_changed", target: { type: "user", id: user.id, name: user.username } }, { ...ctx, db: tx });
  });
}

export async function removeMyPicture(_input: void, ctx: AppContext): Promise<void> {
  requireUser(ctx);
  await ctx.db.transaction(async (tx) => {
    const user = await lockOwnUser(tx, ctx);
    const removed = await tx.delete(userProfilePictures).where(eq(userProfilePictures.userId, user.id)).returning({ userId: userProfilePictures.userId });
    if (removed.length) await recordAudit({ event: "user.picture_removed", target: { type: "user", id: user.id, name: user.username } }, { ...ctx, db: tx });
  });
}
