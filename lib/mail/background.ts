// E-mail that goes out after the answer (self-service links, security notifications): a slow or
// broken mail server never delays or fails a sign-in. Failures are logged; graceful shutdown and
// tests wait for what is still on its way.
import "server-only";
import type { AppContext } from "@/lib/context";
import { errorMessage } from "@/lib/errors";

// On globalThis: Next.js may load this module once per bundle, and shutdown must see every send.
const pendingKey = Symbol.for("pocket-id.background-mail");
const pending: Set<Promise<void>> = ((globalThis as { [pendingKey]?: Set<Promise<void>> })[pendingKey] ??= new Set());

export function sendInBackground(what: string, ctx: AppContext, work: () => Promise<void>): void {
  const running: Promise<void> = work()
    .catch((error: unknown) => ctx.log.error("E-mail not sent", { what, error: errorMessage(error) }))
    .finally(() => pending.delete(running));
  pending.add(running);
}

/** Resolves once every e-mail started so far has been sent or has failed. */
export async function settleBackgroundMail(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}
