"use client";

import { useState } from "react";
import { KeyRound } from "lucide-react";
import { regenerateOidcClientSecretAction } from "@/app/settings/admin/oidc-clients/[id]/actions";
import { useActionRunner } from "@/components/forms/use-action-runner";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SecretDialog } from "./secret-dialog";

/** "Regenerate secret" with confirmation; the new secret is shown once, in a dialog. */
export function RegenerateSecretButton({ client }: { client: { id: string; name: string } }) {
  const run = useActionRunner();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <ConfirmButton
        label="Regenerate secret"
        icon={KeyRound}
        variant="outline"
        title={`Regenerate the secret of ${client.name}?`}
        description="The current secret stops working at once: the application cannot sign users in or refresh until it is given the new one."
        onConfirm={() =>
          run(
            async () => {
              const result = await regenerateOidcClientSecretAction(client.id);
              if (result.ok) setSecret(result.data.clientSecret);
              return result;
            },
            { failure: "Secret not regenerated", success: "New secret created" },
          )
        }
      />
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
