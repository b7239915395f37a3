// Reading attribute values from an ldapts Entry. Attribute names are case-insensitive in LDAP and
// servers answer with their own spelling (AD: "objectGUID", whatever was asked); ldapts keys the
// entry by the server's spelling and adds an empty array under the requested name when missing.
import "server-only";
import type { Entry } from "ldapts";

export type LdapValue = string | Buffer;

/** The entry's key for `name` when the server spelled it differently (ldapts keys by the server's spelling). */
function otherSpelling(entry: Entry, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(entry).find((key) => key !== "dn" && key.toLowerCase() === lower);
}

// ldapts sets a requested attribute the entry lacks to [] (only when no spelling of it came back),
// so an array under the requested name is the complete answer; undefined means "look for another spelling".

/** Every value of `name` (case-insensitive), [] when absent. */
export function values(entry: Entry, name: string): LdapValue[] {
  let value = entry[name];
  if (value === undefined) {
    const key = otherSpelling(entry, name);
    value = key === undefined ? [] : entry[key];
  }
  return Array.isArray(value) ? value : [value];
}

/** The first value of `name`, without building an array for the common single-valued case. */
export function first(entry: Entry, name: string): LdapValue | undefined {
  let value = entry[name];
  if (value === undefined) {
    const key = otherSpelling(entry, name);
    if (key === undefined) return undefined;
    value = entry[key];
  }
  return Array.isArray(value) ? value[0] : value;
}

/** The bytes of a value: ldapts decodes valid UTF-8 to a string, so re-encode it losslessly. */
export function bytesOf(value: LdapValue): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Text of a value, or null when it is binary that is not UTF-8. */
export function textOf(value: LdapValue): string | null {
  if (!Buffer.isBuffer(value)) return value;
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}

/** Active Directory range retrieval: `member;range=0-1499` (more to come) or `member;range=1500-*` (last). */
export interface RangedValues {
  values: LdapValue[];
  /** Start of the next range to request, or null when this was the last one. */
  next: number | null;
}

/** The ranged values of `name` in an entry, or null when the server sent the attribute unranged. */
export function rangedValues(entry: Entry, name: string): RangedValues | null {
  const prefix = `${name.toLowerCase()};range=`;
  for (const key of Object.keys(entry)) {
    const lower = key.toLowerCase();
    if (!lower.startsWith(prefix)) continue;
    const match = /^(\d+)-(\d+|\*)$/.exec(lower.slice(prefix.length));
    if (!match) continue;
    const raw = entry[key];
    const list = Array.isArray(raw) ? raw : [raw];
    return { values: list, next: match[2] === "*" ? null : Number(match[2]) + 1 };
  }
  return null;
}
