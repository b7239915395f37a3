import Form from "next/form";
import Link from "next/link";
import { Filter } from "lucide-react";
import type { UserListQuery } from "@/lib/users/schema";
import { Button } from "@/components/ui/button";
import { buttonClassName } from "@/components/ui/button-styles";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { listHref } from "./list-href";

const FILTERS = [
  { name: "source", label: "Source", all: "All sources", options: { ldap: "LDAP", local: "Local" } },
  { name: "status", label: "Status", all: "All statuses", options: { active: "Active", disabled: "Disabled" } },
  { name: "role", label: "Role", all: "All roles", options: { admin: "Administrators", user: "Users" } },
] as const;

type FilterState = Pick<UserListQuery, "source" | "status" | "role">;

/** A GET form like the search: the filters live in the URL with the search and the sort, from page 1. */
export function UserFilters({ action, query }: { action: string; query: FilterState & Pick<UserListQuery, "q" | "sort" | "dir"> }) {
  const filtered = Boolean(query.source || query.status || query.role);
  const keep = { q: query.q, sort: query.sort, dir: query.dir };
  return (
    <Form action={action} role="search" aria-label="Filter users" className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
      {Object.entries(keep).map(([name, value]) => value && <input key={name} type="hidden" name={name} value={value} />)}
      {FILTERS.map((filter) => (
        <div key={filter.name} className="grid gap-1.5">
          <Label htmlFor={`users-${filter.name}`}>{filter.label}</Label>
          <Select id={`users-${filter.name}`} name={filter.name} defaultValue={query[filter.name] ?? ""}>
            <option value="">{filter.all}</option>
            {Object.entries(filter.options).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
      ))}
      <div className="flex gap-2">
        <Button type="submit" variant="outline">
          <Filter aria-hidden="true" />
          Filter
        </Button>
        {filtered && (
          <Link href={listHref(action, keep)} className={buttonClassName({ variant: "ghost" })}>
            Clear filters
          </Link>
        )}
      </div>
    </Form>
  );
}
