"use server";
// A group's page. The verbs check the caller is an admin and refuse LDAP groups while LDAP is enabled.
import { defineAction, withoutResult } from "@/lib/http/action";
import { setGroupClaims } from "@/lib/claims/mutations";
import { setGroupClaimsSchema } from "@/lib/claims/schema";
import { deleteGroup, updateGroup } from "@/lib/groups/mutations";
import { addGroupMembers, removeGroupMembers } from "@/lib/groups/memberships";
import { groupIdSchema, groupMembersSchema, updateGroupSchema } from "@/lib/groups/schema";
import { searchUsersForPicker } from "@/lib/users/list";
import { userPickerQuerySchema } from "@/lib/users/schema";
import { DIRECTORY_PAGES } from "../../users/revalidate";

const revalidate = DIRECTORY_PAGES;

export const updateGroupAction = defineAction(updateGroupSchema, withoutResult(updateGroup), { revalidate });
export const deleteGroupAction = defineAction(groupIdSchema, deleteGroup, { revalidate });
export const addGroupMembersAction = defineAction(groupMembersSchema, addGroupMembers, { revalidate });
export const removeGroupMembersAction = defineAction(groupMembersSchema, removeGroupMembers, { revalidate });

/** The Custom claims card's "Save"; allowed for LDAP groups too (claims are not directory data). Members' pages show them. */
export const setGroupClaimsAction = defineAction(setGroupClaimsSchema, withoutResult(setGroupClaims), {
  revalidate: (input) => [`/settings/admin/user-groups/${input.groupId}`, { path: "/settings/admin/users/[id]", type: "page" }],
});

/** The "Add members" picker's search. */
export const searchUsersAction = defineAction(userPickerQuerySchema, searchUsersForPicker);
