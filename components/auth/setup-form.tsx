"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { startRegistration } from "@simplewebauthn/browser";
import { KeyRound } from "lucide-react";
import { beginSetupAction, finishSetupAction } from "@/app/setup/actions";
import { setupSchema, type SetupInput } from "@/lib/auth/schema";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormGrid } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { applyFieldErrors } from "@/components/forms/field-errors";
import { passkeyErrorMessage } from "./passkey-errors";
import { FormAlert } from "@/components/ui/form-alert";

const FIELDS = ["username", "email", "firstName", "lastName"] as const;

/** First-admin form: the account is created only once the browser has made its passkey. */
export function SetupForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SetupInput>({
    resolver: zodResolver(setupSchema),
    defaultValues: { username: "", email: "", firstName: "", lastName: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function submit(values: SetupInput) {
    setFormError(null);
    const begin = await beginSetupAction(values);
    if (!begin.ok) {
      applyFieldErrors(form.setError, begin.fieldErrors, FIELDS);
      setFormError(begin.message);
      return;
    }
    let response;
    try {
      response = await startRegistration({ optionsJSON: begin.data });
    } catch (error) {
      setFormError(passkeyErrorMessage(error, "create"));
      return;
    }
    // On success the action signs the admin in and navigates to their account page.
    const finish = await finishSetupAction({ response });
    if (finish && !finish.ok) setFormError(finish.message);
  }

  return (
    <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-6">
      <FormGrid>
        <FormField id="setup-first-name" label="First name" error={errors.firstName?.message}>
          <Input autoComplete="given-name" {...form.register("firstName")} />
        </FormField>
        <FormField id="setup-last-name" label="Last name" error={errors.lastName?.message}>
          <Input autoComplete="family-name" {...form.register("lastName")} />
        </FormField>
        <FormField
          id="setup-username"
          label="Username"
          description="Letters, digits and _ . @ -; starts and ends with a letter or digit."
          error={errors.username?.message}
        >
          <Input autoComplete="username" autoCapitalize="none" spellCheck={false} {...form.register("username")} />
        </FormField>
        <FormField id="setup-email" label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="email" {...form.register("email")} />
        </FormField>
      </FormGrid>
      {formError && <FormAlert>{formError}</FormAlert>}
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">Your browser will then ask you to create a passkey.</p>
        <Button type="submit" loading={isSubmitting}>
          <KeyRound aria-hidden="true" />
          Create account
        </Button>
      </div>
    </form>
  );
}
