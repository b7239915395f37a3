"use client";

import { Ban } from "lucide-react";
import { revokeAuthorizationAction } from "@/app/settings/apps/actions";
import { useActionRunner } from "@/components/forms/use-action-runner";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function RevokeAppButton({ app }: { app: { clientId: string; name: string } }) {
  const run = useActionRunner();
  return (
    <ConfirmButton
      label="Revoke"
      icon={Ban}
      variant="outline"
      title={`Revoke access for ${app.name}?`}
      description="It is signed out at its next refresh and asks for your permission again next time."
      onConfirm={() =>
        run(() => revokeAuthorizationAction(app.clientId), {
          failure: "Access not revoked",
          success: `${app.name} can no longer access your account`,
          then: "refresh",
        })
      }
    />
  );
}
