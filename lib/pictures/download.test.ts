// The SSRF guards of picture downloads against real local servers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadPicture, isPublicAddress } from "./download";
import { startPictureServer, type PictureServer } from "./testing";

describe("isPublicAddress", () => {
  it.each([
    ["93.184.215.14", true],
    ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", true],
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.20.0.1", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fd00::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["64:ff9b::a9fe:a9fe", false],
    ["::ffff:93.184.215.14", true],
    ["not an address", false],
  ])("%s → %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe("downloadPicture", () => {
  let server: PictureServer;
  let inner: PictureServer;
  let silent: http.Server;
  const allowAll = () => true;
  const options = { maxBytes: 1000, timeoutMs: 5000, addressAllowed: allowAll };

  beforeAll(async () => {
    // 127.0.0.2 stands for a private address behind a public one: the redirect goes there.
    inner = await startPictureServer({ "/secret": Buffer.from("internal") }, "127.0.0.2");
    server = await startPictureServer({
      "/ok": Buffer.from("picture"),
      "/big": Buffer.alloc(5000),
      "/inside": { redirect: inner.url("/secret") },
      "/loop": { redirect: "/loop" },
      "/ftp": { redirect: "ftp://127.0.0.1/x" },
    });
    // Accepts connections and never answers.
    silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await Promise.all([server?.close(), inner?.close(), new Promise((resolve) => silent?.close(resolve))]);
  });

  it("returns the body of an allowed URL", async () => {
    expect((await downloadPicture(server.url("/ok"), options)).toString()).toBe("picture");
  });

  it("checks every redirect like the first request", async () => {
    const onlyFirst = (address: string) => address === "127.0.0.1";
    await expect(downloadPicture(server.url("/inside"), { ...options, addressAllowed: onlyFirst })).rejects.toThrow(/points at 127\.0\.0\.2, a private or local address/);
    expect(inner.requests).toEqual([]);
    await expect(downloadPicture(server.url("/ftp"), options)).rejects.toThrow(/uses ftp, not http or https/);
    await expect(downloadPicture(server.url("/loop"), options)).rejects.toThrow(/redirected more than 3 times/);
  });

  it("refuses a host name that resolves to a refused address before connecting", async () => {
    const before = server.requests.length;
    await expect(downloadPicture(server.url("/ok").replace("127.0.0.1", "localhost"), { ...options, addressAllowed: isPublicAddress })).rejects.toThrow(
      /localhost resolves to .*a private or local address/,
    );
    expect(server.requests.length).toBe(before);
  });

  it("caps size and time", async () => {
    await expect(downloadPicture(server.url("/big"), options)).rejects.toThrow(/is larger than/);
    const { port } = silent.address() as AddressInfo;
    await expect(downloadPicture(`http://127.0.0.1:${port}/`, { ...options, timeoutMs: 300 })).rejects.toThrow(/did not answer within 0\.3 s/);
    await expect(downloadPicture("file:///etc/passwd", options)).rejects.toThrow(/uses file, not http or https/);
    await expect(downloadPicture("http://user:secret@127.0.0.1/", options)).rejects.toThrow(/carries credentials/);
  });
});
