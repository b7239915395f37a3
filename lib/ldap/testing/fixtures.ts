// A small directory with the awkward cases a sync must handle, plus the expected values as
// constants so tests assert against one source instead of re-typing names and e-mails.
import { ldif, ldifEntry, type LdifAttributes } from "./ldif";

export const FIXTURE_SUFFIX = "dc=example,dc=org";

export type FixtureOu = "people" | "staff";
export interface FixtureUser {
  /** The username (uid). */
  uid: string;
  ou: FixtureOu;
  /** RDN as written in the entry's DN (not always uid=...). OpenLDAP returns DNs re-escaped:
   *  `cn=Smith\, John` comes back as `cn=Smith\2C John`, so compare DNs normalised. */
  rdn: string;
  givenName: string;
  sn: string;
  cn: string;
  displayName: string;
  mail: string | null;
  posix?: { uidNumber: number; gidNumber: number };
  /** Clear-text password set on the entry (the reader must never see userPassword). */
  password?: string;
}

// Order matters: it is the add order and so OpenLDAP's search order ("first keeps the e-mail").
export const FIXTURE_USERS = [
  { uid: "alice", ou: "people", rdn: "uid=alice", givenName: "Alice", sn: "Anderson", cn: "Alice Anderson", displayName: "Alice Anderson", mail: "alice@example.org", posix: { uidNumber: 10001, gidNumber: 10000 }, password: "alice-password" },
  { uid: "bob", ou: "people", rdn: "uid=bob", givenName: "Bob", sn: "Brown", cn: "Bob Brown", displayName: "Bob Brown", mail: "bob@example.org" },
  { uid: "zoe", ou: "people", rdn: "uid=zoe", givenName: "Zoë", sn: "Ångström", cn: "Zoë Ångström", displayName: "Zoë Ångström", mail: "zoe@example.org" },
  { uid: "jose", ou: "people", rdn: "uid=jose", givenName: "José", sn: "Müller", cn: "José Müller", displayName: "José Müller", mail: "jose.muller@example.org" },
  { uid: "nomail", ou: "people", rdn: "uid=nomail", givenName: "Nora", sn: "Nomail", cn: "Nora Nomail", displayName: "Nora Nomail", mail: null },
  { uid: "carol", ou: "people", rdn: "uid=carol", givenName: "Carol", sn: "Shared", cn: "Carol Shared", displayName: "Carol Shared", mail: "shared@example.org" },
  { uid: "dave", ou: "people", rdn: "uid=dave", givenName: "Dave", sn: "Shared", cn: "Dave Shared", displayName: "Dave Shared", mail: "shared@example.org" },
  { uid: "jsmith", ou: "people", rdn: "cn=Smith\\, John", givenName: "John", sn: "Smith", cn: "Smith, John", displayName: "John Smith", mail: "john.smith@example.org" },
  { uid: "wang", ou: "staff", rdn: "cn=王小明", givenName: "小明", sn: "王", cn: "王小明", displayName: "王小明", mail: "wang@example.org" },
  { uid: "frank", ou: "staff", rdn: "uid=frank", givenName: "Frank", sn: "Fischer", cn: "Frank Fischer", displayName: "Frank Fischer", mail: "frank@example.org", posix: { uidNumber: 10002, gidNumber: 10000 } },
  { uid: "grace", ou: "staff", rdn: "uid=grace", givenName: "Grace", sn: "Hopper", cn: "Grace Hopper", displayName: "Grace Hopper", mail: "grace@example.org" },
] as const satisfies readonly FixtureUser[];

export type FixtureUid = (typeof FIXTURE_USERS)[number]["uid"];

export function fixtureUser(uid: FixtureUid): FixtureUser {
  const user = FIXTURE_USERS.find((u) => u.uid === uid);
  if (!user) throw new Error(`No fixture user ${uid}`);
  return user;
}

export function fixtureUserDn(uid: FixtureUid, suffix = FIXTURE_SUFFIX): string {
  const user = fixtureUser(uid);
  return `${user.rdn},ou=${user.ou},${suffix}`;
}

export function fixtureGroupDn(cn: string, suffix = FIXTURE_SUFFIX): string {
  return `cn=${cn},ou=groups,${suffix}`;
}

