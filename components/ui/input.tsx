import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

/** Shared look of text-like controls; aria-invalid (set by FormField) turns the border red. */
export const controlClassName = cn(
  "w-full min-w-0 rounded-md border border-input bg-card px-3 text-sm text-foreground shadow-xs transition-colors",
  "placeholder:text-muted-foreground",
  // [readonly] attribute, not :read-only, which also matches <select> and disabled inputs.
  "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-70 [&[readonly]]:bg-muted",
  "aria-invalid:border-destructive",
);

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return (
    <input
      type={type}
      className={cn(
        controlClassName,
        "h-9 py-1",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
