"use client";

import { Plus, X } from "lucide-react";
import { useController, useFormContext, type FieldError } from "react-hook-form";
import type { OidcClientFields } from "@/lib/oidc/schema";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type UrlListFieldProps = {
  name: "callbackUrls" | "logoutCallbackUrls";
  idPrefix: string;
  /** The legend, plural ("Callback URLs"). */
  legend: string;
  /** One row, lower-case ("callback URL"): rows are "Callback URL 2", buttons "Add callback URL". */
  item: string;
  description: string;
  placeholder: string;
};

/** A list of URLs, one input per row, with Add and Remove; zod's messages on the row or the list. */
export function UrlListField({ name, idPrefix, legend, item, description, placeholder }: UrlListFieldProps) {
  const { control } = useFormContext<OidcClientFields>();
  const { field, fieldState } = useController({ control, name });
  const urls = field.value;
  const rowErrors = (fieldState.error as unknown as (FieldError | undefined)[] | undefined) ?? [];
  const listError = fieldState.error?.message ?? fieldState.error?.root?.message;
  const descriptionId = `${idPrefix}-description`;

  const rowLabel = `${item[0].toUpperCase()}${item.slice(1)}`;
  const set = (next: string[]) => field.onChange(next);
  return (
    <fieldset className="grid content-start gap-2" aria-describedby={descriptionId}>
      <legend className="mb-2 text-sm leading-none font-medium">{legend}</legend>
      {urls.map((url, index) => {
        const id = `${idPrefix}-${index}`;
        const error = rowErrors[index]?.message;
        return (
          <div key={index} className="grid gap-1">
            <div className="flex items-center gap-2">
              <Label htmlFor={id} className="sr-only">
                {`${rowLabel} ${index + 1}`}
              </Label>
              <Input
                id={id}
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder={placeholder}
                className="font-mono"
                value={url}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                onBlur={field.onBlur}
                onChange={(event) => set(urls.map((value, i) => (i === index ? event.target.value : value)))}
              />
              <Button type="button" variant="ghost" size="icon" onClick={() => set(urls.filter((_, i) => i !== index))}>
                <X aria-hidden="true" />
                <span className="sr-only">{`Remove ${item} ${index + 1}`}</span>
              </Button>
            </div>
            {error && (
              <p id={`${id}-error`} role="alert" className="text-xs font-medium text-destructive">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => set([...urls, ""])}>
          <Plus aria-hidden="true" />
          {`Add ${item}`}
        </Button>
      </div>
      <p id={descriptionId} className="text-xs text-muted-foreground">
        {description}
      </p>
      {listError && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {listError}
        </p>
      )}
    </fieldset>
  );
}
