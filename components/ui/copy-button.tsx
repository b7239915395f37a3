"use client";

import { useEffect, useRef, useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button, type ButtonProps } from "./button";

export type CopyButtonProps = Omit<ButtonProps, "onClick" | "children" | "asChild" | "loading"> & {
  /** The text put on the clipboard. */
  value: string;
  /** Accessible name (and visible text unless iconOnly); keep it a verb, e.g. "Copy link". */
  label?: string;
  iconOnly?: boolean;
};

// Plain-http LAN installs have no navigator.clipboard: fall back to a hidden textarea.
async function writeClipboard(text: string) {
  if (window.isSecureContext && navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("Copy failed");
}

/** Copies `value`; the icon turns into a check and a live region announces "Copied". */
export function CopyButton({ value, label = "Copy", iconOnly = false, variant = "outline", size, ...props }: CopyButtonProps) {
  const [status, setStatus] = useState<"" | "Copied" | "Copy failed">("");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    try {
      await writeClipboard(value);
      setStatus("Copied");
    } catch {
      setStatus("Copy failed");
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(""), 2000);
  }

  const Icon = status === "Copied" ? Check : Copy;
  return (
    <>
      <Button type="button" variant={variant} size={size ?? (iconOnly ? "icon" : "sm")} onClick={copy} {...props}>
        <Icon aria-hidden="true" />
        {iconOnly ? <span className="sr-only">{label}</span> : label}
      </Button>
      {/* Present before the text changes so screen readers pick up the update. */}
      <span role="status" className="sr-only">
        {status}
      </span>
    </>
  );
}
