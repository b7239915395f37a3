// Reading a stored picture variant for the picture route, with who may see it and how long it may be cached.
import "server-only";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { userProfilePictures, users } from "@/lib/db/schema";
import type { AppContext } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { requireUser } from "@/lib/auth/authorize";
import { parseInput } from "@/lib/validation";
import { pictureRequestSchema, type PictureRequest } from "./urls";

export interface ServedPicture {
  body: Buffer;
  /** A strong ETag, quoted: one per picture and size. */
  etag: string;
  cacheControl: string;
}

const sameToken = (given: string, stored: string) => {
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(given), digest(stored));
};

/**
 * Signed-in users see every picture (401 without a session). Without a session, the current
 * public token of an enabled user's picture (the `picture` claim's URL) opens that picture alone;
 * an outdated or wrong token is a 404, as if there were no picture.
 */
export async function getProfilePicture(input: PictureRequest, ctx: AppContext): Promise<ServedPicture> {
  const { userId, size, v, token } = parseInput(pictureRequestSchema, input);
  const [row] = await ctx.db
    .select({ small: userProfilePictures.small, large: userProfilePictures.large, etag: userProfilePictures.etag, publicToken: userProfilePictures.publicToken, disabled: users.disabled })
    .from(userProfilePictures)
    .innerJoin(users, eq(users.id, userProfilePictures.userId))
    .where(eq(userProfilePictures.userId, userId))
    .limit(1);
  const byToken = token !== undefined && row !== undefined && !row.disabled && sameToken(token, row.publicToken);
  if (!byToken) {
    if (!ctx.actor && token !== undefined) throw new NotFoundError("No such picture.");
    requireUser(ctx);
  }
  if (!row) throw new NotFoundError("No such picture.");
  const cacheControl = byToken
    ? // Applications and shared caches may keep it a while; a changed picture gets a new URL anyway.
      "public, max-age=3600"
    : v === row.etag
      ? // The URL names this exact picture: it never changes, so the browser need not ask again.
        "private, max-age=31536000, immutable"
      : "private, no-cache";
  return { body: size === "small" ? row.small : row.large, etag: `"${row.etag}-${size}"`, cacheControl };
}

/** Whether an If-None-Match header names this ETag (a list, weak or strong, or `*`). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const trimmed = tag.trim();
    return trimmed === "*" || trimmed.replace(/^W\//, "") === etag;
  });
}

/** The version of a user's picture for its URL, or null when they have none. */
export async function pictureEtagOf(userId: string, ctx: Pick<AppContext, "db">): Promise<string | null> {
  const [row] = await ctx.db.select({ etag: userProfilePictures.etag }).from(userProfilePictures).where(eq(userProfilePictures.userId, userId));
  return row?.etag ?? null;
}
