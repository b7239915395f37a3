"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { FormProvider, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { createGroupAction } from "@/app/settings/admin/user-groups/actions";
import { groupFieldsSchema, type GroupFieldsInput } from "@/lib/groups/schema";
import { applyFieldErrors } from "@/components/auth/form-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormGrid } from "@/components/ui/form-grid";
import { toast } from "@/components/ui/toast";
import { GroupFields } from "./group-fields";

const EMPTY: GroupFieldsInput = { name: "", friendlyName: "" };

/** "Add group": creates a local group, then opens its page to add members. */
export function CreateGroupDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useForm<GroupFieldsInput>({ resolver: zodResolver(groupFieldsSchema), defaultValues: EMPTY });
  const { isSubmitting } = form.formState;

  async function create(values: GroupFieldsInput) {
    const result = await createGroupAction(values);
    if (!result.ok) {
      applyFieldErrors(form.setError, result.fieldErrors, ["name", "friendlyName"]);
      if (!result.fieldErrors) toast.error("Group not created", result.message);
      return;
    }
    toast.success("Group created");
    setOpen(false);
    form.reset(EMPTY);
    router.push(`/settings/admin/user-groups/${result.data.id}`);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !isSubmitting && setOpen(next)}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Add group
        </Button>
      </DialogTrigger>
      <DialogContent title="Create group" description="A local group, managed here rather than in LDAP.">
        <FormProvider {...form}>
          <form noValidate onSubmit={form.handleSubmit(create)}>
            <FormGrid className="@xl:grid-cols-1">
              <GroupFields idPrefix="create-group" />
            </FormGrid>
            <DialogFooter className="mt-6">
              <DialogClose asChild>
                <Button type="button" variant="outline" disabled={isSubmitting}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={isSubmitting}>
                Create
              </Button>
            </DialogFooter>
          </form>
        </FormProvider>
      </DialogContent>
    </Dialog>
  );
}
