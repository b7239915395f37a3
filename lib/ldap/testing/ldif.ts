// LDIF builders for test directories (RFC 2849). Values that are not a SAFE-STRING
// are written base64 (`attr:: `) so unicode names, binary values and values that
// start with a space, colon or "<" survive ldapadd/slapadd unchanged.

export type LdifValue = string | Buffer;
export type LdifAttributes = Record<string, LdifValue | readonly LdifValue[] | undefined>;

// SAFE-INIT-CHAR excludes NUL, LF, CR, space, ":" and "<"; SAFE-CHAR is 7-bit without NUL, LF, CR.
// A trailing space is encoded too: OpenLDAP's LDIF reader would strip it.
const SAFE_STRING = /^(?:[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*)?$/;

export function needsBase64(value: string): boolean {
  return !SAFE_STRING.test(value) || value.endsWith(" ");
}

/** One `name: value` line (or `name:: base64`), without a newline. */
export function ldifLine(name: string, value: LdifValue): string {
  if (!/^[A-Za-z][A-Za-z0-9-]*(?:;[A-Za-z0-9-]+)*$/.test(name) && !/^\d+(?:\.\d+)+$/.test(name)) {
    throw new Error(`Invalid LDIF attribute description: ${JSON.stringify(name)}`);
  }
  if (Buffer.isBuffer(value)) return `${name}:: ${value.toString("base64")}`;
  if (value === "") return `${name}:`;
  return needsBase64(value) ? `${name}:: ${Buffer.from(value, "utf8").toString("base64")}` : `${name}: ${value}`;
}

function valuesOf(value: LdifValue | readonly LdifValue[] | undefined): readonly LdifValue[] {
  if (value === undefined) return [];
  return Buffer.isBuffer(value) || typeof value === "string" ? [value] : value;
}

/** An entry record; attributes whose value is undefined or [] are left out (handy for optional mail). */
export function ldifEntry(dn: string, attrs: LdifAttributes): string {
  const lines = [ldifLine("dn", dn)];
  for (const [name, value] of Object.entries(attrs)) {
    for (const v of valuesOf(value)) lines.push(ldifLine(name, v));
  }
  return lines.join("\n");
}

export type LdifModification =
  | { op: "add" | "replace"; attr: string; values: LdifValue | readonly LdifValue[] }
  | { op: "delete"; attr: string; values?: LdifValue | readonly LdifValue[] };

/** A `changetype: modify` record for `SlapdServer.modify`. */
export function ldifModify(dn: string, changes: readonly LdifModification[]): string {
  const lines = [ldifLine("dn", dn), "changetype: modify"];
  for (const change of changes) {
    lines.push(`${change.op}: ${change.attr}`);
    for (const v of valuesOf(change.values)) lines.push(ldifLine(change.attr, v));
    lines.push("-");
  }
  return lines.join("\n");
}

/** A `changetype: delete` record. */
export function ldifDelete(dn: string): string {
  return `${ldifLine("dn", dn)}\nchangetype: delete`;
}

/** A `changetype: modrdn` record (rename and/or move). */
export function ldifModRdn(dn: string, newRdn: string, options: { deleteOldRdn?: boolean; newSuperior?: string } = {}): string {
  const lines = [ldifLine("dn", dn), "changetype: modrdn", ldifLine("newrdn", newRdn)];
  lines.push(`deleteoldrdn: ${options.deleteOldRdn === false ? 0 : 1}`);
  if (options.newSuperior) lines.push(ldifLine("newsuperior", options.newSuperior));
  return lines.join("\n");
}

/** Joins records (entries or change records) into one LDIF document. */
export function ldif(...records: readonly (string | readonly string[])[]): string {
  const flat = records.flat().filter((r) => r.trim() !== "");
  return flat.length === 0 ? "" : `${flat.join("\n\n")}\n`;
}
