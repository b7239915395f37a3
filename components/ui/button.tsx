"use client";
// A button that stays disabled until the page is hydrated: a click before React has attached its
// handler would otherwise be lost (or submit a form natively, fields into the URL).
import type { ComponentProps } from "react";
import { Slot } from "radix-ui";
import { buttonClassName, type ButtonSize, type ButtonVariant } from "./button-styles";
import { Spinner } from "./spinner";
import { useHydrated } from "./use-hydrated";

export type ButtonProps = ComponentProps<"button"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Render the single child (e.g. a Link) with button styles instead of a <button>. */
  asChild?: boolean;
  /** Shows a spinner, disables the button and marks it aria-busy; the label stays so the name is still the verb. */
  loading?: boolean;
};

export function Button({ variant, size, asChild = false, loading = false, disabled, className, children, ...props }: ButtonProps) {
  const hydrated = useHydrated();
  const classes = buttonClassName({ variant, size, className });
  if (asChild) {
    return (
      <Slot.Root className={classes} {...props}>
        {children}
      </Slot.Root>
    );
  }
  return (
    <button className={classes} disabled={disabled || loading || !hydrated} aria-busy={loading || undefined} {...props}>
      {loading && <Spinner />}
      {children}
    </button>
  );
}
