"use client";

import { useTransition } from "react";
import { ShieldCheck, ShieldOff, UserCheck, UserX } from "lucide-react";
import { deleteUserAction, setUserAdminAction, setUserDisabledAction } from "@/app/settings/admin/users/[id]/actions";
import type { UserPermissions } from "@/lib/users/ldap-rule";
import type { ActionResult } from "@/lib/http/action-result";
import { useActionRunner } from "@/components/forms/use-action-runner";
import { Button } from "@/components/ui/button";
import { ConfirmDeleteButton } from "@/components/ui/confirm-button";

type UserAccountActionsProps = {
  user: { id: string; username: string; disabled: boolean; isAdmin: boolean };
  permissions: UserPermissions;
};

/** Disable/Enable, Make admin/Remove admin and Delete: only the ones the admin may use are rendered. */
export function UserAccountActions({ user, permissions }: UserAccountActionsProps) {
  const runAction = useActionRunner();
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<ActionResult<unknown>>, success: string, failure: string) {
    startTransition(async () => void (await runAction(action, { success, failure })));
  }

  return (
    <div className="flex flex-wrap gap-2">
      {permissions.setDisabled &&
        (user.disabled ? (
          <Button variant="outline" loading={pending} onClick={() => run(() => setUserDisabledAction({ id: user.id, value: false }), "User enabled", "User not enabled")}>
            <UserCheck aria-hidden="true" />
            Enable
          </Button>
        ) : (
          <Button variant="outline" loading={pending} onClick={() => run(() => setUserDisabledAction({ id: user.id, value: true }), "User disabled", "User not disabled")}>
            <UserX aria-hidden="true" />
            Disable
          </Button>
        ))}
      {permissions.setAdmin &&
        (user.isAdmin ? (
          <Button variant="outline" loading={pending} onClick={() => run(() => setUserAdminAction({ id: user.id, value: false }), "Administrator rights removed", "Rights not changed")}>
            <ShieldOff aria-hidden="true" />
            Remove admin
          </Button>
        ) : (
          <Button variant="outline" loading={pending} onClick={() => run(() => setUserAdminAction({ id: user.id, value: true }), "User is now an administrator", "Rights not changed")}>
            <ShieldCheck aria-hidden="true" />
            Make admin
          </Button>
        ))}
      {permissions.delete && (
        <ConfirmDeleteButton
          disabled={pending}
          title={`Delete user ${user.username}?`}
          description="Their passkeys, sessions, login links and group memberships are removed. This cannot be undone."
          onConfirm={() =>
            runAction(() => deleteUserAction(user.id), {
              failure: "User not deleted",
              success: "User deleted",
              description: `${user.username} and their passkeys are gone.`,
              then: "/settings/admin/users",
            })
          }
        />
      )}
    </div>
  );
}
