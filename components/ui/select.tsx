import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { controlClassName } from "./input";

export type SelectProps = ComponentProps<"select">;

/** A styled native <select>: keyboard, mobile pickers and getByLabel all work unchanged. */
export function Select({ className, children, ...props }: SelectProps) {
  return (
    <div className={cn("relative w-full", className)}>
      <select className={cn(controlClassName, "h-9 appearance-none py-1 pr-9")} {...props}>
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
