"use client";

import { useState } from "react";
import { Trash2, type LucideIcon } from "lucide-react";
import { Button } from "./button";
import type { ButtonVariant } from "./button-styles";
import { ConfirmDialog, type ConfirmDialogProps } from "./confirm-dialog";

type ConfirmButtonProps = {
  /** The verb on the button and on the dialog's confirm button. */
  label: string;
  icon: LucideIcon;
  variant?: ButtonVariant;
  title: string;
  description: string;
  disabled?: boolean;
  onConfirm: ConfirmDialogProps["onConfirm"];
};

/** A button that asks first; `onConfirm` resolves to a failure message (or false) to keep the dialog open. */
export function ConfirmButton({ label, icon: Icon, variant = "destructive", title, description, disabled, onConfirm }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} disabled={disabled} onClick={() => setOpen(true)}>
        <Icon aria-hidden="true" />
        {label}
      </Button>
      <ConfirmDialog open={open} onOpenChange={setOpen} title={title} description={description} confirmLabel={label} onConfirm={onConfirm} />
    </>
  );
}

/** "Delete" that asks first. */
export function ConfirmDeleteButton(props: Omit<ConfirmButtonProps, "label" | "icon" | "variant">) {
  return <ConfirmButton label="Delete" icon={Trash2} {...props} />;
}
