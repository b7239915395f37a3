"use client";

import { useState } from "react";
import Link from "next/link";
import { FormProvider } from "react-hook-form";
import { createOidcClientAction } from "@/app/settings/admin/oidc-clients/actions";
import { oidcClientFieldsSchema, type OidcClientFields } from "@/lib/oidc/schema";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { buttonClassName } from "@/components/ui/button-styles";
import { CopyableValue } from "@/components/ui/copyable-value";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { ClientFields } from "./client-fields";
import { ClientSecret } from "./client-secret";

const EMPTY: OidcClientFields = {
  name: "",
  callbackUrls: [""],
  logoutCallbackUrls: [],
  isPublic: false,
  pkceRequired: false,
  allowedGroups: [],
  launchUrl: "",
};

/** The Add application form; once created, the client id and the secret (shown this once). */
export function CreateClientForm() {
  const [created, setCreated] = useState<{ clientId: string; clientSecret: string | null } | null>(null);
  const { form, submit } = useActionForm({
    schema: oidcClientFieldsSchema,
    defaultValues: EMPTY,
    action: createOidcClientAction,
    failureTitle: "Application not created",
    onSuccess: (result) => {
      setCreated(result);
      toast.success("Application created");
    },
  });

  if (created) {
    return (
      <div className="grid gap-5" role="region" aria-label="Application created">
        <dl>
          <CopyableValue label="Client ID" value={created.clientId} />
        </dl>
        {created.clientSecret ? (
          <ClientSecret id="created-client-secret" secret={created.clientSecret} />
        ) : (
          <p className="text-sm text-muted-foreground">A public client has no secret: the application signs in with PKCE.</p>
        )}
        <div>
          <Link href={`/settings/admin/oidc-clients/${created.clientId}`} className={buttonClassName()}>
            Continue to the application
          </Link>
        </div>
      </div>
    );
  }
  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit}>
        <FormGrid>
          <ClientFields idPrefix="create-client" editing={false} />
          <FormGridFull className="flex justify-end">
            <Button type="submit" loading={form.formState.isSubmitting}>
              Create
            </Button>
          </FormGridFull>
        </FormGrid>
      </form>
    </FormProvider>
  );
}
