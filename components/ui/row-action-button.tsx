"use client";

import type { LucideIcon } from "lucide-react";
import { Button } from "./button";

type RowActionButtonProps = {
  /** The verb shown, e.g. "Remove". */
  label: string;
  /** Completes the accessible name, which must say which row: "Remove alice", "Remove from admins". */
  target: string;
  icon?: LucideIcon;
  disabled?: boolean;
  onClick: () => void;
};

/** A table row's action: a small ghost button whose accessible name names its row. */
export function RowActionButton({ label, target, icon: Icon, disabled, onClick }: RowActionButtonProps) {
  return (
    <Button type="button" variant="ghost" size="sm" disabled={disabled} onClick={onClick} aria-label={`${label} ${target}`}>
      {Icon && <Icon aria-hidden="true" />}
      {label}
    </Button>
  );
}
