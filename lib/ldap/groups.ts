// Group membership: member values resolved to synced users by normalised DN, by the username in
// the DN's first RDN, or by bare username (posixGroup memberUid); with nested groups enabled,
// membership is the transitive closure over member groups (cycles terminate).
import "server-only";
import { firstRdn, normalizeDn } from "./dn";
import type { MappedGroup, MappedUser, SkippedEntry } from "./map";

export interface DanglingMember {
  group: string;
  member: string;
  reason: string;
}

export interface MembershipOptions {
  memberAttribute: string;
  usernameAttribute: string;
  nested: boolean;
  adminGroupName: string;
  /** Users and groups that were fetched but skipped: their members are reported as such. */
  skippedUsers: readonly SkippedEntry[];
  skippedGroups: readonly SkippedEntry[];
  /** Lower-case usernames of local users (a memberUid may name one; it is never added). */
  localUsernames: ReadonlySet<string>;
}

export interface Memberships {
  /** For each group (same order as the input), the indexes of its member users. */
  members: number[][];
  /** Indexes of users in the admin group. */
  admins: Set<number>;
  dangling: DanglingMember[];
}

const lowerName = (value: string) => value.normalize("NFC").trim().toLowerCase();

export function resolveMemberships(users: readonly MappedUser[], groups: readonly MappedGroup[], options: MembershipOptions): Memberships {
  // Needed only for memberUid values and DNs that match no entry: built on first use.
  let usersByName: Map<string, number> | undefined;
  const userByName = (name: string) => (usersByName ??= new Map(users.map((user, index) => [user.username.toLowerCase(), index]))).get(name);
  const groupByDn = new Map(groups.map((group, index) => [group.normDn, index]));
  const skippedDns = new Set([...options.skippedUsers, ...options.skippedGroups].map((skip) => normalizeDn(skip.dn)));
  const skippedNames = new Set(options.skippedUsers.flatMap((skip) => (skip.name ? [skip.name.toLowerCase()] : [])));
  const rdnType = options.usernameAttribute.toLowerCase();
  const bareUsernames = options.memberAttribute.toLowerCase() === "memberuid";
  // Each member value normalised once; users are indexed only by the DNs some group names (a
  // million users, a hundred thousand member values: a small map instead of a huge one).
  const memberDns = groups.map((group) => group.members.map((member) => (bareUsernames ? null : normalizeDn(member))));
  const named = new Set(memberDns.flat());
  const userByDn = new Map<string, number>();
  users.forEach((user, index) => named.has(user.normDn) && userByDn.set(user.normDn, index));

  const dangling: DanglingMember[] = [];
  const directUsers: Set<number>[] = [];
  const childGroups: number[][] = [];

  groups.forEach((group, groupIndex) => {
    const users = new Set<number>();
    const children: number[] = [];
    for (const [memberIndex, member] of group.members.entries()) {
      const norm = memberDns[groupIndex][memberIndex];
      let reason: string;
      if (norm === null) {
        const name = lowerName(member);
        const user = userByName(name);
        if (user !== undefined) {
          users.add(user);
          continue;
        }
        reason = options.localUsernames.has(name) ? "local user" : skippedNames.has(name) ? "skipped entry" : "no such user";
      } else {
        const user = userByDn.get(norm) ?? userByRdn(member);
        if (user !== undefined) {
          users.add(user);
          continue;
        }
        const child = groupByDn.get(norm);
        if (child !== undefined) {
          if (options.nested) children.push(child);
          continue;
        }
        reason = skippedDns.has(norm) ? "skipped entry" : "no such user or group in the search results";
      }
      dangling.push({ group: group.name, member, reason });
    }
    directUsers.push(users);
    childGroups.push(children);
  });

  function userByRdn(member: string): number | undefined {
    const rdn = firstRdn(member);
    const ava = rdn?.length === 1 && rdn[0].type === rdnType ? rdn[0] : undefined;
    return ava ? userByName(lowerName(ava.value)) : undefined;
  }

  const members = groups.map((_, index) => (options.nested ? transitiveUsers(index, directUsers, childGroups) : [...directUsers[index]]));
  const adminKey = lowerName(options.adminGroupName);
  const adminDn = options.adminGroupName.includes("=") ? normalizeDn(options.adminGroupName) : null;
  const admins = new Set<number>();
  groups.forEach((group, index) => {
    if (!adminKey || (group.name.toLowerCase() !== adminKey && group.normDn !== adminDn)) return;
    for (const user of members[index]) admins.add(user);
  });
  return { members, admins, dangling };
}

/** Users of a group and of every group reachable through member groups; each group visited once. */
function transitiveUsers(start: number, directUsers: readonly Set<number>[], childGroups: readonly number[][]): number[] {
  const visited = new Set<number>([start]);
  const stack = [start];
  const users = new Set<number>();
  while (stack.length) {
    const group = stack.pop()!;
    for (const user of directUsers[group]) users.add(user);
    for (const child of childGroups[group]) {
      if (!visited.has(child)) {
        visited.add(child);
        stack.push(child);
      }
    }
  }
  return [...users];
}
