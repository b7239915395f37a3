import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { serverEnvSchema } from "@/lib/config/server-env";
import { clientAddress, forwardedClient, PEER_ADDRESS_HEADER } from "./request";

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

describe("clientAddress", () => {
  const request = (entries: Record<string, string>) => new Headers(entries);
  const noProxy = serverEnvSchema.parse({});

  it("without TRUST_PROXY is the connection's peer, whatever X-Forwarded-For says", () => {
    expect(noProxy.TRUST_PROXY).toBe(false);
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "6.6.6.6" }), noProxy)).toBe("203.0.113.7");
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "::ffff:203.0.113.7" }), noProxy)).toBe("203.0.113.7");
    expect(clientAddress(request({ [PEER_ADDRESS_HEADER]: "2001:db8::1" }), noProxy)).toBe("2001:db8::1");
    expect(clientAddress(request({ "x-forwarded-for": "6.6.6.6" }), noProxy)).toBe("local");
  });

  it("with TRUST_PROXY=true reads X-Forwarded-For from the right, TRUSTED_PROXY_COUNT places", () => {
    const oneProxy = serverEnvSchema.parse({ TRUST_PROXY: "true" });
    const headers = request({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.7, 198.51.100.1" });
    expect(clientAddress(headers, oneProxy)).toBe("198.51.100.1");
    expect(clientAddress(headers, serverEnvSchema.parse({ TRUST_PROXY: "true", TRUSTED_PROXY_COUNT: "2" }))).toBe("203.0.113.7");
    expect(serverEnvSchema.safeParse({ TRUST_PROXY: "perhaps" }).error?.issues[0].message).toBe("must be true or false");
  });

  it("gets the peer header from the installed Next.js (patches/next+16.4.6.patch is applied)", () => {
    const baseServer = createRequire(import.meta.url).resolve("next/dist/server/base-server.js");
    expect(fs.readFileSync(baseServer, "utf8")).toContain(`req.headers['${PEER_ADDRESS_HEADER}'] = pocketIdPeerAddress;`);
  });
});
