// Each audited verb writes its event exactly once, in its own transaction: actor, target, outcome and
// the request's address and browser; never a secret value. A refused or rolled-back action writes none.
import { asc, eq } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { auditLog, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { asUser, insertPasskey, insertUser } from "@/lib/auth/testing";
import { createUser, deleteUser, setUserAdmin, setUserDisabled, updateUser } from "@/lib/users/mutations";
import { createGroup, deleteGroup, updateGroup } from "@/lib/groups/mutations";
import { addGroupMembers, removeGroupMembers } from "@/lib/groups/memberships";
import { endUserSessions, createSession } from "@/lib/auth/sessions";
import { consumeOneTimeAccessToken, createOneTimeAccessToken } from "@/lib/auth/one-time-access";
import { beginPasskeyRegistration, deleteMyPasskey, deletePasskeyOfUser, finishPasskeyRegistration } from "@/lib/auth/passkeys";
import { SoftwareAuthenticator } from "@/lib/auth/software-authenticator";
import { configFormDefaults } from "@/lib/config/form-schema";
import { DEFAULT_SETTINGS } from "@/lib/config/settings";
import { saveConfiguration, setLdapEnabled, testLdapConnection } from "@/lib/config/verbs";
import { ConflictError } from "@/lib/errors";
import { recordAudit } from "./record";

const REQUEST = { ipAddress: "192.0.2.7", userAgent: "AuditTest/1.0" };
const BIND_PASSWORD = "s3cret-bind-password-value";

describeEachEngine("audit events", (current) => {
  let admin: { id: string; username: string };
  let adminCtx: AppContext;
  beforeEach(async () => {
    await current().ctx.db.delete(auditLog);
    admin = await insertUser(current().ctx, { isAdmin: true });
    adminCtx = { ...asUser(current().ctx, admin.id, true), request: REQUEST };
  });

  const rows = () => current().ctx.db.select().from(auditLog).orderBy(asc(auditLog.at), asc(auditLog.event));
  const byAdmin = { actorUserId: expect.any(String), actorKind: "user", clientAddress: REQUEST.ipAddress, userAgent: REQUEST.userAgent, outcome: "success" };

  it("records each change to a user once, naming the admin, the user and the request", async () => {
    const user = await createUser({ username: "audited", email: "", firstName: "Au", lastName: "Dited", displayName: "", isAdmin: false }, adminCtx);
    await updateUser({ id: user.id, username: "audited", email: "a@example.org", firstName: "Au", lastName: "Dited", displayName: "" }, adminCtx);
    await setUserAdmin({ id: user.id, value: true }, adminCtx);
    await setUserAdmin({ id: user.id, value: true }, adminCtx); // no change: no event
    await setUserAdmin({ id: user.id, value: false }, adminCtx);
    await setUserDisabled({ id: user.id, value: true }, adminCtx);
    await setUserDisabled({ id: user.id, value: false }, adminCtx);
    await deleteUser(user.id, adminCtx);

    const written = await rows();
    expect(written.map((row) => row.event)).toEqual([
      "user.created", "user.updated", "user.admin_granted", "user.admin_revoked", "user.disabled", "user.enabled", "user.deleted",
    ]);
    for (const row of written) {
      expect(row).toMatchObject({ ...byAdmin, actorUserId: admin.id, actorUsername: admin.username, targetType: "user", targetId: user.id, targetName: "audited" });
    }
    expect(written[1].details).toEqual({ changed: ["email"] });
  });

  it("writes nothing for a refused change, and an event rolls back with its transaction", async () => {
    // The last administrator cannot demote themself; the refusal leaves no trace.
    await expect(setUserAdmin({ id: admin.id, value: false }, adminCtx)).rejects.toBeInstanceOf(ConflictError);
    await expect(createUser({ username: admin.username, email: "", firstName: "X", lastName: "Y", displayName: "", isAdmin: false }, adminCtx)).rejects.toThrow();
    const failed = current().ctx.db.transaction(async (tx) => {
      await recordAudit({ event: "config.saved" }, { ...adminCtx, db: tx });
      throw new Error("rolled back");
    });
    await expect(failed).rejects.toThrow("rolled back");
    expect(await rows()).toEqual([]);
  });

  it("records group changes and one membership event per changed group", async () => {
    const member = await insertUser(current().ctx);
    const group = await createGroup({ name: "auditors", friendlyName: "Auditors" }, adminCtx);
    await updateGroup({ id: group.id, name: "auditors", friendlyName: "The auditors" }, adminCtx);
    await addGroupMembers({ groupId: group.id, userIds: [member.id] }, adminCtx);
    await addGroupMembers({ groupId: group.id, userIds: [member.id] }, adminCtx); // already a member: no event
    await removeGroupMembers({ groupId: group.id, userIds: [member.id] }, adminCtx);
    await deleteGroup(group.id, adminCtx);

    const written = await rows();
    expect(written.map((row) => [row.event, row.details])).toEqual([
      ["group.created", {}],
      ["group.updated", { changed: ["friendlyName"] }],
      ["group.members_changed", { added: [member.id] }],
      ["group.members_changed", { removed: [member.id] }],
      ["group.deleted", {}],
    ]);
    for (const row of written) expect(row).toMatchObject({ ...byAdmin, targetType: "group", targetId: group.id, targetName: "auditors" });
  });

  it("records login links, their use, passkey removals and sign-out everywhere", async () => {
    const user = await insertUser(current().ctx);
    const [first, second] = [await insertPasskey(current().ctx, user.id, "Laptop"), await insertPasskey(current().ctx, user.id, "Phone")];
    const link = await createOneTimeAccessToken({ userId: user.id, ttlMinutes: 60 }, adminCtx);
    const browser = { ...current().ctx, actor: null, request: { ipAddress: "198.51.100.9", userAgent: "Browser/2" } };
    await consumeOneTimeAccessToken(link.url.split("/lc/")[1], browser);
    await deleteMyPasskey({ passkeyId: first }, { ...asUser(current().ctx, user.id), request: REQUEST });
    await deletePasskeyOfUser({ userId: user.id, passkeyId: second }, adminCtx);
    await createSession(user.id, current().ctx);
    await endUserSessions(user.id, adminCtx);

    const written = await rows();
    expect(written.map((row) => row.event)).toEqual(["login_link.created", "sign_in.login_link", "passkey.removed", "passkey.removed", "sessions.ended"]);
    expect(written.every((row) => row.targetId === user.id)).toBe(true);
    expect(written[1]).toMatchObject({ actorUserId: user.id, actorKind: "user", clientAddress: "198.51.100.9", userAgent: "Browser/2" });
    expect(written[2]).toMatchObject({ actorUserId: user.id, details: { passkeyId: first, passkey: "Laptop" } });
    expect(written[3]).toMatchObject({ actorUserId: admin.id, details: { passkeyId: second, passkey: "Phone" } });
    expect(written[4].details).toEqual({ sessions: 2, loginLinks: 0 });
    // The link's token is a secret: it appears in no row.
    expect(JSON.stringify(written)).not.toContain(link.url.split("/lc/")[1]);
  });

  it("records the names of changed settings, never their values", async () => {
    const ctx = { ...adminCtx, envSettings: {} };
    const form = {
      ...configFormDefaults(DEFAULT_SETTINGS),
      APP_NAME: "Audited ID",
      LDAP_URL: "ldap://ldap.example.org",
      LDAP_BIND_DN: "cn=reader,dc=example,dc=org",
      LDAP_BIND_PASSWORD: BIND_PASSWORD,
    };
    await saveConfiguration(form, ctx);
    await setLdapEnabled(false, ctx); // already off: saved, nothing changed
    const written = await rows();
    expect(written.map((row) => [row.event, row.details])).toEqual([
      ["config.saved", { changed: ["APP_NAME", "LDAP_URL", "LDAP_BIND_DN", "LDAP_BIND_PASSWORD"] }],
      ["config.saved", { changed: [] }],
    ]);
    const dump = JSON.stringify(written);
    for (const value of [BIND_PASSWORD, "Audited ID", "ldap.example.org"]) expect(dump).not.toContain(value);
  });

  it("keeps the actor's name after the user is deleted", async () => {
    const other = await insertUser(current().ctx, { isAdmin: true });
    const otherCtx = asUser(current().ctx, other.id, true);
    await createGroup({ name: "kept", friendlyName: "Kept" }, otherCtx);
    await deleteUser(other.id, adminCtx);
    expect(await current().ctx.db.select().from(users).where(eq(users.id, other.id))).toEqual([]);
    const [created] = (await rows()).filter((row) => row.event === "group.created");
    expect(created).toMatchObject({ actorUserId: other.id, actorUsername: other.username, actorKind: "user", clientAddress: null });
  });

  it("records a passkey added through the real registration ceremony", async () => {
    const user = await insertUser(current().ctx);
    const as = { ...asUser(current().ctx, user.id), request: REQUEST };
    const options = await beginPasskeyRegistration(undefined, as);
    const added = await finishPasskeyRegistration({ response: new SoftwareAuthenticator().register(options) }, as);
    expect(await rows()).toMatchObject([
      { event: "passkey.added", actorUserId: user.id, targetId: user.id, clientAddress: REQUEST.ipAddress, details: { passkeyId: added.id, passkey: "Passkey" } },
    ]);
  });

  it("records an LDAP connection test with its target, never the password", async () => {
    const form = {
      ...configFormDefaults(DEFAULT_SETTINGS),
      LDAP_URL: "ldap://127.0.0.1:1",
      LDAP_BASE: "dc=example,dc=org",
      LDAP_BIND_DN: "cn=reader,dc=example,dc=org",
      LDAP_BIND_PASSWORD: BIND_PASSWORD,
    };
    const report = await testLdapConnection(form, { ...adminCtx, envSettings: {} });
    expect(report.ok).toBe(false);
    const written = await rows();
    expect(written).toMatchObject([
      { event: "ldap.connection_tested", outcome: "failure", targetType: "ldap", targetName: "ldap://127.0.0.1:1", details: { bindDn: "cn=reader,dc=example,dc=org", password: "entered" } },
    ]);
    expect(JSON.stringify(written)).not.toContain(BIND_PASSWORD);
  });
});
