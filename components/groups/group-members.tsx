"use client";

import { useCallback, useTransition } from "react";
import Link from "next/link";
import { addGroupMembersAction, removeGroupMembersAction, searchUsersAction } from "@/app/settings/admin/user-groups/[id]/actions";
import type { UserListItem } from "@/lib/users/list";
import { RowActionButton } from "@/components/ui/row-action-button";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { UserAvatar } from "@/components/users/user-avatar";
import { SourceBadge, StatusBadge } from "@/components/users/badges";
import { PickerDialog } from "@/components/users/picker-dialog";
import { displayNameOf } from "@/lib/users/profile";

type GroupMembersProps = {
  group: { id: string; name: string };
  members: UserListItem[];
  /** Local group (or LDAP off): members can be added and removed here. */
  editable: boolean;
  emptyText: string;
};

/** One page of a group's members; for local groups with "Remove" per member and an "Add members" picker. */
export function GroupMembers({ group, members, editable, emptyText }: GroupMembersProps) {
  const [pending, startTransition] = useTransition();

  const search = useCallback(async (q: string) => {
    const result = await searchUsersAction({ q, excludeGroupId: group.id });
    if (!result.ok) return result;
    return {
      ok: true as const,
      data: result.data.map((user) => ({
        id: user.id,
        label: user.username,
        detail: user.email ?? undefined,
        badge: user.ldapId ? <SourceBadge ldapId={user.ldapId} /> : undefined,
      })),
    };
  }, [group.id]);

  async function add(userIds: string[]) {
    const result = await addGroupMembersAction({ groupId: group.id, userIds });
    if (!result.ok) toast.error("Members not added", result.message);
    else toast.success(userIds.length === 1 ? "Member added" : `${userIds.length} members added`);
    return result.ok;
  }

  function remove(member: UserListItem) {
    startTransition(async () => {
      const result = await removeGroupMembersAction({ groupId: group.id, userIds: [member.id] });
      if (!result.ok) toast.error("Member not removed", result.message);
      else toast.success(`${member.username} removed from ${group.name}`);
    });
  }

  return (
    <div className="grid gap-4">
      {editable && (
        <div>
          <PickerDialog
            actionLabel="Add members"
            title={`Add members to ${group.name}`}
            description="Search by username, name or e-mail; LDAP users may join local groups too."
            searchLabel="Search users"
            search={search}
            onAdd={add}
          />
        </div>
      )}
      <Table>
        <TableColumns columns={["Username", "Name", "Email", "Source", "Status"]} actions={editable} />
        <TableBody>
          {members.length === 0 && <TableEmpty colSpan={editable ? 6 : 5}>{emptyText}</TableEmpty>}
          {members.map((member) => (
            <TableRow key={member.id}>
              <TableCell>
                <span className="flex items-center gap-2">
                  <UserAvatar user={member} />
                  <Link href={`/settings/admin/users/${member.id}`} className="font-medium underline-offset-4 hover:underline">
                    {member.username}
                  </Link>
                </span>
              </TableCell>
              <TableCell>{displayNameOf(member)}</TableCell>
              <TableCell className="text-muted-foreground">{member.email ?? "—"}</TableCell>
              <TableCell>
                <SourceBadge ldapId={member.ldapId} />
              </TableCell>
              <TableCell>
                <StatusBadge disabled={member.disabled} />
              </TableCell>
              {editable && (
                <TableCell className="text-right">
                  <RowActionButton label="Remove" target={member.username} disabled={pending} onClick={() => remove(member)} />
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
