import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";
import { controlClassName } from "./input";

export type TextareaProps = ComponentProps<"textarea">;

export function Textarea({ className, rows = 4, ...props }: TextareaProps) {
  return <textarea rows={rows} className={cn(controlClassName, "min-h-16 py-2", className)} {...props} />;
}
