"use client";

import { useState } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

/** "Delete" that asks first; `onConfirm` resolves false to keep the dialog open after a failure. */
export function ConfirmDeleteButton({ title, description, disabled, onConfirm }: { title: string; description: string; disabled?: boolean; onConfirm: () => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="destructive" disabled={disabled} onClick={() => setOpen(true)}>
        <Trash2 aria-hidden="true" />
        Delete
      </Button>
      <ConfirmDialog open={open} onOpenChange={setOpen} title={title} description={description} confirmLabel="Delete" onConfirm={onConfirm} />
    </>
  );
}
