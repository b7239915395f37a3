// The claim rules shared by the forms and the server: names, reserved names, and the
// LDAP_CUSTOM_CLAIMS format as the configuration page and the environment give it.
import { describe, expect, it } from "vitest";
import { configFormShape } from "@/lib/config/form-schema";
import { readSettingsEnv } from "@/lib/config/env";
import { settingsShape } from "@/lib/config/settings";
import { ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { z } from "zod";
import { LDAP_CLAIM_MAPPINGS_MAX } from "./limits";
import { claimKeyProblem, parseLdapClaimMappings } from "./schema";

describe("claim names", () => {
  it("accepts letters, digits and _ . - after a letter, up to 64 characters", () => {
    for (const key of ["department", "employee_id", "x", "org.unit", "cost-center", "a".repeat(64), "Department2"]) expect(claimKeyProblem(key), key).toBeNull();
    for (const key of ["", "1st", "_x", "has space", "a:b", "a/b", "ä", "a".repeat(65)]) expect(claimKeyProblem(key), key).not.toBeNull();
  });

  it("marks the provider's own claims as reserved, in any case", () => {
    for (const key of ["sub", "ISS", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "acr", "amr", "azp", "sid", "at_hash", "c_hash", "groups", "email", "email_verified", "name", "given_name", "family_name", "preferred_username", "picture"]) {
      expect(claimKeyProblem(key), key).toMatchObject({ reserved: true });
    }
  });
});

describe("LDAP_CUSTOM_CLAIMS", () => {
  it("parses comma-separated claim:attribute pairs, spaces around items ignored; empty means none", () => {
    expect(parseLdapClaimMappings("department:departmentNumber, employee_id : employeeNumber,phone:telephoneNumber")).toEqual({
      ok: true,
      mappings: [
        { claim: "department", attribute: "departmentNumber" },
        { claim: "employee_id", attribute: "employeeNumber" },
        { claim: "phone", attribute: "telephoneNumber" },
      ],
    });
    expect(parseLdapClaimMappings("")).toEqual({ ok: true, mappings: [] });
  });

  it("names the first problem: format, claim name, reserved name, attribute, repetition, count", () => {
    const problem = (text: string) => parseLdapClaimMappings(text);
    expect(problem("department")).toMatchObject({ ok: false, message: expect.stringMatching(/claim:attribute/) });
    expect(problem("department:departmentNumber,")).toMatchObject({ ok: false, reserved: false });
    expect(problem("1dept:departmentNumber")).toMatchObject({ ok: false, message: expect.stringMatching(/claim “1dept”/) });
    expect(problem("groups:memberOf")).toMatchObject({ ok: false, reserved: true, message: expect.stringMatching(/reserved/) });
    expect(problem("department:bad attribute")).toMatchObject({ ok: false, message: expect.stringMatching(/attribute name/) });
    expect(problem("team:ou,Team:departmentNumber")).toMatchObject({ ok: false, message: expect.stringMatching(/mapped twice/) });
    const many = Array.from({ length: LDAP_CLAIM_MAPPINGS_MAX + 1 }, (_, i) => `c${i}:a${i}`).join(",");
    expect(problem(many)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 20/) });
  });

  it("is refused with reserved_claim on the field by the configuration form and the settings schema", () => {
    for (const schema of [z.object({ LDAP_CUSTOM_CLAIMS: configFormShape.LDAP_CUSTOM_CLAIMS }), z.object({ LDAP_CUSTOM_CLAIMS: settingsShape.LDAP_CUSTOM_CLAIMS })]) {
      let error: unknown;
      try {
        parseInput(schema, { LDAP_CUSTOM_CLAIMS: "sub:uid" });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: "reserved_claim", fieldErrors: { LDAP_CUSTOM_CLAIMS: [expect.stringMatching(/reserved/)] } });
    }
    expect(readSettingsEnv({ LDAP_CUSTOM_CLAIMS: "department:departmentNumber" })).toMatchObject({ LDAP_CUSTOM_CLAIMS: "department:departmentNumber" });
  });
});
