import { beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { describeEachEngine } from "@/lib/db/testing";
import { userGroupMembers } from "@/lib/db/schema";
import { NotFoundError, ValidationError } from "@/lib/errors";
import type { AppContext } from "@/lib/context";
import { addMembers, asUser, insertGroup, insertLdapUser, insertUser } from "@/lib/users/testing";
import { createGroup, deleteGroup, updateGroup } from "./mutations";
import { addGroupMembers, addUserToGroups, removeGroupMembers, removeUserFromGroups } from "./memberships";
import { getGroup, listGroups, searchGroupsForPicker } from "./list";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to be refused");
    },
    (error: unknown) => error,
  );
}

describeEachEngine("group verbs", (use) => {
  let admin: AppContext;

  beforeAll(async () => {
    const { ctx } = use();
    admin = asUser(ctx, (await insertUser(ctx, { username: "group-admin", isAdmin: true })).id, true);
  });

  it("creates a group with a lower-cased name and refuses a duplicate name in any case", async () => {
    const group = await createGroup({ name: " Dev-Ops ", friendlyName: "Dev & Ops" }, admin);
    expect(group).toMatchObject({ name: "dev-ops", friendlyName: "Dev & Ops", ldapId: null });
    const error = await rejection(createGroup({ name: "DEV-OPS", friendlyName: "Again" }, admin));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ name: ["A group with this name already exists."] });
  });

  it("rejects names that are not slug-like and empty friendly names", async () => {
    const error = await rejection(createGroup({ name: "two words", friendlyName: " " }, admin));
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["friendlyName", "name"]);
    expect(await rejection(createGroup({ name: "-leading", friendlyName: "x" }, admin))).toBeInstanceOf(ValidationError);
  });

  it("renames a group, keeps its own name free, refuses another group's", async () => {
    const group = await createGroup({ name: "ops", friendlyName: "Ops" }, admin);
    expect(await updateGroup({ id: group.id, name: "OPS", friendlyName: "Operations" }, admin)).toMatchObject({ name: "ops", friendlyName: "Operations" });
    await createGroup({ name: "sre", friendlyName: "SRE" }, admin);
    const error = await rejection(updateGroup({ id: group.id, name: "sre", friendlyName: "x" }, admin));
    expect((error as ValidationError).fieldErrors).toHaveProperty("name");
  });

  it("adds and removes members from either side, counting only real changes", async () => {
    const { ctx } = use();
    const group = await createGroup({ name: "members-test", friendlyName: "Members" }, admin);
    const a = await insertUser(ctx);
    const b = await insertLdapUser(ctx);
    expect(await addGroupMembers({ groupId: group.id, userIds: [a.id, b.id, a.id] }, admin)).toBe(2);
    expect(await addGroupMembers({ groupId: group.id, userIds: [a.id] }, admin)).toBe(0);
    expect((await getGroup({ id: group.id }, admin)).memberCount).toBe(2);
    expect(await removeUserFromGroups({ userId: a.id, groupIds: [group.id] }, admin)).toBe(1);
    expect(await addUserToGroups({ userId: a.id, groupIds: [group.id] }, admin)).toBe(1);
    expect(await removeGroupMembers({ groupId: group.id, userIds: [a.id, b.id] }, admin)).toBe(2);
    expect(await rejection(addGroupMembers({ groupId: group.id, userIds: [crypto.randomUUID()] }, admin))).toBeInstanceOf(NotFoundError);
    expect(await rejection(addUserToGroups({ userId: a.id, groupIds: [crypto.randomUUID()] }, admin))).toBeInstanceOf(NotFoundError);
  });

  it("deletes a group with its memberships but not its users", async () => {
    const { ctx } = use();
    const group = await insertGroup(ctx);
    const user = await insertUser(ctx);
    await addMembers(ctx, group.id, [user.id]);
    await deleteGroup(group.id, admin);
    expect(await ctx.db.select().from(userGroupMembers).where(eq(userGroupMembers.groupId, group.id))).toEqual([]);
    expect(await rejection(getGroup({ id: group.id }, admin))).toBeInstanceOf(NotFoundError);
    expect(await rejection(getGroup({ id: "not-a-uuid" }, admin))).toBeInstanceOf(NotFoundError);
  });

  it("lists groups with member counts, search and pagination", async () => {
    const { ctx } = use();
    for (const name of ["list-alpha", "list-beta", "list-gamma"]) await insertGroup(ctx, { name, friendlyName: `Friendly ${name}` });
    const [alpha] = (await listGroups({ q: "list-alpha" }, admin)).items;
    await addMembers(ctx, alpha.id, [(await insertUser(ctx)).id, (await insertUser(ctx)).id]);
    const page = await listGroups({ q: "friendly list", pageSize: 2, page: 2 }, admin);
    expect(page).toMatchObject({ total: 3, page: 2, pageCount: 2 });
    expect(page.items.map((group) => group.name)).toEqual(["list-gamma"]);
    expect((await listGroups({ q: "LIST-ALPHA" }, admin)).items).toEqual([expect.objectContaining({ name: "list-alpha", memberCount: 2 })]);
  });

  it("pages and searches a group's members", async () => {
    const { ctx } = use();
    const group = await insertGroup(ctx);
    const members = [];
    for (let i = 0; i < 7; i++) members.push((await insertUser(ctx, { username: `member-${i}`, email: i === 3 ? "special@example.org" : null })).id);
    await addMembers(ctx, group.id, members);
    const second = await getGroup({ id: group.id, page: 2, pageSize: 5 }, admin);
    expect(second.members).toMatchObject({ total: 7, page: 2, pageCount: 2 });
    expect(second.members.items.map((user) => user.username)).toEqual(["member-5", "member-6"]);
    const search = await getGroup({ id: group.id, q: "special" }, admin);
    expect(search.memberCount).toBe(7);
    expect(search.members.items.map((user) => user.username)).toEqual(["member-3"]);
  });

  it("offers only groups the user is not in for the group picker", async () => {
    const { ctx } = use();
    const user = await insertUser(ctx);
    const joined = await insertGroup(ctx, { name: "picker-joined" });
    await insertGroup(ctx, { name: "picker-open" });
    await addMembers(ctx, joined.id, [user.id]);
    const offered = await searchGroupsForPicker({ q: "picker", excludeUserId: user.id }, admin);
    expect(offered.map((group) => group.name)).toEqual(["picker-open"]);
  });
});
