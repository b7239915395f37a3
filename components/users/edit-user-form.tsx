"use client";

import { FormProvider, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { updateUserAction } from "@/app/settings/admin/users/[id]/actions";
import { userProfileSchema, type UserProfileInput } from "@/lib/users/schema";
import { applyFieldErrors } from "@/components/auth/form-errors";
import { Button } from "@/components/ui/button";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { UserProfileFields } from "./user-profile-fields";

const FIELDS = ["username", "email", "firstName", "lastName", "displayName"] as const;

/** A local user's profile; the server action validates again with the same schema. */
export function EditUserForm({ userId, profile }: { userId: string; profile: UserProfileInput }) {
  const form = useForm<UserProfileInput>({ resolver: zodResolver(userProfileSchema), defaultValues: profile });
  const { isSubmitting, isDirty } = form.formState;

  async function save(values: UserProfileInput) {
    const result = await updateUserAction({ ...values, id: userId });
    if (!result.ok) {
      applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
      if (!result.fieldErrors) toast.error("User not saved", result.message);
      return;
    }
    form.reset(values);
    toast.success("User saved");
  }

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={form.handleSubmit(save)}>
        <FormGrid>
          <UserProfileFields idPrefix="edit-user" />
          <FormGridFull className="flex justify-end">
            <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
              Save
            </Button>
          </FormGridFull>
        </FormGrid>
      </form>
    </FormProvider>
  );
}