/** Same DN, written the way a careless admin tool might: upper case and spaces after commas. */
function sloppyDn(dn: string): string {
  return dn.split(",").map((rdn) => rdn.toUpperCase().replace("=", " = ")).join(", ");
}

export interface FixtureGroup {
  cn: string;
  objectClass: "groupOfNames" | "groupOfUniqueNames" | "posixGroup";
  memberAttribute: "member" | "uniqueMember" | "memberUid";
  /** The member values exactly as written into the entry. */
  members(suffix?: string): string[];
  /** Users that are direct members and exist. */
  directUsers: readonly FixtureUid[];
  /** Groups that are direct members. */
  childGroups: readonly string[];
  /** Member values that resolve to nothing. */
  dangling(suffix?: string): string[];
  /** Users that are members directly or through nested groups (LDAP_NESTED_GROUPS=true). */
  transitiveUsers: readonly FixtureUid[];
}

const dn = fixtureUserDn;
const gdn = fixtureGroupDn;
const GHOST_RDN = "uid=ghost,ou=people";

export const FIXTURE_GROUPS: readonly FixtureGroup[] = [
  { cn: "admins", objectClass: "groupOfNames", memberAttribute: "member", members: (s = FIXTURE_SUFFIX) => [dn("alice", s), dn("grace", s)], directUsers: ["alice", "grace"], childGroups: [], dangling: () => [], transitiveUsers: ["alice", "grace"] },
  {
    cn: "developers", objectClass: "groupOfNames", memberAttribute: "member",
    // bob in different case/spacing, jsmith with a hex-escaped comma instead of "\,". OpenLDAP
    // keeps the value case but stores the DN re-formatted (no spaces, lower-case attribute types,
    // "\2C" escapes), so over LDAP only the case difference survives.
    members: (s = FIXTURE_SUFFIX) => [sloppyDn(dn("bob", s)), `cn=Smith\\2C John,ou=people,${s}`, dn("zoe", s)],
    directUsers: ["bob", "jsmith", "zoe"], childGroups: [], dangling: () => [], transitiveUsers: ["bob", "jsmith", "zoe"],
  },
  { cn: "contractors", objectClass: "groupOfNames", memberAttribute: "member", members: (s = FIXTURE_SUFFIX) => [dn("jose", s), `${GHOST_RDN},${s}`], directUsers: ["jose"], childGroups: [], dangling: (s = FIXTURE_SUFFIX) => [`${GHOST_RDN},${s}`], transitiveUsers: ["jose"] },
  { cn: "engineering", objectClass: "groupOfNames", memberAttribute: "member", members: (s = FIXTURE_SUFFIX) => [gdn("developers", s), dn("frank", s)], directUsers: ["frank"], childGroups: ["developers"], dangling: () => [], transitiveUsers: ["frank", "bob", "jsmith", "zoe"] },
  // Two levels deep: everyone -> engineering -> developers.
  { cn: "everyone", objectClass: "groupOfNames", memberAttribute: "member", members: (s = FIXTURE_SUFFIX) => [gdn("engineering", s), gdn("admins", s), dn("nomail", s)], directUsers: ["nomail"], childGroups: ["engineering", "admins"], dangling: () => [], transitiveUsers: ["nomail", "frank", "bob", "jsmith", "zoe", "alice", "grace"] },
  // A membership cycle: transitive resolution must terminate.
  { cn: "cycle-a", objectClass: "groupOfNames", memberAttribute: "member", members: (s = FIXTURE_SUFFIX) => [gdn("cycle-b", s), dn("wang", s)], directUsers: ["wang"], childGroups: ["cycle-b"], dangling: () => [], transitiveUsers: ["wang", "carol"] },
  { cn: "cycle-b", objectClass: "groupOfNames", memberAttribute: "member", members: (s = FIXTURE_SUFFIX) => [gdn("cycle-a", s), dn("carol", s)], directUsers: ["carol"], childGroups: ["cycle-a"], dangling: () => [], transitiveUsers: ["carol", "wang"] },
  { cn: "posix-users", objectClass: "posixGroup", memberAttribute: "memberUid", members: () => ["alice", "frank", "wang", "ghost"], directUsers: ["alice", "frank", "wang"], childGroups: [], dangling: () => ["ghost"], transitiveUsers: ["alice", "frank", "wang"] },
  { cn: "auditors", objectClass: "groupOfUniqueNames", memberAttribute: "uniqueMember", members: (s = FIXTURE_SUFFIX) => [dn("jose", s), dn("grace", s)], directUsers: ["jose", "grace"], childGroups: [], dangling: () => [], transitiveUsers: ["jose", "grace"] },
];

