// What every server action answers. Client-safe (types only): forms and buttons read it.
import type { ErrorCode } from "@/lib/errors";
import type { FieldErrors } from "@/lib/validation";

export type ActionFailure = { ok: false; code: ErrorCode | "internal"; status: number; message: string; fieldErrors?: FieldErrors };
export type ActionResult<T = undefined> = { ok: true; data: T; message?: string } | ActionFailure;
