import { describe, expect, it } from "vitest";
import { loginLinkSchema, setupSchema, usernameSchema } from "./schema";
import { MIXED_SCRIPT_ERROR } from "./username";

describe("username rules", () => {
  it.each(["a", "alice", "Alice.Smith", "bob_1", "x@example.com", "jörg-2", "9", "a".repeat(50)])("accepts %s", (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(true);
  });

  it.each(["", "a".repeat(51), ".alice", "alice.", "-bob", "bob_", "al ice", "al/ice", "al+ice", "@home"])("refuses %j", (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(false);
  });
});

describe("look-alike usernames", () => {
  // "аdmin" starts with CYRILLIC SMALL LETTER A, "pаypal" hides one, "Αlice" starts with GREEK CAPITAL ALPHA.
  it.each(["\u0430dmin", "p\u0430ypal", "\u0391lice", "j\u043ehn.smith", "\u0430lice-\u03b2"])("refuses %s with a clear message", (name) => {
    const result = usernameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.message)).toEqual([MIXED_SCRIPT_ERROR]);
  });

  it.each(["admin", "иван", "Ελένη", "jörg-2", "王小明", "山田たろう", "tanaka.タロウ", "김민준", "ivan_2", "иван.2"])("accepts one script (or a usual mix): %s", (name) => {
    expect(usernameSchema.safeParse(name).success).toBe(true);
  });
});

describe("setup form", () => {
  it("needs a name, a valid username and an email", () => {
    const result = setupSchema.safeParse({ username: "-x", email: "", firstName: "", lastName: "" });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields.sort()).toEqual(["email", "firstName", "username"]);
    expect(setupSchema.parse({ username: " admin ", email: "a@b.co", firstName: "Ada", lastName: "" })).toMatchObject({ username: "admin" });
  });
});

describe("login link lifetimes", () => {
  it("offers 15 minutes, 1 hour, 12 hours and 1 day only", () => {
    for (const ttlMinutes of [15, 60, 720, 1440, "60"]) {
      expect(loginLinkSchema.safeParse({ userId: crypto.randomUUID(), ttlMinutes }).success).toBe(true);
    }
    for (const ttlMinutes of [0, 30, 10_000, "forever"]) {
      expect(loginLinkSchema.safeParse({ userId: crypto.randomUUID(), ttlMinutes }).success).toBe(false);
    }
  });
});