export function fixtureGroup(cn: string): FixtureGroup {
  const group = FIXTURE_GROUPS.find((g) => g.cn === cn);
  if (!group) throw new Error(`No fixture group ${cn}`);
  return group;
}

/** Expected values for assertions. */
export const FIXTURE = {
  usernames: FIXTURE_USERS.map((u) => u.uid),
  peopleUsernames: FIXTURE_USERS.filter((u) => u.ou === "people").map((u) => u.uid),
  staffUsernames: FIXTURE_USERS.filter((u) => u.ou === "staff").map((u) => u.uid),
  posixUsernames: ["alice", "frank"] as FixtureUid[],
  /** uid -> mail as in the directory (null: no mail attribute). */
  emails: Object.fromEntries(FIXTURE_USERS.map((u) => [u.uid, u.mail])) as Record<FixtureUid, string | null>,
  sharedEmail: "shared@example.org",
  /** First in search order: keeps the shared e-mail. */
  sharedEmailOwner: "carol" as FixtureUid,
  /** Later in search order: skipped by a sync. */
  sharedEmailSkipped: "dave" as FixtureUid,
  userWithoutEmail: "nomail" as FixtureUid,
  /** DN `cn=Smith\, John,ou=people,...`. */
  escapedCommaUser: "jsmith" as FixtureUid,
  unicodeUsers: ["zoe", "jose", "wang"] as FixtureUid[],
  adminGroup: "admins",
  admins: ["alice", "grace"] as FixtureUid[],
  groupNames: FIXTURE_GROUPS.map((g) => g.cn),
  groupOfNamesNames: FIXTURE_GROUPS.filter((g) => g.objectClass === "groupOfNames").map((g) => g.cn),
  ous: ["people", "staff", "groups"],
} as const;

function userEntry(user: FixtureUser, suffix: string): string {
  const attrs: LdifAttributes = {
    objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson", ...(user.posix ? ["posixAccount"] : [])],
    uid: user.uid,
    cn: user.cn,
    sn: user.sn,
    givenName: user.givenName,
    displayName: user.displayName,
    mail: user.mail ?? undefined,
  };
  if (user.posix) {
    Object.assign(attrs, {
      uidNumber: String(user.posix.uidNumber),
      gidNumber: String(user.posix.gidNumber),
      homeDirectory: `/home/${user.uid}`,
      loginShell: "/bin/bash",
    });
  }
  if (user.password) attrs.userPassword = user.password;
  return ldifEntry(`${user.rdn},ou=${user.ou},${suffix}`, attrs);
}

function groupEntry(group: FixtureGroup, suffix: string): string {
  const extra = group.objectClass === "posixGroup" ? { gidNumber: "10000" } : {};
  return ldifEntry(fixtureGroupDn(group.cn, suffix), {
    objectClass: ["top", group.objectClass],
    cn: group.cn,
    description: `Fixture group ${group.cn}`,
    ...extra,
    [group.memberAttribute]: group.members(suffix),
  });
}

/** The organisational units (children of an existing suffix entry). */
export function fixtureOusLdif(suffix = FIXTURE_SUFFIX): string {
  return ldif(FIXTURE.ous.map((ou) => ldifEntry(`ou=${ou},${suffix}`, { objectClass: ["top", "organizationalUnit"], ou })));
}

/** OUs, users and groups, below a suffix entry that already exists (startSlapd creates it). */
export function fixtureLdif(suffix = FIXTURE_SUFFIX): string {
  return ldif(
    fixtureOusLdif(suffix),
    FIXTURE_USERS.map((u) => userEntry(u, suffix)),
    FIXTURE_GROUPS.map((g) => groupEntry(g, suffix)),
  );
}
