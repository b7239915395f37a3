// The sync's picture stage on its own: a host that cannot be reached stops being tried in the run,
// one that answers badly does not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPictureServer, testImage, type PictureServer } from "@/lib/pictures/testing";
import { preparePictures } from "./pictures";
import type { ReportEntry } from "./report";

describe("preparePictures", () => {
  let images: PictureServer;
  let closed: string;
  beforeAll(async () => {
    images = await startPictureServer({ "/ok.png": await testImage("png") });
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(() => images?.close());

  const row = (n: number, url: string) => ({ userId: `u${n}`, dn: `uid=u${n}`, hash: `h${n}`, data: null, url });

  it("stops trying a host after it could not be reached 3 times, but keeps trying one that answers 404", async () => {
    const warnings: ReportEntry[] = [];
    const rows = [
      ...[1, 2, 3, 4, 5].map((n) => row(n, `${closed}/p${n}.png`)),
      ...[6, 7, 8, 9].map((n) => row(n, images.url(`/missing${n}.png`))),
      row(10, images.url("/ok.png")),
    ];
    const ready = await preparePictures(rows, { allowPrivateAddresses: true, concurrency: 1 }, (warning) => warnings.push(warning));
    expect(ready.map((picture) => picture.userId)).toEqual(["u10"]);
    const reasons = warnings.map((w) => w.reason.replace(/^profile picture URL \S+ /, ""));
    expect(reasons.filter((reason) => reason.startsWith("could not be reached"))).toHaveLength(3);
    expect(reasons.filter((reason) => reason.startsWith("was not tried"))).toHaveLength(2);
    expect(reasons.filter((reason) => reason.startsWith("answered HTTP 404"))).toHaveLength(4);
    expect(images.requests).toEqual(["/missing6.png", "/missing7.png", "/missing8.png", "/missing9.png", "/ok.png"]);
  });
});
