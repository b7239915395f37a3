"use client";

import { LogOut } from "lucide-react";
import { endUserSessionsAction } from "@/app/settings/admin/users/[id]/actions";
import { useActionRunner } from "@/components/forms/use-action-runner";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** "Sign out everywhere" on a user's page: ends every session of theirs, on every browser. */
export function UserSessions({ userId, username, activeSessions }: { userId: string; username: string; activeSessions: number }) {
  const run = useActionRunner();
  return (
    <ConfirmButton
      label="Sign out everywhere"
      icon={LogOut}
      variant="outline"
      disabled={activeSessions === 0}
      title={`Sign ${username} out everywhere?`}
      description="Every browser signed in as this user is signed out at its next request. Their passkeys stay: remove a lost device's passkey too, or they can sign in with it again."
      onConfirm={() =>
        run(() => endUserSessionsAction(userId), {
          failure: "Sessions not ended",
          success: "Signed out everywhere",
          description: (ended) => `${ended === 1 ? "1 session" : `${ended} sessions`} of ${username} ended.`,
        })
      }
    />
  );
}
