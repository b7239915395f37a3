// The pieces of a list's GET filter form (users, audit log): labelled fields, a select with an
// "all" choice, and the Filter / Clear buttons. The form itself stays with its list.
import Link from "next/link";
import type { ReactNode } from "react";
import { Filter } from "lucide-react";
import { Button } from "@/components/ui/button";
import { buttonClassName } from "@/components/ui/button-styles";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";

export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** A select whose empty value means "no filter" (its `all` label). */
export function SelectFilter({ id, name, label, all, options, value }: { id: string; name: string; label: string; all: string; options: Record<string, string>; value?: string }) {
  return (
    <FilterField id={id} label={label}>
      <Select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{all}</option>
        {Object.entries(options).map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </Select>
    </FilterField>
  );
}

/** Submits the filters; when any is set, a link back to the list without them. */
export function FilterActions({ filtered, clearHref, clearLabel = "Clear filters" }: { filtered: boolean; clearHref: string; clearLabel?: string }) {
  return (
    <div className="flex gap-2">
      <Button type="submit" variant="outline">
        <Filter aria-hidden="true" />
        Filter
      </Button>
      {filtered && (
        <Link href={clearHref} className={buttonClassName({ variant: "ghost" })}>
          {clearLabel}
        </Link>
      )}
    </div>
  );
}
