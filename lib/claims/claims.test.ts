// The custom-claim verbs on both engines: who may set claims, what names and values are refused
// (with their codes and fields), what a save writes and audits, and the precedence applications see.
import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { auditLog, groupCustomClaims, userCustomClaims, userGroupMembers, userGroups, users } from "@/lib/db/schema";
import { describeEachEngine } from "@/lib/db/testing";
import { asUser, insertUser } from "@/lib/auth/testing";
import { withActor, type AppContext } from "@/lib/context";
import { DomainError, ValidationError } from "@/lib/errors";
import { setGroupClaims, setUserClaims } from "./mutations";
import { getGroupClaims, getUserClaims } from "./read";
import { releasedCustomClaims } from "./testing";
import { CLAIMS_PER_OWNER_MAX } from "./limits";
import { loadAccount } from "@/lib/oidc/account";
import { CUSTOM_CLAIMS } from "@/lib/oidc/custom-claims";

/** The error a promise rejects with (the tests assert on its code and fields, not its wording). */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof DomainError)) throw new Error(`expected a domain error, got ${String(error)}`);
  return error;
}

describeEachEngine("custom claims", (current) => {
  let admin: AppContext;
  let user: { id: string; username: string };
  beforeAll(async () => {
    const row = await insertUser(current().ctx, { isAdmin: true });
    admin = asUser(current().ctx, row.id, true);
    user = await insertUser(current().ctx);
  });
  const db = () => current().ctx.db;
  const insertGroup = async (name: string, ldapId: string | null = null) =>
    (await db().insert(userGroups).values({ name, friendlyName: name, ldapId }).returning({ id: userGroups.id }))[0].id;
  const audits = (event: "user.claims_changed" | "group.claims_changed", targetId: string) =>
    db().select({ details: auditLog.details, actor: auditLog.actorUserId }).from(auditLog).where(and(eq(auditLog.event, event), eq(auditLog.targetId, targetId))).orderBy(asc(auditLog.at));

  it("saves a user's claims, writing and auditing only what changed (names, never values)", async () => {
    const changes = await setUserClaims({ userId: user.id, claims: [{ key: "department", value: "Research" }, { key: "floor", value: "3" }] }, admin);
    expect(changes).toEqual({ added: ["department", "floor"], changed: [], removed: [] });
    expect(await setUserClaims({ userId: user.id, claims: [{ key: "department", value: "Sales" }, { key: "badge", value: "B-7" }] }, admin)).toEqual({
      added: ["badge"], changed: ["department"], removed: ["floor"],
    });
    // The same list again changes nothing and records nothing.
    expect(await setUserClaims({ userId: user.id, claims: [{ key: "badge", value: "B-7" }, { key: "department", value: "Sales" }] }, admin)).toEqual({ added: [], changed: [], removed: [] });

    expect(await releasedCustomClaims(user.id, current().ctx)).toEqual({ department: "Sales", badge: "B-7" });
    const rows = await audits("user.claims_changed", user.id);
    expect(rows).toEqual([
      { details: { added: ["department", "floor"], changed: [], removed: [] }, actor: admin.actor!.userId },
      { details: { added: ["badge"], changed: ["department"], removed: ["floor"] }, actor: admin.actor!.userId },
    ]);
    expect(JSON.stringify(rows)).not.toContain("Sales");
  });

  it("refuses reserved names with reserved_claim on the field, case-insensitively, in users and groups alike", async () => {
    for (const key of ["sub", "Groups", "email_verified", "preferred_username", "picture", "nonce", "AUD"]) {
      const error = await refusal(setUserClaims({ userId: user.id, claims: [{ key: "ok", value: "1" }, { key, value: "x" }] }, admin));
      expect(error.code, key).toBe("reserved_claim");
      expect((error as ValidationError).fieldErrors).toHaveProperty(["claims.1.key"]);
    }
    const group = await insertGroup("reserved-test");
    expect((await refusal(setGroupClaims({ groupId: group, claims: [{ key: "iss", value: "x" }] }, admin))).code).toBe("reserved_claim");
    expect(await releasedCustomClaims(user.id, current().ctx)).toEqual({ department: "Sales", badge: "B-7" });
  });

  it("refuses malformed names and values, duplicates and too many claims as invalid_input on their fields", async () => {
    const cases: [unknown, string][] = [
      [[{ key: "1st", value: "x" }], "claims.0.key"],
      [[{ key: "has space", value: "x" }], "claims.0.key"],
      [[{ key: "k".repeat(65), value: "x" }], "claims.0.key"],
      [[{ key: "note", value: "" }], "claims.0.value"],
      [[{ key: "note", value: "v".repeat(1001) }], "claims.0.value"],
      [[{ key: "note", value: "line\nbreak" }], "claims.0.value"],
      [[{ key: "team", value: "a" }, { key: "Team", value: "b" }], "claims.1.key"],
      [Array.from({ length: CLAIMS_PER_OWNER_MAX + 1 }, (_, i) => ({ key: `k${i}`, value: "v" })), "claims"],
    ];
    for (const [claims, field] of cases) {
      const error = await refusal(setUserClaims({ userId: user.id, claims } as never, admin));
      expect(error.code, field).toBe("invalid_input");
      expect((error as ValidationError).fieldErrors, field).toHaveProperty([field]);
    }
  });

  it("refuses anyone but an administrator, and unknown users and groups", async () => {
    const input = { userId: user.id, claims: [{ key: "department", value: "Hacked" }] };
    expect((await refusal(setUserClaims(input, asUser(current().ctx, user.id)))).code).toBe("forbidden");
    expect((await refusal(setUserClaims(input, withActor(current().ctx, null)))).code).toBe("unauthenticated");
    expect((await refusal(getUserClaims(user.id, asUser(current().ctx, user.id)))).code).toBe("forbidden");
    const group = await insertGroup("forbidden-test");
    expect((await refusal(setGroupClaims({ groupId: group, claims: [] }, asUser(current().ctx, user.id)))).code).toBe("forbidden");
    expect((await refusal(setUserClaims({ ...input, userId: crypto.randomUUID() }, admin))).code).toBe("not_found");
    expect((await refusal(setGroupClaims({ groupId: crypto.randomUUID(), claims: [] }, admin))).code).toBe("not_found");
    expect((await releasedCustomClaims(user.id, current().ctx))?.department).toBe("Sales");
  });

  it("lets LDAP groups carry claims (they are not directory data) and audits group saves", async () => {
    const group = await insertGroup("ldap-team", `ldap-${crypto.randomUUID()}`);
    const ldapOn = { ...admin, envSettings: { ...admin.envSettings, LDAP_ENABLED: true } };
    expect(await setGroupClaims({ groupId: group, claims: [{ key: "cost_center", value: "42" }] }, ldapOn)).toEqual({ added: ["cost_center"], changed: [], removed: [] });
    expect(await getGroupClaims(group, ldapOn)).toEqual([{ key: "cost_center", value: "42" }]);
    expect(await audits("group.claims_changed", group)).toEqual([{ details: { added: ["cost_center"], changed: [], removed: [] }, actor: admin.actor!.userId }]);
    await setGroupClaims({ groupId: group, claims: [] }, ldapOn);
    expect(await db().select().from(groupCustomClaims).where(eq(groupCustomClaims.groupId, group))).toEqual([]);
  });

  it("merges claims by precedence: the user's own, then LDAP's, then groups in name order", async () => {
    const member = await insertUser(current().ctx);
    const [alpha, beta] = [await insertGroup("alpha-team"), await insertGroup("beta-team")];
    await db().insert(userGroupMembers).values([{ userId: member.id, groupId: beta }, { userId: member.id, groupId: alpha }]);
    await setGroupClaims({ groupId: beta, claims: [{ key: "team", value: "beta" }, { key: "region", value: "beta" }, { key: "tier", value: "beta" }, { key: "only_beta", value: "b" }] }, admin);
    await setGroupClaims({ groupId: alpha, claims: [{ key: "team", value: "alpha" }, { key: "region", value: "alpha" }, { key: "tier", value: "alpha" }] }, admin);
    // The sync's claims (source ldap) sit between the user's own and the groups'.
    await db().insert(userCustomClaims).values([
      { userId: member.id, source: "ldap", key: "region", value: "ldap" },
      { userId: member.id, source: "ldap", key: "team", value: "ldap" },
    ]);
    await setUserClaims({ userId: member.id, claims: [{ key: "team", value: "own" }] }, admin);

    expect(await releasedCustomClaims(member.id, current().ctx)).toEqual({ team: "own", region: "ldap", tier: "alpha", only_beta: "b" });
    const view = await getUserClaims(member.id, admin);
    expect(view.own).toEqual([{ key: "team", value: "own" }]);
    const shown = view.entries.map((entry) => [entry.key, entry.origin.kind === "group" ? entry.origin.groupName : entry.origin.kind, entry.effective]);
    expect(shown).toEqual([
      ["team", "user", true],
      ["region", "ldap", true],
      ["team", "ldap", false],
      ["region", "alpha-team", false],
      ["team", "alpha-team", false],
      ["tier", "alpha-team", true],
      ["only_beta", "beta-team", true],
      ["region", "beta-team", false],
      ["team", "beta-team", false],
      ["tier", "beta-team", false],
    ]);
  });

  it("hands the effective claims to the provider with the profile scope only", async () => {
    const account = (await loadAccount(user.id, current().ctx))!;
    const withProfile = await account.claims("userinfo", "openid profile", {}, []);
    expect(Reflect.get(withProfile, CUSTOM_CLAIMS)).toEqual({ department: "Sales", badge: "B-7" });
    expect(withProfile.preferred_username).toBe(user.username);
    expect(Object.getOwnPropertySymbols(await account.claims("id_token", "openid email groups", {}, []))).toEqual([]);
  });

  it("drops a deleted user's claims with them", async () => {
    const gone = await insertUser(current().ctx);
    await setUserClaims({ userId: gone.id, claims: [{ key: "k", value: "v" }] }, admin);
    await db().delete(users).where(eq(users.id, gone.id));
    expect(await db().select().from(userCustomClaims).where(eq(userCustomClaims.userId, gone.id))).toEqual([]);
  });
});
