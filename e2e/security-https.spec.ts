// Cookies over real https: the app runs with APP_URL=https://localhost:PORT behind a TLS-terminating
// proxy (as in production, where a reverse proxy holds the certificate), and Chromium signs in
// with a login link through it. The session and login-link cookies must be __Host- prefixed,
// Secure, HttpOnly, SameSite=Lax, Path=/, host-only and end with the browser session.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { generateToken, hashToken } from "../lib/auth/tokens";
import { oneTimeAccessTokens, users } from "../lib/db/schema";
import { startAppWithDatabase, type AppWithDatabase } from "../lib/security/testing/e2e";
import { freePort } from "./fixtures/app";

let env: AppWithDatabase;
let tls: https.Server;
let origin: string;
let certDir: string;

/** https://localhost:PORT → the app's plain http port, headers (Host, Origin) passed through. */
async function startTlsProxy(port: number, upstreamPort: number): Promise<https.Server> {
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), "pocket-id-tls-"));
  const key = path.join(certDir, "key.pem");
  const cert = path.join(certDir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
  ], { stdio: "ignore" });
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const upstream = http.request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

test.beforeAll(async () => {
  const port = await freePort();
  origin = `https://localhost:${port}`;
  env = await startAppWithDatabase({ env: { APP_URL: origin } });
  tls = await startTlsProxy(port, env.app.port);
});
test.afterAll(async () => {
  await new Promise((resolve) => tls?.close(resolve));
  await env?.stop();
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
});

/** The attributes of a Set-Cookie header, lower-cased, without the value. */
function cookieAttributes(header: string): { name: string; attributes: string[] } {
  const [pair, ...attributes] = header.split(";").map((part) => part.trim());
  return { name: pair.split("=")[0], attributes: attributes.map((a) => a.toLowerCase()) };
}

test("over https the login-link and session cookies are __Host-, Secure, HttpOnly, SameSite=Lax and host-only", async ({ browser }) => {
  const [user] = await env.db.insert(users).values({ username: "tls-user", firstName: "Tls", displayName: "Tls User" }).returning({ id: users.id });
  const token = generateToken();
  await env.db.insert(oneTimeAccessTokens).values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });

  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  try {
    const page = await context.newPage();
    const setCookies: string[] = [];
    page.on("response", async (response) => {
      const header = (await response.headersArray()).filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
      setCookies.push(...header);
    });

    const opened = await page.goto(`${origin}/lc/${token}`);
    expect(opened?.url()).toBe(`${origin}/lc`);
    // HTTPS-only extras in the headers: HSTS, and the CSP upgrades any stray http subresource.
    expect(opened?.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);
    expect(opened?.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");

    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`${origin}/settings/account`);
    await expect(page.getByTestId("signed-in-user")).toHaveText("Tls User");

    const cookies = await context.cookies(origin);
    expect(cookies.find((c) => c.name === "__Host-pocket_id_session")).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/", expires: -1 });
    expect(cookies.map((c) => c.name)).not.toContain("pocket_id_session");

    const issued = setCookies.map(cookieAttributes).filter((c) => c.name.startsWith("__Host-pocket_id_"));
    expect(new Set(issued.map((c) => c.name))).toEqual(new Set(["__Host-pocket_id_login_link", "__Host-pocket_id_session"]));
    for (const { name, attributes } of issued) {
      expect(attributes, name).toEqual(expect.arrayContaining(["path=/", "httponly", "secure", "samesite=lax"]));
      // __Host- cookies must not name a domain (they stay on this exact host).
      expect(attributes.some((a) => a.startsWith("domain=")), name).toBe(false);
    }
    // The session cookie ends with the browser session; the server-side expiry decides its life.
    const session = issued.filter((c) => c.name === "__Host-pocket_id_session");
    for (const { attributes } of session) expect(attributes.some((a) => a.startsWith("max-age=") || a.startsWith("expires="))).toBe(false);

    // Sign-out clears it with the same attributes (a browser would refuse a __Host- cookie without them).
    setCookies.length = 0;
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${origin}/login`);
    const cleared = setCookies.map(cookieAttributes).find((c) => c.name === "__Host-pocket_id_session");
    expect(cleared?.attributes).toEqual(expect.arrayContaining(["path=/", "secure", "httponly"]));
    expect((await context.cookies(origin)).find((c) => c.name === "__Host-pocket_id_session")).toBeUndefined();
  } finally {
    await context.close();
  }
});
