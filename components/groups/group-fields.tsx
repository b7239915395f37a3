"use client";

import { useFormContext } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { GroupFieldsInput } from "@/lib/groups/schema";

/** Name and friendly name; used inside a FormProvider by the create dialog and the rename form. */
export function GroupFields({ idPrefix }: { idPrefix: string }) {
  const {
    register,
    formState: { errors },
  } = useFormContext<GroupFieldsInput>();
  return (
    <>
      <FormField
        id={`${idPrefix}-friendly-name`}
        label="Friendly name"
        description="Shown to people, e.g. “Site administrators”."
        error={errors.friendlyName?.message}
      >
        <Input autoComplete="off" {...register("friendlyName")} />
      </FormField>
      <FormField
        id={`${idPrefix}-name`}
        label="Name"
        description="What applications see in the groups claim: lower-case letters, digits and _ . -"
        error={errors.name?.message}
      >
        <Input autoComplete="off" autoCapitalize="none" spellCheck={false} className="font-mono" {...register("name")} />
      </FormField>
    </>
  );
}
