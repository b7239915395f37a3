import { LoaderCircle } from "lucide-react";
import { cn } from "@/lib/utils/cn";

type SpinnerProps = {
  className?: string;
  /** When set, the spinner is announced (role="status"); without it it is decorative. */
  label?: string;
};

export function Spinner({ className, label }: SpinnerProps) {
  const icon = <LoaderCircle aria-hidden="true" className={cn("size-4 shrink-0 animate-spin", className)} />;
  if (!label) return icon;
  return (
    <span role="status" className="inline-flex items-center gap-2">
      {icon}
      <span className="sr-only">{label}</span>
    </span>
  );
}
