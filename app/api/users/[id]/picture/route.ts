// GET a user's profile picture: `?size=small|large` (default large), `&v=` the picture's version
// (the UI's URLs), or `&token=` its public token (the OpenID Connect `picture` claim). ETag and
// Cache-Control per lib/pictures/serve.ts; If-None-Match answers 304.
import type { NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/guards";
import { errorResponse } from "@/lib/http/result";
import { etagMatches, getProfilePicture } from "@/lib/pictures/serve";

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const query = Object.fromEntries(request.nextUrl.searchParams);
    const picture = await getProfilePicture({ ...query, userId: (await params).id }, await getRequestContext());
    const headers = { ETag: picture.etag, "Cache-Control": picture.cacheControl };
    if (etagMatches(request.headers.get("if-none-match"), picture.etag)) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(picture.body), {
      headers: { ...headers, "Content-Type": "image/webp", "Content-Length": String(picture.body.length), "Content-Disposition": "inline" },
    });
  } catch (error) {
    return errorResponse(error, { "Cache-Control": "no-store" });
  }
}
