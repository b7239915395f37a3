import { describe, expect, it } from "vitest";
import { formatGuid, looksLikeBinaryGuid } from "./guid";

describe("formatGuid", () => {
  it("reverses the first three fields (little-endian) and keeps the last two", () => {
    const bytes = Buffer.from([...Array(16).keys()]);
    expect(formatGuid(bytes)).toBe("03020100-0504-0706-0809-0a0b0c0d0e0f");
  });

  it("turns a stored objectGUID (base64 as ldapsearch prints it) into lower-case dashed text", () => {
    const stored = Buffer.from("iGsBHpAuKEqoIZw/aM1FNQ==", "base64");
    expect(formatGuid(stored)).toBe("1e016b88-2e90-4a28-a821-9c3f68cd4535");
  });

  it("refuses anything but 16 bytes", () => {
    expect(() => formatGuid(Buffer.alloc(15))).toThrow(/16 bytes/);
  });
});

describe("looksLikeBinaryGuid", () => {
  it("tells binary GUIDs from 16-character text identifiers", () => {
    expect(looksLikeBinaryGuid(Buffer.from("iGsBHpAuKEqoIZw/aM1FNQ==", "base64"))).toBe(true);
    expect(looksLikeBinaryGuid(Buffer.from("abcdefgh12345678"))).toBe(false);
    expect(looksLikeBinaryGuid(Buffer.from("a3f1c2d4-0000-4000-8000-000000000000"))).toBe(false);
  });
});
