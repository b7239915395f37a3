// The one way to write a server action: `export const saveX = defineAction(schema, verb, options)`.
// The schema types the call site (a renamed key breaks the caller's type-check); the verb parses its
// input itself — it has other callers (CLI, route handlers) — so the action never parses twice.
// The action adds the caller's context, maps errors to `{ ok: false, code, ... }` and revalidates.
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { getRequestContext } from "@/lib/auth/guards";
import type { AppContext } from "@/lib/context";
import { runAction, type ActionResult } from "./result";

/** A page to refresh after a change: a path, or a path with the "layout" scope (the whole subtree). */
export type RevalidateTarget = string | { path: string; type: "layout" | "page" };

export interface ActionOptions<I, R> {
  /** What to refresh after success; a function when the path depends on the input or result. */
  revalidate?: RevalidateTarget[] | ((input: I, result: R) => RevalidateTarget[]);
  /** Where to navigate after success (sign-in, setup); a function when it depends on the input. */
  redirectTo?: string | ((input: I) => string);
}

export type Verb<I, R> = (input: I, ctx: AppContext) => Promise<R>;

/** `schema` only types the call site (the verb parses); actions without input pass `z.void()`. */
export function defineAction<S extends z.ZodType, R>(
  _schema: S,
  verb: Verb<z.input<S>, R>,
  options: ActionOptions<z.input<S>, R> = {},
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    const result = await runAction(async () => verb(input, await getRequestContext()));
    if (!result.ok) return result;
    const targets = typeof options.revalidate === "function" ? options.revalidate(input, result.data) : (options.revalidate ?? []);
    for (const target of targets) {
      if (typeof target === "string") revalidatePath(target);
      else revalidatePath(target.path, target.type);
    }
    if (options.redirectTo) redirect(typeof options.redirectTo === "function" ? options.redirectTo(input) : options.redirectTo);
    return result;
  };
}

/** For verbs whose result the browser does not need (it would only carry more data to the client). */
export function withoutResult<I>(verb: Verb<I, unknown>): Verb<I, void> {
  return async (input, ctx) => {
    await verb(input, ctx);
  };
}
