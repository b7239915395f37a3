import crypto from "node:crypto";
import type { Entry } from "ldapts";
import { describe, expect, it } from "vitest";
import { ATTRIBUTE_DEFAULTS, type LdapAttributes } from "./config";
import { mapGroupEntry, mapUserEntry, usernameProblem, type MappedUser } from "./map";

const attrs: LdapAttributes = { ...ATTRIBUTE_DEFAULTS, displayName: "displayName" };
const UUID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

function user(fields: Record<string, Entry[string]>, dn = "uid=bob,ou=people,dc=example,dc=org"): Entry {
  return { dn, entryUUID: UUID, uid: "bob", mail: "Bob@Example.org", givenName: "Bob", sn: "Brown", displayName: "Bob Brown", ...fields };
}

function mapped(entry: Entry, attributes = attrs): MappedUser {
  const result = mapUserEntry(entry, attributes);
  if (!result.ok) throw new Error(`skipped: ${result.skip.reason}`);
  return result.value;
}

function skipReason(entry: Entry, attributes = attrs): string {
  const result = mapUserEntry(entry, attributes);
  if (result.ok) throw new Error("expected a skip");
  return result.skip.reason;
}

describe("usernameProblem", () => {
  it("refuses mixed-script look-alikes with the reason (shared with the forms' rule)", () => {
    expect(usernameProblem("\u0430dmin")).toMatch(/mixes scripts/);
    expect(usernameProblem("иван")).toBeNull();
  });

  it("accepts letters, digits and _ . @ - between a letter or digit at each end", () => {
    for (const ok of ["a", "bob", "j.smith", "john_smith-2", "alice@example.org", "Zoë", "王小明", "x".repeat(50)]) expect(usernameProblem(ok)).toBeNull();
    for (const bad of ["", ".bob", "bob-", "bo b", "bob\u0000", "x".repeat(51), "a/b", "_a"]) expect(usernameProblem(bad)).not.toBeNull();
  });
});

describe("mapUserEntry", () => {
  it("maps the configured attributes, matching attribute names case-insensitively", () => {
    const { mail: _mail, ...otherSpelling } = user({ MAIL: "bob@example.org" });
    expect(mapped(otherSpelling as Entry)).toMatchObject({ email: "bob@example.org" });
    expect(mapped(user({}))).toEqual({
      dn: "uid=bob,ou=people,dc=example,dc=org",
      normDn: "uid=bob,ou=people,dc=example,dc=org",
      ldapId: UUID,
      username: "bob",
      email: "Bob@Example.org",
      firstName: "Bob",
      lastName: "Brown",
      displayName: "Bob Brown",
      disabled: false,
      picture: undefined,
      claims: {},
    });
  });

  it("normalises usernames to NFC and falls back to first + last name for the display name", () => {
    const result = mapped(user({ uid: "Zoe\u0308", displayName: [] }));
    expect(result.username).toBe("Zo\u00eb");
    expect(result.displayName).toBe("Bob Brown");
    expect(mapped(user({ displayName: [], givenName: [], sn: [] })).displayName).toBe("bob");
  });

  it("syncs a user without e-mail and takes the first of several values", () => {
    expect(mapped(user({ mail: [] })).email).toBeNull();
    expect(mapped(user({ mail: ["first@example.org", "second@example.org"] })).email).toBe("first@example.org");
  });

  it("decodes a 16-byte objectGUID and marks AD-disabled and FreeIPA-locked accounts", () => {
    const guid = Buffer.from([...Array(16).keys()]);
    const ad = mapped(user({ objectGUID: guid, userAccountControl: "514" }), { ...attrs, userId: "objectGUID" });
    expect(ad).toMatchObject({ ldapId: "03020100-0504-0706-0809-0a0b0c0d0e0f", disabled: true });
    expect(mapped(user({ userAccountControl: "512" })).disabled).toBe(false);
    expect(mapped(user({ nsAccountLock: "TRUE" })).disabled).toBe(true);
    expect(mapped(user({ nsAccountLock: "false" })).disabled).toBe(false);
  });

  it("skips entries that cannot be identified or named, keeping what identifies their row", () => {
    expect(mapUserEntry(user({ entryUUID: [] }), attrs)).toMatchObject({ ok: false, skip: { reason: expect.stringMatching(/unique identifier/), name: "bob" } });
    expect(mapUserEntry(user({ uid: [] }), attrs)).toMatchObject({ ok: false, skip: { reason: expect.stringMatching(/username attribute uid is missing/), ldapId: UUID } });
    expect(mapUserEntry(user({ uid: "p\u0430ypal" }), attrs)).toMatchObject({ ok: false, skip: { reason: expect.stringMatching(/mixes scripts/), ldapId: UUID } });
    expect(skipReason(user({ uid: "bob smith" }))).toMatch(/may only contain/);
    expect(skipReason(user({ uid: "x".repeat(51) }))).toMatch(/longer than 50/);
    expect(skipReason(user({ mail: "not an address" }))).toMatch(/not valid/);
  });

  it("strips control characters from names and skips absurdly long or non-UTF-8 values", () => {
    expect(mapped(user({ givenName: "Bo\u0000b\u0007", sn: "\u202EBrown" })).firstName).toBe("Bob");
    expect(skipReason(user({ displayName: "x".repeat(10_000) }))).toMatch(/display name is longer than 100/);
    expect(skipReason(user({ uid: "bob\nadmin" }))).toMatch(/may only contain/);
    expect(skipReason(user({ sn: Buffer.from([0xff, 0xfe, 0x00]) }))).toMatch(/last name is not valid UTF-8/);
  });

  it("stores photos by hash, drops bytes that are already stored and refuses huge or unknown ones", () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(100)]);
    const hash = crypto.createHash("sha256").update(jpeg).digest("hex");
    const withPhoto = { ...attrs, picture: "jpegPhoto" };
    expect(mapped(user({ jpegPhoto: jpeg }), withPhoto).picture).toEqual({ hash, data: jpeg, url: null });
    const unchanged = mapUserEntry(user({ jpegPhoto: jpeg }), withPhoto, new Map([[UUID, hash]]));
    expect(unchanged.ok && unchanged.value.picture).toEqual({ hash, data: null, url: null });
    expect(mapped(user({ jpegPhoto: [] }), withPhoto).picture).toBeNull();
    const huge = mapUserEntry(user({ jpegPhoto: Buffer.concat([jpeg, Buffer.alloc(3 * 1024 * 1024)]) }), withPhoto);
    expect(huge).toMatchObject({ ok: true, value: { picture: undefined }, warning: expect.stringMatching(/exceeds 2 MB/) });
    const text = mapUserEntry(user({ jpegPhoto: "hello" }), withPhoto);
    expect(text).toMatchObject({ ok: true, value: { picture: undefined }, warning: expect.stringMatching(/not a JPEG/) });
    const url = mapped(user({ avatar: "https://img.example.org/bob.png" }), { ...attrs, picture: "avatar" }).picture;
    expect(url).toMatchObject({ url: "https://img.example.org/bob.png", data: null });
  });

  it("decodes base64 text and data: URIs of images, and refuses other text", () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(64)]);
    const asText = (value: string) => mapped(user({ photo: value }), { ...attrs, picture: "photo" }).picture;
    const base64 = png.toString("base64");
    expect(asText(base64)).toMatchObject({ data: png, url: null });
    expect(asText(`data:image/png;base64,${base64.replace(/(.{20})/g, "$1\n")}`)).toMatchObject({ data: png, url: null });
    const notImage = mapUserEntry(user({ photo: Buffer.from("plain words, not a picture").toString("base64") }), { ...attrs, picture: "photo" });
    expect(notImage).toMatchObject({ ok: true, value: { picture: undefined }, warning: expect.stringMatching(/not a JPEG/) });
    expect(mapUserEntry(user({ photo: "ftp://img.example.org/bob.png" }), { ...attrs, picture: "photo" })).toMatchObject({ value: { picture: undefined } });
    const hugeText = mapUserEntry(user({ photo: Buffer.concat([png, Buffer.alloc(2.5 * 1024 * 1024)]).toString("base64") }), { ...attrs, picture: "photo" });
    expect(hugeText).toMatchObject({ ok: true, value: { picture: undefined }, warning: expect.stringMatching(/exceeds 2 MB/) });
  });
});

