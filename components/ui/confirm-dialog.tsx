"use client";

import { useState, type ReactNode } from "react";
import { AlertDialog as AlertDialogPrimitive } from "radix-ui";
import { cn } from "@/lib/utils/cn";
import { Button } from "./button";
import type { ButtonVariant } from "./button-styles";
import { dialogPanelClassName, DialogFooter, overlayClassName } from "./dialog";
import { FormAlert } from "./form-alert";

export type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** The verb on the confirm button, e.g. "Delete", "Disable". */
  confirmLabel: string;
  cancelLabel?: string;
  /** Defaults to "destructive": confirmation is asked for actions that lose something. */
  variant?: ButtonVariant;
  /**
   * Runs on confirm. While its promise is pending the button spins and the dialog cannot close.
   * The dialog closes when it settles, unless it returns false, a failure message (shown in the
   * dialog, which hides the rest of the page from screen readers while open) or throws.
   */
  onConfirm: () => void | boolean | string | Promise<void | boolean | string>;
  /** Extra busy state driven by the caller (e.g. useTransition's isPending). */
  pending?: boolean;
  children?: ReactNode;
};

/** Controlled "are you sure?" dialog (role="alertdialog"); Cancel has focus first so Enter is safe. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = "Cancel",
  variant = "destructive",
  onConfirm,
  pending = false,
  children,
}: ConfirmDialogProps) {
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const busy = running || pending;

  async function confirm() {
    setRunning(true);
    setFailure(null);
    try {
      const result = await onConfirm();
      if (typeof result === "string") setFailure(result);
      else if (result !== false) onOpenChange(false);
    } finally {
      setRunning(false);
    }
  }

  function changeOpen(next: boolean) {
    if (busy) return;
    setFailure(null);
    onOpenChange(next);
  }

  return (
    <AlertDialogPrimitive.Root open={open} onOpenChange={changeOpen}>
      <AlertDialogPrimitive.Portal>
        <AlertDialogPrimitive.Overlay className={overlayClassName} />
        <AlertDialogPrimitive.Content
          className={cn(dialogPanelClassName, "max-w-md")}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className="grid gap-1.5">
            <AlertDialogPrimitive.Title className="text-lg leading-tight font-semibold">{title}</AlertDialogPrimitive.Title>
            {description && (
              <AlertDialogPrimitive.Description className="text-sm text-muted-foreground">
                {description}
              </AlertDialogPrimitive.Description>
            )}
          </div>
          {children}
          {failure && <FormAlert>{failure}</FormAlert>}
          <DialogFooter>
            <AlertDialogPrimitive.Cancel asChild>
              <Button type="button" variant="outline" disabled={busy}>
                {cancelLabel}
              </Button>
            </AlertDialogPrimitive.Cancel>
            <Button type="button" variant={variant} loading={busy} onClick={confirm}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </AlertDialogPrimitive.Content>
      </AlertDialogPrimitive.Portal>
    </AlertDialogPrimitive.Root>
  );
}
