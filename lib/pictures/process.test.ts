// Pictures are decoded and re-encoded: nothing of the original bytes but the pixels survives.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { PictureError, processPicture } from "./process";
import { imageInfo, testImage } from "./testing";

describe("processPicture", () => {
  it("makes 64 and 256 pixel WebP squares from JPEG, PNG, WebP and GIF", async () => {
    for (const format of ["jpeg", "png", "webp", "gif"] as const) {
      const { small, large, etag } = await processPicture(await testImage(format, 400, 200));
      expect(await imageInfo(small), format).toEqual({ format: "webp", width: 64, height: 64 });
      expect(await imageInfo(large), format).toEqual({ format: "webp", width: 256, height: 256 });
      expect(etag).toMatch(/^[\w-]{22}$/);
    }
  });

  it("serves no byte of a polyglot: a JPEG carrying HTML and a script comes out as pixels only", async () => {
    const payload = "<html><script>alert(document.cookie)</script></html>";
    const polyglot = Buffer.concat([await sharp({ create: { width: 300, height: 300, channels: 3, background: "#fff" } }).jpeg().withMetadata({ exif: { IFD0: { ImageDescription: payload } } }).toBuffer(), Buffer.from(payload)]);
    const { small, large } = await processPicture(polyglot);
    for (const bytes of [small, large]) {
      expect(bytes.includes("<script>")).toBe(false);
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    }
  });

  it("refuses SVG, other formats, garbage and decompression bombs", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    await expect(processPicture(svg)).rejects.toThrow(/a SVG file, not a JPEG, PNG, WebP or GIF/);
    await expect(processPicture(await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } }).tiff().toBuffer())).rejects.toThrow(PictureError);
    await expect(processPicture(Buffer.from("not an image at all"))).rejects.toThrow(/is not an image that can be read/);
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#000" } }).greyscale().png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1_000_000);
    await expect(processPicture(bomb)).rejects.toThrow(PictureError);
  });
});
