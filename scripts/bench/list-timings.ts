// Server time of the admin users list (the domain verb the page calls) and its query plans.
import { listUsers } from "@/lib/users/list";
import { explainUserListQueries } from "@/lib/users/explain";
import { USER_SORTS, type UserListQuery } from "@/lib/users/schema";
import { medianMs, openBenchContext } from "./context";

export interface ListTiming {
  name: string;
  medianMs: number;
  rows: number;
  total: number;
}

const RUNS = 7;

export async function measureUserList(databaseUrl: string) {
  const { ctx, close } = await openBenchContext(databaseUrl);
  try {
    const first = await listUsers({}, ctx);
    const lastPage = first.pageCount;
    const middle = Math.ceil(lastPage / 2);
    const cases: [string, Partial<UserListQuery>][] = [
      // Every sort order both ways, on page 1 and on the middle page (the deepest walk: later pages are read backwards).
      ...USER_SORTS.flatMap((sort) =>
        (["asc", "desc"] as const).flatMap((dir): [string, Partial<UserListQuery>][] => [
          [`page 1 by ${sort}, ${dir}`, { sort, dir }],
          [`middle page ${middle} by ${sort}, ${dir}`, { sort, dir, page: middle }],
        ]),
      ),
      ['search "user0000042" (one user)', { q: "user0000042" }],
      ['search "0042" (substring, many users)', { q: "0042" }],
      [`last page ${lastPage} by created`, { page: lastPage, sort: "created" }],
      ["filter: administrators", { role: "admin" }],
      ["filter: local users, by created", { source: "local", sort: "created", dir: "desc" }],
      ["filter: disabled users, by name", { status: "disabled", sort: "name" }],
      ["filter: active LDAP users, middle page", { source: "ldap", status: "active", page: middle }],
      ['filter: active non-administrators, search "0042"', { status: "active", role: "user", q: "0042" }],
    ];
    const timings: ListTiming[] = [];
    for (const [name, query] of cases) {
      const { medianMs: ms, result } = await medianMs(RUNS, () => listUsers(query, ctx));
      timings.push({ name, medianMs: ms, rows: result.items.length, total: result.total });
    }
    const plans = await explainUserListQueries(ctx, { searchTerm: "0042" });
    return { timings, plans };
  } finally {
    await close();
  }
}
