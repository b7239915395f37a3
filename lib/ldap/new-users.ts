// The users a sync creates, as COPY text: their rows and their `user.created` audit rows. The
// sync's thread encodes them and transfers the bytes, so a first load of 1,000,000 users never
// exists as objects on the main thread (cloning them doubled the sync's memory).
import "server-only";
import { randomUUID } from "node:crypto";
import { encodeCopyRows, type CopyData } from "@/lib/db/copy";
import type { UserRow } from "./diff";

export const NEW_USER_COLUMNS = ["id", "ldap_id", "username", "email", "first_name", "last_name", "display_name", "is_admin", "disabled"];
/** details, at and outcome take their defaults ('{}', now(), success). */
export const CREATED_AUDIT_COLUMNS = ["id", "event", "actor_kind", "target_type", "target_id", "target_name", "job_run_id"];

export interface NewUsers {
  rows: CopyData;
  audit: CopyData;
}

/**
 * Indexes of `rows` in (nearly) id order: by the ids' leading bits, packed with the index into one
 * float so a typed-array sort does it (a string sort of 1,000,000 uuids takes 1.6 s, this 0.1 s).
 */
export function idOrder(rows: readonly { id: string }[]): number[] {
  const indexBits = Math.max(1, Math.ceil(Math.log2(rows.length + 1)));
  const prefixBits = Math.min(32, 53 - indexBits);
  const keys = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) keys[i] = Math.floor(Number.parseInt(rows[i].id.slice(0, 8), 16) / 2 ** (32 - prefixBits)) * 2 ** indexBits + i;
  keys.sort();
  return Array.from(keys, (key) => key % 2 ** indexBits);
}

/**
 * The `counter`th of a sequence of time-ordered ids (UUID version 7, RFC 9562: the milliseconds
 * `now`, a 30-bit counter, 44 random bits), ascending with the counter: rows inserted in id order
 * append to the audit log's indexes instead of touching random pages (a first load of 1,000,000
 * users: 9 s instead of 31 s).
 */
export function timeOrderedId(now: number, counter: number): string {
  if (counter >= 2 ** 30) throw new Error("More than 2^30 ids in one sequence.");
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");
  const time = hex(now, 12);
  // Counter bits 29–18 | variant 10 + bits 17–16, bits 15–4 | bits 3–0, then random.
  const variant = 8 | ((counter >>> 16) & 3);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(counter >>> 18, 3)}-${hex(variant, 1)}${hex((counter >>> 4) & 0xfff, 3)}-${hex(counter & 0xf, 1)}${randomUUID().slice(25)}`;
}

/** The rows in id order (the users' primary key appends too) and their audit rows. */
export function encodeNewUsers(rows: readonly UserRow[], jobRunId: string | null): NewUsers {
  const ordered = idOrder(rows).map((index) => rows[index]);
  const now = Date.now();
  return {
    rows: encodeCopyRows(ordered, (r) => [r.id, r.ldapId, r.username, r.email, r.firstName, r.lastName, r.displayName, r.isAdmin, r.disabled]),
    audit: encodeCopyRows(ordered, (r, index) => [timeOrderedId(now, index), "user.created", "system", "user", r.id, r.username, jobRunId]),
  };
}

/** The buffers to transfer with a message carrying `newUsers`. */
export const newUsersBuffers = (newUsers: NewUsers): ArrayBuffer[] => [
  ...new Set([...newUsers.rows.chunks, ...newUsers.audit.chunks].map((chunk) => chunk.buffer)),
];
