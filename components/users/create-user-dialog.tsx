"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller, FormProvider, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { UserPlus } from "lucide-react";
import { createUserAction } from "@/app/settings/admin/users/actions";
import { createUserSchema, type CreateUserInput } from "@/lib/users/schema";
import { applyFieldErrors } from "@/components/auth/form-errors";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { SwitchField } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { UserProfileFields } from "./user-profile-fields";

const EMPTY: CreateUserInput = { username: "", email: "", firstName: "", lastName: "", displayName: "", isAdmin: false };
const FIELDS = ["username", "email", "firstName", "lastName", "displayName"] as const;

/** "Add user": creates a local user, then opens their page (to send a login link). */
export function CreateUserDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useForm<CreateUserInput>({ resolver: zodResolver(createUserSchema), defaultValues: EMPTY });
  const { isSubmitting } = form.formState;

  async function create(values: CreateUserInput) {
    const result = await createUserAction(values);
    if (!result.ok) {
      applyFieldErrors(form.setError, result.fieldErrors, FIELDS);
      if (!result.fieldErrors) toast.error("User not created", result.message);
      return;
    }
    toast.success("User created", `${values.username} can sign in once you send them a login link.`);
    setOpen(false);
    form.reset(EMPTY);
    router.push(`/settings/admin/users/${result.data.id}`);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !isSubmitting && setOpen(next)}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent title="Create user" description="A local user, managed here rather than in LDAP." className="sm:max-w-2xl">
        <FormProvider {...form}>
          <form noValidate onSubmit={form.handleSubmit(create)}>
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
