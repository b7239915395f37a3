import Form from "next/form";
import type { UserListQuery } from "@/lib/users/schema";
import { FilterActions, SelectFilter } from "@/components/ui/filter-form";
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
        <SelectFilter key={filter.name} id={`users-${filter.name}`} value={query[filter.name]} {...filter} />
      ))}
      <FilterActions filtered={filtered} clearHref={listHref(action, keep)} />
    </Form>
  );
}
