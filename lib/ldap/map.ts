// Pure mapping of directory entries to compact user and group records, or to a skip reason.
// Values are validated with the product's own rules (lib/auth/schema.ts: username pattern, 100-char
// names, e-mail form) plus hostile-content checks, so the database only ever receives what the
// users pages could have accepted themselves.
import "server-only";
import crypto from "node:crypto";
import type { Entry } from "ldapts";
import { regexes } from "zod/v4/core";
import { mixesScripts, USERNAME_PATTERN } from "@/lib/auth/username";
import { EMAIL_MAX, NAME_MAX, USERNAME_MAX, displayNameOf } from "@/lib/users/profile";
import { CLAIM_VALUE_MAX } from "@/lib/claims/limits";
import type { LdapClaimMapping } from "@/lib/claims/schema";
import type { LdapAttributes } from "./config";
import { normalizeDn } from "./dn";
import { bytesOf, first, textOf, values, type LdapValue } from "./entry";
import { formatGuid, looksLikeBinaryGuid } from "./guid";

export const ID_MAX = 255;
export const PICTURE_MAX_BYTES = 2 * 1024 * 1024;

export interface MappedPicture {
  /** sha256 (hex) of the LDAP value: a re-sync compares this instead of the bytes. */
  hash: string;
  /** Image bytes (decoded when the value was base64 text); null for a URL, or when the stored picture already has this hash. */
  data: Buffer | null;
  /** An http(s) URL to download during the sync (lib/ldap/pictures.ts). */
  url: string | null;
}

export interface MappedUser {
  dn: string;
  normDn: string;
  ldapId: string;
  username: string;
  email: string | null;
  firstName: string;
  lastName: string;
  displayName: string;
  /** Disabled in the directory (AD userAccountControl bit 2, nsAccountLock=TRUE). */
  disabled: boolean;
  /** undefined: pictures are not synced for this user (not configured, or unusable); null: none. */
  picture?: MappedPicture | null;
  /** Custom claims from LDAP_CUSTOM_CLAIMS, by claim name (attributes the entry lacks are absent). */
  claims: Readonly<Record<string, string>>;
}

export interface MappedGroup {
  dn: string;
  normDn: string;
  ldapId: string;
  name: string;
  /** Member values as the directory holds them (DNs, or usernames for memberUid). */
  members: string[];
}

/** An entry that was not synced, with what would identify its row (to keep that row untouched). */
export interface SkippedEntry {
  dn: string;
  reason: string;
  ldapId?: string;
  /** The username (users) or group name (groups), when the entry had a readable one. */
  name?: string;
}

export type Mapped<T> = { ok: true; value: T; warning?: string } | { ok: false; skip: SkippedEntry };

/** The pattern z.email() tests by default: a synced address passes where a form's would. */
const EMAIL = regexes.email;
// C0/C1 controls and the bidirectional overrides that can disguise a name.
const HOSTILE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const HOSTILE_ALL = new RegExp(HOSTILE.source, "gu");
const ASCII = /^[\x00-\x7f]*$/;

const nfc = (text: string) => (ASCII.test(text) ? text : text.normalize("NFC"));

/** Length in code points (what a user counts): UTF-16 units minus the second half of surrogate pairs. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) count++;
  }
  return count;
}

/** NFC (skipped for ASCII, which it cannot change), without hostile characters, trimmed. */
function cleanText(text: string): string {
  const normalized = nfc(text);
  return (HOSTILE.test(normalized) ? normalized.replace(HOSTILE_ALL, "") : normalized).trim();
}

/** Why a username is not acceptable, or null. Shared rule: 1–50 letters, digits, `_ . @ -`, one script. */
export function usernameProblem(username: string): string | null {
  if (username.length === 0) return "username is empty";
  if (username.length > USERNAME_MAX && codePoints(username) > USERNAME_MAX) return `username is longer than ${USERNAME_MAX} characters`;
  if (!USERNAME_PATTERN.test(username)) {
    return "username may only contain letters, digits, _ . @ - and must start and end with a letter or digit";
  }
  if (mixesScripts(username)) return `username ${JSON.stringify(username)} mixes scripts (e.g. Latin with Cyrillic or Greek): a look-alike name`;
  return null;
}

/** The unique identifier as text: a 16-byte binary value is an AD objectGUID. */
export function uniqueIdOf(value: LdapValue, attribute: string): string | null {
  // Text longer than 16 UTF-16 units has more than 16 bytes: no need to encode it to find out.
  if (typeof value === "string" && value.length > 16) return value.trim();
  const bytes = bytesOf(value);
  const guidAttribute = /^(objectguid|ms-ds-consistencyguid)$/i.test(attribute);
  if (bytes.length === 16 && (guidAttribute || looksLikeBinaryGuid(bytes))) return formatGuid(bytes);
  const text = textOf(value);
  return text === null ? bytes.toString("hex") : text.trim();
}

