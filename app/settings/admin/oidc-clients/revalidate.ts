import type { RevalidateTarget } from "@/lib/http/action";

/** After a client changes: the list and its pages, group pages (they name the applications) and My apps (launch links). */
export const APPLICATION_PAGES: RevalidateTarget[] = [
  { path: "/settings/admin/oidc-clients", type: "layout" },
  { path: "/settings/admin/user-groups", type: "layout" },
  "/settings/apps",
];
