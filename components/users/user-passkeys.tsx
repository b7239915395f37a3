import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { LocalTime } from "@/components/auth/local-time";
import type { UserPasskey } from "@/lib/users/get";

/** The user's passkeys, read-only: users manage their own on their account page. */
export function UserPasskeys({ passkeys }: { passkeys: UserPasskey[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead>Added</TableHead>
          <TableHead>Last used</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {passkeys.length === 0 && <TableEmpty colSpan={3}>No passkey yet: send a login link so the user can add one.</TableEmpty>}
        {passkeys.map((passkey) => (
          <TableRow key={passkey.id}>
            <TableCell className="font-medium">{passkey.name}</TableCell>
            <TableCell className="text-muted-foreground">
              <LocalTime iso={passkey.createdAt.toISOString()} />
            </TableCell>
            <TableCell className="text-muted-foreground">
              {passkey.lastUsedAt ? <LocalTime iso={passkey.lastUsedAt.toISOString()} /> : "Never"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
