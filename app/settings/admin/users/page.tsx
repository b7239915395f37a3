import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/guards";
import { listUsers } from "@/lib/users/list";
import { userListQuerySchema, type SortDirection, type UserSort } from "@/lib/users/schema";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import { listHref } from "@/components/users/list-href";
import { SearchForm } from "@/components/users/search-form";
import { UsersTable } from "@/components/users/users-table";
import { UserFilters } from "@/components/users/user-filters";
import { SendLoginLinksDialog } from "@/components/users/send-login-links-dialog";
import { UserSelectionProvider } from "@/components/users/user-selection";
import { isMailConfigured } from "@/lib/mail/login-links";

/** The filters that are set, for hidden fields of the search form. */
const definedOnly = (values: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const PATH = "/settings/admin/users";

function countText(total: number, capped: boolean, q: string, filtered: boolean): string {
  const n = `${total.toLocaleString("en-US")}${capped ? "+" : ""}`;
  if (!q && filtered) return `${n} ${total === 1 ? "user matches" : "users match"} the filters.`;
  if (q) return `${n} ${total === 1 && !capped ? "user matches" : "users match"} “${q}”${capped ? ": refine the search to see them all" : ""}.`;
  return `${n} ${total === 1 ? "user" : "users"}.`;
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireAdminPage();
  const list = await listUsers(userListQuerySchema.parse(await searchParams), ctx);
  const emailConfigured = await isMailConfigured(ctx);
  const { q, sort, dir, source, status, role } = list;
  const filters = { source, status, role };
  const filtered = Boolean(source || status || role);
  const hrefFor = (nextSort: UserSort, nextDir: SortDirection) => listHref(PATH, { q, ...filters, sort: nextSort, dir: nextDir });

  return (
    <div className="grid gap-6">
      <PageHeader title="Users" description="Everyone who can sign in: synced from LDAP or created here." actions={<CreateUserDialog />} />
      <UserSelectionProvider>
      <Card>
        <CardHeader actions={<SearchForm action={PATH} id="users-search" label="Search users" q={q} keep={{ sort, dir, ...definedOnly(filters) }} placeholder="Username, name or e-mail" />}>
          <CardTitle>All users</CardTitle>
          <CardDescription>{countText(list.total, list.totalCapped, q, filtered)}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <UserFilters action={PATH} query={list} />
            {emailConfigured && <SendLoginLinksDialog q={q} filters={filters} />}
          </div>
          <UsersTable
            users={list.items}
            sort={{ sort, dir }}
            hrefFor={hrefFor}
            emptyText={q || filtered ? "No user matches this search and these filters." : "No users yet."}
            selectable={emailConfigured}
          />
          <Pagination page={list.page} pageCount={list.pageCount} hrefForPage={(page) => listHref(PATH, { q, ...filters, sort, dir, page })} />
        </CardContent>
      </Card>
      </UserSelectionProvider>
    </div>
  );
}
