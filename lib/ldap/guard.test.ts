// The removal guard at its edges: the percentage is a maximum (reaching it is allowed), and only
// directories with GUARD_MIN_USERS or more LDAP users are guarded.
import { describe, expect, it } from "vitest";
import { removalGuardReason, type GuardInput } from "./guard";

const run = (overrides: Partial<GuardInput>): GuardInput => ({
  usersFetched: 10,
  groupsFetched: 3,
  activeLdapUsers: 20,
  removals: 0,
  ldapGroups: 3,
  maxRemovalPercent: 50,
  softDelete: true,
  base: "dc=example,dc=org",
  ...overrides,
});

describe("removalGuardReason", () => {
  it("allows removing exactly LDAP_MAX_REMOVAL_PERCENT, refuses one user more", () => {
    expect(removalGuardReason(run({ activeLdapUsers: 20, removals: 10, maxRemovalPercent: 50 }))).toBeNull();
    expect(removalGuardReason(run({ activeLdapUsers: 20, removals: 11, maxRemovalPercent: 50 }))).toBe(
      "Sync stopped: it would disable 11 of 20 LDAP users (55%), more than the 50% allowed by LDAP_MAX_REMOVAL_PERCENT. " +
        "Nothing was changed. Check the search base (dc=example,dc=org) and the user search filter. " +
        'If this is intended, run "sync-ldap --force" (or "Sync anyway" on the configuration page).',
    );
    expect(removalGuardReason(run({ activeLdapUsers: 30, removals: 3, maxRemovalPercent: 10 }))).toBeNull();
    expect(removalGuardReason(run({ activeLdapUsers: 30, removals: 4, maxRemovalPercent: 10 }))).toMatch(/would disable 4 of 30 LDAP users \(13%\)/);
    expect(removalGuardReason(run({ activeLdapUsers: 1000, removals: 501 }))).toMatch(/would disable 501 of 1000/);
  });

  it("with 0% allows no removal at all, with 100% any", () => {
    expect(removalGuardReason(run({ removals: 0, maxRemovalPercent: 0 }))).toBeNull();
    expect(removalGuardReason(run({ removals: 1, maxRemovalPercent: 0 }))).toMatch(/would disable 1 of 20 LDAP users \(5%\), more than the 0%/);
    expect(removalGuardReason(run({ removals: 20, maxRemovalPercent: 100 }))).toBeNull();
  });

  it("guards exactly 20 LDAP users, not 19", () => {
    expect(removalGuardReason(run({ activeLdapUsers: 20, removals: 19, maxRemovalPercent: 50 }))).toMatch(/would disable 19 of 20/);
    expect(removalGuardReason(run({ activeLdapUsers: 19, removals: 19, maxRemovalPercent: 50 }))).toBeNull();
    expect(removalGuardReason(run({ activeLdapUsers: 19, removals: 10, maxRemovalPercent: 0 }))).toBeNull();
  });

  it("names the removal by the soft-delete setting", () => {
    expect(removalGuardReason(run({ removals: 11, softDelete: false }))).toMatch(/^Sync stopped: it would delete 11 of 20/);
  });

  it("stops an empty user or group search whatever the size, but not on an empty database", () => {
    expect(removalGuardReason(run({ usersFetched: 0, activeLdapUsers: 1, removals: 1 }))).toMatch(/user search returned no entries while 1 LDAP users exist/);
    expect(removalGuardReason(run({ groupsFetched: 0, ldapGroups: 1 }))).toMatch(/group search returned no entries while 1 LDAP groups exist/);
    expect(removalGuardReason(run({ usersFetched: 0, activeLdapUsers: 0, groupsFetched: 0, ldapGroups: 0 }))).toBeNull();
  });
});
