"use client";
// "E-mail me a sign-in link": one address in, the same answer out whatever it is.
import { useState, type FormEvent } from "react";
import Link from "next/link";
import { Mail } from "lucide-react";
import { requestSignInLinkAction } from "@/app/login/email/actions";
import { signInLinkRequestSchema } from "@/lib/mail/self-service-schema";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

export function EmailSignInLinkForm() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [answer, setAnswer] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsed = signInLinkRequestSchema.safeParse({ email });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Enter your e-mail address");
    setPending(true);
    try {
      const result = await requestSignInLinkAction({ email });
      if (!result.ok) return setError(result.fieldErrors?.email?.[0] ?? result.message);
      setAnswer(result.data.message);
    } finally {
      setPending(false);
    }
  }

  if (answer) {
    return (
      <div className="grid gap-4">
        <p role="status" className="text-sm">
          {answer}
        </p>
        <Link href="/login/code" className="text-sm font-medium underline underline-offset-4">
          Type the code from the e-mail
        </Link>
      </div>
    );
  }
  return (
    <form className="grid gap-4" noValidate onSubmit={submit}>
      {error && <FormAlert>{error}</FormAlert>}
      <FormField id="sign-in-link-email" label="Email">
        <Input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="email" />
      </FormField>
      <Button type="submit" size="lg" loading={pending}>
        <Mail aria-hidden="true" />
        E-mail me a sign-in link
      </Button>
    </form>
  );
}
