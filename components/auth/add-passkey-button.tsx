"use client";

import { useState } from "react";
import { startRegistration } from "@simplewebauthn/browser";
import { Plus } from "lucide-react";
import { beginPasskeyRegistrationAction, finishPasskeyRegistrationAction } from "@/app/settings/account/actions";
import { Button, type ButtonProps } from "@/components/ui/button";
import { toast } from "@/components/ui/toast";
import { passkeyErrorMessage } from "./passkey-errors";

/** "Add passkey": asks the browser for a new passkey for the signed-in user and saves it. */
export function AddPasskeyButton({ variant, size }: Pick<ButtonProps, "variant" | "size">) {
  const [pending, setPending] = useState(false);

  async function add() {
    setPending(true);
    try {
      const begin = await beginPasskeyRegistrationAction();
      if (!begin.ok) return void toast.error("Could not add a passkey", begin.message);
      let response;
      try {
        response = await startRegistration({ optionsJSON: begin.data });
      } catch (error) {
        return void toast.error("Could not add a passkey", passkeyErrorMessage(error, "create"));
      }
      // The action revalidates the account page, so the new passkey shows up in the same round trip.
      const finish = await finishPasskeyRegistrationAction({ response });
      if (!finish.ok) return void toast.error("Could not add a passkey", finish.message);
      toast.success("Passkey added", `"${finish.data.name}" can now sign you in. Rename it to tell your passkeys apart.`);
    } finally {
      setPending(false);
    }
  }

  return (
    <Button type="button" variant={variant} size={size} loading={pending} onClick={add}>
      <Plus aria-hidden="true" />
      Add passkey
    </Button>
  );
}
