// Messages shared by the passkey and login-link sign-ins. Their own module: the login-link code (and the
// CLI's one-time-access-token) must not load the WebAuthn library just for a sentence.
export const UNKNOWN_PASSKEY_MESSAGE = "This passkey is not registered here. Use another passkey or ask an administrator for a login link.";
export const DISABLED_ACCOUNT_MESSAGE = "This account is disabled. Contact your administrator.";
