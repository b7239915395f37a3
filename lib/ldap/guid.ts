// Active Directory's objectGUID is 16 bytes whose first three fields are little-endian; its
// canonical text (what `Get-ADUser` and `samba-tool user show` print) reverses those fields.

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** True for a value that can only be a binary GUID: 16 bytes that are not readable text. */
export function looksLikeBinaryGuid(bytes: Buffer): boolean {
  if (bytes.length !== 16) return false;
  try {
    const text = utf8.decode(bytes);
    return /[\p{Cc}\uFFFD]/u.test(text);
  } catch {
    return true;
  }
}

/** 16-byte objectGUID → "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (lower case). */
export function formatGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`A GUID has 16 bytes, got ${bytes.length}`);
  const hex = (from: number, to: number, reverse: boolean) => {
    const slice = Buffer.from(bytes.subarray(from, to));
    return (reverse ? slice.reverse() : slice).toString("hex");
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join("-");
}

