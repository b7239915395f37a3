// Connection modes and the plain-language errors, against a real slapd with a self-signed certificate.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LdapConnectionConfig } from "./config";
import { openLdapConnection } from "./connection";
import { startSlapd, type SlapdServer } from "./testing/slapd";

describe("openLdapConnection", () => {
  let server: SlapdServer;
  let config: LdapConnectionConfig;
  beforeAll(async () => {
    server = await startSlapd();
    config = { url: server.url, bindDn: server.readerDn, bindPassword: server.readerPassword, startTls: false, skipCertVerify: false, caCert: "", timeoutSeconds: 5 };
  });
  afterAll(() => server?.stop());

  async function whoami(overrides: Partial<LdapConnectionConfig>): Promise<number> {
    const connection = await openLdapConnection({ ...config, ...overrides });
    try {
      const { searchEntries } = await connection.client.search(server.suffix, { scope: "base" });
      return searchEntries.length;
    } finally {
      await connection.close();
    }
  }

  it("binds over ldap://, ldaps:// and StartTLS when the CA is configured", async () => {
    expect(await whoami({})).toBe(1);
    expect(await whoami({ url: server.ldapsUrl, caCert: server.caCert })).toBe(1);
    expect(await whoami({ startTls: true, caCert: server.caCert })).toBe(1);
  });

  it("says how to fix an untrusted self-signed certificate, and skip verification accepts it", async () => {
    const message = /TLS certificate is not trusted \(self-signed certificate\): add the CA certificate or enable skip verification/;
    await expect(whoami({ url: server.ldapsUrl })).rejects.toThrow(message);
    await expect(whoami({ startTls: true })).rejects.toThrow(message);
    expect(await whoami({ url: server.ldapsUrl, skipCertVerify: true })).toBe(1);
  });

  it("reports wrong credentials and an unreachable server in plain words", async () => {
    await expect(whoami({ bindPassword: "wrong" })).rejects.toThrow("The LDAP server rejected the bind DN or password (invalid credentials).");
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expect(whoami({ url: `ldap://127.0.0.1:${closed}` })).rejects.toThrow(/Cannot reach the LDAP server at ldap:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    await expect(whoami({ url: "http://example.org" })).rejects.toThrow(/is not an LDAP URL/);
  });

  it("fails within the timeout when the server accepts but never answers", async () => {
    await server.freeze();
    try {
      await expect(whoami({ timeoutSeconds: 1 })).rejects.toThrow(/did not answer within 1 seconds during the bind/);
      await expect(whoami({ timeoutSeconds: 1, startTls: true, caCert: server.caCert })).rejects.toThrow(/did not answer within 1 seconds during the StartTLS negotiation/);
    } finally {
      server.thaw();
    }
  });
});
