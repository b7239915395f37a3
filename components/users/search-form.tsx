import Form from "next/form";
import Link from "next/link";
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { buttonClassName } from "@/components/ui/button-styles";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { listHref } from "./list-href";

type SearchFormProps = {
  /** The list page; the form GETs it with ?q= (plus `keep`), starting again at page 1. */
  action: string;
  id: string;
  label: string;
  q: string;
  /** Other URL state to keep, e.g. the sort order. */
  keep?: Record<string, string>;
  placeholder?: string;
};

/** Server-side search: a GET form, so it works before JavaScript loads and the URL holds the state. */
export function SearchForm({ action, id, label, q, keep = {}, placeholder }: SearchFormProps) {
  return (
    <Form action={action} role="search" className="flex w-full flex-col gap-2 sm:w-auto">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex items-center gap-2">
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Input id={id} name="q" type="search" defaultValue={q} placeholder={placeholder} className="sm:w-64" />
        <Button type="submit" variant="outline">
          <Search aria-hidden="true" />
          Search
        </Button>
        {q && (
          <Link href={listHref(action, keep)} className={buttonClassName({ variant: "ghost" })}>
            Clear
          </Link>
        )}
      </div>
    </Form>
  );
}