describe("LDAP_CUSTOM_CLAIMS mapping", () => {
  const withClaims = { ...attrs, claims: [{ claim: "department", attribute: "departmentNumber" }, { claim: "employee_id", attribute: "employeeNumber" }, { claim: "phone", attribute: "telephoneNumber" }] };

  it("takes each mapped attribute's first value as text, cleaned like names; absent attributes give no claim", () => {
    const result = mapUserEntry(user({ DEPARTMENTNUMBER: ["R&D ", "Sales"], employeeNumber: "E\u0007-42", telephoneNumber: [] }), withClaims);
    expect(result).toMatchObject({ ok: true, value: { claims: { department: "R&D", employee_id: "E-42" } } });
    expect(result.ok && result.warning).toBeFalsy();
  });

  it("leaves out binary and overlong values with a warning, and never skips the user for them", () => {
    const result = mapUserEntry(user({ departmentNumber: Buffer.from([0xff, 0xfe]), employeeNumber: "9".repeat(1001), telephoneNumber: "+1 555" }), withClaims);
    expect(result).toMatchObject({ ok: true, value: { claims: { phone: "+1 555" } } });
    expect(result.ok && result.warning).toMatch(/claim department: attribute departmentNumber is not text.*; claim employee_id: .* longer than 1000/);
  });
});

describe("mapGroupEntry", () => {
  it("maps name and member values and skips groups without id or name", () => {
    const entry: Entry = { dn: "cn=devs,ou=groups,dc=x", entryUUID: UUID, cn: "devs", member: ["uid=a,dc=x", "uid=b,dc=x"] };
    expect(mapGroupEntry(entry, attrs)).toEqual({
      ok: true,
      value: { dn: entry.dn, normDn: "cn=devs,ou=groups,dc=x", ldapId: UUID, name: "devs", members: ["uid=a,dc=x", "uid=b,dc=x"] },
    });
    expect(mapGroupEntry({ ...entry, member: "uid=a,dc=x" }, attrs)).toMatchObject({ value: { members: ["uid=a,dc=x"] } });
    expect(mapGroupEntry({ ...entry, entryUUID: [] }, attrs)).toMatchObject({ ok: false, skip: { name: "devs" } });
    expect(mapGroupEntry({ ...entry, cn: [] }, attrs)).toMatchObject({ ok: false, skip: { ldapId: UUID } });
  });
});
