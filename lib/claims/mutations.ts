// Setting the custom claims of a user or a group: the editor sends the whole list, the verb writes
// only what differs, in one transaction with its audit row. Allowed for LDAP users and groups too:
// claims are not directory data. Claims the sync maps from LDAP are never touched here.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { groupCustomClaims, userCustomClaims, userGroups, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { recordAudit } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { setGroupClaimsSchema, setUserClaimsSchema, type ClaimInput, type SetGroupClaimsInput, type SetUserClaimsInput } from "./schema";

/** Names of the claims a save added, changed and removed (what the audit row records; never values). */
export interface ClaimChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

function diffClaims(before: ReadonlyMap<string, string>, after: readonly ClaimInput[]) {
  const changes: ClaimChanges = { added: [], changed: [], removed: [] };
  const upsert: ClaimInput[] = [];
  for (const claim of after) {
    const old = before.get(claim.key);
    if (old === claim.value) continue;
    (old === undefined ? changes.added : changes.changed).push(claim.key);
    upsert.push(claim);
  }
  const kept = new Set(after.map((claim) => claim.key));
  changes.removed = [...before.keys()].filter((key) => !kept.has(key));
  return { changes, upsert, any: upsert.length + changes.removed.length > 0 };
}

const upsertSet = { value: sql`excluded.value`, updatedAt: sql`now()` };

/** Replaces the administrator's claims of a user (LDAP-mapped ones stay as the sync wrote them). */
export async function setUserClaims(input: SetUserClaimsInput, ctx: AppContext): Promise<ClaimChanges> {
  const actor = requireAdmin(ctx);
  const { userId, claims } = parseInput(setUserClaimsSchema, input);
  const changes = await ctx.db.transaction(async (tx) => {
    // Locking the user orders concurrent saves; a deleted user is not found.
    const [user] = await tx.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new NotFoundError("User not found.");
    const own = and(eq(userCustomClaims.userId, userId), eq(userCustomClaims.source, "admin"));
    const stored = await tx.select({ key: userCustomClaims.key, value: userCustomClaims.value }).from(userCustomClaims).where(own);
    const diff = diffClaims(new Map(stored.map((row) => [row.key, row.value])), claims);
    if (!diff.any) return diff.changes;
    if (diff.changes.removed.length) await tx.delete(userCustomClaims).where(and(own, inArray(userCustomClaims.key, diff.changes.removed)));
    if (diff.upsert.length) {
      await tx
        .insert(userCustomClaims)
        .values(diff.upsert.map((claim) => ({ userId, source: "admin" as const, ...claim })))
        .onConflictDoUpdate({ target: [userCustomClaims.userId, userCustomClaims.source, userCustomClaims.key], set: upsertSet });
    }
    await recordAudit({ event: "user.claims_changed", target: { type: "user", id: userId, name: user.username }, details: { ...diff.changes } }, { ...ctx, db: tx });
    return diff.changes;
  });
  ctx.log.info("User claims saved", { userId, ...counts(changes), by: actor.userId });
  return changes;
}

/** Replaces a group's claims; its members receive them below their own (lib/claims/precedence.ts). */
export async function setGroupClaims(input: SetGroupClaimsInput, ctx: AppContext): Promise<ClaimChanges> {
  const actor = requireAdmin(ctx);
  const { groupId, claims } = parseInput(setGroupClaimsSchema, input);
  const changes = await ctx.db.transaction(async (tx) => {
    const [group] = await tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups).where(eq(userGroups.id, groupId)).for("update");
    if (!group) throw new NotFoundError("Group not found.");
    const own = eq(groupCustomClaims.groupId, groupId);
    const stored = await tx.select({ key: groupCustomClaims.key, value: groupCustomClaims.value }).from(groupCustomClaims).where(own);
    const diff = diffClaims(new Map(stored.map((row) => [row.key, row.value])), claims);
    if (!diff.any) return diff.changes;
    if (diff.changes.removed.length) await tx.delete(groupCustomClaims).where(and(own, inArray(groupCustomClaims.key, diff.changes.removed)));
    if (diff.upsert.length) {
      await tx
        .insert(groupCustomClaims)
        .values(diff.upsert.map((claim) => ({ groupId, ...claim })))
        .onConflictDoUpdate({ target: [groupCustomClaims.groupId, groupCustomClaims.key], set: upsertSet });
    }
    await recordAudit({ event: "group.claims_changed", target: { type: "group", id: groupId, name: group.name }, details: { ...diff.changes } }, { ...ctx, db: tx });
    return diff.changes;
  });
  ctx.log.info("Group claims saved", { groupId, ...counts(changes), by: actor.userId });
  return changes;
}

const counts = (changes: ClaimChanges) => ({ added: changes.added.length, changed: changes.changed.length, removed: changes.removed.length });
