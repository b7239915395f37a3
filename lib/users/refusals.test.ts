// Every mutating users/groups verb, called directly (as a server action would be): LDAP-managed
// entities are refused while LDAP is enabled, non-admins and anonymous callers always, and a refused
// call changes nothing.
import { beforeAll, expect, it } from "vitest";
import { describeEachEngine } from "@/lib/db/testing";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { withActor, type AppContext } from "@/lib/context";
import { createGroup, deleteGroup, updateGroup } from "@/lib/groups/mutations";
import { addGroupMembers, addUserToGroups, removeGroupMembers, removeUserFromGroups } from "@/lib/groups/memberships";
import { getGroup, listGroups, searchGroupsForPicker } from "@/lib/groups/list";
import { createUser, deleteUser, setUserAdmin, setUserDisabled, updateUser } from "./mutations";
import { getUser } from "./get";
import { listUsers, searchUsersForPicker } from "./list";
import { explainUserListQueries } from "./explain";
import { addMembers, asUser, insertGroup, insertLdapUser, insertUser, snapshotDirectory, withLdap } from "./testing";

const profile = { email: "", firstName: "New", lastName: "Name", displayName: "" };

async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to be refused");
}

describeEachEngine("users and groups refusals", (use) => {
  let admin: AppContext;
  let ids: { ldapUser: string; disabledLdapUser: string; localUser: string; ldapGroup: string; localGroup: string };

  beforeAll(async () => {
    const { ctx } = use();
    const adminId = (await insertUser(ctx, { username: "the-admin", isAdmin: true })).id;
    admin = withLdap(asUser(ctx, adminId, true));
    const ldapUser = (await insertLdapUser(ctx, { username: "ldap-alice", email: "alice@example.org" })).id;
    const ldapBob = (await insertLdapUser(ctx, { username: "ldap-bob" })).id;
    const disabledLdapUser = (await insertLdapUser(ctx, { username: "ldap-gone", disabled: true })).id;
    const localUser = (await insertUser(ctx, { username: "local-carol" })).id;
    const ldapGroup = (await insertGroup(ctx, { name: "ldap-staff", ldapId: "group-entry-uuid" })).id;
    const localGroup = (await insertGroup(ctx, { name: "local-team" })).id;
    await addMembers(ctx, ldapGroup, [ldapUser, ldapBob]);
    await addMembers(ctx, localGroup, [localUser]);
    ids = { ldapUser, disabledLdapUser, localUser, ldapGroup, localGroup };
  });

  const ldapMutations: [string, (ctx: AppContext) => Promise<unknown>][] = [
    ["updateUser", (ctx) => updateUser({ ...profile, id: ids.ldapUser, username: "ldap-alice" }, ctx)],
    ["deleteUser (enabled LDAP user)", (ctx) => deleteUser(ids.ldapUser, ctx)],
    ["setUserDisabled", (ctx) => setUserDisabled({ id: ids.ldapUser, value: true }, ctx)],
    ["setUserDisabled (re-enable)", (ctx) => setUserDisabled({ id: ids.disabledLdapUser, value: false }, ctx)],
    ["setUserAdmin", (ctx) => setUserAdmin({ id: ids.ldapUser, value: true }, ctx)],
    ["updateGroup", (ctx) => updateGroup({ id: ids.ldapGroup, name: "renamed", friendlyName: "Renamed" }, ctx)],
    ["deleteGroup", (ctx) => deleteGroup(ids.ldapGroup, ctx)],
    ["addGroupMembers", (ctx) => addGroupMembers({ groupId: ids.ldapGroup, userIds: [ids.localUser] }, ctx)],
    ["removeGroupMembers", (ctx) => removeGroupMembers({ groupId: ids.ldapGroup, userIds: [ids.ldapUser] }, ctx)],
    ["addUserToGroups", (ctx) => addUserToGroups({ userId: ids.localUser, groupIds: [ids.localGroup, ids.ldapGroup] }, ctx)],
    ["removeUserFromGroups", (ctx) => removeUserFromGroups({ userId: ids.ldapUser, groupIds: [ids.ldapGroup] }, ctx)],
  ];

  for (const [name, call] of ldapMutations) {
    it(`${name} on an LDAP entity is refused with "Managed by LDAP" and changes nothing`, async () => {
      const before = await snapshotDirectory(use().ctx);
      const error = await refusal(() => call(admin));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toMatch(/^Managed by LDAP/);
      expect(await snapshotDirectory(use().ctx)).toEqual(before);
    });
  }

  it("shows LDAP entities as read-only while LDAP is enabled", async () => {
    const user = await getUser(ids.ldapUser, admin);
    expect(user.managedByLdap).toBe(true);
    expect(user.permissions).toEqual({ edit: false, delete: false, setDisabled: false, setAdmin: false });
    expect(user.groups).toEqual([expect.objectContaining({ name: "ldap-staff", editable: false })]);
    expect((await getUser(ids.disabledLdapUser, admin)).permissions.delete).toBe(true);
    expect(await getGroup({ id: ids.ldapGroup }, admin)).toMatchObject({ managedByLdap: true, editable: false, memberCount: 2 });
    expect(await searchGroupsForPicker({ q: "" }, admin)).toEqual([expect.objectContaining({ name: "local-team" })]);
  });

  it("lets an LDAP user join and leave a local group, and deletes a disabled LDAP user", async () => {
    expect(await addUserToGroups({ userId: ids.ldapUser, groupIds: [ids.localGroup] }, admin)).toBe(1);
    expect(await removeGroupMembers({ groupId: ids.localGroup, userIds: [ids.ldapUser] }, admin)).toBe(1);
    const { id } = await insertLdapUser(use().ctx, { username: "ldap-left", disabled: true });
    await deleteUser(id, admin);
    expect(await refusal(() => getUser(id, admin))).toMatchObject({ name: "NotFoundError" });
  });

  const everyVerb: [string, (ctx: AppContext) => Promise<unknown>][] = [
    ["listUsers", (ctx) => listUsers({}, ctx)],
    ["getUser", (ctx) => getUser(ids.localUser, ctx)],
    ["searchUsersForPicker", (ctx) => searchUsersForPicker({ q: "local" }, ctx)],
    ["explainUserListQueries", (ctx) => explainUserListQueries(ctx)],
    ["createUser", (ctx) => createUser({ ...profile, username: "intruder", isAdmin: true }, ctx)],
    ["updateUser", (ctx) => updateUser({ ...profile, id: ids.localUser, username: "local-carol" }, ctx)],
    ["deleteUser", (ctx) => deleteUser(ids.localUser, ctx)],
    ["setUserDisabled", (ctx) => setUserDisabled({ id: ids.localUser, value: true }, ctx)],
    ["setUserAdmin", (ctx) => setUserAdmin({ id: ids.localUser, value: true }, ctx)],
    ["listGroups", (ctx) => listGroups({}, ctx)],
    ["getGroup", (ctx) => getGroup({ id: ids.localGroup }, ctx)],
    ["searchGroupsForPicker", (ctx) => searchGroupsForPicker({ q: "" }, ctx)],
    ["createGroup", (ctx) => createGroup({ name: "intruders", friendlyName: "Intruders" }, ctx)],
    ["updateGroup", (ctx) => updateGroup({ id: ids.localGroup, name: "hijacked", friendlyName: "Hijacked" }, ctx)],
    ["deleteGroup", (ctx) => deleteGroup(ids.localGroup, ctx)],
    ["addGroupMembers", (ctx) => addGroupMembers({ groupId: ids.localGroup, userIds: [ids.ldapUser] }, ctx)],
    ["removeGroupMembers", (ctx) => removeGroupMembers({ groupId: ids.localGroup, userIds: [ids.localUser] }, ctx)],
    ["addUserToGroups", (ctx) => addUserToGroups({ userId: ids.ldapUser, groupIds: [ids.localGroup] }, ctx)],
    ["removeUserFromGroups", (ctx) => removeUserFromGroups({ userId: ids.localUser, groupIds: [ids.localGroup] }, ctx)],
  ];

  for (const [name, call] of everyVerb) {
    it(`${name} refuses a non-admin (403) and an anonymous caller (401) and changes nothing`, async () => {
      const { ctx } = use();
      const before = await snapshotDirectory(ctx);
      expect(await refusal(() => call(asUser(ctx, ids.localUser, false)))).toBeInstanceOf(ForbiddenError);
      expect(await refusal(() => call(withActor(ctx, null)))).toBeInstanceOf(UnauthenticatedError);
      expect(await snapshotDirectory(ctx)).toEqual(before);
    });
  }
});
