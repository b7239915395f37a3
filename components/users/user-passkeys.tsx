"use client";

import { useState } from "react";
import { Trash2 } from "lucide-react";
import { removeUserPasskeyAction } from "@/app/settings/admin/users/[id]/actions";
import { RowActionButton } from "@/components/ui/row-action-button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useActionRunner } from "@/components/forms/use-action-runner";
import type { PasskeyRow } from "@/components/auth/passkey-rows";
import { PasskeyTable } from "@/components/auth/passkey-table";

function removalDescription(username: string, isLast: boolean): string {
  if (isLast) return `It will no longer sign ${username} in, and it is their only passkey. They will need a new login link to sign in.`;
  return `It will no longer sign ${username} in. Their other passkeys keep working.`;
}

/**
 * A user's passkeys on their admin page. Users rename and add their own on their account page; an
 * administrator may remove one, e.g. a lost device, for LDAP users too.
 */
export function UserPasskeys({ userId, username, passkeys }: { userId: string; username: string; passkeys: PasskeyRow[] }) {
  const [removing, setRemoving] = useState<PasskeyRow | null>(null);
  const run = useActionRunner();
  const remove = (passkey: PasskeyRow) =>
    run(() => removeUserPasskeyAction({ userId, passkeyId: passkey.id }), {
      failure: "Passkey not removed",
      success: "Passkey removed",
      description: `“${passkey.name}” no longer signs ${username} in.`,
    });

  return (
    <>
      <PasskeyTable
        passkeys={passkeys}
        empty="No passkey yet: send a login link so the user can add one."
        actions={(passkey) => (
          <RowActionButton label="Remove" target={passkey.name} icon={Trash2} onClick={() => setRemoving(passkey)} />
        )}
      />
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
