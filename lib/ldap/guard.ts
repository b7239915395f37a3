// The removal guard: a wrong search base, a filter typo or a directory outage must not disable or
// delete users (or drop every group, and with it every admin) without an admin saying so.
import "server-only";

export const GUARD_MIN_USERS = 20;

export interface GuardInput {
  usersFetched: number;
  groupsFetched: number;
  /** Enabled LDAP users in the database before the run. */
  activeLdapUsers: number;
  /** Of those, how many this run would disable or delete. */
  removals: number;
  ldapGroups: number;
  maxRemovalPercent: number;
  softDelete: boolean;
  base: string;
}

const FORCE_HINT = 'If this is intended, run "sync-ldap --force" (or "Sync anyway" on the configuration page).';

/** Why the run must stop, or null when it may write. */
export function removalGuardReason(input: GuardInput): string | null {
  const verb = input.softDelete ? "disable" : "delete";
  if (input.usersFetched === 0 && input.activeLdapUsers > 0) {
    return (
      `Sync stopped: the user search returned no entries while ${input.activeLdapUsers} LDAP users exist, so it would ${verb} all of them. ` +
      `Nothing was changed. Check the search base (${input.base}) and the user search filter. ${FORCE_HINT}`
    );
  }
  if (input.groupsFetched === 0 && input.ldapGroups > 0) {
    return (
      `Sync stopped: the group search returned no entries while ${input.ldapGroups} LDAP groups exist, so it would delete all of them ` +
      `and remove every LDAP admin. Nothing was changed. Check the search base (${input.base}) and the group search filter. ${FORCE_HINT}`
    );
  }
  const percent = input.activeLdapUsers > 0 ? (input.removals * 100) / input.activeLdapUsers : 0;
  if (input.activeLdapUsers >= GUARD_MIN_USERS && percent > input.maxRemovalPercent) {
    return (
      `Sync stopped: it would ${verb} ${input.removals} of ${input.activeLdapUsers} LDAP users (${Math.round(percent)}%), ` +
      `more than the ${input.maxRemovalPercent}% allowed by LDAP_MAX_REMOVAL_PERCENT. Nothing was changed. ` +
      `Check the search base (${input.base}) and the user search filter. ${FORCE_HINT}`
    );
  }
  return null;
}
