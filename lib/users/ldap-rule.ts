// The LDAP read-only rule, in one place for users, groups, verbs and pages: while LDAP is enabled,
// an entity with ldap_id belongs to the directory and is changed there, never here.
import "server-only";
import { getSettings } from "@/lib/config";
import type { AppContext } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";

export async function isLdapEnabled(ctx: AppContext): Promise<boolean> {
  return (await getSettings(ctx)).values.LDAP_ENABLED;
}

export function isManagedByLdap(entity: { ldapId: string | null }, ldapEnabled: boolean): boolean {
  return ldapEnabled && entity.ldapId !== null;
}

/** What an administrator may do with a user; the page hides what is false, the verbs refuse it. */
export interface UserPermissions {
  edit: boolean;
  /** A disabled LDAP user may be deleted: the directory no longer vouches for them. */
  delete: boolean;
  setDisabled: boolean;
  setAdmin: boolean;
}

export function userPermissions(
  user: { id: string; ldapId: string | null; disabled: boolean },
  { ldapEnabled, actorUserId }: { ldapEnabled: boolean; actorUserId: string | null },
): UserPermissions {
  const managed = isManagedByLdap(user, ldapEnabled);
  // Administrators cannot lock themselves out: no deleting, disabling or demoting their own account.
  const self = actorUserId !== null && actorUserId === user.id;
  return {
    edit: !managed,
    delete: (!managed || user.disabled) && !self,
    setDisabled: !managed && !self,
    setAdmin: !managed && !self,
  };
}

/** Groups: an LDAP group's name and members come from the directory while LDAP is enabled. */
export function isGroupEditable(group: { ldapId: string | null }, ldapEnabled: boolean): boolean {
  return !isManagedByLdap(group, ldapEnabled);
}

export function managedByLdapError(kind: "user" | "group", name: string): ForbiddenError {
  return new ForbiddenError(
    `Managed by LDAP: the ${kind} "${name}" is synced from the directory and is read-only here while LDAP is enabled. Change it in the directory.`,
    "managed_by_ldap",
  );
}
