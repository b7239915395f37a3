// The rules of a user's profile fields, defined once for the forms (lib/auth/schema.ts,
// lib/users/schema.ts) and the LDAP mapping (lib/ldap/map.ts). Client-safe.

export const USERNAME_MAX = 50;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

/** The name shown for a user: the display name, else "First Last", else the username. */
export function displayNameOf(user: { displayName?: string | null; firstName: string; lastName: string; username?: string }): string {
  return user.displayName || `${user.firstName} ${user.lastName}`.trim() || (user.username ?? "");
}
