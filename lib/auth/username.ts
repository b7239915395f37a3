// The username rule without zod: the forms (./schema.ts) and the LDAP sync's thread (lib/ldap/map.ts),
// which must not load zod's 850 KB to test one pattern.

/**
 * Letters (with their combining marks), digits and `_ . @ -`, starting and ending with a letter or
 * digit; 1–50 characters; letters of one script (mixesScripts). The LDAP sync applies the same rule
 * (lib/ldap/map.ts).
 */
export const USERNAME_PATTERN = /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}_.@-]*[\p{L}\p{M}\p{N}])?$/u;

// Scripts told apart for look-alike checks; a letter in none of them counts as "other".
const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Cherokee", "Hebrew", "Arabic", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"]
  .map((script) => ({ script, pattern: new RegExp(`\\p{Script=${script}}`, "u") }));

// Mixes that are normal writing, not disguise (Unicode TS #39, "highly restrictive").
const ALLOWED_MIXES = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

export const MIXED_SCRIPT_ERROR = "Use the letters of one alphabet: mixing scripts (e.g. Latin with Cyrillic or Greek) makes look-alike names";

/** True when the letters come from more than one script (e.g. a Cyrillic "а" inside a Latin name). */
export function mixesScripts(text: string): boolean {
  if (/^[\x00-\x7f]*$/.test(text)) return false; // ASCII letters are all Latin (and this runs per synced user)
  const scripts = new Set<string>();
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    scripts.add(SCRIPTS.find(({ pattern }) => pattern.test(char))?.script ?? "other");
  }
  if (scripts.size <= 1) return false;
  return !ALLOWED_MIXES.some((mix) => [...scripts].every((script) => mix.includes(script)));
}
