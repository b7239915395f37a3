"use client";

import { useState } from "react";
import { FormProvider } from "react-hook-form";
import { updateOidcClientAction } from "@/app/settings/admin/oidc-clients/[id]/actions";
import { oidcClientFieldsSchema, type OidcClientFields } from "@/lib/oidc/schema";
import { SaveRow } from "@/components/forms/save-row";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormGrid } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { ClientFields } from "./client-fields";
import { SecretDialog } from "./secret-dialog";

/** A client's settings; saved as a whole and applied to the next sign-in, refresh and userinfo call. */
type EditClientFormProps = { clientId: string; values: OidcClientFields; groupsDeleted: boolean };

export function EditClientForm({ clientId, values, groupsDeleted }: EditClientFormProps) {
  const [secret, setSecret] = useState<string | null>(null);
  const { form, submit } = useActionForm({
    schema: oidcClientFieldsSchema,
    defaultValues: values,
    action: (next: OidcClientFields) => updateOidcClientAction({ ...next, id: clientId }),
    failureTitle: "Application not saved",
    onSuccess: (result, next) => {
      form.reset(next);
      setSecret(result.clientSecret);
      toast.success("Application saved");
    },
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit}>
        <FormGrid>
          <ClientFields idPrefix="edit-client" editing groupsDeleted={groupsDeleted} />
          <SaveRow form={form} />
        </FormGrid>
      </form>
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </FormProvider>
  );
}
