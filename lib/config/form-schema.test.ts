import { describe, expect, it } from "vitest";
import { FilterParser } from "ldapts";
import { attributeNameError, dnSyntaxError, ldapFilterError, ldapUrlError, pemCertificateError } from "./ldap-syntax";
import { bindPasswordIssue, configFormDefaults, configFormSchema, configFormSchemaFor, type ConfigFormInput } from "./form-schema";
import { LDAP_PRESETS } from "./presets";
import { DEFAULT_SETTINGS, SETTING_HELP, SETTING_KEYS } from "./settings";

describe("LDAP URL syntax", () => {
  it.each(["ldap://ldap.example.com", "ldaps://ldap.example.com:636", "ldap://127.0.0.1:3890/", "ldaps://[::1]:636", "LDAPS://Host:1"])(
    "accepts %s",
    (url) => expect(ldapUrlError(url)).toBeNull(),
  );
  it.each([
    ["http://ldap.example.com", /ldap:\/\/ or ldaps:\/\//],
    ["ldap.example.com:389", /ldap:\/\/ or ldaps:\/\//],
    ["ldap://", /host/],
    ["ldap://host:99999", /valid URL/],
    ["ldap://host:0", /port/],
    ["ldap://host/dc=example,dc=com", /only the scheme, host and port/],
    ["ldap://user:pw@host", /credentials/],
  ])("rejects %s", (url, message) => expect(ldapUrlError(url)).toMatch(message));
});

describe("DN syntax (RFC 4514)", () => {
  it.each([
    "dc=example,dc=com",
    "cn=admin, dc=example, dc=com",
    "cn=Smith\\, John,ou=people,dc=example,dc=org",
    "cn=Smith\\2C John,ou=people,dc=example,dc=org",
    "cn=王小明,ou=staff,dc=example,dc=org",
    "uid=a+cn=b,dc=x",
    "1.3.6.1.4.1.1466.0=#04024869,dc=x",
    "cn=a=b,dc=x",
  ])("accepts %s", (dn) => expect(dnSyntaxError(dn)).toBeNull());
  it.each([
    ["dc=example dc=com", /missing "," before "dc="/],
    ["example.com", /"="/],
    ["=admin,dc=x", /attribute name/],
    ["cn=a,", /attribute name/],
    ["cn=a;b,dc=x", /";" must be escaped/],
    ["cn=a\\q,dc=x", /must escape/],
    ["cn=#zz,dc=x", /hex pairs/],
  ])("rejects %s", (dn, message) => expect(dnSyntaxError(dn)).toMatch(message));
});

describe("filter syntax (RFC 4515)", () => {
  const valid = [
    "(objectClass=person)",
    "objectClass=person",
    "(&(objectClass=user)(objectCategory=person))",
    "(|(a=b)(c=d)(!(e=*)))",
    "(cn=*an*d*)",
    "(member=cn=admins,ou=groups,dc=example,dc=org)",
    "(cn=a\\28b\\29)",
    "(cn:dn:2.4.6.8.10:=x)",
    "(:1.2.840.113556.1.4.803:=2)",
    "(userAccountControl:1.2.840.113556.1.4.803:=2)",
    "(user_id=alice)",
    "(createTimestamp>=20240101000000Z)",
    "(cn=)",
  ];
  it.each(valid)("accepts %s, as ldapts does", (filter) => {
    expect(ldapFilterError(filter)).toBeNull();
    expect(() => FilterParser.parseString(filter)).not.toThrow();
  });
  it.each([
    ["(objectClass=person", /closing parenthesis/],
    ["(objectClass=person))", /unexpected text/],
    ["((a=b))", /unescaped "\("/],
    ["(&)", /one or more filters/],
    ["(!(a=b)(c=d))", /expected "\)"/],
    ["(cn=a(b)", /unescaped "\("/],
    ["(cn=\\zz)", /two hex digits/],
    ["(cn~=a*)", /"\*" is only allowed/],
    ["(cn =a)", /not a valid attribute name/],
    ["()", /empty filter item/],
    ["(:=x)", /needs an attribute or a matching rule/],
  ])("rejects %s", (filter, message) => expect(ldapFilterError(filter)).toMatch(message));
});

describe("attribute names and certificates", () => {
  it("accepts names, OIDs, options and lldap's underscores; rejects the rest", () => {
    for (const name of ["uid", "entryUUID", "user_id", "member;range=0-1499".split(";")[0], "2.5.4.3", "cn;lang-en"]) {
      expect(attributeNameError(name)).toBeNull();
    }
    for (const name of ["first name", "1uid", "(uid)", "uid="]) expect(attributeNameError(name)).not.toBeNull();
  });
  it("requires PEM certificate blocks", () => {
    expect(pemCertificateError("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")).toBeNull();
    expect(pemCertificateError("MIIB")).toMatch(/PEM/);
    expect(pemCertificateError("-----BEGIN CERTIFICATE-----\n@@\n-----END CERTIFICATE-----")).toMatch(/base64/);
  });
});

const validForm = (overrides: Partial<ConfigFormInput> = {}): ConfigFormInput => ({
  ...configFormDefaults(DEFAULT_SETTINGS),
  ...LDAP_PRESETS.find((preset) => preset.id === "openldap")!.values,
  LDAP_URL: "ldaps://ldap.example.org:636",
  LDAP_BIND_DN: "cn=reader,dc=example,dc=org",
  LDAP_BASE: "dc=example,dc=org",
  LDAP_BIND_PASSWORD: "secret",
  ...overrides,
});

function fieldErrors(input: unknown, schema = configFormSchema) {
  const result = schema.safeParse(input);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("configuration form schema", () => {
  it("parses a complete form, numbers from text", () => {
    const parsed = configFormSchema.parse(validForm({ LDAP_ENABLED: true, LDAP_PAGE_SIZE: " 200 " }));
    expect(parsed).toMatchObject({ LDAP_ENABLED: true, LDAP_PAGE_SIZE: 200, SESSION_DURATION: 60, LDAP_URL: "ldaps://ldap.example.org:636" });
  });

  it("reports syntax and range errors per field", () => {
    const errors = fieldErrors(
      validForm({
        LDAP_URL: "http://x",
        LDAP_BIND_DN: "admin",
        LDAP_USER_SEARCH_FILTER: "(objectClass=person",
        LDAP_PAGE_SIZE: "0",
        LDAP_MAX_REMOVAL_PERCENT: "101",
        SESSION_DURATION: "ten",
        LDAP_ATTRIBUTE_USER_USERNAME: "user name",
        LDAP_SYNC_INTERVAL: "soon",
      }),
    );
    expect(errors).toEqual({
      LDAP_URL: expect.stringMatching(/ldap:\/\//),
      LDAP_BIND_DN: expect.stringMatching(/"="/),
      LDAP_USER_SEARCH_FILTER: expect.stringMatching(/parenthesis/),
      LDAP_PAGE_SIZE: "must be at least 1",
      LDAP_MAX_REMOVAL_PERCENT: "must be at most 100",
      SESSION_DURATION: "must be a whole number",
      LDAP_ATTRIBUTE_USER_USERNAME: expect.stringMatching(/attribute name/),
      LDAP_SYNC_INTERVAL: expect.stringMatching(/duration/),
    });
  });

  it("requires the connection and mapping fields only when LDAP is enabled", () => {
    const empty = validForm({ LDAP_URL: "", LDAP_BIND_DN: "", LDAP_BASE: "", LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "", LDAP_ATTRIBUTE_GROUP_NAME: "" });
    expect(fieldErrors(empty)).toEqual({});
    expect(Object.keys(fieldErrors({ ...empty, LDAP_ENABLED: true })).sort()).toEqual(
      ["LDAP_ATTRIBUTE_GROUP_NAME", "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER", "LDAP_BASE", "LDAP_BIND_DN", "LDAP_URL"].sort(),
    );
  });

  it("refuses StartTLS on an ldaps:// URL", () => {
    expect(fieldErrors(validForm({ LDAP_START_TLS: true }))).toEqual({ LDAP_START_TLS: expect.stringMatching(/StartTLS needs an ldap:\/\//) });
  });

  it("needs a bind password when enabled: entered, or stored and not being cleared", () => {
    const enabled = { LDAP_ENABLED: true, LDAP_BIND_PASSWORD: "", clearBindPassword: false };
    expect(bindPasswordIssue(enabled, false)).toMatch(/Required/);
    expect(bindPasswordIssue(enabled, true)).toBeNull();
    expect(bindPasswordIssue({ ...enabled, clearBindPassword: true }, true)).toMatch(/Required/);
    expect(bindPasswordIssue({ ...enabled, LDAP_BIND_PASSWORD: "new" }, false)).toBeNull();
    expect(bindPasswordIssue({ ...enabled, LDAP_ENABLED: false }, false)).toBeNull();
    expect(fieldErrors(validForm({ LDAP_ENABLED: true, LDAP_BIND_PASSWORD: "" }), configFormSchemaFor(false))).toEqual({
      LDAP_BIND_PASSWORD: expect.stringMatching(/Required/),
    });
  });
});

describe("presets and help text", () => {
  it("every preset's filters and attributes pass the form's checks", () => {
    for (const preset of LDAP_PRESETS) {
      expect(fieldErrors(validForm({ ...preset.values, LDAP_ENABLED: true })), preset.id).toEqual({});
    }
  });

  it("names the vendor attributes", () => {
    const byId = Object.fromEntries(LDAP_PRESETS.map((preset) => [preset.id, preset.values]));
    expect(byId["active-directory"]).toMatchObject({
      LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER: "objectGUID",
      LDAP_ATTRIBUTE_USER_USERNAME: "sAMAccountName",
      LDAP_USER_SEARCH_FILTER: "(&(objectClass=user)(objectCategory=person))",
    });
    expect(byId.openldap.LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER).toBe("entryUUID");
    expect(byId.lldap.LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER).toBe("uuid");
    expect(byId.freeipa.LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER).toBe("ipaUniqueID");
  });

  it("has a label and description for every setting", () => {
    for (const key of SETTING_KEYS) expect(SETTING_HELP[key].label && SETTING_HELP[key].description, key).toBeTruthy();
  });
});
