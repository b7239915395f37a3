// Distinguished names per RFC 4514, parsed leniently (spaces around "," "+" "=", ";" separators,
// quoted values) and normalised so that two spellings of one DN compare equal: attribute types
// lower-cased (known OIDs mapped to their names), escapes and hex escapes decoded, values
// case-folded with insignificant spaces removed, multi-valued RDNs sorted.
// No npm package fits: @ldapjs/dn is decommissioned and ldapts's DN class only builds DNs.

export interface Ava {
  /** Lower-case attribute type, e.g. "uid"; OIDs of common naming attributes mapped to names. */
  type: string;
  /** The decoded value (escapes resolved), as written; "#hex" values keep their "#" form. */
  value: string;
}
export type Rdn = Ava[];

const OID_NAMES: Record<string, string> = {
  "2.5.4.3": "cn",
  "2.5.4.6": "c",
  "2.5.4.7": "l",
  "2.5.4.8": "st",
  "2.5.4.10": "o",
  "2.5.4.11": "ou",
  "0.9.2342.19200300.100.1.1": "uid",
  "0.9.2342.19200300.100.1.25": "dc",
};

const TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|(?:oid\.)?\d+(?:\.\d+)*)$/i;
const HEX = /^[0-9A-Fa-f]{2}$/;

function normaliseType(raw: string): string | null {
  const type = raw.trim();
  if (!TYPE.test(type)) return null;
  const lower = type.toLowerCase().replace(/^oid\./, "");
  return OID_NAMES[lower] ?? lower;
}

/** Parses a DN into RDNs (most specific first). Returns null when the text is not a DN. */
export function parseDn(text: string): Rdn[] | null {
  const rdns: Rdn[] = [];
  let rdn: Rdn = [];
  let i = 0;
  const n = text.length;
  if (text.trim() === "") return [];
  for (;;) {
    // attribute type
    const eq = text.indexOf("=", i);
    if (eq < 0) return null;
    const type = normaliseType(text.slice(i, eq));
    if (!type) return null;
    i = eq + 1;
    while (text[i] === " ") i++;
    const parsed = text[i] === "#" ? readHex(text, i) : text[i] === '"' ? readQuoted(text, i) : readString(text, i);
    if (!parsed) return null;
    rdn.push({ type, value: parsed.value });
    i = parsed.end;
    while (text[i] === " ") i++;
    if (i >= n) {
      rdns.push(rdn);
      return rdns;
    }
    const separator = text[i++];
    if (separator === ",") {
      rdns.push(rdn);
      rdn = [];
    } else if (separator !== "+") return null;
    while (text[i] === " ") i++;
  }
}

function readHex(text: string, start: number): { value: string; end: number } | null {
  let i = start + 1;
  while (i < text.length && HEX.test(text.slice(i, i + 2))) i += 2;
  if (i === start + 1) return null;
  return { value: text.slice(start, i).toLowerCase(), end: i };
}

function readQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return { value, end: i + 1 };
    if (char === "\\") {
      if (i + 1 >= text.length) return null;
      value += text[++i];
    } else value += char;
  }
  return null;
}

/** An RFC 4514 string value up to the next unescaped "," "+" or ";"; hex escapes decode as UTF-8. */
function readString(text: string, start: number): { value: string; end: number } | null {
  let literal = "";
  let bytes: number[] | null = null; // pending hex-escaped bytes (one UTF-8 sequence may span several)
  let trailingSpaces = 0; // unescaped spaces at the end are not part of the value
  const flush = () => {
    if (bytes) {
      literal += Buffer.from(bytes).toString("utf8");
      bytes = null;
    }
  };
  let i = start;
  for (; i < text.length; i++) {
    const char = text[i];
    if (char === "," || char === "+" || char === ";") break;
    if (char === "\\") {
      const hex = text.slice(i + 1, i + 3);
      if (HEX.test(hex)) {
        (bytes ??= []).push(parseInt(hex, 16));
        i += 2;
      } else if (i + 1 < text.length) {
        flush();
        literal += text[++i];
      } else return null;
      trailingSpaces = 0;
      continue;
    }
    if (char === '"' || char === "<" || char === ">" || char === "\0") return null;
    flush();
    literal += char;
    trailingSpaces = char === " " ? trailingSpaces + 1 : 0;
  }
  flush();
  return { value: trailingSpaces ? literal.slice(0, literal.length - trailingSpaces) : literal, end: i };
}

/** Case-ignore matching form of a value: NFC, lower case, insignificant spaces removed. */
function matchingValue(value: string): string {
  if (value.startsWith("#")) return value;
  return (ASCII.test(value) ? value : value.normalize("NFC")).toLowerCase().replace(/\s+/g, " ").trim();
}

const ASCII = /^[\x00-\x7f]*$/;

function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (out.startsWith("#") && !/^#(?:[0-9a-f]{2})+$/.test(value)) out = `\\${out}`;
  return out;
}

function formatRdn(rdn: Rdn): string {
  const avas = rdn.map((ava) => `${ava.type}=${escapeValue(matchingValue(ava.value))}`);
  return avas.length > 1 ? avas.sort().join("+") : avas[0];
}

// Plain DNs (no escapes, quotes, multi-valued RDNs or hex values) skip the parser: the common case.
const SIMPLE_DN = /^[^\\"+#;<>\0]*$/;
// ASCII DNs without spaces or special characters, every type a name: lower-casing is all it takes.
const TRIVIAL_DN = /^[A-Za-z][A-Za-z0-9-]*=[A-Za-z0-9._@-]*(?:,[A-Za-z][A-Za-z0-9-]*=[A-Za-z0-9._@-]*)*$/;

/**
 * The comparison key of a DN: `cn=smith\, john,ou=people,dc=example,dc=org` for any spelling of
 * it (`CN = Smith\2C John, OU=People,...`). Returns null when the text is not a DN.
 */
export function normalizeDn(text: string): string | null {
  if (TRIVIAL_DN.test(text)) return text.toLowerCase();
  if (SIMPLE_DN.test(text)) {
    const parts = text.split(",");
    const out: string[] = [];
    for (const part of parts) {
      const eq = part.indexOf("=");
      if (eq < 0) return null;
      const type = normaliseType(part.slice(0, eq));
      if (!type) return null;
      out.push(`${type}=${escapeValue(matchingValue(part.slice(eq + 1)))}`);
    }
    return out.join(",");
  }
  const rdns = parseDn(text);
  if (!rdns || rdns.length === 0) return null;
  return rdns.map(formatRdn).join(",");
}

/** The first (most specific) RDN's attribute-value pairs, e.g. [{ type: "uid", value: "bob" }]. */
export function firstRdn(text: string): Rdn | null {
  const rdns = parseDn(text);
  return rdns && rdns.length > 0 ? rdns[0] : null;
}

export function sameDn(a: string, b: string): boolean {
  const left = normalizeDn(a);
  return left !== null && left === normalizeDn(b);
}
