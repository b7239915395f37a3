// Finding 5 of the security audit: the own-account form reveals no other account and can be locked.
import { expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { ValidationError } from "@/lib/errors";
import { getMyAccount, LOGIN_FIELD_LOCKED_MESSAGE, OWN_EDIT_DISABLED_MESSAGE, UNAVAILABLE_LOGIN_MESSAGE, updateMyAccount } from "./account";
import { asUser, insertUser } from "./testing";

const withSettings = (ctx: AppContext, settings: AppContext["envSettings"]): AppContext => ({ ...ctx, envSettings: { ...ctx.envSettings, ...settings } });

describeEachEngine("own account details", (current) => {
  async function member(ctx: AppContext) {
    const user = await insertUser(ctx, { email: `${crypto.randomUUID()}@example.org` });
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    return { row, as: asUser(ctx, user.id) };
  }

  it("says the same thing whether the username or the e-mail address is taken", async () => {
    const { ctx } = current();
    const other = await insertUser(ctx, { username: "someone", email: "someone@example.org" });
    const { row, as } = await member(ctx);
    const messages = [];
    for (const details of [
      { username: "SOMEONE", email: row.email! },
      { username: row.username, email: "Someone@Example.org" },
      { username: "nobody-has-this", email: "nobody@example.org" },
    ]) {
      messages.push(await updateMyAccount({ ...details, firstName: "A", lastName: "" }, as).then(() => "saved", (error: ValidationError) => [error.message, error.fieldErrors]));
    }
    const generic = [UNAVAILABLE_LOGIN_MESSAGE, { username: [UNAVAILABLE_LOGIN_MESSAGE], email: [UNAVAILABLE_LOGIN_MESSAGE] }];
    expect(messages).toEqual([generic, generic, "saved"]);
    expect((await ctx.db.select().from(users).where(eq(users.id, other.id)))[0].username).toBe("someone");
  });

  it("is read-only, and the verb refuses, when ALLOW_OWN_ACCOUNT_EDIT is false", async () => {
    const { ctx } = current();
    const { row, as } = await member(ctx);
    const locked = withSettings(as, { ALLOW_OWN_ACCOUNT_EDIT: false });
    expect(await getMyAccount(undefined, locked)).toMatchObject({ editable: false });
    await expect(updateMyAccount({ username: row.username, email: row.email!, firstName: "Changed", lastName: "" }, locked)).rejects.toMatchObject({
      code: "own_edit_disabled",
      message: OWN_EDIT_DISABLED_MESSAGE,
    });
    expect((await ctx.db.select().from(users).where(eq(users.id, row.id)))[0]).toEqual(row);
    expect(await getMyAccount(undefined, as)).toMatchObject({ editable: true });
  });

  it("keeps username and e-mail while LDAP is enabled; names can still change", async () => {
    const { ctx } = current();
    const { row, as } = await member(ctx);
    const ldap = withSettings(as, { LDAP_ENABLED: true });
    expect(await getMyAccount(undefined, ldap)).toMatchObject({ editable: true, loginFieldsLocked: true });
    for (const [details, field] of [
      [{ username: "squatter", email: row.email! }, "username"],
      [{ username: row.username, email: "new@example.org" }, "email"],
      [{ username: row.username, email: "" }, "email"],
    ] as const) {
      const error = await updateMyAccount({ ...details, firstName: "X", lastName: "" }, ldap).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toEqual({ [field]: [LOGIN_FIELD_LOCKED_MESSAGE] });
    }
    expect((await ctx.db.select().from(users).where(eq(users.id, row.id)))[0]).toEqual(row);
    await updateMyAccount({ username: row.username, email: row.email!, firstName: "Renamed", lastName: "Person" }, ldap);
    expect(await getMyAccount(undefined, ldap)).toMatchObject({ username: row.username, displayName: "Renamed Person" });
  });
});
