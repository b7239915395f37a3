"use client";

import { FormProvider } from "react-hook-form";
import { updateUserAction } from "@/app/settings/admin/users/[id]/actions";
import { userProfileSchema, type UserProfileInput } from "@/lib/users/schema";
import { SaveRow } from "@/components/forms/save-row";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormGrid } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { UserProfileFields } from "./user-profile-fields";

/** A local user's profile; the server action validates again with the same schema. */
export function EditUserForm({ userId, profile }: { userId: string; profile: UserProfileInput }) {
  const { form, submit } = useActionForm({
    schema: userProfileSchema,
    defaultValues: profile,
    action: (values: UserProfileInput) => updateUserAction({ ...values, id: userId }),
    failureTitle: "User not saved",
    onSuccess: (_, values) => {
      form.reset(values);
      toast.success("User saved");
    },
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit}>
        <FormGrid>
          <UserProfileFields idPrefix="edit-user" />
          <SaveRow form={form} />
        </FormGrid>
      </form>
    </FormProvider>
  );
}
