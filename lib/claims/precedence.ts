// Which value of a claim an application receives when several sources name it. Client-safe: the
// token (lib/claims/read.ts) and the admin pages (which show what is overridden) use this one rule.
//
//   1. the user's own claim, set by an administrator on the user's page;
//   2. the user's claim from LDAP (LDAP_CUSTOM_CLAIMS, written by the sync);
//   3. the claims of the user's groups, groups in alphabetical order of their name (case-insensitive):
//      the first group that names the claim wins.
//
// Names are compared exactly (claim names are case-sensitive JSON keys).

export type ClaimOrigin = { kind: "user" } | { kind: "ldap" } | { kind: "group"; groupId: string; groupName: string };

export interface ClaimEntry {
  key: string;
  value: string;
  origin: ClaimOrigin;
}

export interface ResolvedClaim extends ClaimEntry {
  /** false when a source earlier in the order names the same claim. */
  effective: boolean;
}

const RANK = { user: 0, ldap: 1, group: 2 } as const;

function compare(a: ClaimEntry, b: ClaimEntry): number {
  const rank = RANK[a.origin.kind] - RANK[b.origin.kind];
  if (rank !== 0) return rank;
  const [nameA, nameB] = [a.origin, b.origin].map((origin) => (origin.kind === "group" ? origin.groupName.toLowerCase() : ""));
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; // only for a stable listing
}

/** Every entry in precedence order, marked effective or overridden, and the claims that result. */
export function resolveClaims(entries: readonly ClaimEntry[]): { claims: Record<string, string>; entries: ResolvedClaim[] } {
  const claims: Record<string, string> = {};
  const resolved = [...entries].sort(compare).map((entry) => {
    const effective = !Object.hasOwn(claims, entry.key);
    if (effective) claims[entry.key] = entry.value;
    return { ...entry, effective };
  });
  return { claims, entries: resolved };
}
