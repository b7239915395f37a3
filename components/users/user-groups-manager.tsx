"use client";

import { useCallback, useTransition } from "react";
import Link from "next/link";
import { addUserToGroupsAction, removeUserFromGroupsAction, searchGroupsAction } from "@/app/settings/admin/users/[id]/actions";
import type { UserGroupMembership } from "@/lib/users/get";
import { RowActionButton } from "@/components/ui/row-action-button";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { SourceBadge } from "./badges";
import { PickerDialog } from "./picker-dialog";

/**
 * A user's groups. Local groups (every group while LDAP is off) can be joined and left here, for
 * LDAP users too; LDAP groups are listed read-only: the directory decides their members.
 */
type UserGroupsManagerProps = { userId: string; username: string; groups: UserGroupMembership[]; ldapEnabled: boolean };

export function UserGroupsManager({ userId, username, groups, ldapEnabled }: UserGroupsManagerProps) {
  const [pending, startTransition] = useTransition();

  const search = useCallback(async (q: string) => {
    const result = await searchGroupsAction({ q, excludeUserId: userId });
    return result.ok
      ? { ok: true as const, data: result.data.map((group) => ({ id: group.id, label: group.name, detail: group.friendlyName })) }
      : result;
  }, [userId]);

  async function add(groupIds: string[]) {
    const result = await addUserToGroupsAction({ userId, groupIds });
    if (!result.ok) toast.error("Groups not changed", result.message);
    else toast.success(groupIds.length === 1 ? "Added to 1 group" : `Added to ${groupIds.length} groups`);
    return result.ok;
  }

  function remove(group: UserGroupMembership) {
    startTransition(async () => {
      const result = await removeUserFromGroupsAction({ userId, groupIds: [group.id] });
      if (!result.ok) toast.error("Groups not changed", result.message);
      else toast.success(`Removed from ${group.name}`);
    });
  }

  return (
    <div className="grid gap-4">
      <Table>
        <TableColumns columns={["Name", "Friendly name", "Source"]} actions />
        <TableBody>
          {groups.length === 0 && <TableEmpty colSpan={4}>Not in any group.</TableEmpty>}
          {groups.map((group) => (
            <TableRow key={group.id}>
              <TableCell>
                <Link href={`/settings/admin/user-groups/${group.id}`} className="font-medium underline-offset-4 hover:underline">
                  {group.name}
                </Link>
              </TableCell>
              <TableCell>{group.friendlyName}</TableCell>
              <TableCell>
                <SourceBadge ldapId={group.ldapId} />
              </TableCell>
              <TableCell className="text-right">
                {group.editable && (
                  <RowActionButton label="Remove" target={`from ${group.name}`} disabled={pending} onClick={() => remove(group)} />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div>
        <PickerDialog
          actionLabel="Add to groups"
          title={`Add ${username} to groups`}
          description={
            ldapEnabled ? "Local groups only: LDAP groups get their members from the directory." : "Choose one or more groups."
          }
          searchLabel="Search groups"
          search={search}
          onAdd={add}
        />
      </div>
    </div>
  );
}
