import Link from "next/link";
import type { ResolvedClaim } from "@/lib/claims/precedence";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";

/**
 * A user's claims that do not come from their own list: mapped from LDAP by the sync, or given by
 * their groups. Read-only here; "Overridden" marks a value that a source earlier in the order replaces.
 */
export function InheritedClaimsTable({ entries }: { entries: ResolvedClaim[] }) {
  return (
    <Table aria-label="Claims from LDAP and groups">
      <TableColumns columns={["Name", "Value", "Source", "Applies"]} />
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={`${entry.origin.kind === "group" ? entry.origin.groupId : entry.origin.kind}:${entry.key}`}>
            <TableCell className="font-mono">{entry.key}</TableCell>
            <TableCell className="break-all">{entry.value}</TableCell>
            <TableCell>
              {entry.origin.kind === "group" ? (
                <Link href={`/settings/admin/user-groups/${entry.origin.groupId}`} className="underline-offset-4 hover:underline">
                  Group {entry.origin.groupName}
                </Link>
              ) : (
                <Badge variant="ldap">LDAP</Badge>
              )}
            </TableCell>
            <TableCell>{entry.effective ? "Yes" : <Badge variant="muted">Overridden</Badge>}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
