import type { RevalidateTarget } from "@/lib/http/action";

/**
 * After any users or groups change: user pages show memberships and group pages show members'
 * names, so both trees are refreshed (lists and every detail page below them).
 */
export const DIRECTORY_PAGES: RevalidateTarget[] = [
  { path: "/settings/admin/users", type: "layout" },
  { path: "/settings/admin/user-groups", type: "layout" },
];
