import { describe, expect, it } from "vitest";
import { serverEnvSchema } from "@/lib/config/server-env";
import { forwardedClient } from "./request";

describe("forwardedClient", () => {
  it("takes the entry the nearest proxy appended, not one the client sent ahead of it", () => {
    expect(forwardedClient("203.0.113.7", 1)).toBe("203.0.113.7");
    // nginx's $proxy_add_x_forwarded_for appends to whatever the client sent.
    expect(forwardedClient("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(forwardedClient(" 6.6.6.6 ,203.0.113.7 , ", 1)).toBe("203.0.113.7");
  });

  it("counts back over every trusted proxy, and never past the first entry", () => {
    // client → CDN (adds the client) → nginx (adds the CDN's edge) → app
    expect(forwardedClient("6.6.6.6, 203.0.113.7, 198.51.100.1", 2)).toBe("203.0.113.7");
    expect(forwardedClient("203.0.113.7", 3)).toBe("203.0.113.7");
  });

  it("answers local without a header and caps what it keeps", () => {
    expect(forwardedClient(null, 1)).toBe("local");
    expect(forwardedClient(" , ", 1)).toBe("local");
    expect(forwardedClient("x".repeat(500), 1)).toHaveLength(100);
  });
});

describe("TRUSTED_PROXY_COUNT", () => {
  it("defaults to one proxy and accepts 1 to 10", () => {
    expect(serverEnvSchema.parse({}).TRUSTED_PROXY_COUNT).toBe(1);
    expect(serverEnvSchema.parse({ TRUSTED_PROXY_COUNT: "2" }).TRUSTED_PROXY_COUNT).toBe(2);
    for (const bad of ["0", "11", "1.5", "two"]) {
      expect(serverEnvSchema.safeParse({ TRUSTED_PROXY_COUNT: bad }).error?.issues[0].message).toBe("must be a whole number from 1 to 10");
    }
  });
});
