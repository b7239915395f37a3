// COPY on both drivers, with the values its text format must escape.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "./client";
import { copyField, copyRows, encodeCopyRows } from "./copy";
import { describeEachEngine } from "./testing";

describe("copyField", () => {
  it("writes null as \\N, booleans as t/f and escapes backslash, tab, newline and carriage return", () => {
    expect(copyField(null)).toBe("\\N");
    expect([copyField(true), copyField(false)]).toEqual(["t", "f"]);
    expect(copyField("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
    expect(copyField("\\N")).toBe("\\\\N");
  });
});

describeEachEngine("copyRows", (current) => {
  it("inserts every row inside the transaction, values intact, and rolls back with it", async () => {
    const { db } = current().ctx;
    const awkward = ["tab\there", "line\nbreak\r\n", "back\\slash \\N", "ünïcødé 😀", "", "quote ' and \" comma,", "ascii then é", "bell\u0007 and unit\u001f", "ends with \\"];
    const rows = awkward.map((text, n) => [`copy${n}`, n % 2 ? null : text, text, n === 0]);
    const columns = ["username", "email", "display_name", "is_admin"];
    const read = () => queryRows<{ username: string; email: string | null; displayName: string; isAdmin: boolean }>(
      db, sql`select username, email, display_name as "displayName", is_admin as "isAdmin" from users where username like 'copy%' order by username`);

    const count = await db.transaction(async (tx) => copyRows(tx, "users", columns, rows));
    expect(count).toBe(rows.length);
    expect(await read()).toEqual(rows.map(([username, email, displayName, isAdmin]) => ({ username, email, displayName, isAdmin })));

    const failed = db.transaction(async (tx) => {
      await copyRows(tx, "users", columns, [["copy-new", null, "", false]]);
      await copyRows(tx, "users", columns, [["COPY0", null, "", false]]);
    });
    await expect(failed).rejects.toThrow();
    expect(await read()).toHaveLength(rows.length);
  });
});

describe("encodeCopyRows", () => {
  it("cuts the text at row ends into chunks of about a megabyte, escaped and in order", () => {
    const rows = Array.from({ length: 30_000 }, (_, n) => [`user${n}`.padEnd(40, "."), n % 3 ? null : `line\n${n}`, n % 2 === 0]);
    const data = encodeCopyRows(rows, (row) => row);
    expect(data.rows).toBe(rows.length);
    expect(data.chunks.length).toBeGreaterThan(1);
    for (const chunk of data.chunks) expect(chunk.at(-1)).toBe("\n".charCodeAt(0));
    const text = data.chunks.map((chunk) => new TextDecoder().decode(chunk)).join("");
    expect(text.split("\n").slice(0, 2)).toEqual(["user0".padEnd(40, ".") + "\tline\\n0\tt", "user1".padEnd(40, ".") + "\t\\N\tf"]);
    expect(text.split("\n")).toHaveLength(rows.length + 1);
  });

  it("grows its buffer for rows longer than it planned for, non-ASCII text included", () => {
    const long = "é😀\t".repeat(100_000);
    const data = encodeCopyRows([["a", long], ["b", null]], (row) => row);
    const text = data.chunks.map((chunk) => new TextDecoder().decode(chunk)).join("");
    expect(text).toBe(`a\t${long.replaceAll("\t", "\\t")}\nb\t\\N\n`);
  });
});
