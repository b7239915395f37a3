"use client";

import { useState } from "react";
import { sendSignal, startAuthentication } from "@simplewebauthn/browser";
import { KeyRound } from "lucide-react";
import { beginSignInAction, finishSignInAction } from "@/app/login/actions";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { passkeyErrorMessage } from "./passkey-errors";

/**
 * "Sign in with a passkey": the browser offers this site's passkeys, no username is asked.
 * `continueTo` (an OpenID Connect sign-in page) is opened afterwards instead of the account page.
 */
export function PasskeySignIn({ rpID, continueTo }: { rpID: string; continueTo?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function signIn() {
    setError(null);
    setPending(true);
    try {
      const begin = await beginSignInAction();
      if (!begin.ok) return setError(begin.message);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: begin.data });
      } catch (failure) {
        return setError(passkeyErrorMessage(failure, "sign-in"));
      }
      // On success the action sets the session cookie and navigates on.
      const finish = await finishSignInAction({ response, continueTo });
      if (finish && !finish.ok) {
        setError(finish.message);
        // Lets the browser or password manager hide a passkey this site no longer accepts.
        if (finish.code === "unknown_passkey") {
          sendSignal({ signalName: "unknownCredential", rpID, credentialID: response.id }).catch(() => {});
        }
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-4">
      {error && <FormAlert>{error}</FormAlert>}
      <Button type="button" size="lg" loading={pending} onClick={signIn}>
        <KeyRound aria-hidden="true" />
        Sign in with a passkey
      </Button>
    </div>
  );
}
