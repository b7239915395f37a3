"use client";

import { useFormContext } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { UserProfileInput } from "@/lib/users/schema";

/** Username, e-mail and names; used inside a FormProvider by the create dialog and the edit form. */
export function UserProfileFields({ idPrefix }: { idPrefix: string }) {
  const {
    register,
    formState: { errors },
  } = useFormContext<UserProfileInput>();
  return (
    <>
      <FormField
        id={`${idPrefix}-username`}
        label="Username"
        description="Letters, digits and _ . @ -; starts and ends with a letter or digit."
        error={errors.username?.message}
      >
        <Input autoComplete="off" autoCapitalize="none" spellCheck={false} {...register("username")} />
      </FormField>
      <FormField id={`${idPrefix}-email`} label="Email" description="Optional." error={errors.email?.message}>
        <Input type="email" autoComplete="off" {...register("email")} />
      </FormField>
      <FormField id={`${idPrefix}-first-name`} label="First name" error={errors.firstName?.message}>
        <Input autoComplete="off" {...register("firstName")} />
      </FormField>
      <FormField id={`${idPrefix}-last-name`} label="Last name" error={errors.lastName?.message}>
        <Input autoComplete="off" {...register("lastName")} />
      </FormField>
      <FormField
        id={`${idPrefix}-display-name`}
        label="Display name"
        description="Leave empty to use the first and last name."
        error={errors.displayName?.message}
      >
        <Input autoComplete="off" {...register("displayName")} />
      </FormField>
    </>
  );
}
