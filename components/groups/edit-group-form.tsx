"use client";

import { FormProvider, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { updateGroupAction } from "@/app/settings/admin/user-groups/[id]/actions";
import { groupFieldsSchema, type GroupFieldsInput } from "@/lib/groups/schema";
import { applyFieldErrors } from "@/components/auth/form-errors";
import { Button } from "@/components/ui/button";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { GroupFields } from "./group-fields";

/** Renames a local group; the server action validates again with the same schema. */
export function EditGroupForm({ groupId, values }: { groupId: string; values: GroupFieldsInput }) {
  const form = useForm<GroupFieldsInput>({ resolver: zodResolver(groupFieldsSchema), defaultValues: values });
  const { isSubmitting, isDirty } = form.formState;

  async function save(next: GroupFieldsInput) {
    const result = await updateGroupAction({ ...next, id: groupId });
    if (!result.ok) {
      applyFieldErrors(form.setError, result.fieldErrors, ["name", "friendlyName"]);
      if (!result.fieldErrors) toast.error("Group not saved", result.message);
      return;
    }
    form.reset(next);
    toast.success("Group saved");
  }

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={form.handleSubmit(save)}>
        <FormGrid>
          <GroupFields idPrefix="edit-group" />
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
