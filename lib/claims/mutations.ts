// Setting the custom claims of a user or a group: the editor sends the whole list, the verb writes
// only what differs, in one transaction with its audit row. Allowed for LDAP users and groups too:
// claims are not directory data. Claims the sync maps from LDAP are never touched here.
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { groupCustomClaims, userCustomClaims, userGroups, users } from "@/lib/db/schema";
import type { Tx } from "@/lib/db/helpers";
import type { AppContext } from "@/lib/context";
import type { AuditEvent } from "@/lib/audit/events";
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

type StoredClaim = { key: string; value: string };

/** Where one owner's editable claims live; `lock` returns the owner's name, or undefined when it is gone. */
interface ClaimOwner {
  kind: "user" | "group";
  id: string;
  event: AuditEvent;
  lock(tx: Tx): Promise<string | undefined>;
  stored(tx: Tx): Promise<StoredClaim[]>;
  remove(tx: Tx, keys: string[]): Promise<unknown>;
  upsert(tx: Tx, claims: ClaimInput[]): Promise<unknown>;
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
  return { changes, upsert };
}

const upsertSet = { value: sql`excluded.value`, updatedAt: sql`now()` };

function userOwner(userId: string): ClaimOwner {
  const own = and(eq(userCustomClaims.userId, userId), eq(userCustomClaims.source, "admin"));
  return {
    kind: "user",
    id: userId,
    event: "user.claims_changed",
    lock: async (tx) => (await tx.select({ name: users.username }).from(users).where(eq(users.id, userId)).for("update"))[0]?.name,
    stored: (tx) => tx.select({ key: userCustomClaims.key, value: userCustomClaims.value }).from(userCustomClaims).where(own),
    remove: (tx, keys) => tx.delete(userCustomClaims).where(and(own, inArray(userCustomClaims.key, keys))),
    upsert: (tx, claims) =>
      tx
        .insert(userCustomClaims)
        .values(claims.map((claim) => ({ userId, source: "admin" as const, ...claim })))
        .onConflictDoUpdate({ target: [userCustomClaims.userId, userCustomClaims.source, userCustomClaims.key], set: upsertSet }),
  };
}

function groupOwner(groupId: string): ClaimOwner {
  const own = eq(groupCustomClaims.groupId, groupId);
  return {
    kind: "group",
    id: groupId,
    event: "group.claims_changed",
    lock: async (tx) => (await tx.select({ name: userGroups.name }).from(userGroups).where(eq(userGroups.id, groupId)).for("update"))[0]?.name,
    stored: (tx) => tx.select({ key: groupCustomClaims.key, value: groupCustomClaims.value }).from(groupCustomClaims).where(own),
    remove: (tx, keys) => tx.delete(groupCustomClaims).where(and(own, inArray(groupCustomClaims.key, keys))),
    upsert: (tx, claims) =>
      tx
        .insert(groupCustomClaims)
        .values(claims.map((claim) => ({ groupId, ...claim })))
        .onConflictDoUpdate({ target: [groupCustomClaims.groupId, groupCustomClaims.key], set: upsertSet }),
  };
}

async function replaceClaims(owner: ClaimOwner, claims: ClaimInput[], actorId: string | null, ctx: AppContext): Promise<ClaimChanges> {
  const changes = await ctx.db.transaction(async (tx) => {
    // Locking the owner orders concurrent saves; a deleted owner is not found.
    const name = await owner.lock(tx);
    if (name === undefined) throw new NotFoundError(owner.kind === "user" ? "User not found." : "Group not found.");
    const stored = await owner.stored(tx);
    const { changes, upsert } = diffClaims(new Map(stored.map((row) => [row.key, row.value])), claims);
    if (!upsert.length && !changes.removed.length) return changes;
    if (changes.removed.length) await owner.remove(tx, changes.removed);
    if (upsert.length) await owner.upsert(tx, upsert);
    await recordAudit({ event: owner.event, target: { type: owner.kind, id: owner.id, name }, details: { ...changes } }, { ...ctx, db: tx });
    return changes;
  });
  const counts = { added: changes.added.length, changed: changes.changed.length, removed: changes.removed.length };
  ctx.log.info(owner.kind === "user" ? "User claims saved" : "Group claims saved", { [`${owner.kind}Id`]: owner.id, ...counts, by: actorId });
  return changes;
}

/** Replaces the administrator's claims of a user (LDAP-mapped ones stay as the sync wrote them). */
export async function setUserClaims(input: SetUserClaimsInput, ctx: AppContext): Promise<ClaimChanges> {
  const actor = requireAdmin(ctx);
  const { userId, claims } = parseInput(setUserClaimsSchema, input);
  return replaceClaims(userOwner(userId), claims, actor.userId, ctx);
}

/** Replaces a group's claims; its members receive them below their own (lib/claims/precedence.ts). */
export async function setGroupClaims(input: SetGroupClaimsInput, ctx: AppContext): Promise<ClaimChanges> {
  const actor = requireAdmin(ctx);
  const { groupId, claims } = parseInput(setGroupClaimsSchema, input);
  return replaceClaims(groupOwner(groupId), claims, actor.userId, ctx);
}
