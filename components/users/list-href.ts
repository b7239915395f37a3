// URLs of list pages with their state in the query string; defaults are left out so links stay short.
const DEFAULTS: Record<string, string> = { q: "", page: "1", sort: "username", dir: "asc" };

export function listHref(path: string, state: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined || String(value) === (DEFAULTS[key] ?? "")) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
