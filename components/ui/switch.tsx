"use client";

import type { ComponentProps, ReactNode } from "react";
import { Switch as SwitchPrimitive } from "radix-ui";
import { cn } from "@/lib/utils/cn";
import { Label } from "./label";

export type SwitchProps = ComponentProps<typeof SwitchPrimitive.Root>;

/** The bare toggle (a <button role="switch">); prefer SwitchField, which adds the visible label. */
export function Switch({ className, ...props }: SwitchProps) {
  return (
    <SwitchPrimitive.Root
      className={cn(
        "peer inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent shadow-xs transition-colors",
        "bg-input data-[state=checked]:bg-primary",
        "disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    >
      <SwitchPrimitive.Thumb
        className={cn(
          "pointer-events-none block size-4 rounded-full bg-card shadow-sm ring-0 transition-transform",
          "data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0.5",
          "dark:data-[state=checked]:bg-primary-foreground",
        )}
      />
    </SwitchPrimitive.Root>
  );
}

export type SwitchFieldProps = Omit<SwitchProps, "id" | "children"> & {
  id: string;
  label: ReactNode;
  description?: ReactNode;
};

/** Switch with a visible <label> and optional help text, both wired to the control. */
export function SwitchField({ id, label, description, className, ...props }: SwitchFieldProps) {
  const descriptionId = description ? `${id}-description` : undefined;
  return (
    <div className={cn("flex items-start justify-between gap-4", className)}>
      <div className="grid gap-1.5">
        <Label htmlFor={id}>{label}</Label>
        {description && (
          <p id={descriptionId} className="text-xs text-muted-foreground">
            {description}
          </p>
        )}
      </div>
      <Switch id={id} aria-describedby={descriptionId} {...props} />
    </div>
  );
}
