/** The name to show for a user: the display name, else "First Last". */
export function displayNameOf(user: { displayName: string; firstName: string; lastName: string }): string {
  return user.displayName || `${user.firstName} ${user.lastName}`.trim();
}
