// Profile picture sizes, URLs and the upload and request schemas. Client-safe: the avatar component,
// the upload form and the route share them.
import { z } from "zod";

/** Square pixel sizes stored per picture: small for lists and the top bar (32 px at 2×), large for pages and applications. */
export const PICTURE_SIZES = { small: 64, large: 256 } as const;
export type PictureSize = keyof typeof PICTURE_SIZES;

/** Uploads travel in a server action, whose body Next.js caps at 1 MB (lib/security/request-limits.ts). */
export const PICTURE_UPLOAD_MAX_BYTES = 1_000_000;
export const PICTURE_UPLOAD_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];

/** The UI's URL: `v` (the picture's ETag) changes with the picture, so browsers may keep it for good. */
export function pictureUrl(userId: string, etag: string, size: PictureSize): string {
  return `/api/users/${userId}/picture?size=${size}&v=${encodeURIComponent(etag)}`;
}

/** The URL applications receive as the `picture` claim: its token lets them fetch it without a session. */
export function publicPictureUrl(appUrl: string, userId: string, publicToken: string): string {
  return new URL(`/api/users/${userId}/picture?token=${encodeURIComponent(publicToken)}`, appUrl).toString();
}

export const pictureRequestSchema = z.object({
  userId: z.guid("Unknown user."),
  size: z.enum(["small", "large"]).catch("large"),
  v: z.string().max(100).optional().catch(undefined),
  token: z.string().max(100).optional().catch(undefined),
});
/** Query parameters as they arrive (anything invalid falls back, except the user id). */
export type PictureRequest = { userId: string; size?: string; v?: string; token?: string };

export const uploadPictureSchema = z.object({
  picture: z
    .file({ error: "Choose an image file." })
    .min(1, { error: "The file is empty." })
    .max(PICTURE_UPLOAD_MAX_BYTES, { error: "Choose an image of at most 1 MB." })
    .mime(PICTURE_UPLOAD_TYPES, { error: "Choose a JPEG, PNG, WebP or GIF image." }),
});
export type UploadPictureInput = z.infer<typeof uploadPictureSchema>;
