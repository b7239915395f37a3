// The entry decoder against ldapts' own parser: the same message bytes, read both ways through
// ldapts' MessageParser (the patched path and the generic one), must give equal entries.
import { BerWriter, MessageParser, type Entry } from "ldapts";
import { describe, expect, it } from "vitest";
import { entryDecoder } from "./decode";

type Value = string | Buffer;
interface RawEntry {
  dn: string;
  attributes: [type: string, values: Value[]][];
}

/** A SearchResultEntry message (messageId 1) as a server sends it. */
function message(entry: RawEntry): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(1);
  writer.startSequence(0x64);
  writer.writeString(entry.dn);
  writer.startSequence();
  for (const [type, values] of entry.attributes) {
    writer.startSequence();
    writer.writeString(type);
    writer.startSequence(0x31);
    for (const value of values) writer.writeBuffer(Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8"), 0x04);
    writer.endSequence();
    writer.endSequence();
  }
  writer.endSequence();
  writer.endSequence();
  writer.endSequence();
  return writer.buffer;
}

/** Parses one message with ldapts; `decodeEntry` set takes the patched path. */
function parse(bytes: Buffer, decodeEntry?: ReturnType<typeof entryDecoder>): { decoded?: Entry; toObject(a: string[], b: string[]): Entry } {
  const parser = new MessageParser();
  let parsed: unknown;
  let failure: unknown;
  parser.on("message", (m) => (parsed = m));
  parser.on("error", (e) => (failure = e));
  parser.read(bytes, new Map([["1", { message: { decodeEntry } }]]) as never);
  if (failure) throw failure;
  return parsed as never;
}

function bothWays(entries: RawEntry[], attributes: string[], binary: string[] = []) {
  const decoder = entryDecoder(attributes, binary);
  return entries.map((entry) => {
    const bytes = message(entry);
    return { generic: parse(bytes).toObject(attributes, binary), fast: parse(bytes, decoder).decoded };
  });
}

const guid = Buffer.from("80bd5e9a0c1f4b4aa1d2c3e4f5061728", "hex"); // not UTF-8
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(70_000, 7)]); // long-form length

describe("entryDecoder", () => {
  it("gives the entries ldapts' generic parser gives", () => {
    const entries: RawEntry[] = [
      { dn: "uid=ann,ou=people,dc=x", attributes: [["uid", ["ann"]], ["mail", ["ann@x.test"]], ["cn", ["Ann", "Annie"]], ["entryUUID", ["2f0e5c1a-1b2c-4d5e-8f90-0a1b2c3d4e5f"]]] },
      // Non-ASCII text and DN, an attribute spelled differently from the request, an empty value.
      { dn: "uid=zoë,ou=people,dc=x", attributes: [["UID", ["zoë"]], ["givenName", ["Zoë 🎉"]], ["sn", [""]]] },
      // Binary: invalid UTF-8 makes every value of the attribute a Buffer; listed names are always Buffers.
      { dn: "cn=bin,dc=x", attributes: [["objectGUID", [guid]], ["description", ["text", guid]], ["jpegPhoto", ["looks like text"]], ["userCertificate;binary", ["abc"]], ["seeAlso", [guid]]] },
      { dn: "cn=photo,dc=x", attributes: [["jpegPhoto", [jpeg]], ["uid", ["photo"]]] },
      // AD range retrieval: the requested name comes back ranged (and so is also [] under its own name).
      { dn: "cn=big,dc=x", attributes: [["cn", ["big"]], ["member;range=0-1499", Array.from({ length: 1500 }, (_, i) => `uid=u${i},dc=x`)]] },
      // An attribute with no values (as with typesOnly), and an invalid UTF-8 DN (replaced, as ldapts does).
      { dn: Buffer.from([0x63, 0x6e, 0x3d, 0xff]).toString("latin1"), attributes: [["member", []]] },
    ];
    const results = bothWays(entries, ["uid", "mail", "cn", "givenName", "sn", "entryUUID", "objectGUID", "jpegPhoto", "member", "nsAccountLock", "seeAlso"], [
      "objectGUID",
      "jpegPhoto",
    ]);
    for (const { generic, fast } of results) expect(fast).toEqual(generic);
    expect(results[2].fast!.description).toEqual([Buffer.from("text"), guid]);
    expect(results[3].fast!.jpegPhoto).toEqual(jpeg);
    expect(results[0].fast!.nsAccountLock).toEqual([]);
    expect(results[2].fast!.seeAlso).toEqual(guid); // one value, not text: a Buffer, not an array
  });

  it("reads entries with more distinct attribute names than it remembers", () => {
    const many: [string, Value[]][] = Array.from({ length: 80 }, (_, i) => [`attr${i}`, [`value ${i}`]]);
    const entries: RawEntry[] = [0, 1].map((n) => ({ dn: `cn=${n},dc=x`, attributes: n ? [...many].reverse() : many }));
    const results = bothWays(entries, ["attr0", "attr79"]);
    for (const { generic, fast } of results) expect(fast).toEqual(generic);
    expect(results[1].fast!.attr79).toBe("value 79");
  });

  it("keeps the server's spelling per entry even when it changes between entries", () => {
    const entries: RawEntry[] = [
      { dn: "cn=a,dc=x", attributes: [["Mail", ["a@x.test"]]] },
      { dn: "cn=b,dc=x", attributes: [["mail", ["b@x.test"]]] },
      { dn: "cn=c,dc=x", attributes: [] },
    ];
    const results = bothWays(entries, ["mail"]);
    for (const { generic, fast } of results) expect(fast).toEqual(generic);
    expect(results.map((r) => Object.keys(r.fast!))).toEqual([["dn", "Mail"], ["dn", "mail"], ["dn", "mail"]]);
  });

  it("rejects a truncated or mistagged entry instead of inventing values", () => {
    const decoder = entryDecoder(["uid"], []);
    const body = message({ dn: "uid=ann,dc=x", attributes: [["uid", ["ann"]]] });
    const start = 7; // after the message header: 0x30 len, 0x02 0x01 0x01 (id 1), 0x64 len
    expect(decoder(body, start, body.length)).toEqual({ dn: "uid=ann,dc=x", uid: "ann" });
    expect(() => decoder(body, start, body.length - 2)).toThrow(/truncated/);
    const mistagged = Buffer.from(body);
    mistagged[start] = 0x05;
    expect(() => decoder(mistagged, start, mistagged.length)).toThrow(/expected 0x4/);
  });
});
