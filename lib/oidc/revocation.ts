// Revocation follows the directory: a disabled user, or one signed out everywhere, loses every
// OpenID Connect session, grant, code and token at once (a deleted user's go by ON DELETE CASCADE).
import "server-only";
import { inArray } from "drizzle-orm";
import { oidcPayloads } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";

/** Runs inside the caller's transaction (`tx`), so the revocation commits with the change. */
export async function revokeUserOidcState(userIds: readonly string[], tx: Pick<Db, "delete">): Promise<void> {
  if (userIds.length) await tx.delete(oidcPayloads).where(inArray(oidcPayloads.accountId, [...userIds]));
}
