"use server";

import { getRequestContext } from "@/lib/auth/guards";
import { parseInput, runAction } from "@/lib/http/result";
import { deleteGroup, updateGroup } from "@/lib/groups/mutations";
import { addGroupMembers, removeGroupMembers } from "@/lib/groups/memberships";
import { groupIdSchema, groupMembersSchema, updateGroupSchema } from "@/lib/groups/schema";
import { searchUsersForPicker } from "@/lib/users/list";
import { userPickerQuerySchema } from "@/lib/users/schema";
import { revalidateDirectory } from "../../users/revalidate";

// A group's page. The verbs check the caller is an admin and refuse LDAP groups while LDAP is enabled.

export async function updateGroupAction(values: unknown) {
  return runAction(async () => {
    await updateGroup(parseInput(updateGroupSchema, values), await getRequestContext());
    revalidateDirectory();
  });
}

export async function deleteGroupAction(id: unknown) {
  return runAction(async () => {
    await deleteGroup(parseInput(groupIdSchema, id), await getRequestContext());
    revalidateDirectory();
  });
}

export async function addGroupMembersAction(values: unknown) {
  return runAction(async () => {
    const added = await addGroupMembers(parseInput(groupMembersSchema, values), await getRequestContext());
    revalidateDirectory();
    return added;
  });
}

export async function removeGroupMembersAction(values: unknown) {
  return runAction(async () => {
    const removed = await removeGroupMembers(parseInput(groupMembersSchema, values), await getRequestContext());
    revalidateDirectory();
    return removed;
  });
}

/** The "Add members" picker's search. */
export async function searchUsersAction(values: unknown) {
  return runAction(async () => searchUsersForPicker(parseInput(userPickerQuerySchema, values), await getRequestContext()));
}
