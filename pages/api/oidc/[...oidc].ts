// The OpenID Connect provider's mount: a Pages Router API route hands Node's request and response
// to oidc-provider (App Router handlers only see Web Requests). next.config.ts rewrites Pocket ID's
// public paths (/authorize, /.well-known/*, /interaction/<uid>/<action>) here. See docs/oidc.md.
import type { NextApiRequest, NextApiResponse } from "next";
import { getAppContext } from "@/lib/runtime";
import { getProvider } from "@/lib/oidc/instance";
import { finishInteraction } from "@/lib/oidc/interaction-finish";
import { publicOidcUrl } from "@/lib/oidc/mount";

// The provider reads the raw body itself; externalResolver: it answers through `res`.
export const config = { api: { bodyParser: false, externalResolver: true } };

export default async function handler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  const segments = ([] as string[]).concat(req.query.oidc ?? []);
  const { provider, handle } = await getProvider();
  if (segments[0] === "interaction" && segments.length === 3) {
    return finishInteraction(req, res, provider, segments[1], segments[2], await getAppContext());
  }
  // The provider routes by the path the browser or application used.
  req.url = publicOidcUrl(segments, req.url ?? "/");
  await handle(req, res);
}
