// The users a sync creates, as COPY text: their rows and their `user.created` audit rows. The
// sync's thread encodes them and transfers the bytes, so a first load of 1,000,000 users never
// exists as objects on the main thread (cloning them doubled the sync's memory).
import "server-only";
import { encodeCopyRows, type CopyData } from "@/lib/db/copy";
import type { UserRow } from "./diff";
import { timeOrderedId } from "./ids";

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
