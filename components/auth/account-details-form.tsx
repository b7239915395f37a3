"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { accountDetailsSchema, type AccountDetailsInput } from "@/lib/auth/schema";
import { updateAccountAction } from "@/app/settings/account/actions";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { applyFieldErrors } from "./form-errors";

const FIELDS = ["username", "email", "firstName", "lastName"] as const;

/** The user's own details; LDAP-managed accounts see them read-only (the directory owns them). */
export function AccountDetailsForm({ details, readOnly }: { details: AccountDetailsInput; readOnly: boolean }) {
  const form = useForm<AccountDetailsInput>({ resolver: zodResolver(accountDetailsSchema), defaultValues: details });
  const { errors, isSubmitting, isDirty } = form.formState;

  async function save(values: AccountDetailsInput) {
    const result = await updateAccountAction(values);
    if (!result.ok) {
      applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
      toast.error("Account not saved", result.message);
      return;
    }
    form.reset(values);
    toast.success("Account saved");
  }

  return (
    <form noValidate onSubmit={form.handleSubmit(save)}>
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
        {!readOnly && (
          <FormGridFull className="flex justify-end">
            <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
              Save
            </Button>
          </FormGridFull>
        )}
      </FormGrid>
    </form>
  );
}
