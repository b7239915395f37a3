import type { ReactElement, ReactNode } from "react";
import { Slot } from "radix-ui";
import { cn } from "@/lib/utils/cn";
import { Label } from "./label";

export type FormFieldProps = {
  /** id given to the control and used by the label's htmlFor. */
  id: string;
  label: ReactNode;
  /** Help text under the control. */
  description?: ReactNode;
  /** Error message (e.g. react-hook-form's errors.x?.message); marks the control aria-invalid. */
  error?: string;
  className?: string;
  /** Exactly one control (Input, Textarea, Select, ...); it receives id, aria-describedby and aria-invalid. */
  children: ReactElement;
};

/** Label + control + help text + error, wired for screen readers and getByLabel. */
export function FormField({ id, label, description, error, className, children }: FormFieldProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("grid content-start gap-2", className)}>
      <Label htmlFor={id}>{label}</Label>
      <Slot.Root id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        {children}
      </Slot.Root>
      {description && (
        <p id={descriptionId} className="text-xs text-muted-foreground">
          {description}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}
