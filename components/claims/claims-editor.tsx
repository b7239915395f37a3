"use client";
// The custom claims of a user or a group as rows of name and value: "Add claim" adds a row,
// "Remove" drops one, "Save claims" sends the whole list (the server writes only what changed). The shared
// zod schema shows reserved or malformed names on their field before anything is sent.
import { Plus } from "lucide-react";
import { FormProvider, useFieldArray } from "react-hook-form";
import type { ActionResult } from "@/lib/http/action-result";
import { CLAIMS_PER_OWNER_MAX } from "@/lib/claims/limits";
import { claimsFormSchema, type ClaimInput, type ClaimsFormInput } from "@/lib/claims/schema";
import { SaveRow } from "@/components/forms/save-row";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { FormGrid, FormGridFull } from "@/components/ui/form-grid";
import { Input } from "@/components/ui/input";
import { RowActionButton } from "@/components/ui/row-action-button";
import { toast } from "@/components/ui/toast";

interface ClaimsEditorProps {
  /** Unique per page: prefixes the inputs' ids. */
  idPrefix: string;
  claims: ClaimInput[];
  save: (claims: ClaimInput[]) => Promise<ActionResult<unknown>>;
}

export function ClaimsEditor({ idPrefix, claims, save }: ClaimsEditorProps) {
  const { form, submit } = useActionForm<ClaimsFormInput, unknown>({
    schema: claimsFormSchema,
    defaultValues: { claims },
    action: (values) => save(values.claims),
    failureTitle: "Claims not saved",
    onSuccess: (_, values) => {
      form.reset(values);
      toast.success("Claims saved");
    },
  });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "claims" });
  const errors = form.formState.errors.claims;

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={submit} aria-label="Custom claims">
        <FormGrid>
          {fields.length === 0 && <FormGridFull className="text-sm text-muted-foreground">No custom claims.</FormGridFull>}
          {fields.map((field, index) => (
            <FormGridFull key={field.id} className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto]">
              <FormField id={`${idPrefix}-claim-${index}-key`} label="Name" error={errors?.[index]?.key?.message}>
                <Input autoComplete="off" autoCapitalize="none" spellCheck={false} className="font-mono" {...form.register(`claims.${index}.key`)} />
              </FormField>
              <FormField id={`${idPrefix}-claim-${index}-value`} label="Value" error={errors?.[index]?.value?.message}>
                <Input autoComplete="off" {...form.register(`claims.${index}.value`)} />
              </FormField>
              <div className="sm:pt-7">
                <RowActionButton label="Remove" target={`claim ${form.getValues(`claims.${index}.key`) || index + 1}`} onClick={() => remove(index)} />
              </div>
            </FormGridFull>
          ))}
          {(errors?.root?.message ?? errors?.message) && (
            <FormGridFull role="alert" className="text-xs font-medium text-destructive">
              {errors?.root?.message ?? errors?.message}
            </FormGridFull>
          )}
          <FormGridFull>
            <Button type="button" variant="outline" size="sm" disabled={fields.length >= CLAIMS_PER_OWNER_MAX} onClick={() => append({ key: "", value: "" })}>
              <Plus aria-hidden="true" />
              Add claim
            </Button>
          </FormGridFull>
          <SaveRow form={form} label="Save claims" />
        </FormGrid>
      </form>
    </FormProvider>
  );
}
