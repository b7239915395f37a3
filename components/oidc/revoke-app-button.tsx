"use client";

import { useRouter } from "next/navigation";
import { Ban } from "lucide-react";
import { revokeAuthorizationAction } from "@/app/settings/apps/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { toast } from "@/components/ui/toast";

export function RevokeAppButton({ app }: { app: { clientId: string; name: string } }) {
  const router = useRouter();

  async function revoke(): Promise<boolean> {
    const result = await revokeAuthorizationAction(app.clientId);
    if (!result.ok) {
      toast.error("Access not revoked", result.message);
      return false;
    }
    toast.success(`${app.name} can no longer access your account`);
    router.refresh();
    return true;
  }

  return (
    <ConfirmButton
      label="Revoke"
      icon={Ban}
      variant="outline"
      title={`Revoke access for ${app.name}?`}
      description="It is signed out at its next refresh and asks for your permission again next time."
      onConfirm={revoke}
    />
  );
}
