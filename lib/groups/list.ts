// Reading groups: the admin list, one group with its (paginated, searchable) members, and the picker.
import "server-only";
import { and, count, eq, isNull, notExists, sql, type SQL } from "drizzle-orm";
import { userGroupMembers, userGroups, users, type UserGroup } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { requireAdmin } from "@/lib/auth/authorize";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { isGroupEditable, isLdapEnabled, isManagedByLdap } from "@/lib/users/ldap-rule";
import { PICKER_LIMIT, searchCondition, userListColumns, userSearchCondition, type UserListItem } from "@/lib/users/list";
import {
  groupDetailQuerySchema,
  groupListQuerySchema,
  groupPickerQuerySchema,
  type GroupDetailQuery,
  type GroupListQuery,
  type GroupPickerQuery,
} from "./schema";

/** Exactly the expression of the user_groups_search_trgm_idx GIN index. */
const groupSearchDocument = sql`lower(${userGroups.name} || ' ' || ${userGroups.friendlyName})`;

function groupSearchCondition(q: string): SQL | undefined {
  return searchCondition(groupSearchDocument, q);
}

const byName = sql`lower(${userGroups.name})`;

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  q: string;
}

function clampPage(page: number, pageSize: number, total: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(page, pageCount);
  return { page: current, pageCount, offset: (current - 1) * pageSize };
}

export type GroupListItem = Pick<UserGroup, "id" | "name" | "friendlyName" | "ldapId"> & { memberCount: number };

export async function listGroups(input: Partial<GroupListQuery>, ctx: AppContext): Promise<Paged<GroupListItem>> {
  requireAdmin(ctx);
  const { q, page, pageSize } = parseInput(groupListQuerySchema, input);
  const condition = groupSearchCondition(q);
  const [{ total }] = await ctx.db.select({ total: count() }).from(userGroups).where(condition);
  const window = clampPage(page, pageSize, total);
  const items = await ctx.db
    .select({
      id: userGroups.id,
      name: userGroups.name,
      friendlyName: userGroups.friendlyName,
      ldapId: userGroups.ldapId,
      // Per row of the page only, through user_group_members_group_id_idx.
      memberCount: sql<number>`(select count(*)::int from ${userGroupMembers} where ${userGroupMembers.groupId} = ${userGroups.id})`,
    })
    .from(userGroups)
    .where(condition)
    .orderBy(byName)
    .limit(pageSize)
    .offset(window.offset);
  return { items, total, page: window.page, pageSize, pageCount: window.pageCount, q };
}

export interface GroupDetail {
  group: UserGroup;
  memberCount: number;
  /** The members page matching the `q` of the request. */
  members: Paged<UserListItem>;
  ldapEnabled: boolean;
  managedByLdap: boolean;
  editable: boolean;
}

/** Throws NotFoundError for an unknown or malformed id (pages turn it into a 404). */
export async function getGroup(input: Partial<GroupDetailQuery>, ctx: AppContext): Promise<GroupDetail> {
  requireAdmin(ctx);
  const parsed = groupDetailQuerySchema.safeParse(input);
  if (!parsed.success) throw new NotFoundError("Group not found.");
  const { id, q, page, pageSize } = parsed.data;
  const ldapEnabled = await isLdapEnabled(ctx);
  const [group] = await ctx.db.select().from(userGroups).where(eq(userGroups.id, id));
  if (!group) throw new NotFoundError("Group not found.");

  const inGroup = eq(userGroupMembers.groupId, id);
  const [{ memberCount }] = await ctx.db.select({ memberCount: count() }).from(userGroupMembers).where(inGroup);
  const search = userSearchCondition(q);
  const total = search
    ? (await ctx.db.select({ n: count() }).from(userGroupMembers).innerJoin(users, eq(users.id, userGroupMembers.userId)).where(and(inGroup, search)))[0].n
    : memberCount;
  const window = clampPage(page, pageSize, total);
  const items = await ctx.db
    .select(userListColumns)
    .from(userGroupMembers)
    .innerJoin(users, eq(users.id, userGroupMembers.userId))
    .where(and(inGroup, search))
    .orderBy(sql`lower(${users.username})`)
    .limit(pageSize)
    .offset(window.offset);

  return {
    group,
    memberCount,
    members: { items, total, page: window.page, pageSize, pageCount: window.pageCount, q },
    ldapEnabled,
    managedByLdap: isManagedByLdap(group, ldapEnabled),
    editable: isGroupEditable(group, ldapEnabled),
  };
}

export type PickerGroup = Pick<UserGroup, "id" | "name" | "friendlyName" | "ldapId">;

/**
 * Groups matching `q` for a picker: those an administrator may add a user to (local ones while LDAP
 * is enabled), or with `anySource` every group (an application's allowed groups).
 */
export async function searchGroupsForPicker(input: Partial<GroupPickerQuery>, ctx: AppContext): Promise<PickerGroup[]> {
  requireAdmin(ctx);
  const { q, excludeUserId, anySource } = parseInput(groupPickerQuerySchema, input);
  const localOnly = !anySource && (await isLdapEnabled(ctx));
  const notMember = excludeUserId
    ? notExists(
        ctx.db
          .select({ one: sql`1` })
          .from(userGroupMembers)
          .where(and(eq(userGroupMembers.userId, excludeUserId), eq(userGroupMembers.groupId, userGroups.id))),
      )
    : undefined;
  return ctx.db
    .select({ id: userGroups.id, name: userGroups.name, friendlyName: userGroups.friendlyName, ldapId: userGroups.ldapId })
    .from(userGroups)
    .where(and(groupSearchCondition(q), localOnly ? isNull(userGroups.ldapId) : undefined, notMember))
    .orderBy(byName)
    .limit(PICKER_LIMIT);
}
