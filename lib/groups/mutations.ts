// Changing local groups. LDAP groups are refused while LDAP is enabled (lib/users/ldap-rule.ts).
import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { userGroups, type UserGroup } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { recordAudit } from "@/lib/audit/record";
import { withUniqueFieldErrors, type Tx } from "@/lib/db/helpers";
import { isGroupEditable, isLdapEnabled, managedByLdapError } from "@/lib/users/ldap-rule";
import { groupFieldsSchema, groupIdSchema, updateGroupSchema, type GroupFieldsInput, type UpdateGroupInput } from "./schema";

const NAME_TAKEN = "A group with this name already exists.";
const UNIQUE_INDEXES = { user_groups_name_lower_unique: { field: "name", message: NAME_TAKEN } };

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: userGroups.id })
    .from(userGroups)
    .where(and(sql`lower(${userGroups.name}) = lower(${name})`, exceptId ? ne(userGroups.id, exceptId) : undefined));
  if (clash) throw new ValidationError(NAME_TAKEN, { name: [NAME_TAKEN] }, "duplicate");
}

/** Locks the group row; refuses an LDAP group while LDAP is enabled. */
export async function lockEditableGroup(tx: Tx, id: string, ldapEnabled: boolean): Promise<UserGroup> {
  const [group] = await tx.select().from(userGroups).where(eq(userGroups.id, id)).for("update");
  if (!group) throw new NotFoundError("Group not found.");
  if (!isGroupEditable(group, ldapEnabled)) throw managedByLdapError("group", group.name);
  return group;
}

export async function createGroup(input: GroupFieldsInput, ctx: AppContext): Promise<UserGroup> {
  const actor = requireAdmin(ctx);
  const values = parseInput(groupFieldsSchema, input);
  const group = await withUniqueFieldErrors(UNIQUE_INDEXES, () =>
    ctx.db.transaction(async (tx) => {
      await assertNameFree(tx, values.name);
      const [created] = await tx.insert(userGroups).values(values).returning();
      await recordAudit({ event: "group.created", target: { type: "group", id: created.id, name: created.name } }, { ...ctx, db: tx });
      return created;
    }),
  );
  ctx.log.info("Group created", { groupId: group.id, name: group.name, by: actor.userId });
  return group;
}

export async function updateGroup(input: UpdateGroupInput, ctx: AppContext): Promise<UserGroup> {
  const actor = requireAdmin(ctx);
  const { id, ...values } = parseInput(updateGroupSchema, input);
  const ldapEnabled = await isLdapEnabled(ctx);
  const group = await withUniqueFieldErrors(UNIQUE_INDEXES, () =>
    ctx.db.transaction(async (tx) => {
      const before = await lockEditableGroup(tx, id, ldapEnabled);
      await assertNameFree(tx, values.name, id);
      const [updated] = await tx.update(userGroups).set({ ...values, updatedAt: new Date() }).where(eq(userGroups.id, id)).returning();
      const changed = (Object.keys(values) as (keyof typeof values)[]).filter((key) => before[key] !== updated[key]);
      if (changed.length) {
        await recordAudit({ event: "group.updated", target: { type: "group", id, name: updated.name }, details: { changed } }, { ...ctx, db: tx });
      }
      return updated;
    }),
  );
  ctx.log.info("Group updated", { groupId: id, name: group.name, by: actor.userId });
  return group;
}

export async function deleteGroup(id: string, ctx: AppContext): Promise<void> {
  const actor = requireAdmin(ctx);
  const groupId = parseInput(groupIdSchema, id);
  const ldapEnabled = await isLdapEnabled(ctx);
  const group = await ctx.db.transaction(async (tx) => {
    const locked = await lockEditableGroup(tx, groupId, ldapEnabled);
    await tx.delete(userGroups).where(eq(userGroups.id, groupId)); // memberships cascade
    await recordAudit({ event: "group.deleted", target: { type: "group", id: groupId, name: locked.name } }, { ...ctx, db: tx });
    return locked;
  });
  ctx.log.info("Group deleted", { groupId, name: group.name, by: actor.userId });
}
