"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";

type Action = "login" | "confirm" | "abort";

/** Posts the step's answer (same-origin) and follows the provider's next URL. */
function useFinish(uid: string) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Action | null>(null);
  const finish = useCallback(
    async (action: Action) => {
      setError(null);
      setPending(action);
      try {
        const response = await fetch(`/interaction/${encodeURIComponent(uid)}/${action}`, { method: "POST" });
        const body = (await response.json().catch(() => ({}))) as { redirectTo?: string; error?: string };
        if (response.ok && body.redirectTo) return window.location.assign(body.redirectTo);
        setError(body.error ?? "Something went wrong. Go back to the application and try again.");
      } catch {
        setError("The server could not be reached. Check your connection and try again.");
      }
      setPending(null);
    },
    [uid],
  );
  return { error, pending, finish };
}

/** Already signed in: continue at once (the button is there if it stalls or fails). */
export function ContinueSignIn({ uid, username }: { uid: string; username: string }) {
  const { error, pending, finish } = useFinish(uid);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void finish("login");
  }, [finish]);
  return (
    <div className="grid gap-4">
      {error && <FormAlert>{error}</FormAlert>}
      <Button type="button" size="lg" loading={pending !== null} onClick={() => finish("login")}>
        Continue as {username}
      </Button>
    </div>
  );
}

export function ConsentButtons({ uid }: { uid: string }) {
  const { error, pending, finish } = useFinish(uid);
  return (
    <div className="grid gap-4">
      {error && <FormAlert>{error}</FormAlert>}
      <div className="flex gap-3">
        <Button type="button" loading={pending === "confirm"} disabled={pending !== null} onClick={() => finish("confirm")}>
          Allow
        </Button>
        <Button type="button" variant="outline" loading={pending === "abort"} disabled={pending !== null} onClick={() => finish("abort")}>
          Deny
        </Button>
      </div>
    </div>
  );
}
