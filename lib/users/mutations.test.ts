import { beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { AppContext } from "@/lib/context";
import { createUser, deleteUser, setUserAdmin, setUserDisabled, updateUser } from "./mutations";
import { getUser } from "./get";
import { asUser, insertLdapUser, insertUser, withLdap } from "./testing";

const profile = { email: "", firstName: "Ada", lastName: "Lovelace", displayName: "" };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (error: unknown) => error,
  );
}

describeEachEngine("user verbs", (use) => {
  let admin: AppContext;
  let adminId: string;

  beforeAll(async () => {
    const { ctx } = use();
    adminId = (await insertUser(ctx, { username: "root-admin", isAdmin: true })).id;
    admin = asUser(ctx, adminId, true);
  });

  it("creates a local user and derives the display name", async () => {
    const user = await createUser({ ...profile, username: "ada", email: "Ada@Example.org", isAdmin: false }, admin);
    expect(user).toMatchObject({ username: "ada", email: "Ada@Example.org", displayName: "Ada Lovelace", ldapId: null, isAdmin: false });
  });

  it("reports a duplicate username or e-mail (any case) as field errors, not a crash", async () => {
    await createUser({ ...profile, username: "grace", email: "grace@example.org", isAdmin: false }, admin);
    const both = await rejection(createUser({ ...profile, username: "GRACE", email: "GRACE@example.ORG", isAdmin: false }, admin));
    expect(both).toBeInstanceOf(ValidationError);
    expect((both as ValidationError).fieldErrors).toEqual({
      username: ["This username is already taken."],
      email: ["This e-mail address is already used by another user."],
    });
    const email = await rejection(createUser({ ...profile, username: "grace2", email: "Grace@Example.org", isAdmin: false }, admin));
    expect(Object.keys((email as ValidationError).fieldErrors)).toEqual(["email"]);
  });

  it("rejects invalid usernames and e-mails with field errors", async () => {
    const error = await rejection(createUser({ ...profile, username: "-bad name", email: "not-an-email", isAdmin: false }, admin));
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["email", "username"]);
  });

  it("updates a local user, keeps its own username and e-mail free, and refuses another user's", async () => {
    const { ctx } = use();
    const user = await createUser({ ...profile, username: "edit-me", email: "edit@example.org", isAdmin: false }, admin);
    const renamed = await updateUser({ ...profile, id: user.id, username: "Edit-Me", email: "EDIT@example.org", displayName: "E" }, admin);
    expect(renamed).toMatchObject({ username: "Edit-Me", email: "EDIT@example.org", displayName: "E" });
    await insertUser(ctx, { username: "taken", email: "taken@example.org" });
    const error = await rejection(updateUser({ ...profile, id: user.id, username: "TAKEN", email: "taken@EXAMPLE.org" }, admin));
    expect((error as ValidationError).fieldErrors).toHaveProperty("username");
    expect((error as ValidationError).fieldErrors).toHaveProperty("email");
  });

  it("turns a unique violation from a concurrent insert into the same field error", async () => {
    const attempts = await Promise.allSettled(
      [1, 2, 3].map(() => createUser({ ...profile, username: "racer", email: "", isAdmin: false }, admin)),
    );
    expect(attempts.filter((attempt) => attempt.status === "fulfilled")).toHaveLength(1);
    for (const attempt of attempts.filter((a) => a.status === "rejected") as PromiseRejectedResult[]) {
      expect(attempt.reason).toBeInstanceOf(ValidationError);
      expect((attempt.reason as ValidationError).fieldErrors).toHaveProperty("username");
    }
  });

  it("disables, enables, grants and revokes admin, and deletes a local user", async () => {
    const { ctx } = use();
    const { id } = await insertUser(ctx);
    expect((await setUserDisabled({ id, value: true }, admin)).disabled).toBe(true);
    expect((await setUserDisabled({ id, value: false }, admin)).disabled).toBe(false);
    expect((await setUserAdmin({ id, value: true }, admin)).isAdmin).toBe(true);
    expect((await setUserAdmin({ id, value: false }, admin)).isAdmin).toBe(false);
    await deleteUser(id, admin);
    expect(await ctx.db.select().from(users).where(eq(users.id, id))).toEqual([]);
  });

  it("does not let an administrator delete, disable or demote themselves", async () => {
    for (const call of [
      () => deleteUser(adminId, admin),
      () => setUserDisabled({ id: adminId, value: true }, admin),
      () => setUserAdmin({ id: adminId, value: false }, admin),
    ]) {
      expect(await rejection(call())).toBeInstanceOf(ConflictError);
    }
    const detail = await getUser(adminId, admin);
    expect(detail.user).toMatchObject({ isAdmin: true, disabled: false });
    expect(detail.permissions).toEqual({ edit: true, delete: false, setDisabled: false, setAdmin: false });
  });

  it("lets LDAP users be edited once LDAP is switched off", async () => {
    const { id } = await insertLdapUser(use().ctx, { username: "former-ldap" });
    const updated = await updateUser({ ...profile, id, username: "former-ldap" }, withLdap(admin, false));
    expect(updated.firstName).toBe("Ada");
    expect((await getUser(id, withLdap(admin, false))).managedByLdap).toBe(false);
  });
});
