import { describe, expect, it } from "vitest";
import { normalizeDn } from "./dn";
import { resolveMemberships, type MembershipOptions } from "./groups";
import type { MappedGroup, MappedUser } from "./map";

const BASE = "dc=example,dc=org";

function user(username: string, rdn = `uid=${username}`, ou = "people"): MappedUser {
  const dn = `${rdn},ou=${ou},${BASE}`;
  return { dn, normDn: normalizeDn(dn)!, ldapId: username, username, email: null, firstName: "", lastName: "", displayName: username, disabled: false, claims: {} };
}

function group(name: string, members: string[]): MappedGroup {
  const dn = `cn=${name},ou=groups,${BASE}`;
  return { dn, normDn: normalizeDn(dn)!, ldapId: name, name, members };
}

const options: MembershipOptions = {
  memberAttribute: "member", usernameAttribute: "uid", nested: false, adminGroupName: "", skippedUsers: [], skippedGroups: [], localUsernames: new Set(),
};

const users = [user("alice"), user("bob"), user("jsmith", "cn=Smith\\, John"), user("frank", "uid=frank", "staff")];
const names = (indexes: number[]) => indexes.map((i) => users[i].username).sort();

describe("resolveMemberships", () => {
  it("matches member DNs in any case, spacing or escaping, and by the username RDN", () => {
    const devs = group("devs", [
      `UID = BOB, OU = PEOPLE, DC = EXAMPLE, DC = ORG`,
      `cn=Smith\\2C John,ou=people,${BASE}`,
      // alice's entry moved: the old DN still names her by uid.
      `uid=alice,ou=former,${BASE}`,
    ]);
    const { members, dangling } = resolveMemberships(users, [devs], options);
    expect(names(members[0])).toEqual(["alice", "bob", "jsmith"]);
    expect(dangling).toEqual([]);
  });

  it("resolves posixGroup memberUid values by bare username and reports what it cannot", () => {
    const posix = group("posix", ["alice", "FRANK", "ghost", "root"]);
    const { members, dangling } = resolveMemberships(users, [posix], {
      ...options, memberAttribute: "memberUid", localUsernames: new Set(["root"]),
    });
    expect(names(members[0])).toEqual(["alice", "frank"]);
    expect(dangling).toEqual([
      { group: "posix", member: "ghost", reason: "no such user" },
      { group: "posix", member: "root", reason: "local user" },
    ]);
  });

  it("reports dangling and skipped members without failing", () => {
    const skippedUsers = [{ dn: `uid=dave,ou=people,${BASE}`, reason: "duplicate e-mail" }];
    const g = group("g", [`uid=ghost,ou=people,${BASE}`, `UID=Dave,ou=people,${BASE}`, users[0].dn]);
    const { members, dangling } = resolveMemberships(users, [g], { ...options, skippedUsers });
    expect(names(members[0])).toEqual(["alice"]);
    expect(dangling.map((d) => d.reason)).toEqual(["no such user or group in the search results", "skipped entry"]);
  });

  it("follows nested groups only when enabled, terminating on cycles", () => {
    const groups = [
      group("a", [`cn=b,ou=groups,${BASE}`, users[0].dn]),
      group("b", [`cn=a,ou=groups,${BASE}`, users[1].dn]),
      group("top", [`cn=a,ou=groups,${BASE}`, users[3].dn]),
    ];
    const flat = resolveMemberships(users, groups, options);
    expect(flat.members.map(names)).toEqual([["alice"], ["bob"], ["frank"]]);
    expect(flat.dangling).toEqual([]);
    const nested = resolveMemberships(users, groups, { ...options, nested: true });
    expect(nested.members.map(names)).toEqual([["alice", "bob"], ["alice", "bob"], ["alice", "bob", "frank"]]);
  });

  it("makes the members of the admin group (by name, any case, or by DN) admins", () => {
    const groups = [group("admins", [users[0].dn]), group("top", [`cn=admins,ou=groups,${BASE}`, users[1].dn])];
    const byName = resolveMemberships(users, groups, { ...options, adminGroupName: "ADMINS" });
    expect(names([...byName.admins])).toEqual(["alice"]);
    const nested = resolveMemberships(users, groups, { ...options, adminGroupName: `cn=top,ou=groups,${BASE}`, nested: true });
    expect(names([...nested.admins])).toEqual(["alice", "bob"]);
    expect(resolveMemberships(users, groups, options).admins.size).toBe(0);
  });
});
