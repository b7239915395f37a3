// LDAP_CUSTOM_CLAIMS end to end against slapd on both engines: mapped attributes become claims,
// a change in the directory changes exactly the claim rows it concerns, and an administrator's
// claims are never touched by the sync (and win over the mapped ones).
import { and, asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLog, userCustomClaims } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import { releasedCustomClaims } from "@/lib/claims/testing";
import { setUserClaims } from "@/lib/claims/mutations";
import { fixtureUserDn } from "./testing/fixtures";
import { fixtureDirectory } from "./testing/fixture-directory";
import { ldif, ldifModify } from "./testing/ldif";
import { rowVersions, syncedUsers } from "./testing/sync-helpers";

const MAPPING = "department:departmentNumber, employee_id:employeeNumber";

describeEachEngine("LDAP sync of custom claims", (current) => {
  const directory = fixtureDirectory(() => current().ctx, { env: { LDAP_CUSTOM_CLAIMS: MAPPING } });
  const sync = (overrides: Record<string, string> = {}) => directory.sync(overrides);
  const modify = (uid: "alice" | "bob", changes: Parameters<typeof ldifModify>[1]) =>
    directory.server.modify(ldif(ldifModify(fixtureUserDn(uid, directory.server.suffix), changes)));
  const idOf = async (username: string) => (await syncedUsers(current().ctx.db)).get(username)!.id;
  const ldapClaims = async () =>
    (
      await current().ctx.db
        .select({ userId: userCustomClaims.userId, key: userCustomClaims.key, value: userCustomClaims.value })
        .from(userCustomClaims)
        .where(eq(userCustomClaims.source, "ldap"))
        .orderBy(asc(userCustomClaims.key), asc(userCustomClaims.value))
    );

  it("stores each user's mapped attributes as claims and counts them in the report", async () => {
    await modify("alice", [{ op: "add", attr: "departmentNumber", values: "Research" }, { op: "add", attr: "employeeNumber", values: "E-1" }]);
    await modify("bob", [{ op: "add", attr: "departmentNumber", values: "Sales" }]);
    const report = await sync();
    expect(report).toMatchObject({ claimsSet: 3, claimsRemoved: 0 });
    const [alice, bob] = [await idOf("alice"), await idOf("bob")];
    expect(await ldapClaims()).toEqual([
      { userId: alice, key: "department", value: "Research" },
      { userId: bob, key: "department", value: "Sales" },
      { userId: alice, key: "employee_id", value: "E-1" },
    ]);
    expect(await releasedCustomClaims(alice, current().ctx)).toEqual({ department: "Research", employee_id: "E-1" });
  });

  it("writes nothing when no mapped value changed", async () => {
    const before = await rowVersions(current().ctx.db);
    expect(await sync()).toMatchObject({ claimsSet: 0, claimsRemoved: 0, rowsWritten: 0 });
    expect(await rowVersions(current().ctx.db)).toEqual(before);
  });

  it("rewrites only the changed claim and removes the one whose attribute is gone, with one audit row per user", async () => {
    const [alice, bob] = [await idOf("alice"), await idOf("bob")];
    const before = await rowVersions(current().ctx.db);
    await modify("bob", [{ op: "replace", attr: "departmentNumber", values: "Marketing" }]);
    await modify("alice", [{ op: "delete", attr: "employeeNumber" }]);
    const report = await sync();
    expect(report).toMatchObject({ claimsSet: 1, claimsRemoved: 1, rowsWritten: 2, usersUpdated: 0 });
    expect(await releasedCustomClaims(bob, current().ctx)).toEqual({ department: "Marketing" });
    expect(await releasedCustomClaims(alice, current().ctx)).toEqual({ department: "Research" });

    // Every other row kept its version: only bob's department row and alice's removed claim differ.
    const after = await rowVersions(current().ctx.db);
    const changed = [...before.filter((v) => !after.includes(v)), ...after.filter((v) => !before.includes(v))].map((v) => v.split(":").slice(0, 4).join(":"));
    expect(changed.sort()).toEqual([`c:${alice}:ldap:employee_id`, `c:${bob}:ldap:department`, `c:${bob}:ldap:department`].sort());

    const audits = await current().ctx.db
      .select({ target: auditLog.targetName, details: auditLog.details, actor: auditLog.actorKind })
      .from(auditLog)
      .where(eq(auditLog.event, "user.claims_changed"))
      .orderBy(asc(auditLog.targetName));
    expect(audits).toEqual([
      { target: "alice", details: { changed: ["employee_id"] }, actor: "system" },
      { target: "bob", details: { changed: ["department"] }, actor: "system" },
    ]);
  });

  it("leaves an administrator's claims alone; theirs win over the mapped value", async () => {
    const alice = await idOf("alice");
    await setUserClaims({ userId: alice, claims: [{ key: "department", value: "Board" }] }, current().ctx);
    expect(await sync()).toMatchObject({ claimsSet: 0, claimsRemoved: 0 });
    expect(await releasedCustomClaims(alice, current().ctx)).toEqual({ department: "Board" });
    const [own] = await current().ctx.db
      .select({ value: userCustomClaims.value })
      .from(userCustomClaims)
      .where(and(eq(userCustomClaims.userId, alice), eq(userCustomClaims.source, "admin")));
    expect(own.value).toBe("Board");
  });

  it("removes the mapped claims once the mapping is emptied, keeping the administrator's", async () => {
    const alice = await idOf("alice");
    expect(await sync({ LDAP_CUSTOM_CLAIMS: "" })).toMatchObject({ claimsSet: 0, claimsRemoved: 2 });
    expect(await ldapClaims()).toEqual([]);
    expect(await releasedCustomClaims(alice, current().ctx)).toEqual({ department: "Board" });
  });
});
