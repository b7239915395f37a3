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

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const PATH = "/settings/admin/users";

function countText(total: number, capped: boolean, q: string): string {
  const n = `${total.toLocaleString("en-US")}${capped ? "+" : ""}`;
  if (q) return `${n} ${total === 1 && !capped ? "user matches" : "users match"} “${q}”${capped ? ": refine the search to see them all" : ""}.`;
  return `${n} ${total === 1 ? "user" : "users"}.`;
}

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireAdminPage();
  const list = await listUsers(userListQuerySchema.parse(await searchParams), ctx);
  const { q, sort, dir } = list;
  const hrefFor = (nextSort: UserSort, nextDir: SortDirection) => listHref(PATH, { q, sort: nextSort, dir: nextDir });

  return (
    <div className="grid gap-6">
      <PageHeader title="Users" description="Everyone who can sign in: synced from LDAP or created here." actions={<CreateUserDialog />} />
      <Card>
        <CardHeader actions={<SearchForm action={PATH} id="users-search" label="Search users" q={q} keep={{ sort, dir }} placeholder="Username, name or e-mail" />}>
          <CardTitle>All users</CardTitle>
          <CardDescription>{countText(list.total, list.totalCapped, q)}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <UsersTable
            users={list.items}
            sort={{ sort, dir }}
            hrefFor={hrefFor}
            emptyText={q ? "No user matches this search." : "No users yet."}
          />
          <Pagination page={list.page} pageCount={list.pageCount} hrefForPage={(page) => listHref(PATH, { q, sort, dir, page })} />
        </CardContent>
      </Card>
    </div>
  );
}