/** Why a value cannot be used; a class (not a string) so it cannot be mistaken for the value. */
class Invalid {
  constructor(readonly reason: string) {}
}

/** A single-valued text attribute: NFC, hostile characters removed, trimmed, length-checked ("" when absent). */
function textAttribute(entry: Entry, attribute: string, label: string, max: number): string | Invalid {
  const value = attribute ? first(entry, attribute) : undefined;
  if (value === undefined) return "";
  const decoded = textOf(value);
  if (decoded === null) return new Invalid(`${label} is not valid UTF-8 text`);
  const text = cleanText(decoded);
  if (text.length > max && codePoints(text) > max) return new Invalid(`${label} is longer than ${max} characters`);
  return text;
}

function isDisabled(entry: Entry): boolean {
  const uac = first(entry, "userAccountControl");
  if (uac !== undefined && (Number(textOf(uac)) & 2) === 2) return true;
  const lock = first(entry, "nsAccountLock");
  return lock !== undefined && textOf(lock)?.trim().toLowerCase() === "true";
}

function isImage(bytes: Buffer): boolean {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return true; // JPEG
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return true; // PNG
  if (bytes.subarray(0, 4).toString("latin1") === "GIF8") return true;
  return bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP";
}

type PictureResult = { picture: MappedPicture | null | undefined; warning?: string };

const MB = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const tooLarge = (bytes: number): PictureResult => ({ picture: undefined, warning: `profile picture of ${MB(bytes)} exceeds 2 MB and was not synced` });
// Base64 text of a picture at the limit, with line breaks: 4/3 of the bytes plus a little.
const TEXT_MAX = Math.ceil((PICTURE_MAX_BYTES * 4) / 3) + 64 * 1024;
const DATA_URI = /^data:image\/[\w.+-]+;base64,/i;
const BASE64 = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

/**
 * The bytes a text value stands for: base64 (bare, or as a `data:image/...;base64,` URI), as
 * directories that cannot hold binary values store pictures; null when the text is neither.
 */
function decodedText(text: string): Buffer | null {
  const body = text.replace(DATA_URI, "");
  if (body.length < 16 || !BASE64.test(body)) return null;
  return Buffer.from(body, "base64");
}

/**
 * A photo (jpegPhoto, thumbnailPhoto), base64 text of one, or an http(s) URL. `storedHash` lets an
 * unchanged value be dropped before any decoding. The bytes are only recognised here; they are
 * decoded and re-encoded later (lib/ldap/pictures.ts).
 */
function mapPicture(entry: Entry, attribute: string, storedHash: string | undefined): PictureResult {
  if (!attribute) return { picture: undefined };
  const value = first(entry, attribute);
  if (value === undefined) return { picture: null };
  const raw = bytesOf(value);
  if (raw.length > TEXT_MAX || (raw.length > PICTURE_MAX_BYTES && isImage(raw))) return tooLarge(raw.length);
  const hash = crypto.createHash("sha256").update(raw).digest("hex");
  if (hash === storedHash) return { picture: { hash, data: null, url: null } };
  if (isImage(raw)) return { picture: { hash, data: raw, url: null } };
  const text = textOf(value)?.trim();
  if (text && text.length <= 2048 && /^https?:\/\/\S+$/i.test(text)) return { picture: { hash, data: null, url: text } };
  const decoded = text ? decodedText(text) : null;
  if (decoded && isImage(decoded)) return decoded.length > PICTURE_MAX_BYTES ? tooLarge(decoded.length) : { picture: { hash, data: decoded, url: null } };
  return { picture: undefined, warning: "profile picture is not a JPEG, PNG, GIF or WebP image (as bytes, base64 text or an http(s) URL) and was not synced" };
}

const NO_CLAIMS: Readonly<Record<string, string>> = Object.freeze({});

/** The mapped attributes' first values as text; unusable values are left out with a warning. */
function mapClaims(entry: Entry, mappings: readonly LdapClaimMapping[]): { claims: Readonly<Record<string, string>>; warnings: string[] } {
  if (mappings.length === 0) return { claims: NO_CLAIMS, warnings: [] };
  const claims: Record<string, string> = {};
  const warnings: string[] = [];
  for (const { claim, attribute } of mappings) {
    const value = first(entry, attribute);
    if (value === undefined) continue;
    const decoded = textOf(value);
    const text = decoded === null ? null : cleanText(decoded);
    if (text === null) warnings.push(`claim ${claim}: attribute ${attribute} is not text and was not synced`);
    else if (text.length > CLAIM_VALUE_MAX && codePoints(text) > CLAIM_VALUE_MAX) {
      warnings.push(`claim ${claim}: attribute ${attribute} is longer than ${CLAIM_VALUE_MAX} characters and was not synced`);
    } else if (text) claims[claim] = text;
  }
  return { claims, warnings };
}

