"use client";
// A react-hook-form form validated by the shared zod schema and submitted to a server action:
// the action's field errors land on their fields, any other failure in a toast.
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/http/result";
import { toast } from "@/components/ui/toast";
import { applyFieldErrors } from "./field-errors";

interface ActionFormOptions<T extends FieldValues, R> {
  schema: z.ZodType<T, T>;
  defaultValues: T;
  action: (values: T) => Promise<ActionResult<R>>;
  /** Toast title when the action fails without field errors ("Group not saved"). */
  failureTitle: string;
  onSuccess: (data: R, values: T) => void;
}

export function useActionForm<T extends FieldValues, R>({ schema, defaultValues, action, failureTitle, onSuccess }: ActionFormOptions<T, R>) {
  const form = useForm<T>({ resolver: zodResolver(schema), defaultValues: defaultValues as DefaultValues<T> });
  const submit = form.handleSubmit(async (values) => {
    const result = await action(values);
    if (result.ok) return onSuccess(result.data, values);
    // Field paths may be nested ("claims.1.key"): each lands on its field when the form has its root.
    const roots = new Set(Object.keys(defaultValues));
    const fields = Object.keys(result.fieldErrors ?? {}).filter((path) => roots.has(path.split(".")[0])) as Path<T>[];
    applyFieldErrors(form.setError, result.fieldErrors, fields);
    if (fields.length === 0) toast.error(failureTitle, result.message);
  });
  return { form, submit };
}
