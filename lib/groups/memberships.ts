// Group membership, from either side (a group's page adds users, a user's page adds groups).
// Decision: a local group may hold any user, LDAP-managed or local; an LDAP group's members come only
// from the directory while LDAP is enabled, so every change touching an LDAP group is refused.
import "server-only";
import { and, inArray } from "drizzle-orm";
import { userGroupMembers, userGroups, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { recordAudit } from "@/lib/audit/record";
import { isGroupEditable, isLdapEnabled, managedByLdapError } from "@/lib/users/ldap-rule";
import { userGroupsChangeSchema, type UserGroupsChangeInput } from "@/lib/users/schema";
import { groupMembersSchema, type GroupMembersInput } from "./schema";

/** Adds or removes every (user, group) pair in one transaction; returns how many memberships changed. */
async function changeMemberships(kind: "add" | "remove", groupIds: string[], userIds: string[], ctx: AppContext): Promise<number> {
  const actor = requireAdmin(ctx);
  const ldapEnabled = await isLdapEnabled(ctx);
  const uniqueGroups = [...new Set(groupIds)];
  const uniqueUsers = [...new Set(userIds)];
  const changed = await ctx.db.transaction(async (tx) => {
    // Locking the groups orders this change against a concurrent rename, delete or LDAP sync of them.
    const groups = await tx
      .select({ id: userGroups.id, name: userGroups.name, ldapId: userGroups.ldapId })
      .from(userGroups)
      .where(inArray(userGroups.id, uniqueGroups))
      .for("update");
    if (groups.length !== uniqueGroups.length) throw new NotFoundError("Group not found.");
    const managed = groups.find((group) => !isGroupEditable(group, ldapEnabled));
    if (managed) throw managedByLdapError("group", managed.name);

    let changedPairs: { groupId: string; userId: string }[];
    if (kind === "remove") {
      changedPairs = await tx
        .delete(userGroupMembers)
        .where(and(inArray(userGroupMembers.groupId, uniqueGroups), inArray(userGroupMembers.userId, uniqueUsers)))
        .returning({ groupId: userGroupMembers.groupId, userId: userGroupMembers.userId });
    } else {
      const found = await tx.select({ id: users.id }).from(users).where(inArray(users.id, uniqueUsers)).for("key share");
      if (found.length !== uniqueUsers.length) throw new NotFoundError("User not found.");
      const pairs = uniqueGroups.flatMap((groupId) => uniqueUsers.map((userId) => ({ groupId, userId })));
      changedPairs = await tx
        .insert(userGroupMembers)
        .values(pairs)
        .onConflictDoNothing()
        .returning({ groupId: userGroupMembers.groupId, userId: userGroupMembers.userId });
    }
    // One row per group whose members changed, naming the users added or removed.
    await recordAudit(
      groups.flatMap((group) => {
        const userIds = changedPairs.filter((pair) => pair.groupId === group.id).map((pair) => pair.userId);
        return userIds.length
          ? [{ event: "group.members_changed" as const, target: { type: "group" as const, id: group.id, name: group.name }, details: { [kind === "add" ? "added" : "removed"]: userIds } }]
          : [];
      }),
      { ...ctx, db: tx },
    );
    return changedPairs.length;
  });
  ctx.log.info(kind === "add" ? "Group members added" : "Group members removed", {
    groups: uniqueGroups.length,
    users: uniqueUsers.length,
    changed,
    by: actor.userId,
  });
  return changed;
}

export async function addGroupMembers(input: GroupMembersInput, ctx: AppContext): Promise<number> {
  requireAdmin(ctx);
  const { groupId, userIds } = parseInput(groupMembersSchema, input);
  return changeMemberships("add", [groupId], userIds, ctx);
}

export async function removeGroupMembers(input: GroupMembersInput, ctx: AppContext): Promise<number> {
  requireAdmin(ctx);
  const { groupId, userIds } = parseInput(groupMembersSchema, input);
  return changeMemberships("remove", [groupId], userIds, ctx);
}

export async function addUserToGroups(input: UserGroupsChangeInput, ctx: AppContext): Promise<number> {
  requireAdmin(ctx);
  const { userId, groupIds } = parseInput(userGroupsChangeSchema, input);
  return changeMemberships("add", groupIds, [userId], ctx);
}

export async function removeUserFromGroups(input: UserGroupsChangeInput, ctx: AppContext): Promise<number> {
  requireAdmin(ctx);
  const { userId, groupIds } = parseInput(userGroupsChangeSchema, input);
  return changeMemberships("remove", groupIds, [userId], ctx);
}
