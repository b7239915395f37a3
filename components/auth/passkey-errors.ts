// Browser-side WebAuthn failures, turned into sentences a person can act on.
import { WebAuthnError } from "@simplewebauthn/browser";

export function passkeyErrorMessage(error: unknown, ceremony: "create" | "sign-in"): string {
  const name = error instanceof Error ? error.name : "";
  if (error instanceof WebAuthnError) {
    switch (error.code) {
      case "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED":
        return "This passkey is already registered for your account.";
      case "ERROR_INVALID_DOMAIN":
      case "ERROR_INVALID_RP_ID":
        return "Passkeys do not work on this address. Open the app at its configured URL (APP_URL).";
      case "ERROR_CEREMONY_ABORTED":
        return "The passkey request was cancelled.";
      case "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT":
        return "This authenticator cannot store passkeys. Use another one.";
      case "ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT":
        return "This authenticator cannot verify you (PIN or biometrics). Use another one.";
    }
  }
  // WebAuthnError takes the DOMException's name, so this also covers wrapped errors.
  if (name === "NotAllowedError") {
    return ceremony === "create"
      ? "Creating the passkey was cancelled or timed out. Try again."
      : "Signing in was cancelled or timed out, or no passkey for this site was found. Try again.";
  }
  return error instanceof Error && error.message ? error.message : "The passkey request failed. Try again.";
}
