import { expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import { ForbiddenError } from "@/lib/errors";
import type { AppContext } from "@/lib/context";
import { deleteUser, LAST_ADMIN_MESSAGE, setUserAdmin, setUserDisabled } from "./mutations";
import { asUser, insertUser } from "./testing";

async function enabledAdmins(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db.select({ id: users.id }).from(users).where(and(eq(users.isAdmin, true), eq(users.disabled, false)));
  return rows.map((row) => row.id);
}

/** Two administrators and nobody else; the table is emptied first so the count is exact. */
async function twoAdmins(ctx: AppContext) {
  await ctx.db.delete(users);
  const a = await insertUser(ctx, { username: "admin-a", isAdmin: true });
  const b = await insertUser(ctx, { username: "admin-b", isAdmin: true });
  return { a: a.id, b: b.id, asA: asUser(ctx, a.id, true), asB: asUser(ctx, b.id, true) };
}

const removals = {
  demote: (id: string, ctx: AppContext) => setUserAdmin({ id, value: false }, ctx),
  disable: (id: string, ctx: AppContext) => setUserDisabled({ id, value: true }, ctx),
  delete: (id: string, ctx: AppContext) => deleteUser(id, ctx),
};

describeEachEngine("the last enabled administrator", (use) => {
  for (const [name, remove] of Object.entries(removals)) {
    it(`two admins who ${name} each other at the same moment leave one enabled admin`, async () => {
      const { ctx } = use();
      const { a, b, asA, asB } = await twoAdmins(ctx);
      const [byA, byB] = await Promise.allSettled([remove(b, asA), remove(a, asB)]);
      expect([byA.status, byB.status].sort()).toEqual(["fulfilled", "rejected"]);
      const refused = (byA.status === "rejected" ? byA : byB) as PromiseRejectedResult;
      // The loser's session still said "admin"; inside the transaction it no longer is.
      expect(refused.reason).toBeInstanceOf(ForbiddenError);
      expect(await enabledAdmins(ctx)).toHaveLength(1);
    });
  }

  it("a caller demoted since their request began is refused", async () => {
    const { ctx } = use();
    const { a, b, asB } = await twoAdmins(ctx);
    const member = await insertUser(ctx);
    await ctx.db.update(users).set({ isAdmin: false }).where(eq(users.id, b));
    await expect(setUserDisabled({ id: member.id, value: true }, asB)).rejects.toBeInstanceOf(ForbiddenError);
    await ctx.db.update(users).set({ isAdmin: true, disabled: true }).where(eq(users.id, b));
    await expect(deleteUser(a, asB)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await enabledAdmins(ctx)).toEqual([a]);
  });

  it("the system (CLI) cannot remove the last enabled administrator either", async () => {
    const { ctx } = use();
    const { a, b, asA } = await twoAdmins(ctx);
    await setUserDisabled({ id: b, value: true }, asA);
    for (const remove of Object.values(removals)) {
      await expect(remove(a, ctx)).rejects.toMatchObject({ code: "last_admin", message: LAST_ADMIN_MESSAGE });
    }
    expect(await enabledAdmins(ctx)).toEqual([a]);
    // Removing a disabled admin, or a member, is still fine.
    await deleteUser(b, ctx);
    const member = await insertUser(ctx);
    await setUserDisabled({ id: member.id, value: true }, ctx);
  });
});
