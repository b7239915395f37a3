// How large custom claims may be, without zod: the LDAP sync's thread (lib/ldap/map.ts) checks
// values against them and must not load zod to read four numbers.
export const CLAIM_KEY_MAX = 64;
export const CLAIM_VALUE_MAX = 1000;
/** Claims an administrator may set on one user or one group. */
export const CLAIMS_PER_OWNER_MAX = 30;
/** LDAP attributes the sync may map to claims. */
export const LDAP_CLAIM_MAPPINGS_MAX = 20;
