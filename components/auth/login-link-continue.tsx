"use client";

import { useState } from "react";
import { LogIn } from "lucide-react";
import { consumeLoginLinkAction } from "@/app/lc/actions";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";

/** The explicit step that uses a login link up (opening the link never does). */
export function LoginLinkContinue() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function proceed() {
    setError(null);
    setPending(true);
    try {
      // On success the action sets the session cookie and navigates to the account page.
      const result = await consumeLoginLinkAction();
      if (result && !result.ok) setError(result.message);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-4">
      {error && <FormAlert>{error}</FormAlert>}
      <Button type="button" size="lg" loading={pending} onClick={proceed}>
        <LogIn aria-hidden="true" />
        Continue
      </Button>
    </div>
  );
}
