import { describe, expect, it } from "vitest";
import { firstRdn, normalizeDn, parseDn, sameDn } from "./dn";

describe("normalizeDn", () => {
  it("ignores case and spaces around separators", () => {
    expect(normalizeDn("UID = Bob, OU = People, DC = Example, DC = Org")).toBe("uid=bob,ou=people,dc=example,dc=org");
    expect(sameDn("uid=bob,ou=people,dc=example,dc=org", "UID=BOB,OU=PEOPLE,DC=EXAMPLE,DC=ORG")).toBe(true);
  });

  it("decodes escaped and hex-escaped special characters to one form", () => {
    const canonical = "cn=smith\\, john,ou=people,dc=example,dc=org";
    expect(normalizeDn("cn=Smith\\, John,ou=people,dc=example,dc=org")).toBe(canonical);
    expect(normalizeDn("cn=Smith\\2C John,ou=people,dc=example,dc=org")).toBe(canonical);
    expect(normalizeDn("CN=Smith\\2c John, OU=people, DC=example, DC=org")).toBe(canonical);
    expect(normalizeDn('cn="Smith, John",ou=people,dc=example,dc=org')).toBe(canonical);
  });

  it("decodes multi-byte UTF-8 hex escapes and compares unicode case-insensitively", () => {
    expect(normalizeDn("cn=Zo\\C3\\AB,dc=example")).toBe("cn=zoë,dc=example");
    expect(sameDn("cn=ZOË Ångström,dc=example", "cn=zoë ångström,dc=example")).toBe(true);
    expect(sameDn("cn=王小明,ou=staff,dc=example,dc=org", "CN=\\E7\\8E\\8B\\E5\\B0\\8F\\E6\\98\\8E,OU=staff,DC=example,DC=org")).toBe(true);
    // NFC: a decomposed "ë" (e + combining diaeresis) matches the composed one.
    expect(sameDn("cn=Zoe\u0308,dc=x", "cn=Zo\u00eb,dc=x")).toBe(true);
  });

  it("treats insignificant spaces as such but keeps significant ones", () => {
    expect(normalizeDn("cn=John   Smith ,dc=x")).toBe("cn=john smith,dc=x");
    expect(sameDn("cn=John Smith,dc=x", "cn=JohnSmith,dc=x")).toBe(false);
  });

  it("maps numeric OIDs of naming attributes and sorts multi-valued RDNs", () => {
    expect(normalizeDn("2.5.4.3=Bob,0.9.2342.19200300.100.1.25=example")).toBe("cn=bob,dc=example");
    expect(normalizeDn("OID.2.5.4.3=Bob,dc=example")).toBe("cn=bob,dc=example");
    expect(sameDn("uid=bob+cn=Bob Brown,dc=x", "CN=bob brown + UID=BOB,dc=x")).toBe(true);
  });

  it("keeps values that only differ in escaped characters apart", () => {
    expect(sameDn("cn=a\\,b,dc=x", "cn=a,cn=b,dc=x")).toBe(false);
    expect(sameDn("cn=a\\+b,dc=x", "cn=a+cn=b,dc=x")).toBe(false);
    expect(normalizeDn("cn=\\#hash,dc=x")).toBe("cn=\\#hash,dc=x");
    expect(normalizeDn("cn=#04024869,dc=x")).toBe("cn=#04024869,dc=x");
  });

  it("rejects text that is not a DN", () => {
    for (const bad of ["", "alice", "=x", "cn", "cn=a,", "cn=a\\", "1cn=x", 'cn="open', "cn=a<b"]) expect(normalizeDn(bad)).toBeNull();
    expect(parseDn("cn=a,,dc=x")).toBeNull();
  });
});

describe("firstRdn", () => {
  it("returns the most specific RDN decoded", () => {
    expect(firstRdn("uid=Bob,ou=people,dc=x")).toEqual([{ type: "uid", value: "Bob" }]);
    expect(firstRdn("CN=Smith\\2C John,ou=people,dc=x")).toEqual([{ type: "cn", value: "Smith, John" }]);
    expect(firstRdn("bob")).toBeNull();
  });
});
