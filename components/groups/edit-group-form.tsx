"use client";

import { FormProvider } from "react-hook-form";
import { updateGroupAction } from "@/app/settings/admin/user-groups/[id]/actions";
import { groupFieldsSchema, type GroupFieldsInput } from "@/lib/groups/schema";
import { SaveRow } from "@/components/forms/save-row";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormGrid } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { GroupFields } from "./group-fields";

/** Renames a local group; the server action validates again with the same schema. */
export function EditGroupForm({ groupId, values }: { groupId: string; values: GroupFieldsInput }) {
  const { form, submit } = useActionForm({
    schema: groupFieldsSchema,
    defaultValues: values,
    action: (next: GroupFieldsInput) => updateGroupAction({ ...next, id: groupId }),
    failureTitle: "Group not saved",
    onSuccess: (_, next) => {
      form.reset(next);
      toast.success("Group saved");
    },
  });

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit}>
        <FormGrid>
          <GroupFields idPrefix="edit-group" />
          <SaveRow form={form} />
        </FormGrid>
      </form>
    </FormProvider>
  );
}
