"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { createGroupAction } from "@/app/settings/admin/user-groups/actions";
import { groupFieldsSchema, type GroupFieldsInput } from "@/lib/groups/schema";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormGrid } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { GroupFields } from "./group-fields";

const EMPTY: GroupFieldsInput = { name: "", friendlyName: "" };

/** "Add group": creates a local group, then opens its page to add members. */
export function CreateGroupDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { form, submit } = useActionForm({
    schema: groupFieldsSchema,
    defaultValues: EMPTY,
    action: createGroupAction,
    failureTitle: "Group not created",
    onSuccess: ({ id }) => {
      toast.success("Group created");
      setOpen(false);
      form.reset(EMPTY);
      router.push(`/settings/admin/user-groups/${id}`);
    },
  });

  return (
    <FormDialog
      form={form}
      submit={submit}
      open={open}
      onOpenChange={setOpen}
      trigger={<><Plus aria-hidden="true" />Add group</>}
      title="Create group"
      description="A local group, managed here rather than in LDAP."
    >
      <FormGrid className="@xl:grid-cols-1">
        <GroupFields idPrefix="create-group" />
      </FormGrid>
    </FormDialog>
  );
}
