"use client";

import { accountDetailsSchema, type AccountDetailsInput } from "@/lib/auth/schema";
import { updateAccountAction } from "@/app/settings/account/actions";
import { SaveRow } from "@/components/forms/save-row";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { FormGrid } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";

/** The user's own details; LDAP-managed accounts see them read-only (the directory owns them). */
export function AccountDetailsForm({ details, readOnly }: { details: AccountDetailsInput; readOnly: boolean }) {
  const { form, submit } = useActionForm({
    schema: accountDetailsSchema,
    defaultValues: details,
    action: updateAccountAction,
    failureTitle: "Account not saved",
    onSuccess: (_, values) => {
      form.reset(values);
      toast.success("Account saved");
    },
  });
  const { errors } = form.formState;

  return (
    <form noValidate onSubmit={submit}>
      <FormGrid>
        <FormField id="account-first-name" label="First name" error={errors.firstName?.message}>
          <Input autoComplete="given-name" readOnly={readOnly} {...form.register("firstName")} />
        </FormField>
        <FormField id="account-last-name" label="Last name" error={errors.lastName?.message}>
          <Input autoComplete="family-name" readOnly={readOnly} {...form.register("lastName")} />
        </FormField>
        <FormField id="account-username" label="Username" error={errors.username?.message}>
          <Input autoComplete="username" autoCapitalize="none" spellCheck={false} readOnly={readOnly} {...form.register("username")} />
        </FormField>
        <FormField id="account-email" label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" readOnly={readOnly} {...form.register("email")} />
        </FormField>
        {!readOnly && <SaveRow form={form} />}
      </FormGrid>
    </form>
  );
}
