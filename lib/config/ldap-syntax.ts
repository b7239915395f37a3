// Syntax checks for LDAP URLs, DNs (RFC 4514), search filters (RFC 4515) and attribute names.
// Client-safe (no node or ldapts imports) so the configuration form shows the same errors inline
// that the server action returns. Each check returns null when the text is valid, else a reason.

/** Attribute type: a name (underscores allowed, lldap uses `user_id`) or a numeric OID, plus options. */
const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9_-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9_-]+)*$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

export function attributeNameError(name: string): string | null {
  return ATTRIBUTE.test(name) ? null : "must be an attribute name such as uid or entryUUID";
}

/** `ldap://host[:port]` or `ldaps://host[:port]`, nothing after the port but an optional "/". */
export function ldapUrlError(text: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== "ldap" && scheme !== "ldaps") return "must start with ldap:// or ldaps://";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a valid URL (expected ldaps://ldap.example.com:636)";
  }
  if (!url.hostname) return "needs a host name, e.g. ldaps://ldap.example.com:636";
  if (url.username || url.password) return "must not contain credentials: use the bind DN and password fields";
  if ((url.pathname !== "" && url.pathname !== "/") || url.search || url.hash) {
    return "must hold only the scheme, host and port (put the search base in its own field)";
  }
  if (url.port !== "" && Number(url.port) === 0) return "port must be between 1 and 65535";
  return null;
}

/**
 * RFC 4514 distinguished name. Spaces around "," "+" and "=" are tolerated because directories
 * and admins commonly write `dc=example, dc=com`.
 */
export function dnSyntaxError(dn: string): string | null {
  let i = 0;
  const skipSpaces = () => {
    while (dn[i] === " ") i++;
  };
  if (dn.trim() === "") return "is empty";
  for (;;) {
    skipSpaces();
    const type = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)/.exec(dn.slice(i))?.[0];
    if (!type) return `expected an attribute name at position ${i + 1} (a DN looks like dc=example,dc=com)`;
    i += type.length;
    skipSpaces();
    if (dn[i] !== "=") return `expected "=" after "${type}"`;
    i++;
    skipSpaces();
    const valueStart = i;
    const valueError = dn[i] === "#" ? skipHexValue() : skipStringValue();
    if (valueError) return valueError;
    // Legal, but in practice a forgotten comma: "dc=example dc=com".
    const joined = / ([A-Za-z][A-Za-z0-9-]*) *=/.exec(dn.slice(valueStart, i));
    if (joined) return `missing "," before "${joined[1]}="`;
    skipSpaces();
    if (i === dn.length) return null;
    if (dn[i] !== "," && dn[i] !== "+") return `unexpected "${dn[i]}" at position ${i + 1}`;
    i++;
  }

  function skipHexValue(): string | null {
    i++;
    const start = i;
    while (i < dn.length && HEX_PAIR.test(dn.slice(i, i + 2))) i += 2;
    if (i === start) return 'a value starting with "#" must be hex pairs';
    return null;
  }

  function skipStringValue(): string | null {
    while (i < dn.length && dn[i] !== "," && dn[i] !== "+") {
      const char = dn[i];
      if (char === "\\") {
        const next = dn[i + 1];
        if (next !== undefined && ' "#+,;<=>\\'.includes(next)) i += 2;
        else if (HEX_PAIR.test(dn.slice(i + 1, i + 3))) i += 3;
        else return `"\\" at position ${i + 1} must escape a special character or two hex digits`;
        continue;
      }
      if ('";<>\0'.includes(char)) return `"${char === "\0" ? "NUL" : char}" must be escaped with "\\"`;
      i++;
    }
    return null;
  }
}

/**
 * RFC 4515 search filter, e.g. `(&(objectClass=user)(objectCategory=person))`. A bare item
 * without parentheses (`objectClass=person`) is accepted like ldapts does.
 */
export function ldapFilterError(input: string): string | null {
  const text = input.startsWith("(") ? input : `(${input})`;
  let i = 0;
  const error = parseFilter();
  if (error) return error;
  if (i !== text.length) return `unexpected text after the filter at position ${i + 1} (check the parentheses)`;
  return null;

  function parseFilter(): string | null {
    if (text[i] !== "(") return `expected "(" at position ${i + 1}`;
    i++;
    const operator = text[i];
    if (operator === "&" || operator === "|") {
      i++;
      if (text[i] !== "(") return `"${operator}" must be followed by one or more filters in parentheses`;
      while (text[i] === "(") {
        const nested = parseFilter();
        if (nested) return nested;
      }
    } else if (operator === "!") {
      i++;
      const nested = parseFilter();
      if (nested) return nested;
    } else {
      const end = text.indexOf(")", i);
      if (end === -1) return "missing closing parenthesis";
      const itemError = filterItemError(text.slice(i, end));
      if (itemError) return itemError;
      i = end;
    }
    if (text[i] !== ")") return i >= text.length ? "missing closing parenthesis" : `expected ")" at position ${i + 1}`;
    i++;
    return null;
  }
}

const EXTENSIBLE = /^((?:[A-Za-z][A-Za-z0-9_-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9_-]+)*)?(:dn)?(:(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+))?:=(.*)$/i;

function filterItemError(item: string): string | null {
  if (item === "") return "empty filter item: write attribute=value inside the parentheses";
  if (item.includes("(")) return `unescaped "(" in "${item}" (write \\28)`;
  const extensible = /^[^=]*:=/.test(item) ? EXTENSIBLE.exec(item) : null;
  if (extensible) {
    const [, attribute, , rule, value] = extensible;
    if (!attribute && !rule) return `extensible match "${item}" needs an attribute or a matching rule`;
    return valueError(value, false);
  }
  const match = /^([^=~<>]*)(~=|>=|<=|=)(.*)$/.exec(item);
  if (!match) return `"${item}" must look like attribute=value`;
  const [, attribute, operator, value] = match;
  if (!ATTRIBUTE.test(attribute)) return `"${attribute}" is not a valid attribute name`;
  return valueError(value, operator === "=");
}

function valueError(value: string, wildcardAllowed: boolean): string | null {
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === "\\") {
      if (!HEX_PAIR.test(value.slice(i + 1, i + 3))) return `"\\" in "${value}" must be followed by two hex digits (e.g. \\2a)`;
      i += 2;
    } else if (char === "*" && !wildcardAllowed) return `"*" is only allowed with "=" (write \\2a for a literal star)`;
    else if (char === "\0") return "NUL must be escaped as \\00";
  }
  return null;
}

/** PEM bundle of one or more certificates. */
export function pemCertificateError(text: string): string | null {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return "must be a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)";
  for (const block of blocks) {
    const body = block.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return "a certificate block is not valid base64";
  }
  return null;
}
