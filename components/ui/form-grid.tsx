import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

/**
 * Two columns when the form itself is wide, one when it is narrow.
 * A container query, not a viewport one, because the settings sidebar eats part of the screen.
 */
export function FormGrid({ className, children, ...props }: ComponentProps<"div">) {
  return (
    <div className="@container">
      <div className={cn("grid grid-cols-1 gap-x-6 gap-y-5 @xl:grid-cols-2", className)} {...props}>
        {children}
      </div>
    </div>
  );
}

/** A FormGrid cell that spans both columns (long text, switches with explanations, buttons). */
export function FormGridFull({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("@xl:col-span-2", className)} {...props} />;
}
