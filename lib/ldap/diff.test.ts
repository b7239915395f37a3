import { describe, expect, it } from "vitest";
import { diffUsers, type DbUser, type LocalUser, type UserDiffInput } from "./diff";
import { diffGroups, diffMemberships } from "./diff-groups";
import type { MappedGroup, MappedUser } from "./map";

function fetched(username: string, overrides: Partial<MappedUser> = {}): MappedUser {
  const dn = `uid=${username},ou=people,dc=x`;
  return {
    dn, normDn: dn.toLowerCase(), ldapId: `id-${username}`, username, email: `${username}@example.org`,
    firstName: username, lastName: "Test", displayName: `${username} Test`, disabled: false, claims: {}, ...overrides,
  };
}

function row(user: MappedUser, overrides: Partial<DbUser> = {}): DbUser {
  const { ldapId, username, email, firstName, lastName, displayName } = user;
  return { id: `row-${username}`, ldapId, username, email, firstName, lastName, displayName, isAdmin: false, disabled: false, ...overrides };
}

const local = (username: string, email: string | null = null): LocalUser => ({ username, email });

function diff(input: Partial<UserDiffInput> & Pick<UserDiffInput, "fetched" | "rows">) {
  return diffUsers({ mappingSkips: [], admins: new Set(), pictureHashes: new Map(), softDelete: true, ...input });
}

describe("diffUsers", () => {
  const alice = fetched("alice");
  const bob = fetched("bob");

  it("inserts new users with fresh ids and leaves equal rows alone", () => {
    const first = diff({ fetched: [alice, bob], rows: [] });
    expect(first.insert.map((u) => u.username)).toEqual(["alice", "bob"]);
    expect(first.idOf.every((id) => id && /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    const again = diff({ fetched: [alice, bob], rows: [row(alice), row(bob)] });
    expect(again).toMatchObject({ insert: [], update: [], disable: [], remove: [], release: [], counts: { unchanged: 2 } });
    expect(again.idOf).toEqual(["row-alice", "row-bob"]);
  });

  it("keeps the row of a renamed or moved entry (identity is the unique id) and sets the admin flag", () => {
    const renamed = fetched("alice", { username: "alice2", dn: "uid=alice2,ou=staff,dc=x", normDn: "uid=alice2,ou=staff,dc=x" });
    const plan = diff({ fetched: [renamed], rows: [row(alice)], admins: new Set([0]) });
    expect(plan.update).toEqual([expect.objectContaining({ id: "row-alice", username: "alice2", isAdmin: true })]);
    expect(plan.counts).toMatchObject({ updated: 1, created: 0 });
  });

  it("disables (soft) or deletes (hard) users that left, and re-enables returning ones", () => {
    const gone = fetched("gone");
    expect(diff({ fetched: [alice], rows: [row(alice), row(gone)] })).toMatchObject({ disable: ["row-gone"], remove: [], removals: 1, counts: { disabled: 1 } });
    expect(diff({ fetched: [alice], rows: [row(alice), row(gone)], softDelete: false })).toMatchObject({ disable: [], remove: ["row-gone"], counts: { deleted: 1 } });
    // Already disabled and still gone: nothing to do.
    expect(diff({ fetched: [alice], rows: [row(alice), row(gone, { disabled: true })] })).toMatchObject({ disable: [], removals: 0 });
    const back = diff({ fetched: [alice, gone], rows: [row(alice), row(gone, { disabled: true })] });
    expect(back.update).toEqual([expect.objectContaining({ id: "row-gone", disabled: false })]);
    expect(back.counts.enabled).toBe(1);
  });

  it("never touches local users and skips entries colliding with them", () => {
    const plan = diff({ fetched: [alice, bob], rows: [], localUsers: [local("Alice"), local("carol", "BOB@example.org")] });
    expect(plan.insert).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      "username alice is already used by the local user Alice",
      "e-mail address bob@example.org is already used by the local user carol",
    ]);
    expect(plan.idOf).toEqual([null, null]);
  });

  it("finds values taken by local users and by rows alike whether it indexes the claimants or the holders", () => {
    // Few claimants beside many rows index the claimants' values; a first load indexes the holders.
    const gone = row(fetched("gone"), { disabled: true, email: "gone@example.org" });
    const unchanged = Array.from({ length: 20 }, (_, n) => fetched(`keep${n}`));
    const newcomers = [fetched("alice"), fetched("gone2", { email: "GONE@example.org" })];
    for (const others of [[], unchanged]) {
      const plan = diff({ fetched: [...others, ...newcomers], rows: [gone, ...others.map((user) => row(user))], localUsers: [local("ALICE")] });
      expect(plan.skipped.map((s) => s.reason)).toEqual([
        "username alice is already used by the local user ALICE",
        "e-mail address gone@example.org is already used by the disabled user gone, who is no longer in the directory",
      ]);
      expect(plan.counts).toMatchObject({ created: 0, unchanged: others.length });
    }
  });

  it("gives a duplicate e-mail to the first entry in search order", () => {
    const carol = fetched("carol", { email: "shared@example.org" });
    const dave = fetched("dave", { email: "Shared@example.org" });
    const plan = diff({ fetched: [carol, dave], rows: [] });
    expect(plan.insert.map((u) => u.username)).toEqual(["carol"]);
    expect(plan.skipped).toEqual([expect.objectContaining({ dn: dave.dn, reason: expect.stringMatching(/already used by the entry uid=carol/) })]);
  });

  it("lets a user keep its e-mail when a new entry earlier in search order wants it", () => {
    const carol = fetched("carol", { email: "shared@example.org" });
    const dave = fetched("dave", { email: "shared@example.org" });
    const plan = diff({ fetched: [dave, carol], rows: [row(carol)] });
    expect(plan).toMatchObject({ insert: [], update: [], counts: { unchanged: 1 } });
    expect(plan.skipped).toEqual([expect.objectContaining({ dn: dave.dn, reason: expect.stringMatching(/already used by the entry uid=carol/) })]);
  });

  it("keeps the row of a skipped entry, and its values stay taken", () => {
    // bob's entry became invalid while mapping: his row is neither updated nor disabled.
    const skip = { dn: bob.dn, reason: "username is empty", ldapId: bob.ldapId };
    const newcomer = fetched("bob", { ldapId: "id-new" });
    const plan = diff({ fetched: [newcomer], rows: [row(bob)], mappingSkips: [skip] });
    expect(plan).toMatchObject({ disable: [], remove: [], update: [], insert: [], removals: 0 });
    expect(plan.frozen).toEqual(new Set(["row-bob"]));
    expect(plan.skipped[0].reason).toMatch(/username bob is already used by the existing row of a skipped entry/);
  });

  it("re-resolves when a skip freezes a row whose values another entry wanted", () => {
    // alice wants a local user's e-mail (skipped), so her row keeps "alice"; a new entry wanting "alice" loses.
    const newAlice = fetched("alice", { ldapId: "id-new", email: null });
    const oldAlice = fetched("alice-renamed", { ldapId: alice.ldapId, email: "taken@example.org" });
    const plan = diff({ fetched: [newAlice, oldAlice], rows: [row(alice)], localUsers: [local("zed", "taken@example.org")] });
    expect(plan.insert).toEqual([]);
    expect(plan.skipped.map((s) => s.dn).sort()).toEqual([newAlice.dn, oldAlice.dn].sort());
    expect(plan.frozen.has("row-alice")).toBe(true);
  });

  it("does not hand a departed (disabled) user's username to a new entry under soft delete", () => {
    const recreated = fetched("bob", { ldapId: "id-bob-2" });
    const soft = diff({ fetched: [alice, recreated], rows: [row(alice), row(bob)] });
    expect(soft.insert).toEqual([]);
    expect(soft.skipped[0].reason).toMatch(/disabled user bob, who is no longer in the directory/);
    const hard = diff({ fetched: [alice, recreated], rows: [row(alice), row(bob)], softDelete: false });
    expect(hard).toMatchObject({ remove: ["row-bob"], insert: [expect.objectContaining({ username: "bob", ldapId: "id-bob-2" })] });
  });

  it("releases swapped usernames before updating", () => {
    const a = fetched("alice", { username: "bob", email: "bob@example.org" });
    const b = fetched("bob", { username: "alice", email: "alice@example.org" });
    const plan = diff({ fetched: [a, b], rows: [row(alice), row(bob)] });
    expect(plan.release.sort()).toEqual(["row-alice", "row-bob"]);
    expect(plan.update).toHaveLength(2);
    // A plain rename into a free name needs no release.
    expect(diff({ fetched: [fetched("alice", { username: "alicia" })], rows: [row(alice)] }).release).toEqual([]);
  });

  it("skips the later of two entries with the same unique id", () => {
    const twin = fetched("twin", { ldapId: alice.ldapId });
    const plan = diff({ fetched: [alice, twin], rows: [] });
    expect(plan.insert).toHaveLength(1);
    expect(plan.skipped[0].reason).toMatch(/same unique identifier/);
  });

  it("plans picture writes only when the source hash changed", () => {
    const picture = { hash: "h1", data: Buffer.from([1]), url: null };
    const withPicture = fetched("alice", { picture });
    expect(diff({ fetched: [withPicture], rows: [row(alice)] }).pictures.upsert).toHaveLength(1);
    expect(diff({ fetched: [withPicture], rows: [row(alice)], pictureHashes: new Map([[alice.ldapId, "h1"]]) }).pictures.upsert).toEqual([]);
    expect(diff({ fetched: [fetched("alice", { picture: null })], rows: [row(alice)], pictureHashes: new Map([[alice.ldapId, "h1"]]) }).pictures.remove).toEqual(["row-alice"]);
  });
});