/** `text` itself when `derived` equals it: a million users keep one copy of an already-normal DN, not two. */
const sameText = (derived: string | null, text: string) => (derived === text ? text : derived);

function skipped<T>(dn: string, reason: string, ldapId: string | null, name: string): Mapped<T> {
  const skip: SkippedEntry = { dn, reason };
  if (ldapId) skip.ldapId = ldapId;
  if (name) skip.name = name;
  return { ok: false, skip };
}

/** Maps one user entry. `storedPictureHashes` (by ldap id) avoids keeping photos that did not change. */
export function mapUserEntry(entry: Entry, attributes: LdapAttributes, storedPictureHashes?: ReadonlyMap<string, string>): Mapped<MappedUser> {
  const dn = entry.dn;
  const rawUsername = first(entry, attributes.username);
  const username = rawUsername === undefined ? "" : nfc(textOf(rawUsername) ?? "").trim();
  const rawId = first(entry, attributes.userId);
  const ldapId = rawId === undefined ? null : uniqueIdOf(rawId, attributes.userId);
  if (!ldapId) return skipped(dn, `unique identifier attribute ${attributes.userId} is missing`, null, username);
  if (ldapId.length > ID_MAX) return skipped(dn, `unique identifier is longer than ${ID_MAX} characters`, null, username);

  const normDn = sameText(normalizeDn(dn), dn);
  if (normDn === null) return skipped(dn, "the entry's DN cannot be parsed", ldapId, username);
  if (rawUsername === undefined) return skipped(dn, `username attribute ${attributes.username} is missing`, ldapId, username);
  const problem = usernameProblem(username);
  if (problem) return skipped(dn, problem, ldapId, username);

  const email = textAttribute(entry, attributes.email, "e-mail address", EMAIL_MAX);
  if (email instanceof Invalid) return skipped(dn, email.reason, ldapId, username);
  const firstName = textAttribute(entry, attributes.firstName, "first name", NAME_MAX);
  if (firstName instanceof Invalid) return skipped(dn, firstName.reason, ldapId, username);
  const lastName = textAttribute(entry, attributes.lastName, "last name", NAME_MAX);
  if (lastName instanceof Invalid) return skipped(dn, lastName.reason, ldapId, username);
  const displayName = textAttribute(entry, attributes.displayName, "display name", NAME_MAX);
  if (displayName instanceof Invalid) return skipped(dn, displayName.reason, ldapId, username);
  if (email && !EMAIL.test(email)) return skipped(dn, `e-mail address ${JSON.stringify(email)} is not valid`, ldapId, username);

  const { picture, warning } = mapPicture(entry, attributes.picture, storedPictureHashes?.get(ldapId));
  const { claims, warnings } = mapClaims(entry, attributes.claims);
  if (warning) warnings.unshift(warning);
  return {
    ok: true,
    warning: warnings.length ? warnings.join("; ") : undefined,
    value: {
      dn,
      normDn,
      ldapId,
      username,
      email: email || null,
      firstName,
      lastName,
      displayName: displayNameOf({ displayName, firstName, lastName, username }),
      disabled: isDisabled(entry),
      picture,
      claims,
    },
  };
}

export function mapGroupEntry(entry: Entry, attributes: LdapAttributes): Mapped<MappedGroup> {
  const dn = entry.dn;
  const rawId = first(entry, attributes.groupId);
  const ldapId = rawId === undefined ? null : uniqueIdOf(rawId, attributes.groupId);
  const name = textAttribute(entry, attributes.groupName, "group name", NAME_MAX);
  const knownName = typeof name === "string" ? name : "";
  if (!ldapId) return skipped(dn, `unique identifier attribute ${attributes.groupId} is missing`, null, knownName);
  if (ldapId.length > ID_MAX) return skipped(dn, `unique identifier is longer than ${ID_MAX} characters`, null, knownName);
  if (name instanceof Invalid) return skipped(dn, name.reason, ldapId, "");
  if (!name) return skipped(dn, `group name attribute ${attributes.groupName} is missing`, ldapId, "");
  const normDn = sameText(normalizeDn(dn), dn);
  if (normDn === null) return skipped(dn, "the entry's DN cannot be parsed", ldapId, name);
  const members = values(entry, attributes.groupMember).map((value) => textOf(value) ?? bytesOf(value).toString("hex"));
  return { ok: true, value: { dn, normDn, ldapId, name, members } };
}
