"use client";

import { Trash2 } from "lucide-react";
import { deleteOidcClientAction } from "@/app/settings/admin/oidc-clients/actions";
import { useActionRunner, type ActionOutcome } from "@/components/forms/use-action-runner";
import { ConfirmButton } from "@/components/ui/confirm-button";

/** "Delete" with confirmation: the application's users are signed out of it at their next refresh. */
export function DeleteClientButton({ client, then = "refresh" }: { client: { id: string; name: string }; then?: ActionOutcome<void>["then"] }) {
  const run = useActionRunner();
  return (
    <ConfirmButton
      label="Delete"
      icon={Trash2}
      variant="ghost"
      title={`Delete ${client.name}?`}
      description="Its client id stops working and every grant and token issued to it ends. Users are not affected otherwise."
      onConfirm={() => run(() => deleteOidcClientAction(client.id), { failure: "Application not deleted", success: "Application deleted", then })}
    />
  );
}