describe("diffGroups and diffMemberships", () => {
  const group = (name: string, ldapId = `gid-${name}`): MappedGroup => ({ dn: `cn=${name},dc=x`, normDn: `cn=${name},dc=x`, ldapId, name, members: [] });

  it("creates, renames and deletes LDAP groups but never local ones", () => {
    const rows = [
      { id: "g-devs", ldapId: "gid-devs", name: "devs", friendlyName: "devs" },
      { id: "g-old", ldapId: "gid-old", name: "old", friendlyName: "old" },
      { id: "g-local", ldapId: null, name: "Local", friendlyName: "Local" },
    ];
    const plan = diffGroups([group("developers", "gid-devs"), group("new"), group("local")], [], rows);
    expect(plan.update).toEqual([expect.objectContaining({ id: "g-devs", name: "developers", friendlyName: "developers" })]);
    expect(plan.insert.map((g) => g.name)).toEqual(["new"]);
    expect(plan.remove).toEqual(["g-old"]);
    expect(plan.skipped[0].reason).toBe("group name local is already used by the local group Local");
  });

  it("adds and removes only the difference, keeping pairs of frozen rows", () => {
    const desired = new Map([["g1", new Set(["u1", "u2"])]]);
    const existing = new Map([["g1", new Set(["u2", "u3", "u4", "u5"])], ["g2", new Set(["u1"])]]);
    const plan = diffMemberships(desired, existing, { users: new Set(["u4"]), groups: new Set(["g2"]) }, { users: new Set(["u5"]), groups: new Set() });
    expect(plan).toEqual({ add: [["u1", "g1"]], remove: [["u3", "g1"]] });
  });
});
