import Link from "next/link";
import { Table, TableBody, TableCell, TableColumns, TableEmpty, TableRow } from "@/components/ui/table";
import type { GroupListItem } from "@/lib/groups/list";
import { SourceBadge } from "@/components/users/badges";

/** The groups list; names link to the group's page. */
export function GroupsTable({ groups, emptyText }: { groups: GroupListItem[]; emptyText: string }) {
  return (
    <Table>
      <TableColumns columns={["Friendly name", "Name", "Members", "Source"]} />
      <TableBody>
        {groups.length === 0 && <TableEmpty colSpan={4}>{emptyText}</TableEmpty>}
        {groups.map((group) => (
          <TableRow key={group.id}>
            <TableCell>
              <Link href={`/settings/admin/user-groups/${group.id}`} className="font-medium underline-offset-4 hover:underline">
                {group.friendlyName || group.name}
              </Link>
            </TableCell>
            <TableCell className="font-mono text-xs">{group.name}</TableCell>
            <TableCell className="tabular-nums">{group.memberCount.toLocaleString("en-US")}</TableCell>
            <TableCell>
              <SourceBadge ldapId={group.ldapId} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
