// Reading attribute values from an ldapts Entry. Attribute names are case-insensitive in LDAP and
// servers answer with their own spelling (AD: "objectGUID", whatever was asked); ldapts keys the
// entry by the server's spelling and adds an empty array under the requested name when missing.
import type { Entry } from "ldapts";

export type LdapValue = string | Buffer;

/** Every value of `name` (case-insensitive), [] when absent. */
export function values(entry: Entry, name: string): LdapValue[] {
  let value = entry[name];
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    const lower = name.toLowerCase();
    for (const key of Object.keys(entry)) {
      if (key !== "dn" && key.toLowerCase() === lower) {
        value = entry[key];
        if (!(Array.isArray(value) && value.length === 0)) break;
      }
    }
  }
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function first(entry: Entry, name: string): LdapValue | undefined {
  const value = entry[name];
  if (value !== undefined && !Array.isArray(value)) return value; // the common, single-valued case
  return values(entry, name)[0];
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
