import Link from "next/link";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LocalTime } from "@/components/auth/local-time";
import type { UserListItem } from "@/lib/users/list";
import type { SortDirection, UserSort } from "@/lib/users/schema";
import { AdminBadge, SourceBadge, StatusBadge } from "./badges";
import { displayNameOf } from "@/lib/users/profile";
import { SortHeader } from "./sort-header";
import { UserAvatar } from "./user-avatar";
import { UserSelectCheckbox } from "./user-selection";

type UsersTableProps = {
  users: UserListItem[];
  sort: { sort: UserSort; dir: SortDirection };
  hrefFor: (sort: UserSort, dir: SortDirection) => string;
  emptyText: string;
  /** A checkbox per row, for "Send login links" (needs a UserSelectionProvider around the table). */
  selectable?: boolean;
};

/** The users list; usernames link to the user's page, column headers sort. */
export function UsersTable({ users, sort, hrefFor, emptyText, selectable = false }: UsersTableProps) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {selectable && (
            <TableHead className="w-8">
              <span className="sr-only">Selected</span>
            </TableHead>
          )}
          <SortHeader label="Username" sort="username" current={sort} hrefFor={hrefFor} />
          <SortHeader label="Name" sort="name" current={sort} hrefFor={hrefFor} />
          <SortHeader label="Email" sort="email" current={sort} hrefFor={hrefFor} />
          <TableHead>Source</TableHead>
          <TableHead>Status</TableHead>
          <SortHeader label="Created" sort="created" current={sort} hrefFor={hrefFor} />
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.length === 0 && <TableEmpty colSpan={selectable ? 7 : 6}>{emptyText}</TableEmpty>}
        {users.map((user) => (
          <TableRow key={user.id}>
            {selectable && (
              <TableCell>
                <UserSelectCheckbox userId={user.id} username={user.username} />
              </TableCell>
            )}
            <TableCell>
              <span className="flex items-center gap-2">
                <UserAvatar user={user} />
                <Link href={`/settings/admin/users/${user.id}`} className="font-medium underline-offset-4 hover:underline">
                  {user.username}
                </Link>
                {user.isAdmin && <AdminBadge />}
              </span>
            </TableCell>
            <TableCell>{displayNameOf(user)}</TableCell>
            <TableCell className="text-muted-foreground">{user.email ?? "—"}</TableCell>
            <TableCell>
              <SourceBadge ldapId={user.ldapId} />
            </TableCell>
            <TableCell>
              <StatusBadge disabled={user.disabled} />
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              <LocalTime iso={user.createdAt.toISOString()} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
