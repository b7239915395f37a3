// Test images made with sharp itself (no files checked in), and a local HTTP server for picture URLs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

export async function testImage(format: "jpeg" | "png" | "webp" | "gif" = "jpeg", width = 320, height = 240, colour = "#c0392b"): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })[format]().toBuffer();
}

/** Width, height and format of stored or served image bytes. */
export async function imageInfo(bytes: Buffer | Uint8Array) {
  const { width, height, format } = await sharp(Buffer.from(bytes)).metadata();
  return { width, height, format };
}

export interface PictureServer {
  url: (path: string) => string;
  /** Paths requested so far, in order. */
  requests: string[];
  close: () => Promise<void>;
}

/** Serves `routes` (path → body, or a redirect location) on 127.0.0.1; anything else is a 404. */
export async function startPictureServer(routes: Record<string, Buffer | { redirect: string }>, host = "127.0.0.1"): Promise<PictureServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const route = routes[req.url ?? ""];
    if (!route) return res.writeHead(404).end();
    if ("redirect" in route) return res.writeHead(302, { Location: route.redirect }).end();
    res.writeHead(200, { "Content-Type": "application/octet-stream" }).end(route);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
