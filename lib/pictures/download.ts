// Downloading a picture from a URL the directory names, without letting the directory point the
// server at itself or its network (SSRF): http(s) only, every address a host name resolves to is
// checked before connecting (and the connection uses exactly the checked addresses, so a second
// DNS answer cannot swap them), each redirect is checked the same way, and size and time are capped.
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { LookupFunction } from "node:net";

/** A download that failed; the message says why, for the sync report. */
export class DownloadError extends Error {
  /** The host did not answer at all (refused, unresolvable, timed out), as opposed to answering badly. */
  constructor(message: string, readonly unreachable = false) {
    super(message);
  }
}

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Whether an address may be connected to; default: public addresses only (isPublicAddress). */
  addressAllowed?: (address: string) => boolean;
  maxRedirects?: number;
}

// Addresses a directory must not make the server reach: this host, private networks, link-local
// (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and documentation ranges.
const NOT_PUBLIC = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24], ["203.0.113.0", 24],
  ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) NOT_PUBLIC.addSubnet(prefix, bits, "ipv4");
for (const [prefix, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8], ["2001:db8::", 32], ["100::", 64]] as const) {
  NOT_PUBLIC.addSubnet(prefix, bits, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::) or IPv4-compatible IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const v4 = family === 6 ? embeddedIpv4(address.toLowerCase()) : address;
  if (v4) return !NOT_PUBLIC.check(v4, "ipv4");
  return !NOT_PUBLIC.check(address, "ipv6");
}

/** dns.lookup that fails when any address of the name is not allowed. */
function guardedLookup(allowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((entry) => !allowed(entry.address));
      if (refused) return callback(new DownloadError(`${hostname} resolves to ${refused.address}, a private or local address`), "", 4);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

function checkedUrl(text: string, allowed: (address: string) => boolean): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DownloadError("is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DownloadError(`uses ${url.protocol.replace(":", "")}, not http or https`);
  if (url.username || url.password) throw new DownloadError("carries credentials");
  // An address literal is connected to without a lookup: check it here.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && !allowed(host)) throw new DownloadError(`points at ${host}, a private or local address`);
  return url;
}

type Answer = { redirect: string } | { body: Buffer };

function request(url: URL, options: Required<DownloadOptions>, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === "https:" ? https.get : http.get;
    const req = get(url, { lookup: guardedLookup(options.addressAllowed), signal, agent: false, headers: { Accept: "image/*", "User-Agent": "pocket-id-ldap-sync" } }, (res) => {
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
        res.resume();
        return resolve({ redirect: new URL(res.headers.location, url).toString() });
      }
      if (status !== 200) {
        res.resume();
        return reject(new DownloadError(`answered HTTP ${status}`));
      }
      const tooLarge = () => new DownloadError(`is larger than ${(options.maxBytes / 1048576).toFixed(0)} MB`);
      if (Number(res.headers["content-length"]) > options.maxBytes) {
        res.destroy();
        return reject(tooLarge());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          res.destroy();
          reject(tooLarge());
        } else chunks.push(chunk);
      });
      res.on("end", () => resolve({ body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** The body of `url` after at most `maxRedirects` redirects, each checked like the first request. */
export async function downloadPicture(url: string, options: DownloadOptions): Promise<Buffer> {
  const settings: Required<DownloadOptions> = { addressAllowed: isPublicAddress, maxRedirects: 3, ...options };
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; hop <= settings.maxRedirects; hop++) {
      const answer = await request(checkedUrl(current, settings.addressAllowed), settings, signal);
      if ("body" in answer) return answer.body;
      current = answer.redirect;
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (signal.aborted) throw new DownloadError(`did not answer within ${settings.timeoutMs / 1000} s`, true);
    throw new DownloadError(`could not be reached (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, true);
  }
  throw new DownloadError(`redirected more than ${settings.maxRedirects} times`);
}
