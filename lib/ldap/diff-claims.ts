// Pure: the custom claims each synced user should carry from LDAP (LDAP_CUSTOM_CLAIMS) against the
// ones earlier syncs stored. Only differing values are written and only claims the directory no
// longer gives are removed, so an unchanged directory writes nothing here either.
import "server-only";
import type { MappedUser } from "./map";

export interface ClaimRow {
  userId: string;
  key: string;
  value: string;
}

export interface ClaimPlan {
  upsert: ClaimRow[];
  remove: { userId: string; key: string }[];
  /** Users that existed before this run whose claims changed: one audit row each. */
  changedUsers: { id: string; username: string; changed: string[] }[];
  counts: { set: number; removed: number };
}

export const emptyClaimPlan = (): ClaimPlan => ({ upsert: [], remove: [], changedUsers: [], counts: { set: 0, removed: 0 } });

/**
 * `idOf[i]` is the row of fetched user i (null: skipped, its claims stay); `created` holds the ids
 * of rows this run inserts (their claims are part of the creation, not audited separately).
 */
export function diffLdapClaims(
  fetched: readonly MappedUser[],
  idOf: readonly (string | null)[],
  stored: ReadonlyMap<string, ReadonlyMap<string, string>>,
  created: ReadonlySet<string>,
): ClaimPlan {
  const plan = emptyClaimPlan();
  fetched.forEach((user, i) => {
    const userId = idOf[i];
    if (!userId) return;
    const before = stored.get(userId);
    const changed: string[] = [];
    for (const [key, value] of Object.entries(user.claims)) {
      if (before?.get(key) === value) continue;
      plan.upsert.push({ userId, key, value });
      changed.push(key);
    }
    for (const key of before?.keys() ?? []) {
      if (Object.hasOwn(user.claims, key)) continue;
      plan.remove.push({ userId, key });
      changed.push(key);
    }
    if (changed.length && !created.has(userId)) plan.changedUsers.push({ id: userId, username: user.username, changed });
  });
  plan.counts = { set: plan.upsert.length, removed: plan.remove.length };
  return plan;
}
