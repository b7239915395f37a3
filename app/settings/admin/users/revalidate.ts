import { revalidatePath } from "next/cache";

/**
 * After any users or groups change: user pages show memberships and group pages show members'
 * names, so both trees are refreshed (lists and every detail page below them).
 */
export function revalidateDirectory(): void {
  revalidatePath("/settings/admin/users", "layout");
  revalidatePath("/settings/admin/user-groups", "layout");
}
