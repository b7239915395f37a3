"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import { UserPlus } from "lucide-react";
import { createUserAction } from "@/app/settings/admin/users/actions";
import { createUserSchema, type CreateUserInput } from "@/lib/users/schema";
import { FormDialog } from "@/components/forms/form-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { SwitchField } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { UserProfileFields } from "./user-profile-fields";

const EMPTY: CreateUserInput = { username: "", email: "", firstName: "", lastName: "", displayName: "", isAdmin: false };

/** "Add user": creates a local user, then opens their page (to send a login link). */
export function CreateUserDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { form, submit } = useActionForm({
    schema: createUserSchema,
    defaultValues: EMPTY,
    action: createUserAction,
    failureTitle: "User not created",
    onSuccess: ({ id }, values) => {
      toast.success("User created", `${values.username} can sign in once you send them a login link.`);
      setOpen(false);
      form.reset(EMPTY);
      router.push(`/settings/admin/users/${id}`);
    },
  });

  return (
    <FormDialog
      form={form}
      submit={submit}
      open={open}
      onOpenChange={setOpen}
      trigger={<><UserPlus aria-hidden="true" />Add user</>}
      title="Create user"
      description="A local user, managed here rather than in LDAP."
      className="sm:max-w-2xl"
    >
      <FormGrid>
        <UserProfileFields idPrefix="create-user" />
        <FormGridFull>
          <Controller
            control={form.control}
            name="isAdmin"
            render={({ field }) => (
              <SwitchField
                id="create-user-admin"
                label="Administrator"
                description="Administrators manage users, groups and the application configuration."
                checked={field.value}
                onCheckedChange={field.onChange}
              />
            )}
          />
        </FormGridFull>
      </FormGrid>
    </FormDialog>
  );
}
