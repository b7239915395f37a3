// The audit events: stable names (stored in audit_log.event) and their labels for the audit page.
// Client-safe: the page's filter select lists them.

export const AUDIT_EVENTS = {
  "sign_in.passkey": "Signed in with a passkey",
  "sign_in.login_link": "Signed in with a login link",
  "sign_in.failed": "Sign-in failed",
  "login_link.created": "Login link created",
  "passkey.added": "Passkey added",
  "passkey.removed": "Passkey removed",
  "sessions.ended": "Signed out everywhere",
  "user.created": "User created",
  "user.updated": "User changed",
  "user.picture_changed": "Profile picture changed",
  "user.picture_removed": "Profile picture removed",
  "user.disabled": "User disabled",
  "user.enabled": "User enabled",
  "user.admin_granted": "Administrator right granted",
  "user.admin_revoked": "Administrator right revoked",
  "user.deleted": "User deleted",
  "user.claims_changed": "User claims changed",
  "group.created": "Group created",
  "group.updated": "Group changed",
  "group.deleted": "Group deleted",
  "group.members_changed": "Group memberships changed",
  "group.claims_changed": "Group claims changed",
  "config.saved": "Configuration saved",
  "ldap.connection_tested": "LDAP connection tested",
  "ldap_sync.started": "LDAP sync started",
  "ldap_sync.finished": "LDAP sync finished",
  "ldap_sync.stopped": "LDAP sync stopped by the removal guard",
  "oidc_client.created": "Application created",
  "oidc_client.updated": "Application changed",
  "oidc_client.secret_regenerated": "Application secret regenerated",
  "oidc_client.deleted": "Application deleted",
  "email.test_sent": "Test e-mail sent",
  "email.login_link_sent": "Login link e-mailed",
  "email.bulk_invite_started": "Login links e-mailed in bulk",
  "email.sign_in_link_requested": "Sign-in link requested by e-mail",
  "email.notification_sent": "Notification e-mailed",
} as const;

export type AuditEvent = keyof typeof AUDIT_EVENTS;

export const AUDIT_EVENT_NAMES = Object.keys(AUDIT_EVENTS) as AuditEvent[];

export function auditEventLabel(event: string): string {
  return (AUDIT_EVENTS as Record<string, string>)[event] ?? event;
}
