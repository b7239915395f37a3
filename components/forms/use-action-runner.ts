"use client";
// Runs a server action from a button or a confirmation dialog: a failure is a toast with the
// server's message, a success a toast and then, if asked, a refresh or another page.
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/http/action-result";
import { toast } from "@/components/ui/toast";

export interface ActionOutcome<R> {
  /** Toast title when the action fails ("Group not deleted"). */
  failure: string;
  success: string;
  description?: string | ((data: R) => string);
  /** After a success: "refresh" reloads the page's data, a path navigates there. */
  then?: "refresh" | `/${string}`;
}

/**
 * Returns `run(action, outcome)`, which resolves true on success and to the server's message on
 * failure, so a confirmation dialog stays open and shows it.
 */
export function useActionRunner() {
  const router = useRouter();
  return async function run<R>(action: () => Promise<ActionResult<R>>, outcome: ActionOutcome<R>): Promise<true | string> {
    const result = await action();
    if (!result.ok) {
      toast.error(outcome.failure, result.message);
      return result.message;
    }
    toast.success(outcome.success, typeof outcome.description === "function" ? outcome.description(result.data) : outcome.description);
    if (outcome.then === "refresh") router.refresh();
    else if (outcome.then) router.push(outcome.then);
    return true;
  };
}
