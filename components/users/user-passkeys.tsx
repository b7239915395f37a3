"use client";

import { useState } from "react";
import { Trash2 } from "lucide-react";
import { removeUserPasskeyAction } from "@/app/settings/admin/users/[id]/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Table, TableBody, TableCell, TableEmpty, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "@/components/auth/local-time";

export interface UserPasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

function removalDescription(username: string, isLast: boolean): string {
  if (isLast) return `It will no longer sign ${username} in, and it is their only passkey. They will need a new login link to sign in.`;
  return `It will no longer sign ${username} in. Their other passkeys keep working.`;
}

/**
 * A user's passkeys on their admin page. Users rename and add their own on their account page; an
 * administrator may remove one, e.g. a lost device, for LDAP users too.
 */
export function UserPasskeys({ userId, username, passkeys }: { userId: string; username: string; passkeys: UserPasskeyRow[] }) {
  const [removing, setRemoving] = useState<UserPasskeyRow | null>(null);

  async function remove(passkey: UserPasskeyRow): Promise<boolean> {
    const result = await removeUserPasskeyAction({ userId, passkeyId: passkey.id });
    if (!result.ok) {
      toast.error("Passkey not removed", result.message);
      return false;
    }
    toast.success("Passkey removed", `“${passkey.name}” no longer signs ${username} in.`);
    return true;
  }

  return (
    <>
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead>Added</TableHead>
            <TableHead>Last used</TableHead>
            <TableHead className="text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {passkeys.length === 0 && <TableEmpty colSpan={4}>No passkey yet: send a login link so the user can add one.</TableEmpty>}
          {passkeys.map((passkey) => (
            <TableRow key={passkey.id}>
              <TableCell className="font-medium">{passkey.name}</TableCell>
              <TableCell className="text-muted-foreground">
                <LocalTime iso={passkey.createdAt} />
              </TableCell>
              <TableCell className="text-muted-foreground">{passkey.lastUsedAt ? <LocalTime iso={passkey.lastUsedAt} /> : "Never"}</TableCell>
              <TableCell>
                <div className="flex justify-end">
                  <Button type="button" variant="ghost" size="sm" onClick={() => setRemoving(passkey)} aria-label={`Remove ${passkey.name}`}>
                    <Trash2 aria-hidden="true" />
                    Remove
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove passkey “${removing?.name ?? ""}”?`}
        description={removalDescription(username, passkeys.length === 1)}
        confirmLabel="Remove"
        onConfirm={() => (removing ? remove(removing) : undefined)}
      />
    </>
  );
}
