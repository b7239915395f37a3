"use client";

import { LogOut } from "lucide-react";
import { endUserSessionsAction } from "@/app/settings/admin/users/[id]/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { toast } from "@/components/ui/toast";

/** "Sign out everywhere" on a user's page: ends every session of theirs, on every browser. */
export function UserSessions({ userId, username, activeSessions }: { userId: string; username: string; activeSessions: number }) {
  async function endAll(): Promise<boolean> {
    const result = await endUserSessionsAction(userId);
    if (!result.ok) {
      toast.error("Sessions not ended", result.message);
      return false;
    }
    toast.success("Signed out everywhere", `${result.data === 1 ? "1 session" : `${result.data} sessions`} of ${username} ended.`);
    return true;
  }
  return (
    <ConfirmButton
      label="Sign out everywhere"
      icon={LogOut}
      variant="outline"
      disabled={activeSessions === 0}
      title={`Sign ${username} out everywhere?`}
      description="Every browser signed in as this user is signed out at its next request. Their passkeys stay: remove a lost device's passkey too, or they can sign in with it again."
      onConfirm={endAll}
    />
  );
}
