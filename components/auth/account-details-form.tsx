"use client";

import { accountDetailsSchema, type AccountDetailsInput } from "@/lib/auth/schema";
import { updateAccountAction } from "@/app/settings/account/actions";
import { SaveRow } from "@/components/forms/save-row";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormField } from "@/components/ui/form-field";
import { FormGrid } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";

const LOCKED_HINT = "Fixed while LDAP is enabled.";

/**
 * The user's own details: read-only for LDAP-managed accounts (the directory owns them) and when the
 * administrator turned own-account editing off; username and e-mail are fixed while LDAP is enabled.
 */
export function AccountDetailsForm({
  details,
  readOnly,
  loginFieldsLocked,
}: {
  details: AccountDetailsInput;
  readOnly: boolean;
  loginFieldsLocked: boolean;
}) {
  const loginReadOnly = readOnly || loginFieldsLocked;
  const loginHint = loginFieldsLocked && !readOnly ? LOCKED_HINT : undefined;
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
        <FormField id="account-username" label="Username" description={loginHint} error={errors.username?.message}>
          <Input autoComplete="username" autoCapitalize="none" spellCheck={false} readOnly={loginReadOnly} {...form.register("username")} />
        </FormField>
        <FormField id="account-email" label="Email" description={loginHint} error={errors.email?.message}>
          <Input type="email" autoComplete="email" readOnly={loginReadOnly} {...form.register("email")} />
        </FormField>
        {!readOnly && <SaveRow form={form} />}
      </FormGrid>
    </form>
  );
}
