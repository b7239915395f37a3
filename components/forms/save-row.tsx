"use client";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormGridFull } from "@/components/ui/form-grid";

/**
 * The Save button of an edit form: enabled once something changed, busy while saving. A page with
 * two forms names the second one's button by what it saves ("Save claims").
 */
export function SaveRow<T extends FieldValues>({ form, label = "Save" }: { form: UseFormReturn<T>; label?: string }) {
  const { isSubmitting, isDirty } = form.formState;
  return (
    <FormGridFull className="flex justify-end">
      <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
        {label}
      </Button>
    </FormGridFull>
  );
}
