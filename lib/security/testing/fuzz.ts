// Hostile inputs for the fuzz tests (verbs in vitest, server actions and route handlers over HTTP).
// A case replaces one field of a valid input, removes it, or replaces the whole input, so every
// refusal can be traced to exactly one bad value.

/** How a field is fuzzed. */
export type FieldKind =
  | "identifier" // usernames, e-mails, group names, URLs, DNs, filters, attribute names: strict syntax
  | "text" // names, display names, passkey names: free text, but one line of visible characters
  | "secret" // passwords: any characters are legitimate, only type and size are checked
  | "id" // uuids
  | "ids" // arrays of uuids
  | "boolean"
  | "number"
  | "object";

export interface FuzzCase {
  /** What was done to the input, e.g. `firstName: NUL`. */
  label: string;
  input: unknown;
}

export const ONE_MEGABYTE = "x".repeat(1024 * 1024);

/** Unicode that must never be stored as typed: it is not text, or it disguises what is shown. */
export const HOSTILE_UNICODE: Record<string, string> = {
  "lone surrogate": "ab\uD800cd",
  "right-to-left override": "ab\u202Egnp.exe",
  "zero-width space": "ad\u200Bmin",
  NUL: "ab\u0000cd",
  "terminal escape": "ab\u001b[31mcd",
  newline: "ab\ncd",
  "byte order mark inside": "ad\uFEFFmin",
};

/** LDAP filter and DN metacharacters, and SQL for good measure. */
export const INJECTION: Record<string, string> = {
  "LDAP filter/DN metacharacters with NUL": "*()\\\u0000",
  "LDAP filter injection": "*)(uid=*))(|(uid=*",
  "DN injection": "admin,ou=people,dc=example,dc=org\\",
  "SQL injection": "x'); drop table users; --",
};

const WRONG_TYPES: Record<string, unknown> = { number: 42, object: { $gt: "" }, array: ["a"], null: null, boolean: true };

function valuesFor(kind: FieldKind): Record<string, unknown> {
  const wrongTypes = Object.fromEntries(
    Object.entries(WRONG_TYPES).filter(([type]) => !(kind === "boolean" && type === "boolean") && !(kind === "ids" && type === "array")),
  );
  switch (kind) {
    case "boolean":
    case "number":
    case "object":
      return { ...wrongTypes, "string": "true", "1 MB string": ONE_MEGABYTE };
    case "secret":
      return { ...wrongTypes, "1 MB string": ONE_MEGABYTE };
    case "id":
      return { ...wrongTypes, "not a uuid": "not-a-uuid", "uuid with SQL": "00000000-0000-0000-0000-000000000000'; --", "1 MB string": ONE_MEGABYTE, ...HOSTILE_UNICODE };
    case "ids":
      return {
        ...wrongTypes,
        "empty list": [],
        "list of junk": ["not-a-uuid", null, 42],
        "10,000 ids": Array.from({ length: 10_000 }, () => crypto.randomUUID()),
        "list with a 1 MB string": [ONE_MEGABYTE],
      };
    case "text":
      return { ...wrongTypes, "1 MB string": ONE_MEGABYTE, ...HOSTILE_UNICODE, ...pick(INJECTION, "LDAP filter/DN metacharacters with NUL") };
    case "identifier":
      return { ...wrongTypes, "1 MB string": ONE_MEGABYTE, ...HOSTILE_UNICODE, ...INJECTION };
  }
}

function pick<T>(record: Record<string, T>, ...keys: string[]): Record<string, T> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** Inputs that are wrong as a whole. */
export function wholeInputCases(): FuzzCase[] {
  return [
    { label: "undefined", input: undefined },
    { label: "null", input: null },
    { label: "a number", input: 42 },
    { label: "a string", input: "hello" },
    { label: "a 1 MB string", input: ONE_MEGABYTE },
    { label: "an array", input: [] },
    { label: "an empty object", input: {} },
    { label: "a prototype-polluting object", input: JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}') },
  ];
}

/** Every single-field mutation of `valid` for the fields listed in `fields`. */
export function fieldCases(valid: Record<string, unknown>, fields: Record<string, FieldKind>): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const { [field]: _removed, ...without } = valid;
    cases.push({ label: `${field}: missing`, input: without });
    for (const [label, value] of Object.entries(valuesFor(kind))) cases.push({ label: `${field}: ${label}`, input: { ...valid, [field]: value } });
  }
  return cases;
}

/** Values for a scalar input (an id, a token, a boolean) instead of an object. */
export function scalarCases(kind: FieldKind): FuzzCase[] {
  return Object.entries(valuesFor(kind)).map(([label, input]) => ({ label, input }));
}
