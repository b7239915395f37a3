// Client-safe (used by the form schemas). What a one-line text field may not hold: control
// characters (NUL cannot even be stored by PostgreSQL; escapes and newlines forge log lines and
// layouts), unpaired surrogate halves (not text: they would be stored as U+FFFD), and the invisible
// and text-direction characters that make one name look like another ("ad\u200Bmin", U+202E).
// Zero-width (non-)joiners stay allowed: several scripts and emoji need them.
const NOT_PLAIN_TEXT = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]|\p{Cs}/u;

export const PLAIN_TEXT_ERROR = "Remove control characters and invisible or text-direction marks";

export function isPlainText(value: string): boolean {
  return !NOT_PLAIN_TEXT.test(value);
}

/** Search terms are lenient, but NUL cannot reach PostgreSQL: it is removed. */
export function withoutNul(value: string): string {
  return value.includes("\u0000") ? value.replace(/\u0000/g, "") : value;
}

const CONTROLS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Text from outside (a DN, a server's error message) made safe for a terminal or a log line:
 * control and text-direction characters are shown as `\uXXXX` instead of acting on the screen.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
