// Decoding, resizing and re-encoding of profile pictures (sharp/libvips). Every picture, from LDAP or
// an upload, goes through here once when it arrives; requests only ever serve the stored variants.
// Re-encoding means no byte of the original is served: a file that is also HTML, a script or an
// archive (a polyglot) loses everything but its pixels, and metadata (EXIF, GPS) is dropped.
import "server-only";
import crypto from "node:crypto";
import sharp from "sharp";
import { PICTURE_SIZES, type PictureSize } from "./urls";

/** Formats accepted as input. SVG, TIFF, HEIF and PDF, which libvips could also read, are refused. */
const INPUT_FORMATS = new Set(["jpeg", "png", "webp", "gif"]);
/** A decompression bomb (a tiny file that decodes to gigapixels) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 40_000_000;

export interface PictureVariants {
  small: Buffer;
  large: Buffer;
  /** Content hash of both variants: the HTTP ETag and the version in the UI's URLs. */
  etag: string;
}

/** An image that cannot be used; its message is shown to the uploader or in the sync report. */
export class PictureError extends Error {}

async function variant(input: Buffer, size: number): Promise<Buffer> {
  return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
    .rotate() // honour the EXIF orientation before the metadata is dropped
    .resize(size, size, { fit: "cover", position: "attention" })
    .webp({ quality: 82 })
    .toBuffer();
}

/** Both variants of an image, or PictureError when it is not a JPEG, PNG, WebP or GIF sharp can decode. */
export async function processPicture(input: Buffer): Promise<PictureVariants> {
  let format: string | undefined;
  try {
    ({ format } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata());
  } catch {
    throw new PictureError("is not an image that can be read");
  }
  if (!format || !INPUT_FORMATS.has(format)) throw new PictureError(`is ${format ? `a ${format.toUpperCase()} file` : "not an image"}, not a JPEG, PNG, WebP or GIF image`);
  try {
    const [small, large] = await Promise.all([variant(input, PICTURE_SIZES.small), variant(input, PICTURE_SIZES.large)]);
    const etag = crypto.createHash("sha256").update(small).update(large).digest("base64url").slice(0, 22);
    return { small, large, etag };
  } catch (error) {
    const message = (error as Error).message ?? "";
    throw new PictureError(/pixel limit/i.test(message) ? "has too many pixels" : "cannot be decoded");
  }
}

/** A fresh token for a new picture's public URL (128 random bits). */
export function newPublicToken(): string {
  return crypto.randomBytes(16).toString("base64url");
}

export type { PictureSize };
