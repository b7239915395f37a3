// Login links not used yet are a way in: whatever ends a user's access (signing them out everywhere,
// disabling or deleting them) also drops these, and a new link replaces the user's older ones.
import { and, eq, isNull } from "drizzle-orm";
import { oneTimeAccessTokens } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/helpers";

/** Deletes the user's unused login links; returns how many. */
export async function deleteUnusedLoginLinks(db: Db | Tx, userId: string): Promise<number> {
  const deleted = await db
    .delete(oneTimeAccessTokens)
    .where(and(eq(oneTimeAccessTokens.userId, userId), isNull(oneTimeAccessTokens.usedAt)))
    .returning({ id: oneTimeAccessTokens.id });
  return deleted.length;
}
