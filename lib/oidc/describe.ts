// Client-safe: how a client's audience reads in the CLI and on the Applications pages.

/** The group names, "Everyone", or "Nobody" once a restricted client's groups were all deleted. */
export function describeAllowedGroups(client: { allowedGroups: readonly string[]; restrictedToGroups: boolean }): string {
  if (client.allowedGroups.length) return client.allowedGroups.join(", ");
  return client.restrictedToGroups ? "Nobody (its allowed groups were deleted)" : "Everyone";
}
