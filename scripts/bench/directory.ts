// The benchmark directory: N users, N/100 groups of ~10 members, one group of up to 5,000 members,
// and the "1% change" edit. Generated as LDIF text so slapadd can load it offline in seconds.
import { ldif, ldifEntry, ldifDelete, ldifModify } from "@/lib/ldap/testing/ldif";

export const BIG_GROUP_SIZE = 5_000;

const userId = (index: number) => `user${String(index).padStart(7, "0")}`;
export const userDn = (index: number, suffix: string) => `uid=${userId(index)},ou=people,${suffix}`;

function userEntry(index: number, suffix: string, givenName = "Given") {
  const uid = userId(index);
  return ldifEntry(userDn(index, suffix), {
    objectClass: ["inetOrgPerson"],
    uid,
    cn: `${givenName} ${uid}`,
    givenName,
    sn: `Surname${index % 997}`,
    displayName: `${givenName} ${uid}`,
    mail: `${uid}@bench.test`,
  });
}

/** LDIF of the whole directory below `suffix` (the suffix entry itself comes from the harness). */
export function* directoryLdif(users: number, suffix: string): Generator<string> {
  yield ldif(
    ldifEntry(`ou=people,${suffix}`, { objectClass: ["organizationalUnit"], ou: "people" }),
    ldifEntry(`ou=groups,${suffix}`, { objectClass: ["organizationalUnit"], ou: "groups" }),
  );
  for (let start = 0; start < users; start += 1000) {
    const batch = [];
    for (let index = start; index < Math.min(users, start + 1000); index++) batch.push(userEntry(index, suffix));
    yield ldif(...batch);
  }
  const groups = [];
  for (let group = 0; group < Math.floor(users / 100); group++) {
    const members = Array.from({ length: 10 }, (_, offset) => userDn(group * 100 + offset * 10, suffix));
    groups.push(ldifEntry(`cn=group${String(group).padStart(5, "0")},ou=groups,${suffix}`, { objectClass: ["groupOfNames"], cn: `group${String(group).padStart(5, "0")}`, member: members }));
  }
  const bigMembers = Array.from({ length: Math.min(BIG_GROUP_SIZE, users) }, (_, index) => userDn(index, suffix));
  groups.push(ldifEntry(`cn=everyone,ou=groups,${suffix}`, { objectClass: ["groupOfNames"], cn: "everyone", member: bigMembers }));
  groups.push(ldifEntry(`cn=admins,ou=groups,${suffix}`, { objectClass: ["groupOfNames"], cn: "admins", member: [userDn(0, suffix)] }));
  yield ldif(...groups);
}

/** The 1% edit: modify 1% of users and delete 0.1% (ldapmodify), and add 0.1% new ones (ldapadd). */
export function directoryChange(users: number, suffix: string) {
  const changes: string[] = [];
  for (let index = 7; index < users; index += 100) {
    changes.push(ldifModify(userDn(index, suffix), [{ op: "replace", attr: "givenName", values: ["Changed"] }]));
  }
  const modified = changes.length;
  for (let index = 3; index < users; index += 1000) changes.push(ldifDelete(userDn(index, suffix)));
  const deleted = changes.length - modified;
  const added = Array.from({ length: Math.max(1, Math.floor(users / 1000)) }, (_, offset) => userEntry(users + offset, suffix));
  return { modifyLdif: ldif(...changes), addLdif: ldif(...added), modified, deleted, added: added.length };
}
